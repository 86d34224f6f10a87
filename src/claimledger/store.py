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
import time
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
SCHEMA = "m014_claim_lineage"  # the newest migration in schema.py: a store that has it needs none


class StoreError(Exception):
    """A problem with the store that the user can act on."""


def is_damaged(exc: BaseException) -> bool:
    """Whether SQLite found the file's pages damaged (not merely not a database)."""
    message = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in message or "corrupt" in message)


def damaged(path: str | os.PathLike | None, exc: BaseException) -> StoreError:
    """The one-line error for a damaged store, with what to do about it."""
    name = path or "the store"
    return StoreError(f"the store {name} is damaged ({exc}): recover what it holds with "
                      f"'sqlite3 {name} .recover | sqlite3 recovered.db'")


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


# Whether a review settles a claim: one made on it, or on a claim of an
# earlier version of its article that it carries forward unchanged.  A
# claim's ``lineage_id`` is the first claim of that chain (its own id when
# it is new or changed), so the review stays on the claim it was made on
# and every unchanged successor reads it through the lineage.
REVIEWED = ("exists (select 1 from claims lineage join reviews on reviews.claim_id = lineage.id "
            "where lineage.lineage_id = claims.lineage_id)")
# the verdict of the latest review that settles a claim (see REVIEWED)
VERDICT = ("(select verdict from reviews where id = (select max(reviews.id) from claims lineage "
           "join reviews on reviews.claim_id = lineage.id where lineage.lineage_id = {c}.lineage_id))")


def claim_columns(c: str = "claims", a: str = "articles") -> str:
    """The columns of a claim record, the same in every command's JSON: the
    claim's own columns, its article's ``title``, ``publisher``,
    ``published`` and ``url``, and its review state (``verdict``; see
    :func:`records` for ``reviewed``).  ``c`` and ``a`` name the claims and
    articles tables in the query."""
    return f"{c}.*, {a}.title, {a}.publisher, {a}.published, {a}.url, {VERDICT.format(c=c)} as verdict"


def records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claim rows selected with :func:`claim_columns`, with ``reviewed``."""
    for row in rows:
        row["reviewed"] = row["verdict"] is not None
    return rows
REVIEWED_BEFORE_LINEAGE = "exists (select 1 from reviews where reviews.claim_id = claims.id)"  # up to m013

UNVERIFIED_TEMPLATE = """
select claims.id, claims.kind, claims.surface, claims.status, claims.cue,
       claims.attributed_to, claims.subject, claims.date_start, claims.date_end,
       claims.number, claims.unit, claims.qualifier, claims.sentence,
       articles.title as article_title, articles.published, articles.id as article_id,
       claims.span_start - claims.sentence_start as anchor_start, claims.span_end - claims.sentence_start as anchor_end
from claims join articles on articles.id = claims.article_id
where not {reviewed}
  and articles.superseded_by is null
