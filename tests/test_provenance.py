"""Claims followed across articles: groups, conflicts, projections that fell due."""
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from claimledger import store
from claimledger.cli import app
from claimledger.provenance.linking import rebuild
from claimledger.provenance.relations import relation, values_agree
from claimledger.provenance.reports import outcome
from claimledger.provenance.signature import Signature

ARTICLES = {
    "a.md": ("Daily Ore", "2030-03-01",
             "Brindle Motors said on Monday that it aims to sell 40,000 electric scooters a year by 2032. "
             "The company will build them in Porto."),
    "b.md": ("Ore Weekly", "2030-03-05",
             "Brindle Motors repeated its target of 40,000 electric scooter sales a year on Thursday. "
             "Analysts were not convinced."),
    "c.md": ("Scooter Times", "2030-03-07",
             "Brindle Motors aims to sell 55,000 electric scooters a year, its chief executive Mara Quist "
             "told reporters on Tuesday."),
}
LATER = ("Ore Weekly", "2033-02-01", "Brindle Motors sold 40,000 electric scooters a year in 2032, the company said.")

runner = CliRunner()


def write(folder, name, publisher, published, text):
    (folder / name).write_text(
        f"---\ntitle: {name}\npublisher: {publisher}\npublished: {published}\n"
        f"url: https://news.example/{name}\n---\n{text}\n", encoding="utf-8")


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


def ingested(folder, articles, db_path):
    """``articles`` (name: (publisher, published, text)) written into ``folder``
    and ingested into the default store at ``db_path``, opened."""
    folder.mkdir()
    for name, (publisher, published, text) in articles.items():
        write(folder, name, publisher, published, text)
    result = invoke("ingest", folder)
    assert result.exit_code == 0, result.output
    return store.connect(db_path)


def conflict_pairs() -> set[frozenset]:
    """The pairs of surfaces ``claims conflicts`` lists."""
    return {frozenset((r["surface"], r["other"]["surface"])) for r in json.loads(invoke("conflicts", "--json").output)}


@pytest.fixture
def brindle(nlp, tmp_path, isolated_store):
    return ingested(tmp_path / "articles", ARTICLES, isolated_store)


def claim_id(db, publisher, surface):
    return db.execute("select c.id from claims c join articles a on a.id = c.article_id "
                      "where a.publisher = ? and c.surface = ?", [publisher, surface]).fetchone()[0]


def test_a_repeated_target_is_one_group_with_its_first_appearance(brindle):
    rows = json.loads(invoke("groups", "--json").output)
    target = [g for g in rows if g["surface"] == "40,000"]
    assert len(target) == 1
    assert (target[0]["sources"], target[0]["first_published"], target[0]["first_publisher"]) == (2, "2030-03-01", "Daily Ore")


def test_a_differing_figure_is_a_conflict_with_both_sources(brindle):
    rows = json.loads(invoke("conflicts", "--json").output)
    pairs = {(r["publisher"], r["surface"], r["other"]["publisher"], r["other"]["surface"]) for r in rows}
    assert ("Daily Ore", "40,000", "Scooter Times", "55,000") in pairs


def test_show_json_lists_related_claims_and_first_appearance(brindle):
    repeat = claim_id(brindle, "Ore Weekly", "40,000")
    shown = json.loads(invoke("show", repeat, "--json").output)
    relations = {(r["relation"], r["publisher"]) for r in shown["related"]}
    assert relations == {("same", "Daily Ore"), ("contradicts", "Scooter Times")}
    assert all({"id", "article_id", "relation", "published", "publisher", "url"} <= set(r) for r in shown["related"])
    assert shown["first_appearance"]["publisher"] == "Daily Ore"
    assert shown["first_appearance"]["id"] == claim_id(brindle, "Daily Ore", "40,000")


def test_a_projection_past_its_deadline_is_due_until_a_later_report(brindle, tmp_path):
    target = claim_id(brindle, "Daily Ore", "40,000")
    assert target not in [r["id"] for r in json.loads(invoke("due", "--as-of", "2032-06-01", "--json").output)]
    assert target in [r["id"] for r in json.loads(invoke("due", "--as-of", "2033-01-01", "--json").output)]
    assert outcome(brindle, target, date(2033, 1, 1)) == "due"

    later = tmp_path / "later"
    later.mkdir()
    write(later, "d.md", *LATER)
    assert invoke("ingest", later).exit_code == 0
    assert target not in [r["id"] for r in json.loads(invoke("due", "--as-of", "2034-01-01", "--json").output)]
    assert outcome(brindle, target, date(2034, 1, 1)) == "kept"


def test_due_refuses_a_bad_date(brindle):
    result = invoke("due", "--as-of", "next year")
    assert result.exit_code == 1
    assert "--as-of must be a date" in result.output


def sig(claim_id, article_id, low, high=None, kind="number", context=("target", "sell"), status="projected",
        qualifier="="):
    return Signature(claim_id, article_id, kind, status, "count" if kind == "number" else "date", "year", low,
                     high if high is not None else low, {"brindle"}, set(context), qualifier=qualifier)


def test_values_agree_within_tolerance_and_by_containment():
    assert values_agree(sig(1, 1, 40000), sig(2, 2, 40100))
    assert not values_agree(sig(1, 1, 40000), sig(2, 2, 55000))
    assert values_agree(sig(1, 1, 100, qualifier="~"), sig(2, 2, 104))
    # the tolerance is a share of the figures, however small: 14p (£0.14) is not 13.5p, nor "about 14p" 12p
    assert not values_agree(sig(1, 1, 0.14), sig(2, 2, 0.135))
    assert not values_agree(sig(1, 1, 0.14, qualifier="~"), sig(2, 2, 0.12))
    # "about" rounds to the figure's last written digit: "about $590 million" is not a revised $570 million
    assert values_agree(sig(1, 1, 590e6, qualifier="~"), sig(2, 2, 593e6))
    assert not values_agree(sig(1, 1, 590e6, qualifier="~"), sig(2, 2, 570e6))
    assert values_agree(sig(1, 1, 1100, qualifier="~"), sig(2, 2, 1140))
    wednesday = sig(1, 1, "2025-04-09", "2025-04-09", kind="date")
    april = sig(2, 2, "2025-04-01", "2025-04-30", kind="date")
    assert values_agree(wednesday, april)
    deadline_a = sig(1, 1, None, "2029-12-31", kind="date")
    deadline_b = sig(2, 2, None, "2030-12-31", kind="date")
    assert values_agree(deadline_a, deadline_b)  # "by the end of the decade" / "by 2030"
    # a deadline moved half a year is a revised schedule, not the same promise
    assert not values_agree(deadline_a, sig(3, 2, None, "2030-06-30", kind="date"))
    assert relation(deadline_a, sig(3, 2, None, "2030-06-30", kind="date")) == "contradicts"


def test_relation_needs_shared_words_and_a_shared_entity():
    assert relation(sig(1, 1, 40000), sig(2, 2, 40000)) == "same"
    assert relation(sig(1, 1, 40000), sig(2, 2, 45000)) == "contradicts"
    assert relation(sig(1, 1, 40000), sig(2, 2, 400000)) is None  # ten times apart: another measure
    assert relation(sig(1, 1, 40000), sig(2, 2, 40000, context=("employ", "factory"))) is None
    other = sig(2, 2, 40000)
    other.entities = {"someone else"}
    assert relation(sig(1, 1, 40000), other) is None
    assert relation(sig(1, 1, 40000), sig(2, 1, 40000)) is None  # the same article


def test_past_dates_in_two_articles_do_not_conflict():
    a = sig(1, 1, "2025-04-09", "2025-04-09", kind="date", status="confirmed")
    b = sig(2, 2, "2025-05-01", "2025-05-01", kind="date", status="confirmed")
    assert relation(a, b) is None


def test_a_year_does_not_pull_its_days_into_one_group():
    year = sig(1, 1, "2025-01-01", "2025-12-31", kind="date")
    day = sig(2, 2, "2025-04-09", "2025-04-09", kind="date")
    assert not values_agree(year, day)



def test_a_date_inside_another_is_a_finer_statement_not_a_contradiction():
    autumn = sig(1, 1, "2022-09-01", "2022-11-30", kind="date")
    october = sig(2, 2, "2022-10-01", "2022-10-31", kind="date")
    assert relation(autumn, october) is None and relation(october, autumn) is None
    # the same two projections a month apart do contradict
    assert relation(autumn, sig(3, 2, "2022-12-01", "2022-12-31", kind="date")) == "contradicts"

def test_verify_group_reviews_every_claim_of_the_group(brindle):
    first = claim_id(brindle, "Daily Ore", "40,000")
    repeat = claim_id(brindle, "Ore Weekly", "40,000")
    result = invoke("verify", first, "--verdict", "accurate", "--group", "--by", "desk")
    assert result.exit_code == 0, result.output
    assert "and 1 more claims of its group" in result.output
    reviews = list(brindle.query("select claim_id, verdict, via_claim_id from reviews order by id"))
    assert reviews == [{"claim_id": first, "verdict": "accurate", "via_claim_id": None},
                       {"claim_id": repeat, "verdict": "accurate", "via_claim_id": first}]
    shown = invoke("show", repeat).output
    assert "accurate by desk" in shown and f"through claim {first}" in shown


def test_reviews_are_a_history_not_an_overwrite(brindle):
    target = claim_id(brindle, "Daily Ore", "40,000")
    invoke("verify", target, "--verdict", "unverifiable", "--by", "a")
    invoke("verify", target, "--verdict", "accurate", "--by", "b")
    verdicts = [r["verdict"] for r in json.loads(invoke("show", target, "--json").output)["reviews"]]
    assert verdicts == ["unverifiable", "accurate"]


def test_verify_group_on_a_claim_in_no_group_is_an_error(brindle):
    lone = claim_id(brindle, "Scooter Times", "Tuesday")
    result = invoke("verify", lone, "--verdict", "accurate", "--group")
    assert result.exit_code == 1 and "in no group" in result.output
    assert brindle.execute("select count(*) from reviews").fetchone()[0] == 0


def test_one_named_day_needs_fewer_shared_words_than_a_year():
    words = ("investor", "seoul", "told", "truck", "pickup")
    day_a = sig(1, 1, "2025-04-09", "2025-04-09", kind="date", context=words[:4])
    day_b = sig(2, 2, "2025-04-09", "2025-04-09", kind="date", context=("investor", "plan", "unveil", "board"))
    assert relation(day_a, day_b) == "same"  # one shared word in four
    year_a = sig(3, 1, "2025-01-01", "2025-12-31", kind="date", context=words[:4])
    year_b = sig(4, 2, "2025-01-01", "2025-12-31", kind="date", context=("investor", "plan", "unveil", "board"))
    assert relation(year_a, year_b) is None


def test_a_later_report_of_a_different_figure_breaks_the_projection(brindle, tmp_path):
    target = claim_id(brindle, "Daily Ore", "40,000")
    assert json.loads(invoke("show", target, "--json").output)["outcome"] in ("pending", "due")
    later = tmp_path / "later"
    later.mkdir()
    write(later, "d.md", "Ore Weekly", "2033-02-01",
          "Brindle Motors sold 31,000 electric scooters a year in 2032, the company said.")
    assert invoke("ingest", later).exit_code == 0
    assert json.loads(invoke("show", target, "--json").output)["outcome"] == "broken"
    assert "Outcome:     broken" in invoke("show", target).output


def links(db):
    """Relations as (publisher, surface, relation, publisher, surface), and groups as sets of the same."""
    rows = db.execute(
        "select a.publisher, c.surface, r.relation, ka.publisher, k.surface from claim_relations r "
        "join claims c on c.id = r.claim_id join articles a on a.id = c.article_id "
        "join claims k on k.id = r.related_claim_id join articles ka on ka.id = k.article_id").fetchall()
    groups = db.execute("select group_concat(a.publisher || ':' || c.surface) from claims c "
                        "join articles a on a.id = c.article_id where c.group_id is not null group by c.group_id "
                        "having count(*) > 1")
    return set(rows), {frozenset(g[0].split(",")) for g in groups}


