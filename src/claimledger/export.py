"""Export the store: every claim as CSV or JSON lines, reviewed claims as
schema.org ``ClaimReview`` JSON-LD, the markup fact-checkers publish so
search engines and aggregators can show their verdicts."""
from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any, Iterator, TextIO

from .provenance.reports import first_appearance
from .store import VERDICTS, ClaimFilter, list_claims, select

if TYPE_CHECKING:
    from .store import Readable

SCHEMA = "https://schema.org"
RATING_SCALE = (1, 4)  # worst, best: VERDICTS maps each verdict onto it


def claim_rows(db: Readable) -> list[dict[str, Any]]:
    """Every claim, of every article version, with its article's details."""
    return list_claims(db, ClaimFilter(all_versions=True))


def write_jsonl(rows: list[dict[str, Any]], out: TextIO) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _work(url: str | None, source: str | None, published: str | None) -> dict[str, Any]:
    """An article as a schema.org CreativeWork: its URL, else its source name."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if url:
        work["url"] = url
    elif source:
        work["name"] = source
    if published:
        work["datePublished"] = published
    return work


def claim_reviews(db: Readable) -> Iterator[dict[str, Any]]:
    """One ClaimReview per reviewed claim, from its latest review."""
    reviewed = select(
        db,
        "select c.id, c.sentence, c.surface, c.attributed_to, c.group_id, a.url, a.source, a.publisher, "
        "a.published, r.verdict, r.reviewer, r.reviewed_at, r.evidence, r.note "
        "from reviews r join claims c on c.id = r.claim_id join articles a on a.id = c.article_id "
        "where r.id = (select max(id) from reviews where claim_id = c.id) order by c.id",
    )
    for row in reviewed:
        appearances = _appearances(db, row)
        first = first_appearance(db, row["id"]) or row
        rating_value, rating_name = VERDICTS[row["verdict"]]
        rating = {"@type": "Rating", "alternateName": rating_name,
                  "worstRating": RATING_SCALE[0], "bestRating": RATING_SCALE[1]}
        if rating_value is not None:
            rating["ratingValue"] = rating_value
        claim: dict[str, Any] = {
            "@type": "Claim",
            "appearance": [_work(a["url"], a["source"], a["published"]) for a in appearances],
            "firstAppearance": _work(first["url"], first["source"], first["published"]),
        }
        speaker = row["attributed_to"] or row["publisher"]
        if speaker:
            claim["author"] = {"@type": "Person" if row["attributed_to"] else "Organization", "name": speaker}
        if first["published"]:
            claim["datePublished"] = first["published"]
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "identifier": f"claimledger:claim:{row['id']}",
            "claimReviewed": " ".join(row["sentence"].split()),
            "itemReviewed": claim,
            "reviewRating": rating,
            "datePublished": row["reviewed_at"][:10],
        }
        if row["reviewer"]:
            review["author"] = {"@type": "Person", "name": row["reviewer"]}
        if row["evidence"]:
            review["citation"] = row["evidence"]
        if row["note"]:
            review["reviewBody"] = row["note"]
        yield review


def _appearances(db: Readable, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The articles that state the claim (its group's, when it has one)."""
    if row["group_id"] is None:
        return [row]
    return select(
        db,
        "select distinct a.id, a.url, a.source, a.published from claims c "
        "join articles a on a.id = c.article_id where c.group_id = ? order by a.published, a.id",
        [row["group_id"]],
    )


def write_claimreview(db: Readable, out: TextIO) -> int:
    """Write the ClaimReview JSON-LD document; returns how many reviews it holds."""
    graph = list(claim_reviews(db))
    json.dump({"@context": SCHEMA, "@graph": graph}, out, indent=2, ensure_ascii=False)
    out.write("\n")
    return len(graph)


def export(db: Readable, fmt: str, out: TextIO) -> int:
    """Write ``fmt`` to ``out``; returns the number of records written."""
    if fmt == "claimreview":
        return write_claimreview(db, out)
    rows = claim_rows(db)
    (write_csv if fmt == "csv" else write_jsonl)(rows, out)
    return len(rows)
