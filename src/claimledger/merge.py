"""Combine claim stores: the last step of extraction spread over many
workers or machines (docs/scaling.md), each writing its own store.

An article is stored once, whichever stores hold it (the text's SHA-256
decides); its claims come with it, and every review is carried over to the
matching claim in the target, once.  Articles are added with the same
code as ``claims ingest``, so a changed text from a known origin becomes a
new version, and groups and conflicts are recomputed at the end.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import sqlite_utils

from . import store

# columns the target sets itself when it stores a claim
DERIVED_CLAIM_COLUMNS = {"id", "article_id", "sentence", "quote_prefix", "quote_suffix", "group_id"}
ARTICLE_COLUMNS = ("source", "text", "title", "url", "publisher", "published", "origin", "ingested_at")


@dataclass
class MergeReport:
    articles: int = 0
    duplicates: int = 0
    claims: int = 0
    reviews: int = 0
    sources: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.sources)} stores merged: {self.articles} articles added, {self.duplicates} already "
                f"present, {self.claims} claims, {self.reviews} reviews")


def _claim_key(row: dict) -> tuple:
    return (row["kind"], row["span_start"], row["span_end"])


def merge(target: sqlite_utils.Database, paths: list[str | os.PathLike]) -> MergeReport:
    report = MergeReport()
    target_file = os.path.realpath(target.conn.execute("pragma database_list").fetchone()[2])
    for path in paths:
        if os.path.realpath(path) == target_file:
            raise store.StoreError(f"{path} is the target store itself")
        source = store.open_existing(path)
        try:
            _merge_one(target, source, report)
        finally:
            source.close()
        report.sources.append(str(path))
    from .provenance import link

    link(target)
    return report


def _merge_one(target: sqlite_utils.Database, source: sqlite_utils.Database, report: MergeReport) -> None:
    claim_ids: dict[int, int] = {}  # source claim id -> target claim id
    for article in source.query("select * from articles order by id"):
        claims = [dict(c) for c in source.query("select * from claims where article_id = ? order by id",
                                                [article["id"]])]
        article_id = store.save_article(target, {k: article[k] for k in ARTICLE_COLUMNS},
                                        [{k: v for k, v in c.items() if k not in DERIVED_CLAIM_COLUMNS}
                                         for c in claims])
        if article_id is None:
            report.duplicates += 1
            article_id = store.article_id_for(target, article["sha256"])
        else:
            report.articles += 1
            report.claims += len(claims)
        stored = {_claim_key(r): r["id"] for r in target.query(
            "select id, kind, span_start, span_end from claims where article_id = ?", [article_id])}
        for c in claims:
            if _claim_key(c) in stored:
                claim_ids[c["id"]] = stored[_claim_key(c)]
    reviews = []
    for review in source.query("select * from reviews order by id"):
        claim_id = claim_ids.get(review["claim_id"])
        if claim_id is None:
            continue
        exists = target.execute(
            "select 1 from reviews where claim_id = ? and verdict = ? and reviewed_at = ? "
            "and coalesce(reviewer, '') = coalesce(?, '')",
            [claim_id, review["verdict"], review["reviewed_at"], review["reviewer"]]).fetchone()
        if exists:
            continue
        via = review.get("via_claim_id")
        reviews.append({**{k: review[k] for k in ("verdict", "evidence", "note", "reviewer", "reviewed_at")},
                        "claim_id": claim_id, "via_claim_id": claim_ids.get(via) if via else None})
    with store.writing(target):
        if reviews:
            target["reviews"].insert_all(reviews)
    report.reviews += len(reviews)