order by articles.published desc, claims.article_id, claims.span_start
"""
UNVERIFIED_SQL = UNVERIFIED_TEMPLATE.format(reviewed=REVIEWED)

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


def connect(path: str | os.PathLike | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """Open and migrate the store at ``path``, creating it when ``create``
    (``claims ingest`` and ``claims merge``) and it does not exist yet.

    A file that holds a SQLite database of something else is refused, never
    written to.  Checking the schema and applying what is missing happen
    under the write lock (``BEGIN IMMEDIATE``), so when several processes
    open a new store at once, one creates it while the others wait their
    turn (the busy timeout) and then find it current."""
    import sqlite_utils

    path = _path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a regular file")
    if not path.parent.exists():
        raise StoreError(f"folder {path.parent} does not exist")
    if not create:
        _existing(path)
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        state = _state(conn, path)
        db = sqlite_utils.Database(conn)
        db.execute("pragma foreign_keys = on")
        if state != CURRENT or _pending(db):
            _upgrade(db, path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if is_damaged(exc):
            raise damaged(path, exc) from None
        raise StoreError(f"cannot open {path} as a claims store: {exc}") from None
    except StoreError:
        conn.close()
        raise
    return db


def _upgrade(db: sqlite_utils.Database, path: Path) -> None:
    """Create or migrate the store, holding the write lock from the check to
    the last migration: sqlite-utils' ``Migrations.apply`` reads what is
    pending before it writes, so two processes applying at once would both
    find the same migrations pending."""
    from .schema import migrations

    _wal(db.conn)
    db.conn.execute("begin immediate")
    try:
        _state(db.conn, path)  # what another process made of the file while this one waited
        if _pending(db):
            migrations.apply(db)
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def _pending(db: sqlite_utils.Database) -> bool:
    from .schema import migrations

    return bool(migrations.pending(db))


def _wal(conn: sqlite3.Connection) -> None:
    """Switch a store to WAL (once: the mode is kept in the file).  The switch
    needs the database to itself, so while another process holds it, wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if conn.execute("pragma journal_mode").fetchone()[0] == "wal":
                return
            conn.execute("pragma journal_mode = wal")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# what a database file holds, for the purpose of opening it as a store
EMPTY, OLDER, CURRENT = "empty", "older", "current"


def _state(conn: sqlite3.Connection, path: Path) -> str:
    """``EMPTY`` (no tables: a new store), ``OLDER`` (a claims store that
    lacks migrations), ``CURRENT``; a database of something else is refused."""
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not tables:
        return EMPTY
    if "_sqlite_migrations" in tables:
        names = {r[0] for r in conn.execute("select name from _sqlite_migrations where migration_set = ?",
                                            [MIGRATION_SET])}
        if SCHEMA in names:
            return CURRENT
        if names:
            return OLDER
    raise StoreError(f"{path} is not a claims store (a SQLite database of something else); "
                     "claims never writes to one")


