"""Export the store: every claim as CSV or JSON lines, reviewed claims as
schema.org ``ClaimReview`` JSON-LD, the markup fact-checkers publish so
search engines and aggregators can show their verdicts, and the archived
copies of pages read from the web as a WARC file, the web archives'
standard format (ISO 28500), which replay tools and archives read."""
from __future__ import annotations

import csv
import json
from datetime import datetime
from http import HTTPStatus
from io import BytesIO
from typing import TYPE_CHECKING, Any, BinaryIO, Iterator, TextIO

from .provenance.reports import first_appearance
from .store import VERDICTS, ClaimFilter, archived_copies, list_claims, select

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


# headers that described the bytes on the wire, not the body as stored (decoded, whole)
WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def _warc_date(fetched_at: str) -> str:
    """ISO 8601 in UTC as WARC writes it: ``2026-05-04T09:12:03Z``."""
    return datetime.fromisoformat(fetched_at).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(db: Readable, out: BinaryIO) -> int:
    """Write every archived copy as a WARC ``response`` record (the HTTP
    status line and headers, then the body as stored) followed by a
    ``metadata`` record that refers to it and names the article, the URL
    requested and the article's canonical URL; returns how many copies.
    The body is stored after its Content-Encoding was undone, so that
    header, Transfer-Encoding and Content-Length are replaced by the
    stored body's length."""
    from importlib.metadata import version

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record(None, {
        "software": f"claimledger/{version('claimledger')}",
        "format": "WARC File Format 1.0",
        "description": "pages as claimledger read them, each followed by a metadata record naming its article",
    }))
    count = 0
    for copy in archived_copies(db):
        body = copy["body"]
        headers = [(k, v) for k, v in copy["headers"] if k.lower() not in WIRE_HEADERS]
        if copy["content_type"] and not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", copy["content_type"]))
        headers.append(("Content-Length", str(len(body))))
        try:
            reason = copy["reason"] or HTTPStatus(copy["status"]).phrase
        except ValueError:
            reason = ""
        protocol = {"HTTP/2": "HTTP/2", "HTTP/1.0": "HTTP/1.0"}.get(copy["http_version"] or "", "HTTP/1.1")
        date = _warc_date(copy["fetched_at"])
        response = writer.create_warc_record(
            copy["url"], "response", payload=BytesIO(body), length=len(body),
            http_headers=StatusAndHeaders(f"{copy['status']} {reason}".strip(), headers, protocol=protocol),
            warc_headers_dict={"WARC-Date": date})
        writer.write_record(response)
        about = "".join(f"{k}: {v}\r\n" for k, v in (
            ("article-id", copy["article_id"]), ("source", copy["source"]), ("requested-url", copy["requested_url"]),
            ("canonical-url", copy["article_url"]), ("title", copy["title"]), ("sha256", copy["sha256"])) if v)
        writer.write_record(writer.create_warc_record(
            copy["url"], "metadata", payload=BytesIO(about.encode("utf-8")), length=len(about.encode("utf-8")),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": date,
                               "WARC-Refers-To": response.rec_headers.get_header("WARC-Record-ID")}))
        count += 1
    return count


def export(db: Readable, fmt: str, out: TextIO) -> int:
    """Write ``fmt`` to ``out``; returns the number of records written
    (``warc`` is binary: :func:`write_warc`)."""
    if fmt == "claimreview":
        return write_claimreview(db, out)
    rows = claim_rows(db)
    (write_csv if fmt == "csv" else write_jsonl)(rows, out)
    return len(rows)
