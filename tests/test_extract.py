"""The pipeline components on small texts: anchors and their exclusions, status cues, attribution."""
from datetime import date

import pytest

from conftest import find

PUBLISHED = date(2025, 6, 18)


def surfaces(rows, kind=None):
    return [r["surface"] for r in rows if kind is None or r["kind"] == kind]


# --- anchors and what CLAIMS.md excludes ---------------------------------------


def test_numbers_in_names_are_not_claims(extract):
    rows = extract("The Ford F-150 Lightning, the Rivian R1T and the Tesla Model 3 were compared with the Nova 9 Pro.")
    assert surfaces(rows, "number") == []


def test_zero_joined_to_a_noun_names_a_kind_not_a_count(extract):
    rows = extract("The city will run zero-emission buses and cut the fleet's emissions to zero by 2040.", PUBLISHED)
    assert surfaces(rows, "number") == ["zero"]  # the second, the level emissions fall to


def test_an_ordinal_before_its_noun_is_not_a_share(extract):
    rows = extract("The club will spend a third season at the fairground. A third of the homes are finished, "
                   "and costs are a third higher.", PUBLISHED)
    assert surfaces(rows, "number") == ["A third", "a third"]


def test_a_change_from_one_value_to_another_is_two_values_not_a_range(extract):
    rows = extract("The airline aims to lift its share from 11% to 15%. Fares range from $5 to $25.", PUBLISHED)
    figures = {r["surface"]: r["qualifier"] for r in rows if r["kind"] == "number"}
    assert figures == {"11%": "=", "15%": "=", "$5": "=", "$25": "="}
    rows = extract("The plant will employ from 200 to 300 people.", PUBLISHED)
    assert [(r["surface"], r["qualifier"]) for r in rows] == [("200", ">="), ("300", "<=")]


def test_up_to_after_a_verb_of_change_told_as_so_is_the_value_reached(extract):
    rows = extract("Its share edged up to 11.4% last year. The plant will employ up to 900 people, "
                   "and fares could rise up to 5%.", PUBLISHED)
    assert [(r["surface"], r["qualifier"]) for r in rows if r["kind"] == "number"] == [
        ("11.4%", "="), ("up to 900", "<="), ("up to 5%", "<=")]


def test_over_a_span_of_time_is_a_duration_not_more_than(extract):
    rows = extract("It will pay for the jets over five years. It sold over 500 homes.", PUBLISHED)
    assert [(r["surface"], r["qualifier"]) for r in rows if r["kind"] == "number"] == [
        ("five years", "="), ("over 500", ">")]


def test_a_unit_joined_by_a_hyphen_is_the_figure_s_unit(extract):
    rows = extract("The bridge keeps its 20-ton limit; a 100-megabit line; a fifteen-percent airline.", PUBLISHED)
    assert [(r["surface"], r["unit"]) for r in rows] == [
        ("20-ton", "tons"), ("100-megabit", "Mb"), ("fifteen-percent", "%")]


def test_a_bare_figure_compared_with_a_measured_one_shares_its_unit(extract):
    rows = extract("Crews laid 2,280 kilometres of fibre, against the 2,300 planned. "
                   "It took 40% of the 300.", PUBLISHED)
    assert [(r["surface"], r["unit"]) for r in rows] == [
        ("2,280 kilometres", "km"), ("2,300", "km"), ("40%", "%"), ("300", None)]


def test_a_season_of_a_year_named_relatively_is_one_date(extract):
    rows = extract("Veyra expects to hand over the first aircraft in the spring of next year.", PUBLISHED)
    assert [(r["surface"], r["date_start"], r["date_end"]) for r in rows] == [
        ("the spring of next year", "2026-03-01", "2026-05-31")]


def test_years_in_names_are_not_claims(extract):
    rows = extract("The truck is part of Kia's broader “Plan S 2030” strategy, launched in 2023.", PUBLISHED)
    assert surfaces(rows, "date") == ["2023"]
    assert surfaces(rows, "quote") == []


def test_quoted_names_and_terms_are_not_quotes(extract):
    text = ('Tariffs include the “Chicken Tax” on light trucks. Economists call it the "lock-in effect." '
            'Its "Home First" loyalty scheme grew. The chief executive said the plan was "a clean-up, not a retreat."')
    assert surfaces(extract(text), "quote") == ["a clean-up, not a retreat"]


