"""claims merge: stores written apart become one, each article once, reviews carried over."""
import gc
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
    db_two.close()
    # the connections the commands above left open close now, not whenever the
    # collector next runs: the last one to close folds the WAL into the file
    gc.collect()
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


def test_a_merged_groups_ids_ascend_in_the_order_groups_lists_them(partitions, tmp_path):
    # `claims groups` reads a group's ids in (article, id) order and does not
    # sort them again: a merge numbers an article's claims with the article
    one, two = partitions
    merged = tmp_path / "claims.db"
    assert invoke("merge", two, one, "--into", merged).exit_code == 0
    groups = json.loads(invoke("groups", "--json", "--db", merged).output)
    assert groups and all(g["claim_ids"] == sorted(g["claim_ids"]) for g in groups)


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


def test_merge_keeps_every_review_even_when_only_the_note_differs(partitions, tmp_path):
    one, two = partitions
    db_two = store.connect(two)
    claim_id, reviewed_at = db_two.execute("select claim_id, reviewed_at from reviews").fetchone()
    # a second review in the same second by the same reviewer with the same verdict: another judgement
    db_two["reviews"].insert({"claim_id": claim_id, "verdict": "accurate", "reviewer": "desk",
                              "reviewed_at": reviewed_at, "note": "checked against the filing",
                              "evidence": "https://example.org/filing"})
    db_two.conn.commit()
    merged = tmp_path / "claims.db"
    result = invoke("merge", one, two, "--into", merged)
    assert "2 reviews copied" in result.output
    notes = [r[0] for r in store.connect(merged).execute("select note from reviews order by id")]
    assert notes == [None, "checked against the filing"]
    result = invoke("merge", one, two, "--into", merged)
    assert "0 reviews copied, 2 already present" in result.output
    assert store.connect(merged).execute("select count(*) from reviews").fetchone()[0] == 2


def test_merging_an_older_text_of_an_article_keeps_the_newer_one_current(nlp, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    old_text = "Brindle Motors said it aims to sell 40,000 electric scooters a year by 2032."
    new_text = "Brindle Motors said it aims to sell 55,000 electric scooters a year by 2032."
    write(folder, "story.md", "Daily Ore", "2030-03-01", old_text)
    old_store = tmp_path / "old.db"
    assert invoke("ingest", folder / "story.md", "--db", old_store).exit_code == 0
    write(folder, "story.md", "Daily Ore", "2030-03-09", new_text)  # the same URL, edited a week later
    new_store = tmp_path / "new.db"
    assert invoke("ingest", folder / "story.md", "--db", new_store).exit_code == 0

    merged = tmp_path / "claims.db"
    assert invoke("merge", new_store, "--into", merged).exit_code == 0
    result = invoke("merge", old_store, "--into", merged)
    assert "1 articles added (1 as earlier versions)" in result.output
    db = store.connect(merged)
    versions = db.execute("select version, published, superseded_by is null from articles order by version").fetchall()
    assert versions == [(1, "2030-03-01", 0), (2, "2030-03-09", 1)]
    changes = json.loads(invoke("changes", "--json", "--db", merged).output)
    assert [(c["change"], c["detail"]) for c in changes] == [("changed", "'40,000' → '55,000'")]
    listed = {r["surface"] for r in json.loads(invoke("list", "--json", "--db", merged).output)}
    assert "55,000" in listed and "40,000" not in listed


def test_merge_only_reads_the_stores_it_merges(partitions, tmp_path):
    one, two = partitions
    before = {p: p.read_bytes() for p in (one, two)}
    assert invoke("merge", one, two, "--into", tmp_path / "claims.db").exit_code == 0
    assert {p: p.read_bytes() for p in (one, two)} == before


def test_a_merge_carries_every_column_of_a_signature(tmp_path):
    """A partition's signatures travel with its claims; a column left out (as
    the scope once was) makes linking judge the merged claims differently."""
    from claimledger.merge import SIGNATURE_COLUMNS

    db = store.connect(tmp_path / "s.db")
    assert set(db["claim_signatures"].columns_dict) - {"representative"} == set(SIGNATURE_COLUMNS)


def test_a_merge_that_fails_keeps_the_articles_before_it_whole(partitions, tmp_path, monkeypatch):
    """Articles are merged in batches of one transaction: an article that
    fails takes nothing with it but itself, and what went before is kept
    and counted."""
    from claimledger import merge as merging

    one, _ = partitions  # a.md and b.md
    target = store.connect(tmp_path / "claims.db")
    merge_article, calls = merging._merge_article, []

    def second_fails(db, source, source_id, *args):
        calls.append(source_id)
        if len(calls) == 2:
            merge_article(db, source, source_id, *args)  # its rows are written, then it fails
            raise RuntimeError("disk on fire")
        merge_article(db, source, source_id, *args)

    monkeypatch.setattr(merging, "_merge_article", second_fails)
    report = merging.MergeReport()
    with pytest.raises(RuntimeError, match="disk on fire"):
        merging.merge_store(target, one, report)
    assert report.articles == 1 and len(report.article_ids) == 1
    assert [r[0] for r in target.execute("select id from articles")] == report.article_ids
    source_claims = store.connect(one).execute(
        "select count(*) from claims where article_id = ?", [calls[0]]).fetchone()[0]
    assert target.execute("select count(*) from claims").fetchone()[0] == source_claims > 0
    # the rest lands when the merge is run again
    monkeypatch.setattr(merging, "_merge_article", merge_article)
    again = merging.MergeReport()
    merging.merge_store(target, one, again)
    assert again.articles == 1 and again.duplicates == 1
