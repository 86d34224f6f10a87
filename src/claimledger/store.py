"""The SQLite store: opening it, writing articles with their claims, reading claims.

The schema is in :mod:`claimledger.schema`, migrations applied whenever the
store opens for writing.  Reports are SQL views created by migrations, so
they work in Datasette, ``sqlite3`` and ``sqlite-utils`` alike.  Reviews are
append-only: nothing here updates or deletes one.

sqlite-utils is imported only to open a store for writing: the read-only
commands open an up-to-date store with the standard library, which keeps
``claims list`` from paying sqlite-utils' import (numpy among it).  Every
function that only reads takes either connection, since both have
``execute``.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    import sqlite_utils

    Readable = sqlite3.Connection | sqlite_utils.Database  # what the functions that only read take

DEFAULT_DB = "claims.db"
FTS_COLUMNS = ("surface", "sentence", "attributed_to", "subject")  # what `list --search` searches
# Every claim enters the full-text index with its article, in one statement
# (see schema.m013): whatever inserts claims goes through save_article.
FTS_INSERT = "insert into claims_fts (rowid, {columns}) select id, {columns} from claims where article_id = ?".format(
    columns=", ".join(f'"{c}"' for c in FTS_COLUMNS))
BUSY_TIMEOUT_SECONDS = 30
VERDICTS = {
    # verdict -> schema.org ClaimReview rating (ratingValue on a 1..4 scale, alternateName)
    "accurate": (4, "True"),
    "misleading": (2, "Misleading"),
    "inaccurate": (1, "False"),
    "unverifiable": (None, "Unverifiable"),
}
MIGRATION_SET = "claimledger"  # the name schema.py's migrations are recorded under
SCHEMA = "m013_index_claims_per_article"  # the newest migration in schema.py: a store that has it needs none


class StoreError(Exception):
    """A problem with the store that the user can act on."""


# A projection's deadline: a projected date's own end; for a figure or a
# quote, the earliest projected date its sentence names ("90,000 a year by 2027").
# The unary ``+`` keeps SQLite from reaching the claims of one article
# through the status index, which holds every projection in the store.
DEADLINE_SQL = """
update claims set deadline = case when kind = 'date' then date_end else (
    select min(d.date_end) from claims d
    where d.article_id = claims.article_id and d.sentence_start = claims.sentence_start
      and d.kind = 'date' and +d.status = 'projected' and d.date_end is not null) end
where {where}
"""


def set_deadlines(db: sqlite_utils.Database, article_id: int | None = None) -> None:
    if article_id is None:
        db.execute(DEADLINE_SQL.format(where="status = 'projected'"))
    else:
        db.execute(DEADLINE_SQL.format(where="article_id = ? and +status = 'projected'"), [article_id])


UNVERIFIED_SQL = """
select claims.id, claims.kind, claims.surface, claims.status, claims.cue,
       claims.attributed_to, claims.subject, claims.date_start, claims.date_end,
       claims.number, claims.unit, claims.qualifier, claims.sentence,
       articles.title as article_title, articles.published, articles.id as article_id,
       claims.span_start - claims.sentence_start as anchor_start, claims.span_end - claims.sentence_start as anchor_end
from claims join articles on articles.id = claims.article_id
where not exists (select 1 from reviews where reviews.claim_id = claims.id)
  and articles.superseded_by is null
order by articles.published desc, claims.article_id, claims.span_start
"""

PROJECTIONS_SQL = """
select claims.id, claims.surface, claims.date_start, claims.date_end, claims.cue,
       claims.attributed_to, claims.sentence, articles.title as article_title,
       articles.published, articles.id as article_id,
       claims.span_start - claims.sentence_start as anchor_start, claims.span_end - claims.sentence_start as anchor_end
from claims join articles on articles.id = claims.article_id
where claims.kind = 'date' and claims.status = 'projected' and claims.date_end is not null
  and articles.superseded_by is null
