"""Combine claim stores: the last step of extraction spread over many
workers or machines (docs/scaling.md), each writing its own store.

An article is stored once, whichever stores hold it (the text's SHA-256
decides); its claims come with it, and so does the archived copy of a page
read from the web.  Articles are added with the same code
as ``claims ingest``, so a changed text from a known origin becomes a
version of it, placed among the others by publication date, then by when
it was first ingested: merging an older text never makes it the current
one.  Reviews are human judgement and append-only, so every review row is
carried over to the matching claim; merging the same store again adds
none twice.  The stores merged in are only read.  Groups and conflicts are
recomputed at the end.  A store whose claims are signed already (a
partition of a Dask ingest, :mod:`claimledger.cluster`) can hand its
signatures over, so the one writer that links only compares.
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from . import store
from .provenance.linking import add_to_blocks, link

# columns the target sets itself when it stores a claim
DERIVED_CLAIM_COLUMNS = {"id", "article_id", "sentence", "quote_prefix", "quote_suffix", "group_id", "lineage_id"}
ARTICLE_COLUMNS = ("source", "text", "title", "url", "publisher", "published", "origin", "ingested_at")
# articles merged in one transaction: with a commit for each article, each
# waiting for the disk, 300 articles took 1.34 s to merge; in batches, 0.75 s
BATCH_SIZE = 32
REVIEW_COLUMNS = ("verdict", "evidence", "note", "reviewer", "reviewed_at")
# what a signature holds of its claim, the group it represents left to linking
SIGNATURE_COLUMNS = ("claim_id", "article_id", "kind", "status", "measure", "period", "low", "high", "qualifier",
                     "quote", "quote_length", "names", "words", "scope")


@dataclass
class MergeReport:
    articles: int = 0
    duplicates: int = 0
    earlier_versions: int = 0  # texts older than the current version of their origin
    claims: int = 0
    reviews: int = 0
    reviews_present: int = 0
    sources: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)  # of the articles added

    def summary(self) -> str:
        earlier = f" ({self.earlier_versions} as earlier versions)" if self.earlier_versions else ""
        return (f"{len(self.sources)} stores merged: {self.articles} articles added{earlier}, {self.duplicates} "
                f"already present, {self.claims} claims, {self.reviews} reviews copied, "
                f"{self.reviews_present} already present")


def _claim_key(row: dict) -> tuple:
    return (row["kind"], row["span_start"], row["span_end"])


def merge(target: sqlite_utils.Database, paths: list[str | os.PathLike]) -> MergeReport:
    report = MergeReport()
    for path in paths:
        merge_store(target, path, report)
    link(target)
    return report


def merge_store(target: sqlite_utils.Database, path: str | os.PathLike, report: MergeReport,
                signatures: bool = False) -> None:
    """Add one store's articles, claims and reviews to ``target``, without
    linking (:func:`merge` links once, after the last store).  With
    ``signatures``, the signatures the store holds come along with its
    claims: only for stores written by this same code, since a signature is
    not recomputed once stored."""
    target_file = os.path.realpath(target.conn.execute("pragma database_list").fetchone()[2])
    if os.path.realpath(path) == target_file:
        raise store.StoreError(f"{path} is the target store itself")
    source = store.open_for_reading(path)
    try:
        _merge_one(target, source, report, signatures)
    finally:
        source.close()
    report.sources.append(str(path))


def _merge_one(target: sqlite_utils.Database, source: sqlite3.Connection, report: MergeReport,
               signatures: bool = False) -> None:
    claim_ids: dict[int, int] = {}  # source claim id -> target claim id
    has_copies = bool(source.execute(
        "select 1 from sqlite_master where type = 'table' and name = 'archived_copies'").fetchone())
    ids = [r[0] for r in source.execute("select id from articles order by id")]
    for start in range(0, len(ids), BATCH_SIZE):
        _merge_batch(target, source, ids[start: start + BATCH_SIZE], has_copies, signatures, claim_ids, report)
    _copy_reviews(target, source, claim_ids, report)


def _merge_batch(target: sqlite_utils.Database, source: sqlite3.Connection, ids: list[int], has_copies: bool,
                 signatures: bool, claim_ids: dict[int, int], report: MergeReport) -> None:
    """Merge a batch of articles in one transaction, as ``claims ingest``
    stores them, each article with its claims and their signatures whole in
    a savepoint of its own.  When one fails, the articles merged before it
    are committed and counted, then the error goes on up."""
    done: list[MergeReport] = []
    try:
        with store.batch_transaction(target) as done:
            for source_id in ids:
                one = MergeReport()
                with store.writing(target):  # a savepoint inside the batch's transaction
                    _merge_article(target, source, source_id, has_copies, signatures, claim_ids, one)
                done.append(one)
    finally:
        _add(report, done)


def _add(report: MergeReport, merged: list[MergeReport]) -> None:
    """Count articles once they are committed."""
    for one in merged:
        report.articles += one.articles
        report.duplicates += one.duplicates
        report.earlier_versions += one.earlier_versions
        report.claims += one.claims
        report.article_ids += one.article_ids


def _merge_article(target: sqlite_utils.Database, source: sqlite3.Connection, source_id: int, has_copies: bool,
                   signatures: bool, claim_ids: dict[int, int], report: MergeReport) -> None:
    article = store.select(source, "select * from articles where id = ?", [source_id])[0]
    claims = store.select(source, "select * from claims where article_id = ? order by id", [source_id])
    copy = store.select(source, "select * from archived_copies where article_id = ?",
                        [source_id]) if has_copies else []
    article_id = store.save_article(target, {**{k: article[k] for k in ARTICLE_COLUMNS},
                                             "archive": copy[0] if copy else None},
                                    [{k: v for k, v in c.items() if k not in DERIVED_CLAIM_COLUMNS}
                                     for c in claims])
    if article_id is None:
        report.duplicates += 1
        article_id = store.article_id_for(target, article["sha256"])
    else:
        report.articles += 1
        report.claims += len(claims)
        report.article_ids.append(article_id)
        report.earlier_versions += target.execute(
            "select superseded_by is not null from articles where id = ?", [article_id]).fetchone()[0]
        if signatures:
            _copy_signatures(target, source, source_id, article_id, [c["id"] for c in claims])
    stored = {_claim_key(r): r["id"] for r in target.query(
        "select id, kind, span_start, span_end from claims where article_id = ?", [article_id])}
    for c in claims:
        if _claim_key(c) in stored:
            claim_ids[c["id"]] = stored[_claim_key(c)]


def _copy_signatures(target: sqlite_utils.Database, source: sqlite3.Connection, source_article: int,
                     article_id: int, source_claims: list[int]) -> None:
    """The signatures of an article just added, when the source signed every
    one of its claims (else linking signs them).  ``save_article`` numbers
    an article's claims in the order given, which is the source's, so the
    n-th claim there is the n-th here."""
    cursor = source.execute(f"select {', '.join(SIGNATURE_COLUMNS)} from claim_signatures where article_id = ? "
                            "order by claim_id", [source_article])
    rows = cursor.fetchall()
    if not rows or [r[0] for r in rows] != source_claims:
        return
    new_ids = dict(zip(source_claims, (r[0] for r in target.execute(
        "select id from claims where article_id = ? order by id", [article_id]))))
    names = source.execute("select n.claim_id, n.kind, n.measure, b.name from signature_names n "
                           "join block_names b on b.id = n.name_id "
                           "join claim_signatures s on s.claim_id = n.claim_id where s.article_id = ?",
                           [source_article]).fetchall()
    target.conn.executemany(
        f"insert into claim_signatures ({', '.join(SIGNATURE_COLUMNS)}) "
        f"values ({', '.join('?' * len(SIGNATURE_COLUMNS))})",
        [(new_ids[r[0]], article_id, *r[2:]) for r in rows])
    add_to_blocks(target.conn, [(new_ids[n[0]], *n[1:]) for n in names])


def _copy_reviews(target: sqlite_utils.Database, source: sqlite3.Connection, claim_ids: dict[int, int],
                  report: MergeReport) -> None:
    """Every review row of the source, on its claim in the target.  A review
    is its whole row (claim, verdict, evidence, note, reviewer, time and the
    claim examined for a group review), and rows are counted: the target
    gets as many of each as the source has beyond those it holds, so two
    reviews that differ only in their note are both kept, and merging a
    store twice copies nothing the second time."""
    wanted: Counter = Counter()
    for review in store.select(source, "select * from reviews order by id"):
        claim_id = claim_ids.get(review["claim_id"])
        if claim_id is None:
            continue
        via = review.get("via_claim_id")
        wanted[(claim_id, *(review[k] for k in REVIEW_COLUMNS), claim_ids.get(via) if via else None)] += 1
    if not wanted:
        return
    held: Counter = Counter()
    for claim_id in {key[0] for key in wanted}:
        held.update(tuple(r) for r in target.execute(
            f"select claim_id, {', '.join(REVIEW_COLUMNS)}, via_claim_id from reviews where claim_id = ?",
            [claim_id]))
    rows = []
    for key, count in wanted.items():
        present = min(count, held[key])
        report.reviews_present += present
        rows += [dict(zip(("claim_id", *REVIEW_COLUMNS, "via_claim_id"), key))] * (count - present)
    with store.writing(target):
        if rows:
            target["reviews"].insert_all(rows)
    report.reviews += len(rows)