def test_linking_article_by_article_equals_linking_all_at_once(brindle, tmp_path):
    at_once = links(brindle)
    assert at_once[0] and at_once[1]
    one_by_one = tmp_path / "one-by-one.db"
    for name, (publisher, published, text) in ARTICLES.items():
        folder = tmp_path / f"only-{name}"
        folder.mkdir()
        write(folder, name, publisher, published, text)
        assert invoke("ingest", folder, "--db", one_by_one).exit_code == 0
    assert links(store.connect(one_by_one)) == at_once



def test_a_name_keeps_its_number_and_new_names_are_numbered_after_it(nlp, tmp_path, isolated_store):
    """Blocks are keyed by a name's number in the order names first appear,
    so a new article's names are written at the end of the blocks' index."""
    path, numbered = tmp_path / "s.db", []
    for name in ("a.md", "c.md"):
        folder = tmp_path / f"only-{name}"
        folder.mkdir()
        write(folder, name, *ARTICLES[name])
        assert invoke("ingest", folder, "--db", path).exit_code == 0
        numbered.append(dict(store.connect(path).execute("select name, id from block_names").fetchall()))
    first, then = numbered
    assert "brindle" in first and first.items() <= then.items()
    new = set(then) - set(first)
    assert new and min(then[n] for n in new) > max(first.values())

def test_an_article_stored_but_not_linked_is_linked_by_the_next_run(brindle, tmp_path):
    expected = links(brindle)
    # what a run killed between storing an article and linking it leaves behind
    from claimledger.provenance import groups

    scooter = [r[0] for r in brindle.execute("select c.id from claims c join articles a on a.id = c.article_id "
                                             "where a.publisher = 'Scooter Times'")]
    brindle.execute("update articles set linked = 0 where publisher = 'Scooter Times'")
    groups.leave(brindle, scooter)
    brindle.execute("delete from claim_signatures where claim_id in (select value from json_each(?))",
                    [json.dumps(scooter)])
    brindle.conn.commit()
    assert links(brindle) != expected
    result = invoke("ingest", tmp_path / "articles")  # every article is stored already
    assert result.exit_code == 0, result.output
    assert links(brindle) == expected


def test_a_replaced_version_leaves_the_links(brindle, tmp_path):
    folder = tmp_path / "edited"
    folder.mkdir()
    publisher, published, text = ARTICLES["c.md"]
    write(folder, "c.md", publisher, published, text.replace("55,000", "70,000"))
    assert invoke("ingest", folder).exit_code == 0
    rows, _ = links(brindle)
    assert ("Daily Ore", "40,000", "contradicts", "Scooter Times", "70,000") in rows
    assert not [r for r in rows if "55,000" in (r[1], r[4])]


def test_rebuild_finds_again_the_relations_and_groups_ingest_found(brindle):
    expected = links(brindle)
    groups, conflicts = rebuild(brindle)
    assert links(brindle) == expected
    assert groups == len(expected[1]) == 1
    assert conflicts == 1  # 55,000 against the group of the two 40,000s


def test_finding_replaced_versions_reads_no_other_article(tmp_path):
    """Linking a batch looks up the earlier versions of its articles; with one
    OR over origin and previous version, SQLite read every article of the
    store for each batch, so linking slowed as the archive grew."""
    from claimledger.provenance.linking import REPLACED

    db = store.connect(tmp_path / "s.db")
    db["articles"].insert_all([{"text": f"t{i}", "sha256": f"h{i}", "source": "x", "ingested_at": "2026-01-01T00:00:00"}
                                  for i in range(200)])
    db.execute("analyze")  # most articles without an origin: the statistics call the origin index useless
    sql = f"select id from claims where id in ({REPLACED})"
    plan = [r[3] for r in db.execute("explain query plan " + sql, {"pending": "[1, 2]"})]
    assert not any(step.startswith(("SCAN r", "SCAN articles")) for step in plan), plan


# Three pairs of figures that look alike but measure different things: a
# share of a market and of a segment, a capacity now and one planned, a
# sales year and a lineup deadline.
APART = {
    "e.md": ("Daily Ore", "2030-03-01",
             "Brindle said the target would give it about 7% of the combined U.S. and Canadian scooter market.\n\n"
             "The Porto works can build up to 300,000 scooters a year and employs about 1,300 people.\n\n"
             "Analysts at Tagus Research expect the scooter to start at roughly $2,400 and estimate that Brindle "
             "could sell as many as 60,000 in its first full year."),
    "f.md": ("Ore Weekly", "2030-06-01",
             "Brindle expects to take 10% of the mid-size scooter segment within three years of launch.\n\n"
             "A Brindle executive said the Porto works' capacity would rise to 500,000 scooters a year by 2034.\n\n"
             "The scooter is part of Brindle's broader strategy, which aims to sell its scooters in 15 countries "
             "by 2035 and could sell as many as 90,000 a year."),
    "g.md": ("Scooter Ledger", "2030-09-01",
             "Brindle is aiming for a 7% share of the combined U.S. and Canadian scooter market."),
}


@pytest.fixture
def apart(nlp, tmp_path, isolated_store):
    return ingested(tmp_path / "apart", APART, isolated_store)


@pytest.mark.parametrize("one, other", [("about 7%", "10%"), ("7%", "10%"), ("up to 300,000", "500,000"),
                                        ("full year", "by 2035")])
def test_figures_of_different_populations_periods_or_frames_do_not_conflict(apart, one, other):
    listed = conflict_pairs()
    assert frozenset((one, other)) not in listed


def test_a_conflict_says_what_both_claims_measure(brindle):
    [row] = [r for r in json.loads(invoke("conflicts", "--json").output)
             if {r["surface"], r["other"]["surface"]} == {"40,000", "55,000"}]
    assert "brindle" in row["reason"] and "scooter" in row["reason"] and "target" in row["reason"]
    assert "reason" in invoke("conflicts").output


def test_a_capacity_now_and_a_capacity_planned_are_not_one_frame():
    now = sig(1, 1, 300000, status="confirmed")
    now.scope, now.frame = {"frame": "capacity"}, "capacity"
    later = sig(2, 2, 500000 * 0.8)
    later.scope, later.frame = {"frame": "planned capacity"}, "planned capacity"
    assert relation(now, later) is None


def framed(claim_id, value, frame):
    figure = sig(claim_id, claim_id, value)
    figure.scope, figure.frame = {"frame": frame}, frame
    return figure


@pytest.mark.parametrize("one, other", [("target", "forecast"), ("plan", "forecast"), ("target", "plan")])
def test_two_statements_about_the_future_of_one_figure_conflict_whatever_their_frame(one, other):
    # an owner's budget and a critic's estimate of one cost are rival estimates
    assert relation(framed(1, 640, one), framed(2, 785, other)) == "contradicts"
    assert relation(framed(1, 640, one), framed(2, 785, "actual")) != "contradicts"  # kept or broken, not rival


def test_a_day_beside_a_figure_is_when_it_was_told_not_its_period():
    approved = sig(1, 1, 640)
    approved.scope = {"frame": "target", "period": ["2018-06-12", "2018-06-12"]}
    revised = sig(2, 2, 715)
    revised.scope = {"frame": "forecast", "period": ["2022-06-01", "2022-08-31"]}
    approved.__post_init__(), revised.__post_init__()
    assert approved.when is None and revised.when is not None
    assert relation(approved, revised) == "contradicts"


def test_two_schedules_of_one_milestone_conflict_in_fewer_shared_words():
    def due(claim_id, span, *words):
        return sig(claim_id, claim_id, *span, kind="date", context=words)

    # one word of ten in common: the milestone ("late 2021" / "the summer of 2022")
    opening = due(1, ("2021-09-01", "2021-12-31"), "bridg", "open", "traffic", "depart", "intend", "lane", "six", "work", "march",
                  "contractor")
    later = due(2, ("2022-06-01", "2022-08-31"), "open", "month", "late", "steel", "blame", "found", "deeper", "pandem", "shutdown",
                "site")
    assert relation(opening, later) == "contradicts"
    started = due(3, ("2019-03-01", "2019-05-31"), "work", "start", "spring", "contractor", "site", "crane", "barg", "pile", "crew",
                  "river")
    # one word of ten in common, and no milestone: too little to say two schedules of one thing
    other = due(4, ("2019-09-01", "2019-11-30"), "crew", "begin", "later", "month", "steel", "blame", "found", "deeper",
                "pandem", "shutdown")
    assert relation(started, other) is None


def test_a_figure_reported_in_the_period_a_projection_was_for_keeps_it_and_is_not_the_same():
    def told(claim_id, status, period, published):
        figure = sig(claim_id, claim_id, 1100, status=status, context=("peak", "worker", "site"))
        figure.scope = {"frame": "actual" if status == "confirmed" else "plan", "period": period, "as_of": published}
        figure.__post_init__()
        return figure

    promised = told(1, "projected", ["2036-01-01", "2036-12-31"], "2034-03-15")  # "up to 1,100 at the peak, in 2036"
    restated = told(2, "projected", None, "2035-08-22")
    reached = told(3, "confirmed", None, "2036-05-14")  # "about 1,100 are on the sites this spring"
    early = told(4, "confirmed", None, "2035-02-01")  # told as so before the year it was promised for
    assert relation(promised, restated) == "same"
    assert relation(promised, reached) is None  # a kept projection
    assert relation(promised, early) == "same"
    # a month already over when the plan was written is no period it projects ("a $75 million grant,
    # awarded in February", in April): a later report of the sum restates it
    awarded = told(5, "projected", ["2034-02-01", "2034-02-28"], "2034-04-19")
    assert relation(awarded, reached) == "same"


def test_a_figure_told_as_so_for_a_period_still_to_come_is_promised():
    figure = sig(1, 1, 2400, status="confirmed")
    figure.scope = {"frame": "actual", "period": [None, "2037-12-31"], "as_of": "2034-03-15"}
    figure.__post_init__()  # "approved a programme to build 2,400 homes by the end of 2037"
    assert figure.frame == "target"
    figure.scope["as_of"] = "2038-01-10"
    figure.__post_init__()  # "2,400 homes were finished by the end of 2037", told after it
    assert figure.frame == "actual"


def test_a_past_date_beside_an_estimate_is_when_it_was_put_forward_not_its_period():
    def estimate(claim_id, value, period, published, frame="forecast"):
        figure = Signature(claim_id, claim_id, "number", "confirmed", "USD", None, value, value, {"kestwick"},
                           {"price", "scheme"})
        figure.scope = {"frame": frame, "period": period, "as_of": published}
        figure.__post_init__()
        return figure

    # "the alliance, which put the scheme at $128 million in March last year"
    rival = estimate(1, 128e6, ["2064-03-01", "2064-03-31"], "2065-06-18")
    assert rival.when is None
    assert relation(rival, estimate(2, 118e6, None, "2066-09-23")) == "contradicts"
    # a period still to come is what an estimate is of; a sum spent in a past year is of that year
    assert estimate(3, 40e6, ["2075-01-01", "2075-12-31"], "2070-06-01").when is not None
    assert estimate(4, 31e6, ["2066-01-01", "2066-12-31"], "2067-02-01", frame="actual").when is not None


def test_a_conflict_names_the_period_compared_not_the_day_a_sum_was_told():
    from claimledger.provenance.relations import reason

    def told(claim_id, value, period, frame="forecast"):
        figure = Signature(claim_id, claim_id, "number", "confirmed", "USD", None, value, value, {"corrin"},
                           {"price", "bridg"})
        figure.scope = {"frame": frame, "period": period, "as_of": "2018-06-14"}
        figure.__post_init__()
        return figure

    approved = told(1, 640e6, ["2018-06-12", "2018-06-12"])  # "approved a $640 million plan on Tuesday"
    assert "period: not stated" in reason(approved, told(2, 785e6, None))
    assert "period: by 2030-12-31" in reason(told(3, 640e6, [None, "2030-12-31"], "target"), told(4, 785e6, None))


