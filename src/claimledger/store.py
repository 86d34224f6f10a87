"""The SQLite store: schema migrations, writing articles with their claims, reading claims.

The schema is a list of ordered sqlite-utils migrations applied whenever the
store opens, so an older ``claims.db`` upgrades in place.  Reports are SQL
views created by migrations, so they work in Datasette, ``sqlite3`` and
``sqlite-utils`` alike.  Reviews are append-only: nothing here updates or
deletes one.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils
from sqlite_utils import Migrations

from .normalize.timex import timex

DEFAULT_DB = "claims.db"
FTS_COLUMNS = ("surface", "sentence", "attributed_to", "subject")  # what `list --search` searches
BUSY_TIMEOUT_SECONDS = 30
VERDICTS = {
    # verdict -> schema.org ClaimReview rating (ratingValue on a 1..4 scale, alternateName)
    "accurate": (4, "True"),
    "misleading": (2, "Misleading"),
    "inaccurate": (1, "False"),
    "unverifiable": (None, "Unverifiable"),
}

migrations = Migrations("claimledger")


class StoreError(Exception):
    """A problem with the store that the user can act on."""


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "source": str,
            "text": str,
            "title": str,
            "url": str,
            "publisher": str,
            "published": str,
            "sha256": str,
            "ingested_at": str,
        },
        pk="id",
        not_null={"text", "sha256", "ingested_at"},
    )
    db["articles"].create_index(["sha256"], unique=True)
    db["claims"].create(
        {
            "id": int,
            "article_id": int,
            "kind": str,
            "span_start": int,
            "span_end": int,
            "surface": str,
            "sentence_start": int,
            "sentence_end": int,
            "sentence": str,
            "status": str,
            "cue": str,
            "polarity": str,
            "attributed_to": str,
            "subject": str,
            "date_start": str,
            "date_end": str,
            "number": float,
            "unit": str,
            "qualifier": str,
            "quote": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "kind", "span_start", "span_end", "status"},
    )
    for columns in (["article_id"], ["status"], ["kind"], ["attributed_to"], ["date_end"]):
        db["claims"].create_index(columns)
    db["claims"].enable_fts(list(FTS_COLUMNS), create_triggers=True)
    db["reviews"].create(
        {
            "id": int,
            "claim_id": int,
            "verdict": str,
            "evidence": str,
            "note": str,
            "reviewer": str,
            "reviewed_at": str,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id")],
        not_null={"claim_id", "verdict", "reviewed_at"},
    )
    db["reviews"].create_index(["claim_id"])


@migrations()
def m002_views(db: sqlite_utils.Database) -> None:
    db.create_view(
        "unverified_claims",
        """
        select claims.id, claims.kind, claims.surface, claims.status, claims.cue,
               claims.attributed_to, claims.subject, claims.date_start, claims.date_end,
               claims.number, claims.unit, claims.qualifier, claims.sentence,
               articles.title as article_title, articles.published, articles.id as article_id
        from claims join articles on articles.id = claims.article_id
        where not exists (select 1 from reviews where reviews.claim_id = claims.id)
        order by articles.published desc, claims.article_id, claims.span_start
        """,
        replace=True,
    )
    db.create_view(
        "projections_with_deadlines",
        """
        select claims.id, claims.surface, claims.date_start, claims.date_end, claims.cue,
               claims.attributed_to, claims.sentence, articles.title as article_title,
               articles.published, articles.id as article_id
        from claims join articles on articles.id = claims.article_id
        where claims.kind = 'date' and claims.status = 'projected' and claims.date_end is not null
        order by claims.date_end
        """,
        replace=True,
    )
    db.create_view(
        "claims_by_source",
        """
        select coalesce(articles.publisher, articles.source) as source,
               count(*) as claims,
               sum(claims.status = 'confirmed') as confirmed,
               sum(claims.status = 'projected') as projected,
               sum(claims.status = 'unknown') as unknown,
               count(distinct articles.id) as articles
        from claims join articles on articles.id = claims.article_id
        group by 1 order by claims desc
        """,
        replace=True,
    )


@migrations()
def m003_timex(db: sqlite_utils.Database) -> None:
    """A TIMEX3-style value beside each date interval, filled in for claims stored before it."""
    db["claims"].add_column("timex", str)
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    rows = db.query("select id, date_start, date_end from claims where kind = 'date'")
    updates = [(timex(day(r["date_start"]), day(r["date_end"])), r["id"]) for r in rows]
    db.conn.executemany("update claims set timex = ? where id = ?", updates)


@migrations()
def m004_number_ranges(db: sqlite_utils.Database) -> None:
    """The upper end of a number range ("between 5 and 7"); ``number`` holds the lower."""
    db["claims"].add_column("number_high", float)


@migrations()
def m005_provenance(db: sqlite_utils.Database) -> None:
    """Claims followed across articles: related pairs, groups of the same
    claim with their first appearance, and the views fact-checkers query."""
    db["claim_relations"].create(
        {"claim_id": int, "related_claim_id": int, "relation": str, "similarity": float},
        pk=("claim_id", "related_claim_id"),
        foreign_keys=[("claim_id", "claims", "id"), ("related_claim_id", "claims", "id")],
    )
    db["claim_relations"].create_index(["related_claim_id"])
    db["claim_groups"].create(
        {"id": int, "kind": str, "surface": str, "first_claim_id": int, "first_article_id": int,
         "first_published": str, "sources": int, "members": int},
        pk="id",
        foreign_keys=[("first_claim_id", "claims", "id"), ("first_article_id", "articles", "id")],
    )
    db["claims"].add_column("group_id", int)
    db["claims"].create_index(["group_id"])
    db.create_view("conflicts", CONFLICTS_SQL, replace=True)
    db.create_view("due_projections", DUE_SQL.format(as_of="date('now')"), replace=True)


@migrations()
def m006_versions(db: sqlite_utils.Database) -> None:
    """Article versions and re-findable anchors.

    ``origin`` (the URL, else the file's absolute path) says which stored
    articles are versions of one source; the newest has no
    ``superseded_by``.  Each claim keeps its quote's surroundings
    (TextQuoteSelector prefix and suffix) so a new version can re-find it,
    and ``claim_changes`` records what a new version changed.
    """
    from .versions import selector

    articles = db["articles"]
    articles.add_column("origin", str)
    articles.add_column("version", int, not_null_default=1)
    articles.add_column("previous_version_id", int)
    articles.add_column("superseded_by", int)
    db.conn.executemany("update articles set origin = ? where id = ?", [
        (r["url"] or str(Path(r["source"]).resolve()), r["id"])
        for r in db.query("select id, url, source from articles where url is not null or source != '-'")
    ])
    articles.create_index(["origin"])
    db["claims"].add_column("quote_prefix", str)
    db["claims"].add_column("quote_suffix", str)
    texts = {r["id"]: r["text"] for r in db.query("select id, text from articles")}
    updates = []
    for r in db.query("select id, article_id, span_start, span_end from claims"):
        sel = selector(texts[r["article_id"]], r["span_start"], r["span_end"])
        updates.append((sel["prefix"], sel["suffix"], r["id"]))
    db.conn.executemany("update claims set quote_prefix = ?, quote_suffix = ? where id = ?", updates)
    db["claim_changes"].create(
        {"id": int, "article_id": int, "previous_article_id": int, "change": str,
         "claim_id": int, "previous_claim_id": int, "detail": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("previous_article_id", "articles", "id"),
                      ("claim_id", "claims", "id"), ("previous_claim_id", "claims", "id")],
    )
    db["claim_changes"].create_index(["article_id"])
    db["claim_changes"].create_index(["claim_id"])
    db["claim_changes"].create_index(["previous_claim_id"])
    # a review recorded for a whole group names the claim the reviewer examined
    db["reviews"].add_column("via_claim_id", int)
    # the daily lists show the current version of each article only, and the
    # views give each claim's anchor within its sentence so Datasette can mark it
    db.create_view("unverified_claims", UNVERIFIED_SQL, replace=True)
    db.create_view("projections_with_deadlines", PROJECTIONS_SQL, replace=True)
    db.create_view("conflicts", CONFLICTS_SQL, replace=True)
    db.create_view("due_projections", DUE_SQL.format(as_of="date('now')"), replace=True)


@migrations()
def m007_list_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the lists on a large store: claims in article order, so a
    limited list stops early, and articles by publication date."""
    db["claims"].create_index(["article_id", "span_start"], if_not_exists=True)
    db["articles"].create_index(["published", "id"], if_not_exists=True)
    db["claim_relations"].create_index(["relation"], if_not_exists=True)


@migrations()
def m008_deadlines(db: sqlite_utils.Database) -> None:
    """Each projection's deadline, stored and indexed, so the due list
    streams in deadline order instead of sorting every projection first."""
    db["claims"].add_column("deadline", str)
    set_deadlines(db)
    db["claims"].create_index(["status", "deadline"], if_not_exists=True)
    db.create_view("due_projections", DUE_SQL.format(as_of="date('now')"), replace=True)


@migrations()
def m009_signatures(db: sqlite_utils.Database) -> None:
    """Claim signatures, stored with each article, and the names that block
    them: linking reads them back one block at a time and relates only the
    claims of articles not linked yet (``articles.linked``).  Articles
    already stored count as linked: every ingest before this relinked the
    whole store when it finished."""
    from .provenance import sign

    db["claim_signatures"].create({
        "claim_id": int, "article_id": int, "kind": str, "status": str, "measure": str, "period": str,
        "low": float, "high": float, "qualifier": str, "quote": str, "quote_length": int,
        "names": str, "words": str,
    }, pk="claim_id", foreign_keys=[("claim_id", "claims", "id"), ("article_id", "articles", "id")])
    db["claim_signatures"].create_index(["kind", "quote_length"])
    db["claim_signatures"].create_index(["article_id"])
    db["signature_names"].create({"claim_id": int, "kind": str, "measure": str, "name": str},
                                 foreign_keys=[("claim_id", "claims", "id")])
    db["signature_names"].create_index(["kind", "measure", "name"])
    db["articles"].add_column("linked", int, not_null_default=0)
    for (article_id,) in db.execute("select id from articles").fetchall():
        sign(db, article_id, db.execute("select text from articles where id = ?", [article_id]).fetchone()[0])
    db.execute("update articles set linked = 1")


@migrations()
def m010_narrower_writes(db: sqlite_utils.Database) -> None:
    """Cheaper writes to ``claims``.  The full-text index is refreshed only
    when an indexed column changes: the trigger sqlite-utils creates fires on
    any update, so giving claims their group or deadline re-indexed every
    one of them.  Two indexes go because a wider one starts with the same
    column (``article_id, span_start`` and ``status, deadline``)."""
    columns = ", ".join(f'"{c}"' for c in FTS_COLUMNS)
    old = ", ".join(f'old."{c}"' for c in FTS_COLUMNS)
    new = ", ".join(f'new."{c}"' for c in FTS_COLUMNS)
    db.execute("drop trigger if exists claims_au")
    db.execute(f"""create trigger claims_au after update of {columns} on claims begin
  insert into claims_fts (claims_fts, rowid, {columns}) values ('delete', old.rowid, {old});
  insert into claims_fts (rowid, {columns}) values (new.rowid, {new});
end""")
    db.execute("drop index if exists idx_claims_article_id")
    db.execute("drop index if exists idx_claims_status")


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
from claim_relations r
join claims a on a.id = r.claim_id join articles aa on aa.id = a.article_id
join claims b on b.id = r.related_claim_id join articles ba on ba.id = b.article_id
where r.relation = 'contradicts' and r.claim_id < r.related_claim_id
order by aa.published, a.id
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
    path = Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)
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
    path = Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)
    if not path.exists():
        raise StoreError(f"no store at {path}: run 'claims ingest' first")
    return connect(path)


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
        return [dict(r) for r in db.query("select * from claims where article_id = ? order by span_start", [aid])]

    changes = diff(claims_of(previous_id), claims_of(article_id), text)
    db["claim_changes"].insert_all(
        {**c, "article_id": article_id, "previous_article_id": previous_id} for c in changes
    )
    db.execute("update articles set superseded_by = ? where id = ?", [article_id, previous_id])
    # a replaced version leaves the links; the new one is linked like any new article
    db.execute("delete from claim_relations where claim_id in (select id from claims where article_id = :a) "
               "or related_claim_id in (select id from claims where article_id = :a)", {"a": previous_id})


