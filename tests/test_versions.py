"""Re-ingesting an edited article stores a new version and records what changed."""
import json

import pytest
from typer.testing import CliRunner

from claimledger import store
from claimledger.cli import app
from claimledger.store.versions import diff, refind, selector

runner = CliRunner()

FIRST = (
    "Brindle Motors said on Monday that it aims to sell 40,000 electric scooters a year by 2032.\n\n"
    "The scooters will cost about $2,400 each, the company said.\n\n"
    "Sales chief Ana Ruiz said the Porto plant employs 1,200 people.\n"
)
# the figure revised, the price paragraph removed, a date added, a paragraph
# inserted at the top so every later offset moves
SECOND = (
    "Updated with the new target.\n\n"
    "Brindle Motors said on Monday that it aims to sell 55,000 electric scooters a year by 2032.\n\n"
    "Sales chief Ana Ruiz said the Porto plant employs 1,200 people.\n\n"
    "Deliveries begin in March 2031.\n"
)


def write(path, text):
    path.write_text(f"---\ntitle: Brindle\npublisher: Ore Weekly\npublished: 2030-03-01\n---\n{text}", encoding="utf-8")


def ingest(path):
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    return result


def test_selector_keeps_32_characters_each_side():
    text = "x" * 40 + "ANCHOR" + "y" * 40
    sel = selector(text, 40, 46)
    assert sel == {"exact": "ANCHOR", "prefix": "x" * 32, "suffix": "y" * 32}
    assert selector("ab ANCHOR cd", 3, 9) == {"exact": "ANCHOR", "prefix": "ab ", "suffix": " cd"}


def test_refind_picks_the_occurrence_with_matching_surroundings():
    text = "In 2030 the plant opened. Brindle aims to sell scooters by 2030 across Europe."
    second = text.rindex("2030")
    sel = selector(text, second, second + 4)
    moved = "A new first line. " + text
    assert refind(sel["exact"], sel["prefix"], sel["suffix"], moved) == (second + 18, second + 22)
    assert refind("2031", sel["prefix"], sel["suffix"], moved) is None
    # the quote still occurs, but nowhere near its old surroundings
    assert refind(sel["exact"], sel["prefix"], sel["suffix"], "Elsewhere entirely, in 2030.") is None


def claim(id, text, surface, kind="number", **values):
    start = text.index(surface)
    sel = selector(text, start, start + len(surface))
    return {"id": id, "kind": kind, "surface": surface, "span_start": start, "span_end": start + len(surface),
            "quote_prefix": sel["prefix"], "quote_suffix": sel["suffix"], "status": "projected", **values}


def test_diff_names_each_kind_of_change():
    old_text = "It aims to sell 40,000 scooters a year. They cost $2,400. The plant employs 1,200 people."
    new_text = "Note. It aims to sell 55,000 scooters a year. The plant employs 1,200 people. Sales begin in 2031."
    old = [claim(1, old_text, "40,000", number=40000), claim(2, old_text, "$2,400", number=2400),
           claim(3, old_text, "1,200", number=1200)]
    new = [claim(11, new_text, "55,000", number=55000), claim(13, new_text, "1,200", number=1200),
           claim(14, new_text, "2031", kind="date")]
    rows = {(r["change"], r["previous_claim_id"], r["claim_id"]) for r in diff(old, new, new_text)}
    assert rows == {("changed", 1, 11), ("disappeared", 2, None), ("unchanged", 3, 13), ("appeared", None, 14)}


def test_a_status_change_in_place_is_a_change():
    text = "Brindle will open the plant in 2031."
    old = [claim(1, text, "2031", kind="date", date_start="2031-01-01")]
    new = [dict(old[0], id=2, status="confirmed")]
    [row] = diff(old, new, text)
    assert (row["change"], row["detail"]) == ("changed", "projected → confirmed")


@pytest.fixture
def versions(nlp, tmp_path, isolated_store):
    path = tmp_path / "brindle.md"
    write(path, FIRST)
    ingest(path)
    write(path, SECOND)
    result = ingest(path)
    return store.connect(isolated_store), result