def test_a_conflict_of_bare_percentages_names_what_they_measure():
    from claimledger.provenance.relations import reason

    def rate(claim_id, value, **scope):
        s = Signature(claim_id, claim_id, "number", "projected", "%", None, value, value, {"morvenna"}, {"inflation"})
        s.scope = {"frame": "forecast", "noun": "%", **scope}
        s.__post_init__()
        return s

    assert "measure: inflation, % (forecast)" in reason(rate(1, 3.4, measured="inflation"), rate(2, 3.9))


def test_two_outcomes_of_two_years_are_not_one_fact_though_their_values_agree():
    def carried(claim_id, value, year, qualifier="="):
        figure = sig(claim_id, claim_id, value, status="confirmed", context=("carried", "vehicles", "bridge"),
                     qualifier=qualifier)
        figure.scope = {"frame": "actual", "period": [f"{year}-01-01", f"{year}-12-31"]}
        figure.__post_init__()
        return figure

    assert relation(carried(1, 48000, 2017), carried(2, 49500, 2018, "~")) is None
    assert relation(carried(1, 48000, 2017), carried(2, 48000, 2017)) == "same"


def test_two_schedules_years_apart_are_two_milestones_not_a_slip():
    def due(claim_id, end, *words):
        return sig(claim_id, claim_id, None, end, kind="date", context=words)

    promised = due(1, "2037-12-31", "home", "finish", "all")
    slipped = due(2, "2039-06-30", "home", "finish", "all")  # deadlines within a year agree
    second_phase = due(3, "2042-12-31", "home", "finish", "all")
    assert relation(promised, slipped) == "contradicts"
    assert relation(promised, second_phase) is None


def test_a_deadline_and_a_period_do_not_contradict():
    year = sig(1, 1, "2030-01-01", "2030-12-31", kind="date")
    deadline = sig(2, 2, None, "2032-12-31", kind="date")
    assert relation(year, deadline) is None
    assert relation(sig(3, 1, None, "2030-12-31", kind="date"), deadline) == "contradicts"


def test_shares_of_a_market_and_of_a_segment_do_not_contradict():
    market = sig(1, 1, 7)
    market.scope = {"of": "market", "modifiers": ["pickup", "u.s."], "places": ["u.s."]}
    segment = sig(2, 2, 10)
    segment.scope = {"of": "segment", "modifiers": ["pickup"], "places": []}
    assert relation(market, segment) is None
    segment.scope = {"of": "market", "modifiers": ["pickup"], "places": []}
    assert relation(market, segment) == "contradicts"
    segment.scope = {"of": "market", "modifiers": ["pickup"], "places": ["global"]}
    assert relation(market, segment) is None


def test_a_broken_projection_is_related_but_not_a_conflict(brindle, tmp_path):
    target = claim_id(brindle, "Daily Ore", "40,000")
    later = tmp_path / "later"
    later.mkdir()
    write(later, "d.md", "Ore Weekly", "2033-02-01",
          "Brindle Motors sold 31,000 electric scooters a year in 2032, the company said.")
    assert invoke("ingest", later).exit_code == 0
    outcome_report = claim_id(brindle, "Ore Weekly", "31,000")
    related = json.loads(invoke("show", target, "--json").output)["related"]
    assert ("broken", outcome_report) in {(r["relation"], r["id"]) for r in related}
    listed = conflict_pairs()
    assert frozenset(("40,000", "31,000")) not in listed and frozenset(("40,000", "55,000")) in listed


def test_contexts_compare_stems_and_the_figures_written_beside_a_claim():
    from claimledger.provenance.signature import context_words, figures_in

    assert context_words("the council voted") & context_words("a council vote")  >= {"vote"}
    assert context_words("the city's riders") == context_words("cities rider")
    assert figures_in("forecasts 42,000 weekday riders by") == {"#42000"}
    assert figures_in("a goal of 18% by") == {"#18%"}
    # one measure in the words of its verb and of its noun
    assert context_words("the economy grew by 1.3%") & context_words("growth of 1.8%")
    assert context_words("expects the economy to expand") & context_words("growth")
    assert context_words("inflation of 3.9%") == context_words("inflationary")


def test_each_of_two_coordinated_figures_takes_its_own_period(extract):
    found = scopes(extract, "It expects the economy to grow by 1.8% this year and by 2.5% next year.", "2088-03-09")
    assert found["1.8%"]["period"] == ["2088-01-01", "2088-12-31"]
    assert found["2.5%"]["period"] == ["2089-01-01", "2089-12-31"]  # "next year" hangs from its "by"


# Two reports of one plan in other words: the same deadline, the same
# figure beside it; and a cost one agency puts at one figure and a rival
# estimate at another.
REPORTS = {
    "g.md": ("Harbour Post", "2031-03-02",
             "Brindle Transit expects about 9,000 riders on an average weekday in the first year of service "
             "and 16,000 by 2036.\n\nBrindle Transit puts the cost of the ferry line at $640 million."),
    "h.md": ("Quay Weekly", "2031-03-05",
             "Brindle Transit forecasts 16,000 weekday riders by 2036, which would make the ferry line the "
             "busiest of the city's three.\n\nA taxpayers' group estimated in March that the Brindle ferry "
             "line would cost $810 million."),
}


@pytest.fixture
def reports(nlp, tmp_path, isolated_store):
    return ingested(tmp_path / "reports", REPORTS, isolated_store)


def test_one_deadline_told_with_one_figure_is_one_group(reports):
    groups = json.loads(invoke("groups", "--json").output)
    surfaces = [sorted(reports.execute(f"select surface from claims where id in ({','.join(map(str, g['claim_ids']))})")
                       .fetchall()) for g in groups]
    assert [("by 2036",), ("by 2036",)] in surfaces


def test_an_estimate_told_as_fact_conflicts_with_a_rival_estimate(reports):
    listed = conflict_pairs()
    assert frozenset(("$640 million", "$810 million")) in listed


def test_a_figure_for_a_first_year_does_not_conflict_with_one_for_a_deadline(reports):
    # "about 9,000 riders ... in the first year of service" / "16,000 weekday riders by 2036"
    listed = conflict_pairs()
    assert frozenset(("about 9,000", "16,000")) not in listed
    scope = json.loads(reports.execute("select scope from claims where surface = 'about 9,000'").fetchone()[0])
    assert scope["stage"] == "first year"


def test_the_groups_table_prints_each_groups_ids_as_the_json_lists_them(brindle):
    listed = json.loads(invoke("groups", "--json").output)
    assert listed and all(isinstance(i, int) for g in listed for i in g["claim_ids"])
    table = invoke("groups").output
    for group in listed:
        assert ",".join(map(str, group["claim_ids"])) in table


def test_a_large_groups_row_reads_only_the_ids_its_clipped_column_shows(nlp, tmp_path, isolated_store):
    from claimledger.display import SURFACE_WIDTH, _clip
    from claimledger.provenance.reports import groups

    said = "Ore Fields said it shipped 40,000 tonnes in 2029, Outlet {} reports."
    outlets = {f"o{n:02}.md": (f"Outlet {n}", f"2030-03-{n + 1:02}", said.format(n)) for n in range(25)}
    db = ingested(tmp_path / "articles", outlets, isolated_store)
    [whole] = [g for g in json.loads(invoke("groups", "--json").output) if g["surface"] == "40,000 tonnes"]
    assert len(whole["claim_ids"]) == 25
    [read] = [g for g in groups(db, ids_as_text=True, most_ids=21) if g["surface"] == "40,000 tonnes"]
    assert read["claim_ids"] == ",".join(map(str, whole["claim_ids"][:21])) + ",…"
    ids = [str(i) for i in whole["claim_ids"]]
    for most, shown in ((25, ",".join(ids)), (24, ",".join(ids[:24]) + ",…")):  # exactly all of them, one fewer
        found = [g["claim_ids"] for g in groups(db, ids_as_text=True, most_ids=most) if g["surface"] == "40,000 tonnes"]
        assert found == [shown]
    # the table shows what clipping the whole list would
    line = next(x for x in invoke("groups").output.splitlines() if " 40,000 tonnes " in x)
    assert line.rstrip().endswith(_clip(",".join(map(str, whole["claim_ids"])), SURFACE_WIDTH))


# A later report: the network's present size years on, a spending plan to a
# deadline, a budget revised, and a stage counted after its unit.
MOMENTS = {
    "i.md": ("Harbour Post", "2031-03-02",
             "The Brindle network already has 140 kilometres of track in operation.\n\n"
             "Brindle Transit expects around 9,000 riders on a typical weekday in year one, rising to 16,000 "
             "by 2036.\n\nThe budget stands at $640 million."),
    "j.md": ("Quay Weekly", "2035-06-10",
             "The Brindle network has 210 kilometres of track in operation.\n\n"
             "By the end of 2033 Brindle Transit expects to have spent $410 million on the ferry line.\n\n"
             "Brindle Transit now puts the cost of the ferry line at $720 million."),
}


@pytest.fixture
def later_reports(nlp, tmp_path, isolated_store):
    return ingested(tmp_path / "moments", MOMENTS, isolated_store)


def scope_of(db, surface):
    return json.loads(db.execute("select scope from claims where surface = ?", [surface]).fetchone()[0])


def test_two_present_figures_told_years_apart_are_two_moments_not_a_conflict(later_reports):
    assert frozenset(("140", "210")) not in conflict_pairs()


def test_a_budget_is_an_estimate_and_a_revised_one_conflicts(later_reports):
    assert scope_of(later_reports, "$640 million")["frame"] == "forecast"
    assert frozenset(("$640 million", "$720 million")) in conflict_pairs()


def test_a_sum_spent_by_a_deadline_is_not_the_cost(later_reports):
    assert scope_of(later_reports, "$410 million")["period"] == [None, "2033-12-31"]
    listed = conflict_pairs()
    assert not {frozenset(("$410 million", other)) for other in ("$640 million", "$720 million")} & listed


def test_a_stage_counted_after_its_unit_is_the_figures_period(later_reports):
    assert scope_of(later_reports, "around 9,000")["stage"] == "first year"
    assert scope_of(later_reports, "around 9,000")["period"] is None
    assert frozenset(("around 9,000", "16,000")) not in conflict_pairs()


def test_moments_compare_an_actual_figure_with_a_dated_one():
    from claimledger.provenance.relations import periods_agree

    now, then = sig(1, 1, 140, status="confirmed"), sig(2, 2, 210, status="confirmed")
    now.scope = {"frame": "actual", "as_of": "2031-03-02"}
    then.scope = {"frame": "actual", "as_of": "2031-04-01"}
    now.__post_init__(), then.__post_init__()
    assert periods_agree(now, then) is None  # a month apart: one moment, nothing says otherwise
    then.scope["as_of"] = "2031-05-10"
    then.__post_init__()
    assert periods_agree(now, then) is False  # two monthly figures ("core inflation was 3.6%") ten weeks apart
    then.scope["as_of"] = "2035-06-10"
    then.__post_init__()
    assert periods_agree(now, then) is False
    then.scope["period"] = ["2031-01-01", "2031-12-31"]
    then.__post_init__()
    assert periods_agree(now, then) is None  # the later article speaks of the year the first was written in
    # "by the end of 2032, it passed 210": what was so on that day, not in the year the first was written
    then.scope["period"] = [None, "2032-12-31"]
    then.__post_init__()
    assert periods_agree(now, then) is False
    then.scope["period"] = [None, "2031-03-31"]  # "by the end of March": within a month of the first
    then.__post_init__()
    assert periods_agree(now, then) is None