order by claims.date_end
"""

CONFLICTS_SQL = """
select a.id as claim_id, a.surface, a.number, a.unit, a.date_start, a.date_end, a.status,
       aa.publisher, aa.published, aa.id as article_id,
       b.id as other_claim_id, b.surface as other_surface, b.number as other_number, b.unit as other_unit,
       b.date_start as other_date_start, b.date_end as other_date_end, b.status as other_status,
       ba.publisher as other_publisher, ba.published as other_published, ba.id as other_article_id,
       a.sentence, b.sentence as other_sentence,
       a.span_start - a.sentence_start as anchor_start, a.span_end - a.sentence_start as anchor_end
from claim_pairs r
join claims a on a.id = r.claim_id join articles aa on aa.id = a.article_id
join claims b on b.id = r.related_claim_id join articles ba on ba.id = b.article_id
where r.relation = 'contradicts'
order by aa.published, a.id
"""

# Each related pair is stored once in ``claim_pairs``, the lower claim id
# first; ``claim_relations`` gives it from both sides, so "what relates to
# claim 7" is one ``where claim_id = 7``.  SQLite takes that condition into
# both halves of the union, each with its index.
RELATIONS_SQL = """
select claim_id, related_claim_id, relation, similarity from claim_pairs
union all
select related_claim_id, claim_id, relation, similarity from claim_pairs
"""

# A projection is due when its deadline (``claims.deadline``, set by
# DEADLINE_SQL) has passed and no later article reports the same claim as fact.
DUE_SQL = """
select c.id, c.kind, c.surface, c.attributed_to, c.subject, c.sentence, c.deadline,
       a.publisher, a.published, a.id as article_id, c.group_id,
       c.span_start - c.sentence_start as anchor_start, c.span_end - c.sentence_start as anchor_end
from claims c join articles a on a.id = c.article_id
where c.status = 'projected' and c.deadline < {as_of}
  and not exists (
      select 1 from claim_relations r join claims k on k.id = r.related_claim_id
      join articles ka on ka.id = k.article_id
      where r.claim_id = c.id and k.status = 'confirmed' and coalesce(ka.published, '') > coalesce(a.published, '')
  )
order by c.deadline, c.id
"""


@contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction that takes the write lock up front (``BEGIN
    IMMEDIATE``).  A deferred transaction that reads first and writes later
    fails at once with "database is locked" when another process wrote in
    between; taking the lock first lets the busy timeout make it wait."""
    conn = db.conn
    if conn.in_transaction:
        # inside an outer one (a migration, a batch of articles): a savepoint
        # keeps this part whole without ending the outer transaction
        conn.execute("savepoint writing")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back the whole of it already (a full disk)
                conn.execute("rollback to writing")
                conn.execute("release writing")
            raise
        conn.execute("release writing")
        return
    conn.execute("begin immediate")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def connect(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the store at ``path``."""
    import sqlite_utils

    from .schema import migrations

    path = _path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.parent.exists():
        raise StoreError(f"folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        db = sqlite_utils.Database(conn)
        db.execute("pragma foreign_keys = on")
        if db.journal_mode != "wal":
            db.enable_wal()
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path} as a claims store: {exc}") from None
    return db


def open_existing(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Like :func:`connect`, for commands that only make sense on a store that exists."""
    return connect(_existing(path))


def open_for_reading(path: str | os.PathLike | None = None) -> sqlite3.Connection:
    """An existing store for commands that only read it.  A store at the
    newest schema opens with the standard library alone; an older one (or a
    file that is not a store) goes through :func:`connect`, which migrates it
    or says what is wrong."""
    path = _existing(path)
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        current = conn.execute("select 1 from _sqlite_migrations where migration_set = ? and name = ?",
                               [MIGRATION_SET, SCHEMA]).fetchone()
    except sqlite3.DatabaseError:
        current = None
    if current:
        return conn
    if conn is not None:
        conn.close()
    return connect(path).conn


def _path(path: str | os.PathLike | None) -> Path:
    return Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)


def _existing(path: str | os.PathLike | None) -> Path:
    path = _path(path)
    if not path.exists():
        raise StoreError(f"no store at {path}: run 'claims ingest' first")
    return path