def test_reingesting_an_edited_article_stores_a_new_version(versions):
    db, result = versions
    assert "article 2 is version 2 of article 1" in result.output
    rows = list(db.query("select id, version, previous_version_id, superseded_by from articles order by id"))
    assert rows == [{"id": 1, "version": 1, "previous_version_id": None, "superseded_by": 2},
                    {"id": 2, "version": 2, "previous_version_id": 1, "superseded_by": None}]
    # the old version and its claims are kept
    assert db.execute("select count(*) from claims where article_id = 1").fetchone()[0] > 0


def test_changes_lists_what_appeared_disappeared_and_changed(versions):
    rows = json.loads(runner.invoke(app, ["changes", "--json"]).output)
    seen = {(r["change"], r["surface"]) for r in rows}
    assert ("changed", "55,000") in seen
    assert any(change == "disappeared" and "2,400" in surface for change, surface in seen)
    assert ("appeared", "March 2031") in seen
    assert not any(surface == "1,200" for _, surface in seen)  # moved, not changed
    changed = next(r for r in rows if r["surface"] == "55,000")
    assert "40,000" in changed["detail"]


def test_unchanged_claims_are_refound_although_their_offsets_moved(versions):
    db, _ = versions
    row = db.execute(
        "select o.span_start, n.span_start from claim_changes ch join claims o on o.id = ch.previous_claim_id "
        "join claims n on n.id = ch.claim_id where ch.change = 'unchanged' and n.surface = '1,200'").fetchone()
    assert row is not None and row[0] != row[1]


def test_lists_show_the_current_version_unless_asked(versions):
    current = json.loads(runner.invoke(app, ["list", "--json"]).output)
    everything = json.loads(runner.invoke(app, ["list", "--all-versions", "--json"]).output)
    assert {r["article_id"] for r in current} == {2}
    assert {r["article_id"] for r in everything} == {1, 2}
    db, _ = versions
    assert {r["article_id"] for r in db.query("select article_id from unverified_claims")} == {2}


def test_show_tells_the_claim_history(versions):
    db, _ = versions
    new_id = db.execute("select id from claims where surface = '55,000'").fetchone()[0]
    shown = json.loads(runner.invoke(app, ["show", str(new_id), "--json"]).output)
    assert shown["version"] == 2
    assert [v["change"] for v in shown["versions"]] == ["changed"]
    text = runner.invoke(app, ["show", str(new_id)]).output
    assert "changed from claim" in text and "'40,000' → '55,000'" in text


def test_the_same_text_again_is_a_duplicate_not_a_version(versions, tmp_path):
    result = ingest(tmp_path / "brindle.md")
    assert "1 duplicate skipped" in result.output
    db, _ = versions
    assert db.execute("select count(*) from articles").fetchone()[0] == 2


def test_an_unchanged_claim_of_a_new_version_keeps_its_reviews_and_a_changed_one_does_not(tmp_path):
    path = tmp_path / "brindle.md"
    write(path, FIRST)
    ingest(path)
    db = store.connect()
    first = {r["surface"]: r["id"] for r in db.query("select id, surface from claims")}
    for surface in ("1,200", "40,000"):
        assert runner.invoke(app, ["verify", str(first[surface]), "--verdict", "accurate", "--by", "ana"]).exit_code == 0

    write(path, SECOND)
    ingest(path)
    current = {r["surface"]: r["id"] for r in db.query(
        "select c.id, c.surface from claims c join articles a on a.id = c.article_id where a.superseded_by is null")}
    unverified = json.loads(runner.invoke(app, ["list", "--unverified", "--json"]).output)
    assert current["1,200"] not in {r["id"] for r in unverified}  # unchanged: still settled
    assert current["55,000"] in {r["id"] for r in unverified}  # changed from 40,000: to be reviewed again

    # linked, not copied: the review still names the claim it was made on
    shown = json.loads(runner.invoke(app, ["show", str(current["1,200"]), "--json"]).output)
    assert [(r["claim_id"], r["reviewer"]) for r in shown["reviews"]] == [(first["1,200"], "ana")]
    assert db.execute("select count(*) from reviews").fetchone()[0] == 2
    assert "Reviews:     none yet" not in runner.invoke(app, ["show", str(current["1,200"])]).output

    # a review of the new claim settles the old one too: they are one claim
    assert runner.invoke(app, ["verify", str(current["1,200"]), "--verdict", "misleading"]).exit_code == 0
    assert [r["verdict"] for r in store.reviews_of(db, first["1,200"])] == ["accurate", "misleading"]