def test_a_common_noun_opening_a_sentence_is_no_name_of_its_subject():
    from claimledger.provenance.signature import signature, supported_names

    text = "Work on the crossing is due to start in the autumn, Calder Transit said."
    claim = {"id": 1, "article_id": 1, "kind": "date", "status": "projected", "surface": "the autumn",
             "span_start": text.index("the autumn"), "span_end": text.index("the autumn") + 10,
             "sentence_start": 0, "sentence_end": len(text), "date_start": "2030-09-01", "date_end": "2030-11-30",
             "subject": "Work", "attributed_to": "Calder Transit"}
    names = signature(claim, text, None, supported_names(text)).entities
    assert "work" not in names and {"calder", "transit"} <= names


def test_a_word_an_article_also_writes_in_lower_case_is_no_name_of_its_own():
    from claimledger.provenance.signature import supported_names

    text = ("The Dunmere Health Board approved the tower on Monday. The board said Brightwater would build it, "
            "and the Aldermoor Regional Hospital will run it.")
    # "board" is a common noun inside a name, which would tie every story with a board together
    names = supported_names(text)
    assert "board" not in names and {"dunmere", "health", "brightwater", "aldermoor", "regional"} <= names


def test_a_name_that_only_opens_sentences_is_a_name_when_the_headline_gives_it_too():
    from claimledger.provenance.signature import supported_names

    text = ("Brackenfield's childcare programme will cost $525 million, the board said. "
            "Construction of the centres began in May. Construction is half done. CRT runs the buses. "
            "CRT said fares would not rise.")
    title = "Brackenfield childcare programme to cost $525 million"
    names = supported_names(text, title)
    # the city named in the headline and once more; an acronym written so twice
    assert {"brackenfield", "crt"} <= names
    # a common noun opening two sentences is no name; nor is anything opening one with no headline
    assert "construction" not in names
    assert "brackenfield" not in supported_names(text)


def test_rival_figures_of_one_measured_thing_need_fewer_shared_words_to_conflict():
    # a fifth of their words shared: "price" (a cost, a bill) and four words of each report's own
    estimate = sig(1, 1, 1.2e9, context=("price", "agenc", "line", "review", "board"))
    rival = sig(2, 2, 1.5e9, context=("price", "allianc", "steel", "bridge", "campaign"))
    assert relation(estimate, rival) == "contradicts"
    plain = sig(1, 1, 1.2e9, context=("weekday", "agenc", "line", "review", "board"))
    other = sig(2, 2, 1.5e9, context=("weekday", "allianc", "steel", "bridge", "campaign"))
    assert relation(plain, other) is None  # a fifth shared, but no measure named by both
    spent = sig(2, 2, 0.76e9, context=("invest", "line", "agenc", "board", "end"))
    assert relation(estimate, spent) is None  # cost and sum spent: the words name two measures


def test_one_short_span_told_alike_needs_fewer_shared_words_than_a_year():
    words, others = ("power", "ashor", "turbin", "farm"), ("power", "grid", "promis", "meet")  # a quarter shared
    late = sig(1, 1, "2026-10-01", "2026-12-31", kind="date", context=words)
    assert relation(late, sig(2, 2, "2026-10-01", "2026-12-31", kind="date", context=others)) == "same"
    year = sig(1, 1, "2026-01-01", "2026-12-31", kind="date", context=words)
    assert relation(year, sig(2, 2, "2026-01-01", "2026-12-31", kind="date", context=others)) is None
    inside = sig(2, 2, "2026-11-21", "2026-11-21", kind="date", context=others)
    assert relation(late, inside) is None  # a day within the span is no span told alike


def test_a_deadline_told_with_the_same_figure_beside_it_needs_fewer_shared_words():
    one = sig(1, 1, None, "2030-12-31", kind="date", context=("#42000", "weekday", "forecast", "busiest", "line"))
    other = sig(2, 2, None, "2030-12-31", kind="date", context=("#42000", "weekday", "train", "longer", "need"))
    assert relation(one, other) == "same"  # two of five words shared, one of them the figure
    one.context, other.context = one.context - {"#42000"} | {"rider"}, other.context - {"#42000"} | {"goal"}
    assert relation(one, other) is None


def test_a_deadline_and_the_year_it_ends_are_not_one_statement():
    deadline = sig(1, 1, None, "2030-12-31", kind="date")
    year = sig(2, 2, "2030-01-01", "2030-12-31", kind="date")
    assert not values_agree(deadline, year) and relation(deadline, year) is None
    early = sig(3, 1, "2026-01-01", kind="date")
    early.high = None  # "as early as 2026": open after its first day
    assert values_agree(early, sig(4, 2, "2026-01-01", "2026-12-31", kind="date"))


def test_a_deadline_and_a_season_ending_on_its_day_are_one_statement():
    deadline = sig(1, 1, None, "2026-06-30", kind="date", context=("water", "homes", "reach", "deliver"))
    middle = sig(2, 2, "2026-05-01", "2026-06-30", kind="date", context=("water", "promised", "output", "plant"))
    # a quarter of their words shared: enough for a short span, not for a year
    assert values_agree(deadline, middle) and relation(deadline, middle) == "same"
    assert not values_agree(deadline, sig(3, 2, "2026-05-01", "2026-07-31", kind="date"))


def test_amounts_of_two_things_are_not_one_figure():
    from claimledger.provenance.relations import amounts_agree

    grant, contract = sig(1, 1, 480e6, context=("usd", "feder")), sig(2, 2, 480e6, context=("usd", "award"))
    grant.scope, contract.scope = {"measured": "grant"}, {"measured": "contract"}
    assert not amounts_agree(grant, contract) and relation(grant, contract) is None
    cost, budget = sig(1, 1, 2.4e9, context=("usd", "price")), sig(2, 2, 2.4e9, context=("usd", "price"))
    cost.scope, budget.scope = {"measured": "cost"}, {"measured": "budget"}
    assert amounts_agree(cost, budget) and relation(cost, budget) == "same"  # one predicate: price
    budget.scope = {"measured": "estimate"}  # an amount that does not say of what
    assert amounts_agree(cost, budget)
    budget.scope = {"measured": "factory"}  # "a $2.4 billion factory": what the factory costs
    assert amounts_agree(cost, budget)
    budget.scope = {"measured": "bond"}  # a sum of its own, not what the project costs
    assert not amounts_agree(cost, budget)
    grant.scope = {"measured": "order"}  # "a €265 million order", "the €265 million contract": one sum
    assert amounts_agree(grant, contract)


def test_what_a_figure_measures_is_read_from_its_parse_before_the_words_around_it():
    from claimledger.provenance.relations import predicates_agree

    # "Corvane wins $310 million childcare build as parents' group puts programme at $590 million"
    headline = sig(1, 1, 590e6, context=("build", "usd", "programm", "group"))
    estimate = sig(2, 2, 525e6, context=("price", "usd", "programm"))
    assert not predicates_agree(headline, estimate)  # "build" and "cost": two measures, by the words alone
    headline.scope = {"measured": "programme"}  # what the figure is put at: the programme
    assert predicates_agree(headline, estimate)
    headline.scope = {"measured": "build"}
    assert not predicates_agree(headline, estimate)


@pytest.mark.parametrize("sentence, surface, measured", [
    ("CRT also awarded a $480 million contract for the elevated section.", "$480 million", "contract"),
    ("A federal grant of $480 million covers 40% of it.", "$480 million", "grant"),
    ("Seabright puts the cost of the project at $2.4 billion.", "$2.4 billion", "cost"),
    ("The budget stands at $2.9 billion.", "$2.9 billion", "budget"),
    ("The county will issue $78 million in bonds.", "$78 million", "bond"),
    ("Westmarch raised its grant to $165 million.", "$165 million", "grant"),
    ("City bonds will cover $245 million.", "$245 million", "bond"),
    ("Corriden wins $128 million fibre build.", "$128 million", "contract"),  # what was won: a contract
    ("The board approved a $460 million fibre build.", "$460 million", "cost"),  # what the build costs
])
def test_a_sum_is_read_as_an_amount_of_its_noun(extract, sentence, surface, measured):
    [claim] = [c for c in extract(sentence) if c["surface"] == surface]
    assert json.loads(claim["scope"])["measured"] == measured


def test_who_pays_a_sum_is_read_and_two_payers_are_two_measures(extract):
    from claimledger.provenance.relations import populations_agree

    found = scopes(extract, "The national government will contribute €180 million, and the Vessland Region "
                            "€90 million. The city will borrow €150 million.")
    assert found["€180 million"]["payer"] == ["government", "national"]
    assert found["€90 million"]["payer"] == ["region", "vessland"]  # the verb left out
    assert found["€150 million"]["payer"] == ["city"]
    nation, region = sig(1, 1, 180e6, context=("eur",)), sig(2, 2, 150e6, context=("eur",))
    nation.scope, region.scope = {"payer": ["government", "national"]}, {"payer": ["region", "vessland"]}
    assert not populations_agree(nation, region)
    region.scope = {"payer": ["government"]}  # one payer, told shorter
    assert populations_agree(nation, region)


def test_a_sum_spent_of_a_budget_is_part_of_it_not_the_budget(extract):
    found = scopes(extract, "The board has now spent $342 million of the programme's $525 million budget.")
    assert found["$342 million"]["frame"] == "actual" and "measured" not in found["$342 million"]
    assert found["$525 million"]["measured"] == "budget"


def test_an_article_that_names_its_subject_only_at_sentence_starts_is_still_about_it():
    from claimledger.provenance.signature import article_entity, signature, supported_names

    text = "Tesla sold 5,000 cars in March. Tesla expects to sell 9,000 in April."
    supported = supported_names(text)
    assert article_entity(text, supported) == {"tesla"}
    claim = {"id": 1, "article_id": 1, "kind": "number", "status": "confirmed", "surface": "5,000",
             "span_start": 11, "span_end": 16, "sentence_start": 0, "sentence_end": 31, "number": 5000,
             "unit": "cars", "subject": "Tesla"}
    assert "tesla" in signature(claim, text, article_entity(text, supported), supported).entities


def test_a_published_day_that_is_no_day_leaves_the_figure_without_a_moment():
    from claimledger.provenance.signature import signature

    text = "The region has 140 kilometres of track."
    claim = {"id": 1, "article_id": 1, "kind": "number", "status": "confirmed", "surface": "140",
             "span_start": 15, "span_end": 18, "sentence_start": 0, "sentence_end": len(text), "number": 140,
             "unit": "kilometres", "scope": json.dumps({"frame": "actual"})}
    assert signature(claim, text, None, None, "March 2024").as_of is None
    assert signature(claim, text, None, None, "2024-03-05").as_of is not None


def test_each_figure_takes_the_stage_nearest_it(extract):
    rows = extract("The plant will create 300 jobs in year one and 500 in year two.")
    stages = {r["surface"]: json.loads(r["scope"]).get("stage") for r in rows if r["kind"] == "number" and r["scope"]}
    assert stages["300"] == "first year" and stages["500"] == "second year"


def test_a_figure_takes_its_own_date_before_the_one_it_is_coordinated_with(extract):
    found = scopes(extract, "The county still expects about 18,000 premises passed by the end of 2047 "
                            "and all 21,400 by June 2048.")
    assert found["about 18,000"]["period"] == [None, "2047-12-31"]
    assert found["21,400"]["period"] == [None, "2048-06-30"]


def test_a_stage_read_as_a_date_without_its_ordinal_is_still_the_stage(extract):
    found = scopes(extract, "Analysts estimate that Brindle could sell as many as 60,000 in its first full year. "
                            "The old works made 68,000 last year.")
    assert found["as many as 60,000"]["stage"] == "first year"  # "full year" alone reads as a date
    assert "stage" not in found["68,000"] and found["68,000"]["period"]


@pytest.mark.parametrize("sentence, surface, change", [
    ("Sales of electric scooters fell 8% last year.", "8%", True),
    ("Prices increased 12 percent.", "12 percent", True),
    ("It posted a 4% rise in sales.", "4%", True),
    ("Electric models made up about 9% of that total.", "about 9%", False),
    ("Unemployment rose to 5%.", "5%", False),  # the level it rose to
    # a difference, whatever its unit
    ("It cost $548 million, $88 million more than the $460 million first approved.", "$88 million", True),
    ("It cost $548 million, $88 million more than the $460 million first approved.", "$460 million", False),
])
def test_a_percentage_knows_whether_it_is_the_size_of_a_change(extract, sentence, surface, change):
    assert bool(scopes(extract, sentence)[surface].get("change")) is change