def select(db: Readable, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """A query's rows as dicts, through a sqlite3 connection or a sqlite-utils Database alike."""
    cursor = db.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_id_for(db: sqlite_utils.Database, digest: str) -> int | None:
    row = db.execute("select id from articles where sha256 = ?", [digest]).fetchone()
    return row[0] if row else None


def save_article(db: sqlite_utils.Database, article: dict[str, Any], claims: Iterable[dict[str, Any]]) -> int | None:
    """Store an article and its claims in one transaction.

    Returns the new article id, or ``None`` when the same text is stored
    already (the unique hash decides, so two writers cannot both store it).
    When another text from the same origin (URL, else file) is stored, the
    new one becomes its next version and the changes are recorded.
    """
    from .provenance import sign
    from .versions import selector

    text = article["text"]
    published = article.get("published")
    origin = article.get("origin")
    row = {
        "source": article.get("source"),
        "text": text,
        "title": article.get("title"),
        "url": article.get("url"),
        "publisher": article.get("publisher"),
        "published": published.isoformat() if isinstance(published, date) else published,
        "sha256": sha256(text),
        "ingested_at": article.get("ingested_at") or now(),  # kept when stores are merged
        "origin": origin,
        "version": 1,
    }
    with writing(db):
        if article_id_for(db, row["sha256"]) is not None:
            return None
        previous = db.execute(
            "select id, version from articles where origin = ? and superseded_by is null order by id desc limit 1",
            [origin],
        ).fetchone() if origin else None
        if previous:
            row["previous_version_id"], row["version"] = previous[0], previous[1] + 1
        article_id = _insert(db, "articles", [row])
        rows = []
        for claim in claims:
            claim = dict(claim)
            claim["article_id"] = article_id
            claim["sentence"] = text[claim["sentence_start"] : claim["sentence_end"]]
            anchor = selector(text, claim["span_start"], claim["span_end"])
            claim["quote_prefix"], claim["quote_suffix"] = anchor["prefix"], anchor["suffix"]
            rows.append(claim)
        if rows:
            _insert(db, "claims", rows)
            db.execute(FTS_INSERT, [article_id])
            set_deadlines(db, article_id)
            sign(db, article_id, text)
        if previous:
            _record_changes(db, previous[0], article_id, text)
    return article_id


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert rows of plain values into an existing table in one statement;
    returns the rowid of the last.  ``Table.insert_all`` inspects the table
    and every value first, which costs more than the insert on this path."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})"
    *head, last = [tuple(row.get(c) for c in columns) for row in rows]
    db.conn.executemany(sql, head)
    return db.conn.execute(sql, last).lastrowid  # executemany leaves lastrowid unset


def _record_changes(db: sqlite_utils.Database, previous_id: int, article_id: int, text: str) -> None:
    from .versions import diff

    def claims_of(aid: int) -> list[dict[str, Any]]:
        return select(db, "select * from claims where article_id = ? order by span_start", [aid])

    changes = diff(claims_of(previous_id), claims_of(article_id), text)
    db["claim_changes"].insert_all(
        {**c, "article_id": article_id, "previous_article_id": previous_id} for c in changes
    )
    db.execute("update articles set superseded_by = ? where id = ?", [article_id, previous_id])
    # a replaced version leaves the links; the new one is linked like any new article
    db.execute("delete from claim_pairs where claim_id in (select id from claims where article_id = :a) "
               "or related_claim_id in (select id from claims where article_id = :a)", {"a": previous_id})


def changes(db: Readable, article_id: int | None = None) -> list[dict[str, Any]]:
    """What each new version changed, claim by claim (``unchanged`` left out)."""
    where, params = ["ch.change != 'unchanged'"], []
    if article_id is not None:
        where.append("(ch.article_id = ? or ch.previous_article_id = ?)")
        params += [article_id, article_id]
    return select(
        db,
        "select ch.article_id, a.version, ch.previous_article_id, ch.change, ch.claim_id, "
        "ch.previous_claim_id, coalesce(n.surface, o.surface) as surface, ch.detail, a.origin "
        "from claim_changes ch join articles a on a.id = ch.article_id "
        "left join claims n on n.id = ch.claim_id left join claims o on o.id = ch.previous_claim_id "
        "where " + " and ".join(where) + " order by ch.article_id, coalesce(n.span_start, o.span_start)",
        params,
    )


@dataclass
class ClaimFilter:
    unverified: bool = False
    status: str | None = None
    kind: str | None = None
    article: int | None = None
    search: str | None = None
    limit: int | None = None
    all_versions: bool = False


def list_claims(db: Readable, f: ClaimFilter) -> list[dict[str, Any]]:
    where, params = [], []
    if not f.all_versions and f.article is None:
        where.append("articles.superseded_by is null")
    if f.unverified:
        where.append("not exists (select 1 from reviews where reviews.claim_id = claims.id)")
    if f.status:
        where.append("claims.status = ?")
        params.append(f.status)
    if f.kind:
        where.append("claims.kind = ?")
        params.append(f.kind)
    if f.article is not None:
        where.append("claims.article_id = ?")
        params.append(f.article)
    if f.search:
        where.append("claims.rowid in (select rowid from claims_fts where claims_fts match ?)")
        params.append(_fts_query(f.search))
    # Every claim has its article, so a left join returns the same rows; it
    # keeps claims as the outer loop, read in list order from the index, where
    # a plain join had SQLite first read every article into a Bloom filter
    # (14 ms on the million-claim benchmark store, against 0.1 ms for 50 claims).
    sql = (
        "select claims.*, articles.title as article_title, articles.published as article_published "
        "from claims left join articles on articles.id = claims.article_id"
        + (" where " + " and ".join(where) if where else "")
        + " order by claims.article_id, claims.span_start"
    )
    if f.limit:
        sql += " limit ?"
        params.append(f.limit)
    try:
        return select(db, sql, params)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"bad search: {exc}") from None