def test_lineages_follow_a_chain_of_versions(tmp_path):
    path = tmp_path / "brindle.md"
    write(path, FIRST)
    ingest(path)
    write(path, SECOND)
    ingest(path)
    write(path, SECOND + "\nA third paragraph, with 7 new bikes.\n")
    ingest(path)
    db = store.connect()
    rows = db.execute("select a.version, c.id, c.lineage_id from claims c join articles a on a.id = c.article_id "
                      "where c.surface = '1,200' order by a.version").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3]
    assert {r[2] for r in rows} == {rows[0][1]}


def test_a_store_from_before_lineages_gets_them_from_its_recorded_changes(tmp_path):
    path = tmp_path / "brindle.md"
    write(path, FIRST)
    ingest(path)
    write(path, SECOND)
    ingest(path)
    db = store.connect()
    expected = db.execute("select id, lineage_id from claims order by id").fetchall()
    db.execute("drop index idx_claims_lineage_id")
    db.execute("update claims set lineage_id = null")
    db.execute("delete from _sqlite_migrations where name = 'm014_claim_lineage'")
    # what m013 left: the view read reviews by claim, and the column did not exist yet
    db.create_view("unverified_claims", store.UNVERIFIED_TEMPLATE.format(reviewed=store.REVIEWED_BEFORE_LINEAGE),
                   replace=True)
    db.execute("alter table claims drop column lineage_id")
    db.conn.commit()
    db.close()
    assert store.connect().execute("select id, lineage_id from claims order by id").fetchall() == expected


def _numbers(text):
    """Claim rows for the figures of ``text``, as extraction would give them."""
    import re

    return [{"kind": "number", "span_start": m.start(), "span_end": m.end(), "surface": m.group(),
             "sentence_start": 0, "sentence_end": len(text), "status": "confirmed",
             "number": float(m.group().replace(",", ""))} for m in re.finditer(r"\d[\d,]*\d|\d", text)]


def test_a_version_older_than_the_current_one_takes_its_place_in_the_chain(tmp_path):
    db = store.connect(tmp_path / "s.db")
    texts = {
        "2030-03-01": "The plant employs 1,200 people and makes 40 scooters a day.",
        "2030-03-05": "The plant employs 1,200 people and makes 45 scooters a day.",
        "2030-03-09": "The plant employs 1,200 people and makes 45 scooters a day, up from 40.",
    }

    def save(published):
        return store.save_article(db, {"text": texts[published], "origin": "https://news.example/plant",
                                       "published": published}, _numbers(texts[published]))

    first, last = save("2030-03-01"), save("2030-03-09")
    reviewed = db.execute("select id from claims where article_id = ? and surface = '1,200'", [first]).fetchone()[0]
    store.add_review(db, reviewed, "accurate")
    middle = save("2030-03-05")  # arrives last, belongs in the middle
    chain = db.execute("select id, version, previous_version_id, superseded_by from articles order by version")
    assert chain.fetchall() == [(first, 1, None, middle), (middle, 2, first, last), (last, 3, middle, None)]
    recorded = db.execute("select article_id, previous_article_id, change, count(*) from claim_changes "
                          "group by 1, 2, 3 order by 1, 3").fetchall()
    assert recorded == [(last, middle, "appeared", 1), (last, middle, "unchanged", 2),
                        (middle, first, "changed", 1), (middle, first, "unchanged", 1)]
    # the review of version 1 settles the unchanged claim of every later version
    employs = db.execute("select lineage_id from claims where surface = '1,200'").fetchall()
    assert employs == [(reviewed,)] * 3
    unverified = {r["surface"] for r in store.list_claims(db, store.ClaimFilter(unverified=True))}
    assert unverified == {"45", "40"}