@pytest.mark.parametrize("sentence, surface, way", [
    ("Prices fell by 0.2% in the month.", "0.2%", "down"),
    ("Prices rose 0.9% in the month.", "0.9%", "up"),
    ("It posted a fall of 1% in sales.", "1%", "down"),
    ("Prices were 2.4% lower than a year earlier.", "2.4%", "down"),
    ("Prices edged down 0.3%.", "0.3%", "down"),
    ("Electric models made up about 9% of that total.", "about 9%", None),
])
def test_a_change_knows_which_way_it_goes(extract, sentence, surface, way):
    assert scopes(extract, sentence)[surface].get("direction") == way


def test_a_fall_and_a_rise_of_one_size_are_not_the_same():
    def change(claim_id, way):
        s = sig(claim_id, claim_id, 0.2, context=("price", "month"))
        s.measure, s.scope = "%", {"frame": "actual", "change": True, "direction": way}
        s.__post_init__()
        return s

    assert relation(change(1, "down"), change(2, "down")) == "same"
    assert relation(change(1, "down"), change(2, "up")) is None
    from claimledger.provenance.blocks import block_pairs  # the judge linking uses agrees
    assert block_pairs([change(1, "down"), change(2, "up")], None, [True, True], every_pair=True) == []


def test_a_change_and_a_share_are_never_one_measure():
    def percent(claim_id, value, **scope):
        s = sig(claim_id, claim_id, value, context=("electr", "scooter", "sale"))
        s.measure, s.scope = "%", {"frame": "actual", **scope}
        s.__post_init__()
        return s

    assert relation(percent(1, 9.0, of="total"), percent(2, 8.0, change=True)) is None  # "about 9% of that total"
    assert relation(percent(1, 9.0, measured="share"), percent(2, 8.0, change=True)) is None
    assert relation(percent(1, 9.0, change=True), percent(2, 8.0, change=True)) == "contradicts"


def test_consumer_prices_rising_is_inflation():
    from claimledger.provenance.signature import signature

    text = "The bank forecast that consumer prices would rise by 3.4% this year. House prices rose 2%."

    def words_of(surface):
        start = text.index(surface)
        sentence = text.rindex(".", 0, start) + 2 if "." in text[:start] else 0
        claim = {"id": 1, "article_id": 1, "kind": "number", "status": "confirmed", "span_start": start,
                 "span_end": start + len(surface), "sentence_start": sentence, "sentence_end": text.index(".", start) + 1,
                 "unit": "%", "number": 1.0, "scope": None}
        return signature(claim, text, None).context

    assert "inflation" in words_of("3.4%")
    assert "inflation" not in words_of("2%")  # house prices are no consumer prices


def test_a_rate_and_the_change_it_is_the_rate_of_are_one_measure():
    def percent(claim_id, value, **scope):
        s = sig(claim_id, claim_id, value, context=("inflation", "averag", "year"))
        s.measure, s.scope = "%", {"frame": "forecast", **scope}
        s.__post_init__()
        return s

    # "inflation of 3.9% this year" / "expects inflation to rise by 3.4% on average this year"
    assert relation(percent(1, 3.9, measured="inflation"), percent(2, 3.4, change=True)) == "contradicts"
    assert relation(percent(1, 3.4, measured="inflation"), percent(2, 3.4, change=True)) == "same"
    # a sum that is the difference between two others is no sum of its own
    money = [sig(i, i, v, context=("cost", "budget", "approv")) for i, v in ((3, 88e6), (4, 75e6))]
    for s, scope in zip(money, ({"frame": "forecast", "change": True}, {"frame": "forecast"})):
        s.measure, s.scope = "USD", scope
        s.__post_init__()
    assert relation(*money) is None


def test_a_first_year_or_a_peak_is_not_what_a_figure_of_no_stage_is_of():
    def figure(claim_id, value, stage=None):
        s = sig(claim_id, claim_id, value, context=("sell", "scooter", "year"))
        s.scope = {"frame": "forecast", **({"stage": stage} if stage else {})}
        s.__post_init__()
        return s

    first_year, running, target = figure(1, 60000, "first year"), figure(2, 60000, "full output"), figure(3, 90000)
    assert relation(first_year, target) is None  # "as many as 60,000 in its first full year" / "90,000 a year"
    assert relation(running, target) == "contradicts"  # "60,000 once it runs at full output"


# A schedule that slipped, a quotation repeated in part, and figures named by
# the clause that describes them.
SLIPPED = {
    "k.md": ("Harbour Post", "2031-02-03",
             "Brindle Transit says the ferry terminal will open by the end of 2031.\n\n"
             '"This terminal is the biggest thing to happen to the waterfront since the war, and it will '
             'pay for itself," said Mayor Ines Varga.\n\n'
             "The terminal will be run by Brindle Transit."),
    "l.md": ("Quay Weekly", "2031-09-14",
             "Brindle Transit has pushed back the opening of the ferry terminal to the spring of 2032.\n\n"
             'Mayor Ines Varga, who called the terminal "the biggest thing to happen to the waterfront since the '
             'war", said the delay would not raise fares.\n\n'
             "The terminal will open to ferries from Porto this summer."),
}


@pytest.fixture
def slipped(nlp, tmp_path, isolated_store):
    return ingested(tmp_path / "slipped", SLIPPED, isolated_store)


def test_a_deadline_and_the_later_period_it_slipped_to_conflict(slipped):
    assert frozenset(("by the end of 2031", "the spring of 2032")) in conflict_pairs()


def test_a_fragment_of_a_longer_quotation_is_the_same_quotation(slipped):
    [group] = [g for g in json.loads(invoke("groups", "--json").output) if g["kind"] == "quote"]
    surfaces = {r[0] for r in slipped.execute("select surface from claims where id in (select value from json_each(?))",
                                              [json.dumps(group["claim_ids"])])}
    assert len(surfaces) == 2 and any(s.startswith("the biggest thing") for s in surfaces)


def test_a_fragment_needs_six_words_and_every_one_of_them():
    from claimledger.provenance.relations import is_fragment

    said = "We will finish the line on time and on budget, whatever it takes."
    assert is_fragment("finish the line on time and on budget", said)
    assert not is_fragment("on time and on budget", said)  # five words: a common phrase, not a quotation
    assert not is_fragment("finish the line on time and under budget", said)


def test_a_speakers_short_line_repeated_from_a_longer_quotation_is_the_same():
    def said(claim_id, quote, by):
        s = sig(claim_id, claim_id, None, kind="quote")
        s.quote, s.scope = quote, {"by": by}
        return s

    long = said(1, "Workers have already paid, and now the bank wants them to pay twice.", ["okafor-dahl"])
    assert relation(long, said(2, "Workers have already paid", ["okafor-dahl"])) == "same"
    assert relation(long, said(3, "Workers have already paid", ["brannvik"])) is None  # another speaker's
    assert relation(long, said(4, "Workers have", ["okafor-dahl"])) is None  # two words: any sentence's
    assert relation(long, said(5, "the bank wants them", ["okafor-dahl"])) is None  # a line opens or closes it


def test_a_date_is_settled_by_its_articles_day_as_much_as_by_its_status():
    def told(article, low, high, status, published):
        s = sig(article, article, low, high, kind="date", status=status, context=("open", "terminal"))
        s.scope = {"as_of": published}
        s.__post_init__()
        return s

    slipped = told(1, "2032-03-01", "2032-05-31", "confirmed", "2031-09-14")  # "has pushed the opening to…"
    past = told(2, "2031-01-01", "2031-01-31", "projected", "2031-02-03")  # "was to open in January"
    promised = told(3, "2031-03-01", "2031-03-31", "projected", "2031-02-03")
    assert not slipped.settled and past.settled and not promised.settled
    assert relation(promised, slipped) == "contradicts"
    assert relation(past, slipped) is None


@pytest.mark.parametrize("sentence, surface, frame", [
    ("That is more than the 20,000 the agency forecast, but short of the 25,000 it promised.", "20,000", "forecast"),
    ("That is more than the 20,000 the agency forecast, but short of the 25,000 it promised.", "25,000", "target"),
    ("The line carried 20,000 riders on Monday.", "20,000", "actual"),
    # a figure something was approved or put at is somebody's figure, however firmly told
    ("The programme, approved in 2034 at $780 million, has produced 1,870 homes.", "$780 million", "forecast"),
    ("The watchdog puts the cost at $1.2 billion.", "$1.2 billion", "forecast"),
    ("Ridership stood at 48,000 a day in May.", "48,000", "actual"),
])
def test_a_clause_describing_a_figure_gives_its_frame(extract, sentence, surface, frame):
    [row] = [r for r in extract(sentence) if r["surface"] == surface]
    assert json.loads(row["scope"])["frame"] == frame


def test_a_date_the_figure_hangs_from_is_not_its_period(extract):
    rows = extract("The final cost was $1.41 billion, $30 million above the estimate the agency had held since "
                   "2022 and below the $1.5 billion the alliance had predicted.")
    [row] = [r for r in rows if r["surface"] == "$1.5 billion"]
    assert json.loads(row["scope"])["period"] is None


def scopes(extract, text, published=None):
    return {r["surface"]: json.loads(r["scope"]) for r in extract(text, published)
            if r["kind"] == "number" and r["scope"]}


def test_a_figure_compared_with_another_takes_what_it_measures(extract):
    found = scopes(extract, "Brindle has raised the estimated cost of the bridge to $2.9 billion, up from the "
                            "$2.4 billion it gave in February.")
    assert found["$2.9 billion"]["measured"] == found["$2.4 billion"]["measured"] == "cost"
    assert found["$2.4 billion"]["frame"] == "forecast"


def test_a_projection_revised_from_a_figure_was_one_for_the_same_period(extract):
    found = scopes(extract, "Brindle now expects about 20,000 riders in the line's first year, down from 25,000.")
    assert found["25,000"]["frame"] == "forecast"
    assert found["25,000"]["noun"] == "rider" and found["25,000"]["stage"] == "first year"


def test_an_outcome_up_from_an_earlier_one_keeps_its_frame_but_not_the_period(extract):
    found = scopes(extract, "Brindle sold 5,000 scooters in 2031, up from 4,000.")
    assert found["4,000"]["frame"] == "actual" and found["4,000"]["noun"] == "scooter"
    assert found["4,000"]["period"] is None


def test_a_difference_is_not_the_figure_compared_with(extract):
    found = scopes(extract, "The final cost was $1.41 billion, $30 million above the estimate.")
    assert "measured" not in found["$30 million"]


def test_somebodys_figure_is_an_estimate(extract):
    found = scopes(extract, "The watchdog puts the rise in household bills at $31 a year, against Brindle's figure "
                            "of $14.")
    assert found["$14"]["frame"] == "forecast"


def test_the_noun_a_figure_measures_is_among_its_words():
    from claimledger.provenance.signature import signature

    text = "Brindle gave $2.4 billion in February."
    claim = {"id": 1, "article_id": 1, "kind": "number", "status": "confirmed", "surface": "$2.4 billion",
             "span_start": 13, "span_end": 25, "sentence_start": 0, "sentence_end": len(text), "number": 2.4e9,
             "unit": "USD", "scope": json.dumps({"frame": "forecast", "measured": "cost"})}
    assert "price" in signature(claim, text, None).context  # "cost" is a word of the price predicate