def open_existing(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Like :func:`connect`, for commands that write but only make sense on
    a store that exists (``claims verify``): never creates one."""
    return connect(path, create=False)


def open_for_reading(path: str | os.PathLike | None = None) -> sqlite3.Connection:
    """An existing store for commands that only read it, opened read-only
    (see :func:`_reading_connection`) with the standard library alone:
    reading never creates, migrates or changes a file.  A store an older claimledger wrote is not
    upgraded here; ``claims migrate`` (or any command that writes) does it."""
    path = _existing(path)
    conn = None
    try:
        conn = _reading_connection(path)
        state = _state(conn, path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if is_damaged(exc):
            raise damaged(path, exc) from None
        raise StoreError(f"cannot open {path} as a claims store: {exc}") from None
    except StoreError:
        conn.close()
        raise
    if state == CURRENT:
        return conn
    conn.close()
    if state == EMPTY:
        raise StoreError(f"no store at {path} (an empty database): run 'claims ingest' first")
    raise StoreError(f"the store {path} was written by an older claimledger: "
                     f"upgrade it with 'claims migrate --db {path}'")


def _reading_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (``query_only``).  On a store with no
    ``-wal`` file it opens the file for writing where it may, because the
    last connection to close a WAL store removes the ``-wal`` and ``-shm``
    files it made, and a ``mode=ro`` one leaves them behind; otherwise, or on
    a file or folder it may not write to, ``mode=ro``; on a read-only medium,
    where no writer can exist, ``immutable=1``."""
    uri = path.resolve().as_uri()
    error: sqlite3.Error | None = None
    # With a -wal file beside it, another connection is writing or left
    # changes to fold in: closing a writable connection last would fold
    # them into the file, so read with mode=ro, which leaves that to writers
    modes = ("?mode=ro", "?immutable=1") if Path(f"{path}-wal").exists() else ("", "?mode=ro", "?immutable=1")
    for mode in modes:
        conn = None
        try:
            conn = sqlite3.connect(uri + mode, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
            conn.execute("pragma query_only = on")
            conn.execute("select count(*) from sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:  # cannot open it this way (a full disk…): try the next
            if conn is not None:
                conn.close()
            error = exc
    raise error


def _path(path: str | os.PathLike | None) -> Path:
    return Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)


def _existing(path: str | os.PathLike | None) -> Path:
    """``path`` when a store may be there: a missing or empty file is no store."""
    path = _path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists():
        raise StoreError(f"no store at {path}: run 'claims ingest' first")
    if not path.is_file():
        raise StoreError(f"{path} is not a regular file")
    if path.stat().st_size == 0:
        raise StoreError(f"no store at {path} (an empty file): run 'claims ingest' first")
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
    new one becomes a version of it, placed by date (:func:`_newer`): the
    current version when it is the newest, which is the usual case, else an
    earlier version in its place in the chain, and the changes between
    neighbouring versions are recorded.
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
        chain = select(db, "select id, published, ingested_at from articles where origin = ? order by version",
                       [origin]) if origin else []
        later = [a for a in chain if _newer(a, row)]
        if chain and not later:
            row["previous_version_id"], row["version"] = chain[-1]["id"], len(chain) + 1
        article_id = _insert(db, "articles", [row])
        rows = []
        # ids given here, under the write lock, so that each new claim can
        # start its own lineage in the same statement
        next_id = db.execute("select coalesce(max(id), 0) + 1 from claims").fetchone()[0]
        for claim in claims:
            claim = dict(claim)
            claim["id"] = claim["lineage_id"] = next_id
            next_id += 1
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
        if later:
            _place_earlier(db, article_id, chain, later[0]["id"])
        elif chain:
            _record_changes(db, chain[-1]["id"], article_id)
    return article_id


def _newer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether version ``a`` of an article comes after version ``b``: by
    publication date when both have one and they differ, else by when each
    was first ingested (kept through merges)."""
    if a["published"] and b["published"] and a["published"] != b["published"]:
        return a["published"] > b["published"]
    return a["ingested_at"] > b["ingested_at"]


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> int:
    """Insert rows of plain values into an existing table in one statement;
    returns the rowid of the last.  ``Table.insert_all`` inspects the table
    and every value first, which costs more than the insert on this path."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})"
    *head, last = [tuple(row.get(c) for c in columns) for row in rows]
    db.conn.executemany(sql, head)
    return db.conn.execute(sql, last).lastrowid  # executemany leaves lastrowid unset


def _record_changes(db: sqlite_utils.Database, previous_id: int, article_id: int) -> None:
    """The new current version replaces ``previous_id``."""
    _compare_versions(db, previous_id, article_id)
    db.execute("update articles set superseded_by = ? where id = ?", [article_id, previous_id])
    # a replaced version leaves the links; the new one is linked like any new article
    db.execute("delete from claim_pairs where claim_id in (select id from claims where article_id = :a) "
               "or related_claim_id in (select id from claims where article_id = :a)", {"a": previous_id})


def _compare_versions(db: sqlite_utils.Database, previous_id: int, article_id: int) -> list[dict[str, Any]]:
    """Record what ``article_id`` changed from the version before it, and
    carry reviews forward to the claims it repeats unchanged."""
    from .versions import diff

    def claims_of(aid: int) -> list[dict[str, Any]]:
        return select(db, "select * from claims where article_id = ? order by span_start", [aid])

    text = db.execute("select text from articles where id = ?", [article_id]).fetchone()[0]
    changes = diff(claims_of(previous_id), claims_of(article_id), text)
    db["claim_changes"].insert_all(
        {**c, "article_id": article_id, "previous_article_id": previous_id} for c in changes
    )
    carry_reviews(db, changes)
    return changes


def _place_earlier(db: sqlite_utils.Database, article_id: int, chain: list[dict[str, Any]], following: int) -> None:
    """Put a version older than the current one in its place in the chain:
    between the version before it (if any) and ``following``.  The changes
    recorded for ``following`` are made again against it, and the lineages
    of every version from it on are traced again, in order."""
    ids = [a["id"] for a in chain]
    at = ids.index(following)
    ids.insert(at, article_id)
    for version, (aid, before, after) in enumerate(zip(ids, [None, *ids[:-1]], [*ids[1:], None]), start=1):
        if aid == ids[-1]:  # the current version stays current
            after = None
        db.execute("update articles set version = ?, previous_version_id = ?, superseded_by = coalesce(?, "
                   "superseded_by) where id = ?", [version, before, after, aid])
    db.execute("delete from claim_changes where article_id = ?", [following])
    later = ids[at:]
    db.execute(f"update claims set lineage_id = id where article_id in ({', '.join('?' * len(later))})", later)
    for previous, aid in zip(ids[at - 1:] if at else ids[at:], later[0 if at else 1:]):
        if aid in (article_id, following):
            _compare_versions(db, previous, aid)
        else:
            carry_reviews(db, select(db, "select change, claim_id, previous_claim_id from claim_changes "
                                         "where article_id = ?", [aid]))


def carry_reviews(db: sqlite_utils.Database, changes: Iterable[dict[str, Any]]) -> None:
    """An unchanged claim of a new version joins the lineage of the claim it
    repeats, so the reviews of that claim settle it too; a changed claim
    starts a lineage of its own and must be reviewed again."""
    db.conn.executemany(
        "update claims set lineage_id = (select lineage_id from claims where id = :previous_claim_id) "
        "where id = :claim_id",
        [c for c in changes if c["change"] == "unchanged"])


def reviews_of(db: Readable, claim_id: int) -> list[dict[str, Any]]:
    """The reviews that settle a claim, oldest first: those made on it and on
    the claims of earlier versions it carries forward unchanged.  Each names
    the claim it was made on (``claim_id``)."""
    return select(db, "select reviews.* from claims lineage join reviews on reviews.claim_id = lineage.id "
                      "where lineage.lineage_id = (select lineage_id from claims where id = ?) "
                      "order by reviews.id", [claim_id])


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
        where.append("not " + REVIEWED)
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
        f"select {claim_columns()} from claims left join articles on articles.id = claims.article_id"
        + (" where " + " and ".join(where) if where else "")
        + " order by claims.article_id, claims.span_start"
    )
    if f.limit:
        sql += " limit ?"
        params.append(f.limit)
    try:
        return records(select(db, sql, params))
    except sqlite3.OperationalError as exc:
        raise StoreError(f"bad search: {exc}") from None


def _fts_query(search: str) -> str:
    # quote each word so user input is never read as FTS syntax
    return " ".join('"' + word.replace('"', '""') + '"' for word in search.split())


def get_claim(db: Readable, claim_id: int) -> dict[str, Any]:
    found = records(select(
        db,
        f"select {claim_columns()}, articles.source, articles.sha256, articles.version, articles.superseded_by, "
        "articles.text as article_text "
        "from claims join articles on articles.id = claims.article_id where claims.id = ?",
        [claim_id],
    ))
    if not found:
        raise StoreError(f"no claim with id {claim_id}")
    claim = found[0]
    claim["reviews"] = reviews_of(db, claim_id)
    claim["versions"] = select(
        db,
        "select change, previous_claim_id, previous_article_id, claim_id, article_id, detail from claim_changes "
        "where change != 'unchanged' and ? in (claim_id, previous_claim_id) order by id",
        [claim_id],
    )
    return claim


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) URL with a host: what evidence must be."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in text.strip())


def add_review(db: sqlite_utils.Database, claim_id: int, verdict: str, evidence: str | None = None,
               note: str | None = None, reviewer: str | None = None, group: bool = False) -> list[int]:
    """Append a review of ``claim_id``; with ``group``, the same review of
    every claim in its group, each naming the claim the reviewer examined.
    Returns the new review ids."""
    if verdict not in VERDICTS:
        raise StoreError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if evidence is not None and not is_web_address(evidence):
        raise StoreError(f"evidence must be an http(s) URL, not {evidence!r}")
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
