"""claims merge: stores written apart become one, each article once, reviews carried over."""
import json

import pytest
from typer.testing import CliRunner

from claimledger import store
from claimledger.cli import app

from test_provenance import ARTICLES, write

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def partitions(nlp, tmp_path):
    """Two stores from two partitions of the articles; b.md is in both."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (publisher, published, text) in ARTICLES.items():
        write(folder, name, publisher, published, text)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert invoke("ingest", folder / "a.md", folder / "b.md", "--db", one).exit_code == 0
    assert invoke("ingest", folder / "b.md", folder / "c.md", "--db", two).exit_code == 0
    db_two = store.connect(two)
    target = db_two.execute("select c.id from claims c join articles a on a.id = c.article_id "
                            "where a.publisher = 'Ore Weekly' and c.surface = '40,000'").fetchone()[0]
    assert invoke("verify", target, "--verdict", "accurate", "--by", "desk", "--db", two).exit_code == 0
    return one, two


def test_merge_stores_each_article_once_with_its_claims(partitions, tmp_path):
    one, two = partitions
    merged = tmp_path / "claims.db"
    result = invoke("merge", one, two, "--into", merged)
    assert result.exit_code == 0, result.output
    assert "3 articles added, 1 already present" in result.output
    db = store.connect(merged)
    assert db.execute("select count(*) from articles").fetchone()[0] == 3
    expected = sum(store.connect(p).execute("select count(*) from claims").fetchone()[0] for p in (one, two))
    shared = store.connect(one).execute(
        "select count(*) from claims c join articles a on a.id = c.article_id where a.publisher = 'Ore Weekly'"
    ).fetchone()[0]
    assert db.execute("select count(*) from claims").fetchone()[0] == expected - shared
    # the text, offsets and provenance survive the move
    for row in db.query("select c.surface, c.span_start, c.span_end, a.text from claims c "
                        "join articles a on a.id = c.article_id"):
        assert row["text"][row["span_start"]:row["span_end"]] == row["surface"]


def test_merge_carries_reviews_and_rebuilds_groups(partitions, tmp_path):
    one, two = partitions
    merged = tmp_path / "claims.db"
    assert invoke("merge", one, two, "--into", merged).exit_code == 0
    db = store.connect(merged)
    reviews = list(db.query("select r.verdict, r.reviewer, c.surface, a.publisher from reviews r "
                            "join claims c on c.id = r.claim_id join articles a on a.id = c.article_id"))
    assert reviews == [{"verdict": "accurate", "reviewer": "desk", "surface": "40,000", "publisher": "Ore Weekly"}]
    groups = json.loads(invoke("groups", "--json", "--db", merged).output)
    assert any(g["surface"] == "40,000" and g["sources"] == 2 for g in groups)


def test_merging_again_adds_nothing(partitions, tmp_path):
    one, two = partitions
    merged = tmp_path / "claims.db"
    invoke("merge", one, two, "--into", merged)
    result = invoke("merge", one, two, "--into", merged)
    assert "0 articles added, 4 already present" in result.output
    db = store.connect(merged)
    assert db.execute("select count(*) from reviews").fetchone()[0] == 1


def test_merge_refuses_a_missing_store_and_the_target_itself(partitions, tmp_path):
    one, _ = partitions
    result = invoke("merge", tmp_path / "nope.db", "--into", one)
    assert result.exit_code == 1 and "no store at" in result.output
    result = invoke("merge", one, "--into", one)
    assert result.exit_code == 1 and "target store itself" in result.output
