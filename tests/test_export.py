"""claims export: ClaimReview JSON-LD for reviewed claims, CSV and JSON lines for all."""
import csv
import io
import json

import pytest
from pyld import jsonld
from typer.testing import CliRunner

from claimledger.cli import app

from test_provenance import brindle, claim_id  # noqa: F401 - brindle is a fixture

runner = CliRunner()
SCHEMA = "https://schema.org/"


def offline_loader(url, options=None):
    """The schema.org context, without the network: its vocabulary is schema.org."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}}}


@pytest.fixture
def reviewed(brindle):
    db = brindle
    target = claim_id(db, "Ore Weekly", "40,000")
    result = runner.invoke(app, ["verify", str(target), "--verdict", "inaccurate", "--by", "desk",
                                 "--evidence", "https://evidence.example/report", "--note", "sales were lower"])
    assert result.exit_code == 0, result.output
    return db, target


def prop(node, name):
    return node[SCHEMA + name]


def test_claimreview_is_json_ld_with_the_required_properties(reviewed):
    db, target = reviewed
    result = runner.invoke(app, ["export", "--format", "claimreview"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    [review] = [n for n in expanded if SCHEMA + "ClaimReview" in n["@type"]]
    assert prop(review, "claimReviewed")[0]["@value"].startswith("Brindle Motors repeated its target")
    [item] = prop(review, "itemReviewed")
    assert item["@type"] == [SCHEMA + "Claim"]
    [author] = prop(item, "author")
    assert prop(author, "name")[0]["@value"] == "Brindle Motors"
    appearances = {prop(a, "url")[0]["@value"] for a in prop(item, "appearance")}
    assert appearances == {"https://news.example/a.md", "https://news.example/b.md"}  # the group's articles
    [first] = prop(item, "firstAppearance")
    assert prop(first, "url")[0]["@value"] == "https://news.example/a.md"  # published first
    [rating] = prop(review, "reviewRating")
    assert prop(rating, "alternateName")[0]["@value"] == "False"
    assert prop(rating, "ratingValue")[0]["@value"] == 1


def test_only_reviewed_claims_are_in_claimreview(reviewed):
    document = json.loads(runner.invoke(app, ["export", "--format", "claimreview"]).output)
    assert [r["identifier"] for r in document["@graph"]] == [f"claimledger:claim:{reviewed[1]}"]


def test_csv_and_jsonl_hold_every_claim(reviewed, tmp_path):
    db, _ = reviewed
    total = db.execute("select count(*) from claims").fetchone()[0]
    result = runner.invoke(app, ["export", "--format", "csv", "--output", str(tmp_path / "claims.csv")])
    assert result.exit_code == 0 and f"{total} records written" in result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == total and {"id", "surface", "status", "span_start", "title", "published", "reviewed"} <= set(rows[0])
    lines = runner.invoke(app, ["export", "-f", "jsonl"]).output.splitlines()
    assert len(lines) == total
    first = json.loads(lines[0])
    assert first["surface"] == db.execute("select surface from claims where id = ?", [first["id"]]).fetchone()[0]


def test_export_to_an_unwritable_place_is_one_line_error(reviewed, tmp_path):
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "missing" / "x.csv")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: cannot write")


def test_export_to_a_closed_standard_output_ends_quietly(reviewed, monkeypatch):
    import errno

    from claimledger import export

    def closed(db, fmt, out):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(export, "export", closed)
    result = runner.invoke(app, ["export", "-f", "jsonl"])
    assert result.exit_code == 0
    assert result.output == ""
