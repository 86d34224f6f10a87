"""Writing an article with its claims, and its versions: each article whole
or not at all, a changed text from a known origin placed among the other
versions of it, and reviews carried to the claims a version repeats."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable

from ..provenance.sql import DEADLINE_SQL
from .archives import save_archive
from .core import select, writing
from .sql import FTS_INSERT
from .versions import diff, selector

if TYPE_CHECKING:
    import sqlite_utils

    from .core import Readable


def set_deadlines(db: sqlite_utils.Database, article_id: int | None = None) -> None:
    """Each projection's deadline in the store (``None``) or one article, in
    SQL; :func:`deadlines` does the same for claims about to be stored."""
    if article_id is None:
        db.execute(DEADLINE_SQL.format(where="status = 'projected'"))
    else:
        db.execute(DEADLINE_SQL.format(where="article_id = ? and +status = 'projected'"), [article_id])


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_id_for(db: sqlite_utils.Database, digest: str) -> int | None:
    row = db.execute("select id from articles where sha256 = ?", [digest]).fetchone()
    return row[0] if row else None


def deadlines(claims: list[dict[str, Any]]) -> None:
    """Give each projection its deadline (DEADLINE_SQL's rule: a projected
    date's own end; for a figure or a quote, the earliest end of a projected
    date in its sentence), in one pass over an article's claims."""
    earliest: dict[int, str] = {}
    for c in claims:
        if c["kind"] == "date" and c["status"] == "projected" and c.get("date_end"):
            at = c["sentence_start"]
            earliest[at] = min(earliest.get(at, c["date_end"]), c["date_end"])
    for c in claims:
        if c["status"] == "projected":
            c["deadline"] = c.get("date_end") if c["kind"] == "date" else earliest.get(c["sentence_start"])


def save_article(db: sqlite_utils.Database, article: dict[str, Any], claims: Iterable[dict[str, Any]]) -> int | None:
    """Store an article and its claims in one transaction.

    Returns the new article id, or ``None`` when the same text is stored
    already (the unique hash decides, so two writers cannot both store it).
    When another text from the same origin (URL, else file) is stored, the
    new one becomes a version of it, placed by date (:func:`_newer`): the
    current version when it is the newest, which is the usual case, else an
    earlier version in its place in the chain, and the changes between
    neighbouring versions are recorded.  An ``archive`` (a page read from
    the web: :func:`claimledger.store.save_archive`) is stored with it.
    """
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
        if article.get("archive"):
            save_archive(db, article_id, article["archive"])
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
            deadlines(rows)
            _insert(db, "claims", rows)
            db.execute(FTS_INSERT, [article_id])
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
    """The new current version replaces ``previous_id`` (linking, which runs
    after, drops the replaced version's relations and relates the new one)."""
    _compare_versions(db, previous_id, article_id)
    db.execute("update articles set superseded_by = ? where id = ?", [article_id, previous_id])


def _compare_versions(db: sqlite_utils.Database, previous_id: int, article_id: int) -> list[dict[str, Any]]:
    """Record what ``article_id`` changed from the version before it, and
    carry reviews forward to the claims it repeats unchanged."""
    def claims_of(aid: int) -> list[dict[str, Any]]:
        return select(db, "select * from claims where article_id = ? order by span_start", [aid])

    texts = dict(db.execute("select id, text from articles where id in (?, ?)", [previous_id, article_id]).fetchall())
    changes = diff(claims_of(previous_id), claims_of(article_id), texts[article_id], texts[previous_id])
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