def changes(db: sqlite_utils.Database, article_id: int | None = None) -> list[dict[str, Any]]:
    """What each new version changed, claim by claim (``unchanged`` left out)."""
    where, params = ["ch.change != 'unchanged'"], []
    if article_id is not None:
        where.append("(ch.article_id = ? or ch.previous_article_id = ?)")
        params += [article_id, article_id]
    return [dict(r) for r in db.query(
        "select ch.article_id, a.version, ch.previous_article_id, ch.change, ch.claim_id, "
        "ch.previous_claim_id, coalesce(n.surface, o.surface) as surface, ch.detail, a.origin "
        "from claim_changes ch join articles a on a.id = ch.article_id "
        "left join claims n on n.id = ch.claim_id left join claims o on o.id = ch.previous_claim_id "
        "where " + " and ".join(where) + " order by ch.article_id, coalesce(n.span_start, o.span_start)",
        params)]


@dataclass
class ClaimFilter:
    unverified: bool = False
    status: str | None = None
    kind: str | None = None
    article: int | None = None
    search: str | None = None
    limit: int | None = None
    all_versions: bool = False


def list_claims(db: sqlite_utils.Database, f: ClaimFilter) -> list[dict[str, Any]]:
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
    sql = (
        "select claims.*, articles.title as article_title, articles.published as article_published "
        "from claims join articles on articles.id = claims.article_id"
        + (" where " + " and ".join(where) if where else "")
        + " order by claims.article_id, claims.span_start"
    )
    if f.limit:
        sql += " limit ?"
        params.append(f.limit)
    try:
        return [dict(r) for r in db.query(sql, params)]
    except sqlite3.OperationalError as exc:
        raise StoreError(f"bad search: {exc}") from None


def _fts_query(search: str) -> str:
    # quote each word so user input is never read as FTS syntax
    return " ".join('"' + word.replace('"', '""') + '"' for word in search.split())


def get_claim(db: sqlite_utils.Database, claim_id: int) -> dict[str, Any]:
    rows = list(
        db.query(
            "select claims.*, articles.title as article_title, articles.source as article_source, "
            "articles.url as article_url, articles.publisher as article_publisher, "
            "articles.published as article_published, articles.sha256 as article_sha256, "
            "articles.version as article_version, articles.superseded_by as article_superseded_by, "
            "articles.text as article_text "
            "from claims join articles on articles.id = claims.article_id where claims.id = ?",
            [claim_id],
        )
    )
    if not rows:
        raise StoreError(f"no claim with id {claim_id}")
    claim = rows[0]
    claim["reviews"] = list(db.query("select * from reviews where claim_id = ? order by id", [claim_id]))
    claim["versions"] = list(db.query(
        "select change, previous_claim_id, previous_article_id, claim_id, article_id, detail from claim_changes "
        "where change != 'unchanged' and ? in (claim_id, previous_claim_id) order by id", [claim_id]))
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