def test_quote_span_excludes_marks_and_trailing_punctuation(extract):
    rows = extract("She described the market as “deep and liquid right now.”")
    assert surfaces(rows, "quote") == ["deep and liquid right now"]


def test_quotes_in_straight_curly_and_single_marks(extract):
    text = "He said \"we will win\" and she said “we may lose” while they said ‘nobody knows’."
    assert surfaces(extract(text), "quote") == ["we will win", "we may lose", "nobody knows"]


def test_unbalanced_quotation_mark_is_not_a_quote(extract):
    rows = extract("He said “this never closes and sold 500 units in 2024.", PUBLISHED)
    assert surfaces(rows, "quote") == []
    assert "500" in surfaces(rows, "number")


def test_frequencies_and_ordinals_are_not_claims(extract):
    rows = extract("The first plant runs annually and each year it reports weekly.")
    assert rows == []


def test_one_sentence_holds_several_claims(extract):
    rows = extract("The company has set a target of 90,000 units, aiming for a 7% share.", PUBLISHED)
    assert surfaces(rows, "number") == ["90,000", "7%"]


def test_modal_may_is_not_a_month(extract):
    rows = extract("Korvane may postpone the plant.", PUBLISHED)
    assert surfaces(rows, "date") == []


# --- status ----------------------------------------------------------------------

STATUS_CASES = [
    ("Ford sold 7,100 trucks in the first quarter of 2025.", "7,100", "confirmed", None),
    ("Kia will sell 90,000 units.", "90,000", "projected", "will"),
    ("Kia plans to sell 90,000 units.", "90,000", "projected", "plans"),
    ("The company has set a sales target of 90,000 units.", "90,000", "projected", "target"),
    ("Analysts expect revenue of $400 million.", "$400 million", "projected", "expect"),
    ("The truck is expected to cost $50,000.", "$50,000", "projected", "expected to"),
    ("The truck could cost $50,000.", "$50,000", "unknown", "could"),
    ("The truck may cost $50,000.", "$50,000", "unknown", "may"),
    ("The truck reportedly costs $50,000.", "$50,000", "unknown", "reportedly"),
    ("People familiar with the matter said the truck costs $50,000.", "$50,000", "unknown", "People familiar"),
    ("She estimated the plant could bring in as much as $3 billion.", "as much as $3 billion", "unknown", "could"),
    ("Kia confirmed plans to launch a truck by 2027.", "by 2027", "projected", "plans"),
    ("Kia launched the truck in 2024.", "2024", "confirmed", None),
]


@pytest.mark.parametrize("text,surface,status,cue", STATUS_CASES)
def test_status_and_cue(extract, text, surface, status, cue):
    claim = find(extract(text, PUBLISHED), surface)
    assert claim["status"] == status
    if cue:
        assert claim["cue"] == cue


def test_a_clause_keeps_its_own_status(extract):
    rows = extract("Korvane said on Tuesday that its factory will begin production in mid-2027.", PUBLISHED)
    assert find(rows, "Tuesday")["status"] == "confirmed"
    assert find(rows, "mid-2027")["status"] == "projected"


def test_a_comparison_baseline_is_a_fact(extract):
    rows = extract("Renewables will supply 80% of power by 2035, up from 41% in 2024.", PUBLISHED)
    assert find(rows, "80%")["status"] == "projected"
    assert find(rows, "41%")["status"] == "confirmed"


def test_a_future_date_without_other_cue_is_projected(extract):
    rows = extract("Deliveries begin in the fourth quarter of 2026.", PUBLISHED)
    claim = find(rows, "the fourth quarter of 2026")
    assert claim["status"] == "projected"
    assert claim["cue"] == "future date"


def test_negation_is_stored_as_polarity(extract):
    rows = extract("Korvane did not take delivery of more than three scanners.", PUBLISHED)
    claim = find(rows, "more than three")
    assert claim["status"] == "confirmed"
    assert claim["polarity"] == "negative"


def test_promise_quote_is_projected(extract):
    rows = extract("The automaker is making bold claims about the upcoming truck, promising “best-in-class cargo space,” "
                   "a “robust towing system,” and “advanced safety features.”")
    assert [r["status"] for r in rows if r["kind"] == "quote"] == ["projected"] * 3


# --- attribution -----------------------------------------------------------------