def test_a_date_promised_and_the_report_that_it_came_are_a_kept_projection_not_one_statement():
    def told(article, status, published):
        s = sig(article, article, "2032-09-01", "2032-09-30", kind="date", status=status,
                context=("construction", "start"))
        s.scope = {"as_of": published}
        s.__post_init__()
        return s

    promised, again, came = (told(1, "projected", "2031-03-01"), told(2, "projected", "2032-01-10"),
                             told(3, "confirmed", "2032-11-02"))
    assert relation(promised, again) == "same"
    assert relation(promised, came) is None
    assert relation(again, came) is None
    # "meeting the September 2032 date the board set": the promise told again, however late
    recalled = told(4, "confirmed", "2032-11-02")
    recalled.scope["event"] = "date"
    assert relation(promised, recalled) == "same"


def test_a_figure_told_as_coming_out_as_promised_keeps_the_promise_it_does_not_restate_it(extract):
    found = scopes(extract, "The workforce peaked at 900 in July, as the department had forecast, and stands at "
                            "about 860 today. The county paid $180 million, as agreed. Households pay 11p a "
                            "kilowatt-hour, as the council promised. The plant employs 1,800 people.")
    assert found["900"].get("met") and found["$180 million"].get("met") and found["11p"].get("met")
    assert not found["about 860"].get("met")  # another clause: it met nothing
    assert not found["1,800"].get("met")

    def told(article, published, met=False):
        s = sig(article, article, 900, status="confirmed" if met else "projected")
        s.scope = {"as_of": published, "met": True} if met else {"as_of": published}
        s.__post_init__()
        return s

    promised, again, came = told(1, "2018-06-14"), told(2, "2019-10-22"), told(3, "2020-09-16", met=True)
    assert relation(promised, again) == "same"
    assert relation(promised, came) is None  # a kept projection
    assert relation(came, again) is None
    assert relation(came, told(4, "2021-01-05", met=True)) == "same"  # two reports of the outcome
    # what an earlier article told as so, a later one restates "as planned"
    assert relation(told(5, "2018-06-15", met=True), came) == "same"
    so = sig(6, 6, 900, status="confirmed")
    so.scope = {"as_of": "2018-06-15", "frame": "actual"}
    so.__post_init__()
    assert relation(so, came) == "same"


def test_a_figure_projected_for_a_stage_and_reported_once_it_came_is_a_kept_projection():
    def told(article, published, frame, stage=None):
        s = sig(article, article, 1100, status="confirmed" if frame == "actual" else "projected")
        s.scope = {"as_of": published, "frame": frame, **({"stage": stage} if stage else {})}
        s.__post_init__()
        return s

    peak = told(1, "2039-03-17", "plan", "peak")  # "would employ up to 1,100 people at its peak"
    assert relation(peak, told(2, "2041-10-16", "actual")) is None  # "about 1,100 are working, the most yet"
    assert relation(peak, told(3, "2040-01-10", "plan", "peak")) == "same"
    # running at full output is what a plant does, not a stage that passes
    assert relation(told(4, "2028-06-20", "plan", "full output"), told(5, "2029-10-16", "actual")) == "same"


def test_two_kinds_of_one_thing_do_not_contradict_but_new_and_extra_are_no_kinds():
    def buses(claim_id, value, *modifiers):
        s = sig(claim_id, claim_id, value, context=("replace", "bus", "fleet"))
        s.scope = {"frame": "target", "noun": "bus", "modifiers": list(modifiers)}
        return s

    assert relation(buses(1, 380, "diesel"), buses(2, 410, "electric")) is None
    assert relation(buses(1, 380, "electric"), buses(2, 410, "electric")) == "contradicts"
    assert relation(buses(1, 1500, "new"), buses(2, 1100, "extra")) == "contradicts"
    assert relation(buses(1, 380, "diesel"), buses(2, 380, "its")) == "same"


def test_a_figure_a_verb_puts_an_amount_on_is_an_amount_of_that_verb(extract):
    found = scopes(extract, "The plant, which will produce 150 million litres a day, is budgeted at 1.6 billion "
                            "dollars.")
    assert found["1.6 billion dollars"]["measured"] == "budget"


def test_figures_in_units_of_one_base_are_compared_in_it():
    from claimledger.provenance.signature import signature

    text = "The farm is rated at 930 MW. Its rival is rated at 0.93 GW."

    def signed(claim_id, surface, number, unit):
        start = text.index(surface)
        return signature({"id": claim_id, "article_id": claim_id, "kind": "number", "status": "confirmed",
                          "surface": surface, "span_start": start, "span_end": start + len(surface),
                          "sentence_start": 0, "sentence_end": len(text), "number": number, "unit": unit},
                         text, frozenset({"farm"}))

    mw, gw = signed(1, "930 MW", 930, "MW"), signed(2, "0.93 GW", 0.93, "GW")
    assert mw.measure == gw.measure == "W" and values_agree(mw, gw)


def test_figures_apart_need_fewer_shared_words_to_conflict_than_dates():
    words = (("riders", "weekday", "agency", "expects"), ("riders", "line", "opening", "delayed"))  # a quarter shared
    one, other = (sig(n, n, value, context=w) for n, value, w in ((1, 25000, words[0]), (2, 20000, words[1])))
    assert relation(one, other) == "contradicts"
    early, late = (sig(n, n, day, kind="date", context=w) for n, day, w in ((1, "2031-03-01", words[0]),
                                                                            (2, "2031-09-01", words[1])))
    assert relation(early, late) is None


def test_a_day_and_the_month_it_lies_in_need_the_words_of_a_short_span():
    words = (("approved", "minister", "plant", "state"), ("approved", "cost", "raised", "utility"))  # a quarter
    day = sig(1, 1, "2031-03-11", kind="date", status="confirmed", context=words[0])
    month = sig(2, 2, "2031-03-01", "2031-03-31", kind="date", status="confirmed", context=words[1])
    year = sig(3, 2, "2031-01-01", "2031-12-31", kind="date", status="confirmed", context=words[1])
    assert relation(day, month) == "same"
    assert relation(day, year) is None


def test_a_peak_and_full_running_are_stages_of_their_own(extract):
    found = scopes(extract, "The plant will employ 1,800 people once it runs at full output, and up to 2,500 workers "
                            "will be on site at the peak of construction.")
    assert found["1,800"]["stage"] == "full output" and found["up to 2,500"]["stage"] == "peak"


@pytest.mark.parametrize("sentence, surface, frame", [
    ("Brindle has raised the cost of its ferry terminal to $390 million.", "$390 million", "forecast"),
    ("Its cost has grown from $160 million at approval to $195 million.", "$195 million", "forecast"),
    ("The terminal's final cost came to $415 million, Brindle said.", "$415 million", "actual"),
    ("The terminal cost $415 million, the report says.", "$415 million", "actual"),  # the verb's past
    ("The project cost $415 million, the report says.", "$415 million", "actual"),  # a project, no projection
    # what somebody approved or valued something at is their figure
    ("The council approved the project at a price of $1.2 billion.", "$1.2 billion", "forecast"),
    ("The plant has state support that the government values at $450 million.", "$450 million", "forecast"),
    ("The terminal will cost $415 million.", "$415 million", "plan"),
    # a sum somebody set anew is a decision about what will be paid, however firmly told
    ("Westmarch raised its grant to $165 million from $140 million last month.", "$165 million", "forecast"),
    ("Westmarch raised its grant to $165 million from $140 million last month.", "$140 million", "forecast"),
    ("The agency cut its staff to 1,200 last year.", "1,200", "actual"),  # not a sum: a count now
])
def test_a_cost_is_an_estimate_until_it_is_told_as_final(extract, sentence, surface, frame):
    assert scopes(extract, sentence)[surface]["frame"] == frame


@pytest.mark.parametrize("sentence, surface, frame", [
    ("The new ward is designed to handle 40,000 visits a year.", "40,000", "planned capacity"),
    ("The old ward was designed for 30,000 visits a year.", "30,000", "capacity"),
    ("Its berth is sized for 12 ferries a day.", "12", "capacity"),
    ("The new ward handled 38,000 visits last year.", "38,000", "actual"),
])
def test_what_a_thing_is_designed_for_is_its_capacity(extract, sentence, surface, frame):
    assert scopes(extract, sentence)[surface]["frame"] == frame


@pytest.mark.parametrize("sentence, surface, frame", [
    ("The final cost came to $415 million, against the $390 million of its revised budget.", "$390 million",
     "forecast"),
    ("The final cost came to $415 million, against the $320 million announced in 2029.", "$320 million", "forecast"),
    ("The final cost came to $415 million, Brindle said.", "$415 million", "actual"),
    ("The ferries ran at 41% of their capacity last year.", "41%", "actual"),
])
def test_a_budgets_or_an_announced_figure_is_an_estimate(extract, sentence, surface, frame):
    assert scopes(extract, sentence)[surface]["frame"] == frame


@pytest.mark.parametrize("sentence, surface, frame", [
    ("The council approved a $900 million expansion of the ferry terminal on Monday.", "$900 million", "forecast"),
    ("Brindle signed a $700 million contract with the builder.", "$700 million", "actual"),
])
def test_a_sum_told_as_the_price_of_a_thing_is_an_estimate_of_its_cost(extract, sentence, surface, frame):
    found = scopes(extract, sentence)[surface]
    assert found["frame"] == frame
    assert found["measured"] == ("cost" if frame == "forecast" else "contract")


def test_a_date_the_parser_hangs_a_figure_from_is_its_period(extract):
    rows = extract("The old terminal was built for 4,000 sailings and saw 6,800 last year.", date(2029, 3, 13))
    found = {r["surface"]: json.loads(r["scope"]) for r in rows if r["kind"] == "number"}
    assert found["6,800"]["period"] == ["2028-01-01", "2028-12-31"] and "noun" not in found["6,800"]
    assert found["4,000"]["period"] is None


def test_a_date_hanging_from_the_figure_is_its_period_but_not_one_of_its_clause(extract):
    found = scopes(extract, "Brindle expects about 9,000 riders a day in the first year of service and 16,000 by 2036.")
    assert found["16,000"]["period"] == [None, "2036-12-31"]
    found = scopes(extract, "Brindle expects to sell 60,000 scooters in 2026 and 90,000 by 2030.")
    assert found["60,000"]["period"] == ["2026-01-01", "2026-12-31"]
    found = scopes(extract, "The final cost was $415 million, more than the $390 million it forecast in 2031.")
    assert found["$390 million"]["period"] != ["2031-01-01", "2031-12-31"]


def test_a_date_told_after_an_earlier_value_is_that_values(extract):
    found = scopes(extract, "Brindle's share of the ferry market has grown to about 9%, from 6% in 2027.")
    assert found["6%"]["period"] == ["2027-01-01", "2027-12-31"]
    assert found["about 9%"]["period"] is None
    told = scopes(extract, "Brindle's revenue rose to $5 billion in 2025 from $4 billion.")
    assert told["$5 billion"]["period"] == ["2025-01-01", "2025-12-31"]


def test_a_figure_set_above_another_is_one_for_the_same_stage(extract):
    found = scopes(extract, "Construction employment peaked at 2,650 workers in August, above the 2,500 the builder "
                            "had planned for.")
    assert found["2,500"]["stage"] == "peak"


def test_a_unit_symbol_is_neither_a_name_nor_a_place(extract):
    from claimledger.provenance.signature import names_in

    assert names_in("The farm's 930 MW capacity makes 12 GWh a year for Ashby.") == {"ashby"}
    found = scopes(extract, "The farm's 930 MW capacity is unchanged.")
    assert found["930 MW"].get("places", []) == []


def test_a_word_of_scope_many_bodies_names_carry_names_none_of_them():
    from claimledger.provenance.signature import names_in

    rail = names_in("Calder Regional Transit puts the cost of the line at $1.2 billion.")
    airport = names_in("The board of Marrowick Regional Airport approved a $1.2 billion expansion.")
    assert rail == {"calder", "transit"} and airport == {"marrowick", "airport"}
    assert not rail & airport  # two projects, though both bodies are "Regional"
    # a plural possessive is the word it ends: "the Taxpayers' Alliance" is no name of its own
    assert names_in("The Dunholt Taxpayers' Alliance put the cost at $930 million.") == {"dunholt"}


