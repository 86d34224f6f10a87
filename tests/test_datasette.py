import asyncio

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.serve import build_datasette

from conftest import CORPUS, SEED


@pytest.fixture
def datasette(nlp, isolated_store):
    assert CliRunner().invoke(app, ["ingest", str(SEED)]).exit_code == 0
    return build_datasette(isolated_store)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_tables_have_descriptions(datasette):
    data = get(datasette, "/claims.json").json()
    assert {t["name"] for t in data["tables"]} >= {"articles", "claims", "reviews"}
    meta = datasette.metadata(database="claims", table="claims")
    assert meta["description"] and meta["columns"]["status"]


@pytest.mark.parametrize("query,expected", [
    ("unverified_claims", 19),
    ("projections_with_deadlines", 3),
    ("claims_by_source", 1),
])
def test_canned_queries(datasette, query, expected):
    response = get(datasette, f"/claims/{query}.json?_shape=array&status=")
    assert response.status_code == 200
    assert len(response.json()) == expected


def test_facets_on_claims(datasette):
    data = get(datasette, "/claims/claims.json?_facet=status").json()
    facet = {r["value"]: r["count"] for r in data["facet_results"]["status"]["results"]}
    assert facet == {"projected": 13, "confirmed": 6}


def test_writes_through_the_query_page_fail(datasette):
    response = get(datasette, "/claims.json?sql=delete+from+claims")
    assert response.status_code == 400
    assert get(datasette, "/claims/claims.json?_shape=array").json()


@pytest.fixture
def desk(nlp, isolated_store):
    """The demo corpus: the Kia story from several outlets."""
    assert CliRunner().invoke(app, ["ingest", str(CORPUS)]).exit_code == 0
    return build_datasette(isolated_store)


def test_provenance_canned_queries_on_the_demo_corpus(desk):
    groups = get(desk, "/claims/claim_groups.json?_shape=array").json()
    target = [g for g in groups if g["surface"] == "90,000"]
    assert len(target) == 1 and target[0]["sources"] == 5 and target[0]["first_publisher"] == "AutoWire Daily"
    conflicts = get(desk, "/claims/conflicts.json?_shape=array").json()
    assert any({c["surface"], c["other_surface"]} == {"90,000", "100,000"} for c in conflicts)
    due_then = get(desk, "/claims/due_projections.json?_shape=array&as_of=2031-01-01").json()
    due_before = get(desk, "/claims/due_projections.json?_shape=array&as_of=2025-01-01").json()
    assert due_then and not due_before
    assert all(row["deadline"] < "2031-01-01" for row in due_then)