def test_speaker_of_a_quote_through_a_pronoun(extract):
    text = ("Chief executive Ines Varela spoke to investors on Tuesday. "
            "“The delay hurts, but it is not fatal,” she said.")
    claim = find(extract(text, PUBLISHED), "The delay hurts, but it is not fatal", "quote")
    assert claim["attributed_to"] == "Ines Varela"


def test_speaker_is_the_subject_of_the_speech_verb(extract):
    rows = extract("Harbour council leader Tom Okafor said more than 30 new shops would open there by 2029.", PUBLISHED)
    assert find(rows, "more than 30")["attributed_to"] == "Tom Okafor"
    assert find(rows, "by 2029")["attributed_to"] == "Tom Okafor"


def test_article_voice_has_no_speaker(extract):
    # a competitor's sales, reported by the article about Kia, are the article's own claim
    rows = extract("Kia said it plans to sell 90,000 trucks a year. "
                   "Ford sold just over 7,100 trucks in the first quarter of 2025.", PUBLISHED)
    assert find(rows, "just over 7,100")["attributed_to"] is None


def test_outermost_speaker_owns_what_an_organisation_intends(extract):
    rows = extract("Chief financial officer Ana Ruiz said the airline aims to cut net debt below $2 billion by 2027.",
                   PUBLISHED)
    assert find(rows, "below $2 billion")["attributed_to"] == "Ana Ruiz"


def test_passive_verb_of_planning_does_not_make_its_subject_a_speaker(extract):
    text = ("Vela Rockets said on Monday that the maiden flight of its Kestrel rocket is now targeted "
            "for no earlier than May 3.")
    assert find(extract(text, PUBLISHED), "no earlier than May 3")["attributed_to"] == "Vela Rockets"


def test_the_company_is_the_organisation_the_article_is_about(extract):
    text = ("Brightwell Systems said on Tuesday that it would build a plant in Ohio. "
            "Brightwell has picked a site near Dayton. "
            "The company expects to hire about 1,500 workers by 2028.")
    assert find(extract(text, PUBLISHED), "about 1,500")["attributed_to"] == "Brightwell Systems"


def test_a_negated_speech_verb_asserts_nothing(extract):
    text = "Orvo has not announced a price, though analysts expect the car to cost about $40,000."
    assert find(extract(text, PUBLISHED), "about $40,000")["attributed_to"] == "analysts"


def test_an_unnamed_spokesperson_speaks_for_whoever_was_named(extract):
    text = ("The Westmark Transport Authority has not said whether the service will continue; "
            "a spokesperson said only that it \"could be extended.\"")
    claim = find(extract(text, PUBLISHED), "could be extended", "quote")
    assert claim["attributed_to"] == "Westmark Transport Authority"


def test_an_apposition_names_the_speaker(extract):
    text = "The bank's chief economist, Lena Park, expects growth of about 2% this year."
    assert find(extract(text, PUBLISHED), "about 2%")["attributed_to"] == "Lena Park"


def test_figures_inside_a_quote_belong_to_its_speaker(extract):
    text = "“We will open 40 stores by 2027,” said Marta Gil, the retailer's chief executive."
    rows = extract(text, PUBLISHED)
    assert find(rows, "40")["attributed_to"] == "Marta Gil"
    assert find(rows, "by 2027")["attributed_to"] == "Marta Gil"


def test_a_quotation_runs_on_into_the_next_sentence_and_a_paragraph_of_quotation_alone(extract):
    # a quotation standing alone at the head of a paragraph continues whoever spoke
    # last in the paragraph before; after a paragraph where nobody spoke, nobody
    text = ("“Demand is strong,” said Omar Haddad, the chain's founder. “We will double the fleet.”\n\n"
            "“Prices are too high.”\n\nThe chain opened its first shop in a garage.\n\n“Nobody asked us.”")
    rows = extract(text, PUBLISHED)
    assert find(rows, "We will double the fleet", "quote")["attributed_to"] == "Omar Haddad"
    assert find(rows, "Prices are too high", "quote")["attributed_to"] == "Omar Haddad"
    assert find(rows, "Nobody asked us", "quote")["attributed_to"] is None


def test_a_document_speaks_for_the_organisation_that_issued_it(extract):
    text = ("Carrow Transit proposed a budget on Tuesday. "
            "Buses carried 52 million trips last year, according to figures released with the budget.")
    assert find(extract(text, PUBLISHED), "52 million")["attributed_to"] == "Carrow Transit"