def test_a_past_day_and_the_year_it_lies_in_are_one_date_in_the_words_of_a_date():
    words = (("approved", "board", "expansion", "hospital"), ("approved", "board", "budget", "cost"))  # a half
    monday = sig(1, 1, "2029-03-12", kind="date", status="confirmed", context=words[0])
    year = sig(2, 2, "2029-01-01", "2029-12-31", kind="date", status="confirmed", context=words[1])
    assert relation(monday, year) == "same"
    promised = sig(3, 1, "2029-03-12", kind="date", status="projected", context=words[0])
    assert relation(promised, sig(4, 2, "2029-01-01", "2029-12-31", kind="date", context=words[1])) is None


def test_a_short_span_is_a_word_of_its_own_context_and_a_year_is_not():
    from claimledger.provenance.signature import signature

    text = "First water will reach homes in early 2027. Full output is due in 2028."

    def signed(surface, start, end):
        at = text.index(surface)
        return signature({"id": at, "article_id": 1, "kind": "date", "status": "projected", "surface": surface,
                          "span_start": at, "span_end": at + len(surface), "sentence_start": 0,
                          "sentence_end": len(text), "date_start": start, "date_end": end}, text, None)

    assert any(w.startswith("@") for w in signed("early 2027", "2027-01-01", "2027-04-30").context)
    assert not any(w.startswith("@") for w in signed("2028", "2028-01-01", "2028-12-31").context)


def test_a_deadline_within_a_year_shares_a_word_with_the_span_it_names():
    from claimledger.provenance.signature import signature

    def signed(text, surface, start, end):
        at = text.index(surface)
        return signature({"id": at, "article_id": len(text), "kind": "date", "status": "projected",
                          "surface": surface, "span_start": at, "span_end": at + len(surface), "sentence_start": 0,
                          "sentence_end": len(text), "date_start": start, "date_end": end}, text, None)

    until = signed("The last homes will not be connected until June 2068.", "until June 2068", None, "2068-06-30")
    june = signed("It now expects to finish in June 2068.", "June 2068", "2068-06-01", "2068-06-30")
    assert until.context & june.context == {"@-" + str(june.high)}
    year = signed("All homes will be connected by 2067.", "by 2067", None, "2067-12-31")
    assert not any(w.startswith("@") for w in year.context)  # a whole year's deadline names no short span


def test_what_happened_on_a_past_date_is_a_word_its_reports_share():
    from claimledger.provenance.relations import context_similarity
    from claimledger.provenance.signature import signature

    def signed(text, surface, start, end, event, status="confirmed", published="2040-09-19"):
        at = text.index(surface)
        return signature({"id": at, "article_id": len(text), "kind": "date", "status": status, "surface": surface,
                          "span_start": at, "span_end": at + len(surface), "sentence_start": 0,
                          "sentence_end": len(text), "date_start": start, "date_end": end,
                          "scope": json.dumps({"event": event})}, text, frozenset({"wendlemouth"}),
                         published=published)

    # one decision, told as a day by one report and as its year by another, in no words in common
    approved = signed("The cabinet approved it on Tuesday.", "Tuesday", "2039-03-15", "2039-03-15", "approve",
                      published="2039-03-16")
    voted = signed("Idris Penhallow, who voted against the scheme in 2039, said so again.", "2039",
                   "2039-01-01", "2039-12-31", "vote")
    assert "!decide" in approved.context and "!decide" in voted.context
    assert relation(approved, voted) == "same"
    # two past dates of one decision need only a tenth of their words in common
    told = signed("The city cabinet approved the tidal barrier plan and its levy on Tuesday after a long debate.",
                  "Tuesday", "2039-03-15", "2039-03-15", "approve", published="2039-03-16")
    set_in = signed("Households pay a levy of £56 a year on a typical bill, the figure set in 2039, and the "
                    "board has frozen it.", "2039", "2039-01-01", "2039-12-31", "set", published="2043-11-18")
    assert 0.1 <= context_similarity(told, set_in) < 0.2
    assert relation(told, set_in) == "same"
    # a schedule is not what happened: its event is no word of it
    due = signed("The barrier is due to open in 2043.", "2043", "2043-01-01", "2043-12-31", "open", "projected")
    assert not any(w.startswith("!") for w in due.context)


# A project's cost told as the price of the thing, a contract and a yearly
# budget of the same owner, and the nation's figure set against the region's.
PRICED = {
    "k.md": ("Quay Post", "2031-04-08",
             "The Brindle Harbour Authority on Monday approved a $900 million expansion of the Brindle ferry "
             "terminal, the largest project the port has seen.\n\n"
             "Brindle ferries carried 14% more passengers in 2030, the authority said.\n\n"
             "Mara Quist, the authority's chair, said the terminal would open in 2034.\n\n"
             "Quist said the new terminal would need 300 new staff, about 200 of them deckhands.\n\n"
             "Brindle has 2.2 ferry berths per 1,000 residents."),
    "l.md": ("Harbour Weekly", "2032-05-12",
             "The Brindle Harbour Authority now puts the cost of the Brindle ferry terminal at $1.2 billion, "
             "Mara Quist said.\n\n"
             "Its builder's contract with the authority has grown to $700 million.\n\n"
             "The authority expects to absorb the rise within its $1.1 billion annual budget, Quist said.\n\n"
             "Brindle ferry traffic grew quickly in 2030, but nationwide ferry ridership rose 26% in 2030 as "
             "commuters returned.\n\nQuist said the new terminal would now need 250 new staff.\n\n"
             "Brindle still has 2.2 ferry berths per 1,000 residents."),
}


@pytest.fixture
def priced(nlp, tmp_path, isolated_store):
    return ingested(tmp_path / "priced", PRICED, isolated_store)


def test_a_sum_told_as_the_price_of_a_thing_is_its_cost(priced):
    listed = conflict_pairs()
    assert frozenset(("$900 million", "$1.2 billion")) in listed
    assert frozenset(("$900 million", "$700 million")) not in listed  # a contract is a sum by its own name


def test_a_yearly_budget_is_not_a_cost_of_no_period(priced):
    assert not {frozenset(("$1.1 billion", other)) for other in ("$900 million", "$1.2 billion")} & conflict_pairs()


@pytest.mark.parametrize("text, surface, part", [
    ("Washington has paid out $9.8 billion in bridge grants since 2018, $410 million of it in Delvane.",
     "$410 million", True),
    ("By the end of May, 19 of the 28 centres were open.", "19", True),
    ("By the end of May, 19 of the 28 centres were open.", "28", False),
    ("The board approved 28 centres.", "28", False),
])
def test_a_share_of_a_whole_is_a_part_of_it(text, surface, part):
    from claimledger.provenance.signature import signature

    start = text.index(surface)
    signed = signature({"id": 1, "article_id": 1, "kind": "number", "status": "confirmed", "surface": surface,
                        "span_start": start, "span_end": start + len(surface), "sentence_start": 0,
                        "sentence_end": len(text), "number": 1, "unit": "USD" if "$" in surface else "centres",
                        "scope": json.dumps({"frame": "actual"})}, text, frozenset({"delvane"}))
    assert bool(signed.scope.get("part")) is part


def test_a_part_of_a_whole_does_not_conflict_with_a_whole(priced):
    listed = conflict_pairs()
    assert frozenset(("300", "250")) in listed  # a revised staff figure
    assert frozenset(("about 200", "250")) not in listed  # the deckhands among the staff


def test_what_a_rate_is_counted_against_states_nothing(priced):
    repeated = {g["surface"] for g in json.loads(invoke("groups", "--json").output)}
    assert "2.2" in repeated and "1,000" not in repeated


def test_the_nations_figure_is_not_the_regions(priced):
    assert frozenset(("14%", "26%")) not in conflict_pairs()


@pytest.mark.parametrize("before, after, near, told", [
    ("Dunmere has 1.8 beds per 1,000 people, against ", " nationally.", {"nation"}, {"nation"}),
    ("Dunmere has ", " beds per 1,000 people, against 2.3 nationally.", set(), {"nation"}),
    ("Desalination supplies about ", " of the country's drinking water.", {"nation"}, {"nation"}),
    ("Across the region, two plants supply ", " of drinking water.", set(), set()),
    ("Worldwide, sales grew ", " last year.", {"world"}, {"world"}),
    ("Waits fell to 4.4 hours in 2032 from ", " in 2028; across the country the average was 4.3 hours.", set(), set()),
])
def test_a_figures_reach_is_read_from_the_words_nearest_it(before, after, near, told):
    from claimledger.provenance.signature import reach

    assert reach(before, after) == (near, told)


def test_an_article_is_also_about_a_third_name_it_mentions_again():
    from claimledger.provenance.signature import article_entity

    text = ("Brightwater won the contract. Brightwater will build the Aldermoor tower. The Aldermoor board "
            "chose Brightwater. Dunmere officials agreed with the board of Aldermoor. Dunmere has one hospital. "
            "Kelsby was not consulted.")
    assert article_entity(text) == {"brightwater", "aldermoor", "dunmere"}
    assert "kelsby" not in article_entity(text + " Tollan was not either.")


def test_names_tied_with_the_last_topic_are_topics_too():
    from claimledger.provenance.signature import article_entity

    # Lindqvist is named most; Kelmarsh, Carver and Yards as often as each other, in that order or any
    text = ("Rosa Lindqvist moved in. Lindqvist pays less now, said Lindqvist. Lindqvist works at Carver Yards. "
            "The Carver Yards block is run by Kelmarsh. Kelmarsh built it; Kelmarsh owns it. "
            "Carver Yards opened in May.")
    assert {"lindqvist", "carver", "yards", "kelmarsh"} <= article_entity(text)


def test_an_article_is_about_the_names_its_title_gives():
    from claimledger.provenance.signature import article_entity, supported_names

    text = ("Rosa Lindqvist moved in. Lindqvist pays less now. Lindqvist works at Carver Yards, "
            "one of the homes the city of Kelmarsh built.")
    supported = supported_names(text)
    assert "kelmarsh" not in article_entity(text, supported)
    title = "Kelmarsh Tenants Move Into Carver Yards"
    # the title's names the body writes as names too: not its Title Case words ("Tenants", "Move")
    assert article_entity(text, supported, title) == {"lindqvist", "carver", "yards", "kelmarsh"}


@pytest.mark.parametrize("text, surface, event, subject", [
    ("The department expects the bridge to open to traffic by the end of 2021.", "by the end of 2021", "open",
     ["bridge"]),
    ("The board said the emergency department was still due to open in the spring of 2032.", "the spring of 2032",
     "open", ["department", "emergency"]),
    ("The board expects the whole tower to be in use by mid-2032.", "by mid-2032", "use", ["tower", "whole"]),
    ("Work is set to begin in October 2029.", "October 2029", "begin", ["work"]),
    # a passive's "by" is its date, not its agent
    ("Demolition of the old bridge will start in October and should be finished by the autumn of 2023.",
     "by the autumn of 2023", "finish", ["demolition"]),
    ("The Dunmere Health Board on Monday approved a $1.2 billion expansion.", "Monday", "approve",
     ["board", "dunmere", "health"]),
    # a date's possessive names its event: "Tuesday's meeting"
    ("The chair told Tuesday's meeting that a longer runway was cheap.", "Tuesday", "meeting", None),
])
def test_a_date_keeps_the_event_it_is_the_date_of_and_what_the_event_is_of(extract, text, surface, event, subject):
    [row] = [r for r in extract(text) if r["kind"] == "date" and r["surface"] == surface]
    assert json.loads(row["scope"]) == {"event": event, **({"subject": subject} if subject else {})}