def changes_after(tmp_path, before, after):
    """What ``claims changes`` says once ``before`` is edited into ``after``:
    (change, old surface, new surface) for every claim of either version."""
    path = tmp_path / "edited.md"
    write(path, before)
    ingest(path)
    write(path, after)
    ingest(path)
    db = store.connect()
    return {(r["change"], r["old"], r["new"]) for r in db.query(
        "select ch.change, o.surface as old, n.surface as new from claim_changes ch "
        "left join claims o on o.id = ch.previous_claim_id left join claims n on n.id = ch.claim_id")}


VOTE = ("The board voted seven to two, and two members were absent. "
        "The clerk said the budget of $4.5 million takes effect in July.\n\nMembers meet again on Tuesday.\n")


def test_a_value_edited_in_place_is_changed_and_its_neighbours_unchanged(nlp, tmp_path, isolated_store):
    rows = changes_after(tmp_path, VOTE, VOTE.replace("seven to two", "six to three"))
    assert {r for r in rows if r[0] != "unchanged"} == {("changed", "seven", "six"), ("changed", "two", "three")}
    assert ("unchanged", "two", "two") in rows  # the untouched "two members"


def test_a_moved_sentence_changes_nothing(nlp, tmp_path, isolated_store):
    first, rest = VOTE.split(". ", 1)
    second, rest = rest.split("\n\n", 1)
    rows = changes_after(tmp_path, VOTE, f"{second.strip()} {first}.\n\n{rest}")
    assert {change for change, _, _ in rows} == {"unchanged"}


def test_an_added_paragraph_only_adds_its_claims(nlp, tmp_path, isolated_store):
    added = VOTE.replace("\n\nMembers", "\n\nThe mayor said 300 residents wrote in by May.\n\nMembers")
    rows = changes_after(tmp_path, VOTE, added)
    assert {r for r in rows if r[0] != "unchanged"} == {("appeared", None, "300"), ("appeared", None, "by May")}


def test_sentences_are_aligned_kept_moved_edited_and_added():
    from claimledger.store.versions import align

    old = "One stays. Two stays. Three is edited to 4. Four moves.\n\nFive goes."
    new = "Four moves. One stays. Two stays. Three is edited to 5.\n\nSix is new."
    blocks = {(tuple(old[a:b] for a, b in olds), tuple(new[a:b] for a, b in news), how)
              for olds, news, how in align(old, new)}
    assert ((("One stays.",), ("One stays.",), "equal")) in blocks
    assert ((("Four moves.",), ("Four moves.",), "moved")) in blocks
    assert (("Three is edited to 4.",), ("Three is edited to 5.",), "replace") in blocks
    assert (("Five goes.",), ("Six is new.",), "rest") in blocks


def test_the_same_words_read_against_a_later_day_are_unchanged(nlp, tmp_path, isolated_store):
    """'the highest since 2019' ends on the day each version was published: the
    value moves with the date, but the article says the same."""
    path = tmp_path / "edited.md"
    text = "Ridership reached 48 million trips last year, the highest since 2019.\n\nFares rise in May.\n"
    path.write_text(f"---\ntitle: Trams\npublished: 2030-03-01\n---\n{text}", encoding="utf-8")
    ingest(path)
    path.write_text(f"---\ntitle: Trams\npublished: 2030-03-09\n---\n{text}Fares rise by 5%.\n", encoding="utf-8")
    ingest(path)
    rows = {(r["change"], r["surface"]) for r in store.connect().query(
        "select ch.change, coalesce(n.surface, o.surface) as surface from claim_changes ch "
        "left join claims o on o.id = ch.previous_claim_id left join claims n on n.id = ch.claim_id")}
    assert ("unchanged", "since 2019") in rows
    assert {change for change, _ in rows} == {"unchanged", "appeared"}