def test_a_heading_does_not_run_into_the_sentence_below_it(extract):
    text = "Timeline\nOrvo said it expects deliveries to start in 2027."
    assert find(extract(text, PUBLISHED), "2027")["attributed_to"] == "Orvo"


def test_counted_noun_and_rate_become_the_unit(extract):
    rows = extract("Kia targets sales of 1.26 million units annually and 90,000 trucks.", PUBLISHED)
    assert find(rows, "1.26 million")["unit"] == "units/year"
    assert find(rows, "90,000")["unit"] == "trucks"


def test_relative_dates_resolve_against_the_publication_date(extract):
    rows = extract("Sales fell last year and will recover next month.", PUBLISHED)
    assert (find(rows, "last year")["date_start"], find(rows, "last year")["date_end"]) == ("2024-01-01", "2024-12-31")
    assert find(rows, "next month")["date_start"] == "2025-07-01"


def test_without_a_publication_date_the_latest_stated_date_is_the_present(extract):
    rows = extract("The trial results were published on March 30, 2026. Sales rose last year.")
    assert find(rows, "last year")["date_start"] == "2025-01-01"


def test_a_relative_clause_keeps_its_own_tense(extract):
    rows = extract("The truck would differ from the Tasman, which Kia launched in Australia last year.", PUBLISHED)
    assert find(rows, "last year")["status"] == "confirmed"


def test_the_cue_finder_finds_what_one_matcher_over_all_cues_finds(nlp):
    from spacy.matcher import Matcher

    from claimledger.extract.lexicon import STATUS_CUES
    from claimledger.extract.status import CueFinder

    doc = nlp("Brindle may not have disclosed it, but it is expected to launch next year and plans to sell "
              "40,000 units, people familiar with the talks said. It declined to say whether it would "
              "reportedly hire staff; it has not yet announced a target and is on track to meet its goal.")
    matcher = Matcher(nlp.vocab)
    for cue in STATUS_CUES:
        matcher.add(cue.id, cue.patterns)
    expected = sorted((nlp.vocab.strings[m], start, end) for m, start, end in matcher(doc))
    assert sorted(CueFinder(nlp.vocab, STATUS_CUES)(doc)) == expected
    assert len(expected) >= 10


def test_the_model_thread_and_the_claim_components_give_the_rows_of_the_whole_pipeline(nlp):
    from conftest import SEED

    from claimledger.ingest import _finish_rows, _read_by_model, extract_rows

    pairs = [(SEED.read_text(encoding="utf-8"), PUBLISHED),
             ("Brindle Motors said on Monday it will sell 40,000 scooters by 2032.", None)]
    whole = extract_rows(pairs)
    assert _finish_rows(_read_by_model(pairs)) == whole
    assert len(whole[0]) > 10 and len(whole[1]) == 3


def test_worker_processes_store_and_relate_what_one_process_does(tmp_path):
    """Units smaller than a batch come back from the workers in input order
    and are stored a batch at a time; the workers then share the linking."""
    from claimledger import store
    from claimledger.ingest import WORKER_UNIT, ingest
    from claimledger.sources import Article

    articles = [Article(source=f"{i}.txt", text=f"Brindle Motors said it will sell {1000 + i % 3:,} scooters by "
                                                 f"{2030 + i % 2}. Corvan Bikes sold {i + 7} bicycles in March.")
                for i in range(2 * WORKER_UNIT + 3)]
    stored, related = {}, {}
    for workers in (1, 2):
        db = store.connect(tmp_path / f"{workers}.db")
        report = ingest(db, articles, batch_size=WORKER_UNIT + 2, workers=workers)
        assert report.stored == len(articles) and not report.failures
        stored[workers] = db.execute("select a.source, c.surface, c.status, c.number, c.date_end from claims c "
                                     "join articles a on a.id = c.article_id order by a.id, c.span_start").fetchall()
        related[workers] = set(db.execute(
            "select a.source, c.surface, r.relation, ka.source, k.surface from claim_relations r "
            "join claims c on c.id = r.claim_id join articles a on a.id = c.article_id "
            "join claims k on k.id = r.related_claim_id join articles ka on ka.id = k.article_id").fetchall())
    assert stored[2] == stored[1]
    assert list(dict.fromkeys(row[0] for row in stored[2])) == [a.source for a in articles]  # in input order
    assert related[2] == related[1]
    assert {"same", "contradicts"} <= {row[2] for row in related[1]}