def test_two_schedules_of_one_event_of_one_thing_need_few_shared_words():
    def dated(claim_id, start, end, words, event, subject):
        date = sig(claim_id, claim_id, start, end, kind="date", context=words)
        date.scope = {"event": event, "subject": subject}
        return date

    # one word in four shared ("board"): too few for two dates of a year, unless one event of one thing
    words = (("board", "expects", "late", "whole"), ("board", "now", "patients", "rather"))
    department = dated(1, "2031-01-01", "2031-12-31", words[0], "open", ["emergency", "department"])
    assert relation(department, dated(2, "2031-01-01", "2031-12-31", words[1], "opening", ["department"])) == "same"
    assert relation(department, dated(3, "2031-01-01", "2031-12-31", words[1], "open", ["tower"])) is None
    assert relation(department, dated(4, "2031-01-01", "2031-12-31", words[1], "begin", ["department"])) is None
    # the meeting a plan was put to is the day it was decided
    vote = dated(5, "2049-05-11", "2049-05-11", words[0], "meeting", [])
    assert relation(vote, dated(6, "2049-05-01", "2049-05-31", words[1], "approve", ["board"])) == "same"


def test_a_conflict_of_two_schedules_names_their_event():
    from claimledger.provenance.relations import reason

    late, later = (sig(n, n, start, end, kind="date", context=("open", "board", "late", "whole"))
                   for n, start, end in ((1, "2031-09-01", "2031-12-31"), (2, "2032-03-01", "2032-05-31")))
    late.scope = {"event": "open", "subject": ["department", "emergency"]}
    later.scope = {"event": "opening"}
    assert relation(late, later) == "contradicts"
    assert "event: open of department emergency" in reason(late, later)


def test_two_estimates_of_a_sum_of_money_conflict_in_their_own_words():
    def told(claim_id, value, frame, words, measure="USD"):
        figure = sig(claim_id, claim_id, value, context=words)
        figure.measure, figure.scope, figure.frame = measure, {"frame": frame}, frame
        return figure

    # the owner's plan and a critic's estimate: one word in eight shared, the currency
    plan = told(1, 640e6, "target", ("usd", "approv", "commiss", "replac", "plan", "tuesday", "argument", "cross"))
    critics = ("usd", "critic", "put", "contract", "land", "bridg", "river", "cost")
    assert relation(plan, told(2, 785e6, "forecast", critics)) == "contradicts"
    assert relation(plan, told(3, 785e6, "actual", critics)) != "contradicts"  # an outcome keeps or breaks it
    assert relation(plan, told(4, 785, "forecast", critics, measure="count")) is None  # not money: too few words


@pytest.mark.parametrize("text, surface", [
    ("\"Our $4 billion looked gloomy last September.", "$4 billion"),
    ("\"We said $785 million last year and we stand by it.", "$785 million"),
    ("Seabright's figure of $14 is far higher.", "$14"),
])
def test_somebodys_own_figure_is_their_estimate_however_firmly_told(extract, text, surface):
    assert scopes(extract, text)[surface]["frame"] == "forecast"


def test_what_something_that_happened_cost_is_an_outcome(extract):
    built = "Kestrel built the Ashgrove Bay Bridge, which opened in 2016 at a cost of $390 million."
    assert scopes(extract, built)["$390 million"]["frame"] == "actual"
    planned = "The Delvane bridge will open in 2021 at a cost of $640 million."
    assert scopes(extract, planned)["$640 million"]["frame"] != "actual"


def test_a_conflict_between_groups_that_few_of_their_members_bear_out_is_not_listed(tmp_path):
    from claimledger.provenance.linking import _drop_unsupported

    db = store.connect(tmp_path / "claims.db")
    db["articles"].insert_all({"id": a, "text": "t", "sha256": str(a), "ingested_at": "2030-01-01", "linked": 1}
                              for a in range(1, 5))
    price = ["line", "price", "usd"]
    # two reports of a $1.2 billion cost, a rival $1.5 billion estimate of it, and a $1.5 billion grant
    # that shares no word with the cost: a conflict found between the grant's group and the cost's
    # (through some member since gone, say) stands for pairs none of which contradict
    claims = [(1, 1, 1.2e9, price), (2, 1, 1.2e9, price), (3, 3, 1.5e9, price), (4, 4, 1.5e9, ["award", "grant"])]
    db["claim_groups"].insert_all({"id": g, "kind": "number", "members": 1} for g in (1, 3, 4))
    for claim_id, group_id, value, words in claims:
        db["claims"].insert({"id": claim_id, "article_id": claim_id, "kind": "number", "surface": "x",
                             "span_start": 0, "span_end": 1, "status": "projected", "group_id": group_id})
        db["claim_signatures"].insert({"claim_id": claim_id, "article_id": claim_id, "kind": "number",
                                       "status": "projected", "measure": "USD", "low": value, "high": value,
                                       "qualifier": "=", "names": '["calder"]', "words": json.dumps(words)})
    db["group_conflicts"].insert_all({"group_id": 1, "other_group_id": other, "claim_id": 1, "other_claim_id": other,
                                      "relation": "contradicts"} for other in (3, 4))
    _drop_unsupported(db, [1, 2, 3, 4])
    assert db.execute("select group_id, other_group_id from group_conflicts").fetchall() == [(1, 3)]



def test_the_pair_a_conflict_is_shown_by_does_not_depend_on_the_order_pairs_are_found(nlp, tmp_path, monkeypatch):
    from claimledger.ingest import ingest, read_sources
    from claimledger.provenance import linking

    articles = {**ARTICLES, "d.md": ("Scooter Review", "2030-03-09", "Brindle Motors aims to sell 55,000 electric "
                                                                     "scooters a year, Mara Quist said on Thursday.")}
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (publisher, published, text) in articles.items():
        write(folder, name, publisher, published, text)

    def shown(path):
        db = store.connect(path)
        ingest(db, read_sources([str(folder)]))
        rows = db.execute("select group_id, other_group_id, claim_id, other_claim_id from group_conflicts "
                          "order by group_id, other_group_id").fetchall()
        db.close()
        return rows

    forward = shown(tmp_path / "forward.db")
    found = linking._new_claim_pairs
    monkeypatch.setattr(linking, "_new_claim_pairs", lambda *args, **kwargs: reversed(list(found(*args, **kwargs))))
    assert forward and shown(tmp_path / "backward.db") == forward


def test_the_day_an_article_reports_is_the_day_later_articles_date_its_decision_by():
    from claimledger.provenance.relations import event_key
    from claimledger.provenance.signature import signature

    def dated(claim_id, text, surface, start, end, published, event=None):
        at = text.index(surface)
        claim = {"id": claim_id, "article_id": claim_id, "kind": "date", "status": "confirmed", "surface": surface,
                 "span_start": at, "span_end": at + len(surface), "sentence_start": 0, "sentence_end": len(text),
                 "date_start": start, "date_end": end, "scope": json.dumps({"event": event} if event else {})}
        return signature(claim, text, frozenset({"brackenfield"}), None, published)

    told = "Board chair Imelda Roscoe told the vote on Tuesday that parents had waited too long."
    vote = dated(1, told, "Tuesday", "2034-04-18", "2034-04-18", "2034-04-19", event="tell")
    assert event_key(vote) == "decide"
    later = ("A place will cost $365 a month from January, up from the $340 a month promised when the "
             "programme was approved in April 2034.")
    approved = dated(2, later, "April 2034", "2034-04-01", "2034-04-30", "2035-09-12", event="approve")
    assert relation(vote, approved) == "same"
    # a day long before its article's own is not the day it reports: no decision is read into it
    earlier = dated(3, told, "Tuesday", "2034-04-18", "2034-04-18", "2034-06-19", event="tell")
    assert event_key(earlier) == "tell" and relation(earlier, approved) is None


def test_dates_of_different_spans_share_a_group_only_as_dates_of_one_event():
    from claimledger.provenance.groups import _one_event

    day, month = ("2034-04-18", "2034-04-18", "decide"), ("2034-04-01", "2034-04-30", "decide")
    assert _one_event(day, month)  # "Tuesday" and "April 2034", the day of one approval
    assert not _one_event(day, ("2034-04-01", "2034-04-30", "deliver"))  # a month of deliveries
    assert not _one_event(("2034-01-01", "2034-03-31", None), ("2034-01-01", "2034-12-31", None))  # nothing says
    assert _one_event(("2034-01-01", "2034-12-31", "sell"), ("2034-01-01", "2034-12-31", "revenue"))  # one value
    assert _one_event(None, month)  # a figure or a quote is not a date


# Forecasts of one economy a season apart: the years they name are the periods of their figures.
FORECASTS = {
    "p.md": ("Vessland Courier", "2088-03-09",
             "The Bank of Vessland expects the economy to grow by 1.8% this year and by 2.5% in 2089, "
             "governor Ada Roen said on Tuesday."),
    "q.md": ("Vessland Post", "2088-08-17",
             "The Bank of Vessland now expects the economy to grow by 1.4% this year, governor Ada Roen said, "
             "and by 2.2% in 2089."),
}


def test_the_periods_of_two_figures_are_no_schedule_in_conflict(nlp, tmp_path, isolated_store):
    db = ingested(tmp_path / "forecasts", FORECASTS, isolated_store)
    signed = [json.loads(r[0]) for r in db.execute(
        "select s.scope from claim_signatures s join claims c on c.id = s.claim_id where c.surface = '2089'")]
    assert [[unit for unit, _ in s.get("period_of")] for s in signed] == [["%"], ["%"]]
    conflicts = conflict_pairs()
    assert frozenset(("1.8%", "1.4%")) in conflicts  # the growth forecast for the year, revised
    assert not any({"this year", "2089"} <= pair for pair in conflicts)


def test_a_quarter_a_figure_is_of_is_no_part_of_the_year_another_is_of():
    words = ("economi", "grew", "quarter", "year")
    year = sig(1, 1, "2088-01-01", "2088-12-31", kind="date", status="confirmed", context=words)
    quarter = sig(2, 2, "2088-04-01", "2088-06-30", kind="date", status="confirmed", context=words)
    again = sig(3, 3, "2088-04-01", "2088-06-30", kind="date", status="confirmed", context=words)
    for s in (year, quarter, again):
        s.scope = {"event": "grow", "period_of": [["%", "economi grew"]]}
    assert relation(quarter, again) == "same"
    assert relation(year, quarter) is None  # "grew 1.3% in 2088" / "grew 0.5% in the second quarter"
    year.scope = {"event": "grow"}  # a year that dates no figure holds its quarters as ever
    assert relation(year, quarter) == "same"
    # one month of two measures: "inflation was 4.1% in February" / "mortgage rates averaged 6.1% in February"
    again.scope = {"event": "grow", "period_of": [["%", "averag mortgag rate"]]}
    assert relation(quarter, again) is None


def test_a_fraction_is_no_stage_and_an_earlier_values_date_is_not_the_figures(extract):
    found = scopes(extract, "Its share of e-bike sales rose to 23%, from about a fifth last year.", "2084-08-23")
    assert "stage" not in found["23%"]  # "a fifth" is a share, not the fifth year of anything
    assert found["23%"]["period"] is None  # "last year" dates the earlier value
    assert found["about a fifth"]["period"] == ["2083-01-01", "2083-12-31"]


def test_a_figure_set_against_another_is_an_outcome_only_of_a_period_over(extract):
    found = scopes(extract, "Pellinor expects revenue of €1.2 billion for 2084, against €910 million last year. "
        "The plant's final cost came to $4.15 billion, against the $3.9 billion of its revised budget.", "2084-03-15")
    assert found["€1.2 billion"]["frame"] == "forecast"
    assert found["€910 million"]["frame"] == "actual"  # last year's revenue, told beside a forecast
    assert found["$3.9 billion"]["frame"] == "forecast"  # a budget, told beside an outcome


def test_a_figure_coordinated_with_another_measures_what_it_measures(extract):
    found = scopes(extract, "She expects inflation of 3.9% this year and 2.8% next, and growth of only 1.2% in 2088. "
        "It sold 40,000 cars and 3,000 trucks.", "2088-03-10")
    assert found["2.8%"]["measured"] == "inflation"
    assert found["1.2%"]["measured"] == "growth"  # a noun of its own
    assert "measured" not in found["3,000"] and found["3,000"]["noun"] == "truck"