def _fts_query(search: str) -> str:
    # quote each word so user input is never read as FTS syntax
    return " ".join('"' + word.replace('"', '""') + '"' for word in search.split())


def get_claim(db: Readable, claim_id: int) -> dict[str, Any]:
    found = select(
        db,
        "select claims.*, articles.title as article_title, articles.source as article_source, "
        "articles.url as article_url, articles.publisher as article_publisher, "
        "articles.published as article_published, articles.sha256 as article_sha256, "
        "articles.version as article_version, articles.superseded_by as article_superseded_by, "
        "articles.text as article_text "
        "from claims join articles on articles.id = claims.article_id where claims.id = ?",
        [claim_id],
    )
    if not found:
        raise StoreError(f"no claim with id {claim_id}")
    claim = found[0]
    claim["reviews"] = select(db, "select * from reviews where claim_id = ? order by id", [claim_id])
    claim["versions"] = select(
        db,
        "select change, previous_claim_id, previous_article_id, claim_id, article_id, detail from claim_changes "
        "where change != 'unchanged' and ? in (claim_id, previous_claim_id) order by id",
        [claim_id],
    )
    return claim


def add_review(db: sqlite_utils.Database, claim_id: int, verdict: str, evidence: str | None = None,
               note: str | None = None, reviewer: str | None = None, group: bool = False) -> list[int]:
    """Append a review of ``claim_id``; with ``group``, the same review of
    every claim in its group, each naming the claim the reviewer examined.
    Returns the new review ids."""
    if verdict not in VERDICTS:
        raise StoreError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    row = db.execute("select group_id from claims where id = ?", [claim_id]).fetchone()
    if row is None:
        raise StoreError(f"no claim with id {claim_id}")
    targets = [claim_id]
    if group:
        if row[0] is None:
            raise StoreError(f"claim {claim_id} is in no group: no other article states it")
        targets += [r[0] for r in db.execute(
            "select id from claims where group_id = ? and id != ? order by id", [row[0], claim_id])]
    reviewed_at = now()
    with writing(db):
        return [
            db["reviews"].insert({
                "claim_id": target, "verdict": verdict, "evidence": evidence, "note": note,
                "reviewer": reviewer, "reviewed_at": reviewed_at,
                "via_claim_id": claim_id if target != claim_id else None,
            }).last_pk
            for target in targets
        ]
