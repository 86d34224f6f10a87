"""Values as the pipeline normalises them in context: the article's present,
the tense of a clause, the unit a sentence gives a number."""
from datetime import date

import pytest
from conftest import find

from claimledger.extract.reference import full_date, is_dateline

PUBLISHED = date(2025, 6, 18)


def interval(rows, surface):
    row = find(rows, surface)
    return row["date_start"], row["date_end"]


# --- the article's present ------------------------------------------------------------------

@pytest.mark.parametrize("surface, day", [
    ("March 3, 2026", date(2026, 3, 3)),
    ("3 March 2026", date(2026, 3, 3)),
    ("2026-03-03", date(2026, 3, 3)),
    ("Tuesday, March 3, 2026", date(2026, 3, 3)),
    ("March 3", None),  # no year: it depends on the present
    ("March 2026", None),  # not one day
    ("by March 3, 2026", None),  # a deadline, not a day
])
def test_a_full_date_names_its_day_whatever_the_present(surface, day):
    assert full_date(surface) == day


@pytest.mark.parametrize("text, expected", [
    ("OSLO, March 3, 2026 — Output rose.", True),
    ("March 3, 2026\n\nOutput rose.", True),
    ("WASHINGTON (Reuters) March 3, 2026: Output rose.", True),
    ("Output rose on March 3, 2026, the agency said.", False),
    ("Output rose. OSLO, March 3, 2026 — more.", False),
])
def test_a_dateline_is_a_date_on_the_first_line_before_the_story(text, expected):
    start = text.index("March")
    assert is_dateline(text, start, start + len("March 3, 2026")) is expected


def test_an_undated_article_reads_its_dateline_as_its_present(extract):
    rows = extract("OSLO, March 3, 2026 — Nordvik said it will open a plant next year. Sales fell last month.")
    assert interval(rows, "next year") == ("2027-01-01", "2027-12-31")
    assert interval(rows, "last month") == ("2026-02-01", "2026-02-28")


def test_an_undated_article_reads_its_first_full_date_not_a_later_one(extract):
    text = ("Brindle opened its plant on May 2, 2024. It said output rose 5% last month. "
            "The plant closed on June 1, 2025, after a fire.")
    assert interval(extract(text), "last month") == ("2024-04-01", "2024-04-30")


def test_a_full_date_in_a_past_clause_is_the_present_though_its_sentence_goes_on_to_the_future(extract):
    text = ("Lumio unveiled its phone on September 16, 2025, betting that a new chip will win back buyers. "
            "It sold 38.6 million phones last year.")
    assert interval(extract(text), "last year") == ("2024-01-01", "2024-12-31")


def test_a_full_date_in_a_sentence_about_the_future_is_not_the_present(extract):
    text = "Brindle will open its plant on May 2, 2027. Output rose last month, it said on March 3, 2026."
    assert interval(extract(text), "last month") == ("2026-02-01", "2026-02-28")


def test_an_article_with_no_date_leaves_relative_dates_unresolved_but_reads_absolute_ones(extract):
    rows = extract("Brindle said sales fell last year. It plans to open a shop by March 2031.")
    assert interval(rows, "last year") == (None, None)
    assert interval(rows, "by March 2031") == (None, "2031-03-31")


# --- numbers in their sentence ----------------------------------------------------------------

def number(rows, surface):
    row = find(rows, surface, "number")
    return row["number"], row["unit"], row["qualifier"]


def test_a_bare_figure_compared_with_a_measured_one_takes_its_unit(extract):
    rows = extract("The line will run 33 kilometres of the 41. The deficit was better than the $3.6 billion "
                   "it expected in August and well above the 3.1 billion in the budget.", PUBLISHED)
    assert number(rows, "41")[1] == "km"
    assert number(rows, "3.1 billion")[1] == "USD"
    # a sum's scale word marks it as money; a bare count beside one is not
    assert number(extract("It paid $40 million, more than the 12 it had planned.", PUBLISHED), "12")[1] is None


def test_a_date_after_a_figure_is_no_noun_it_counts(extract):
    rows = extract("It expects €1.2 billion, against 910 million last year. It sold 3,000 trucks.", PUBLISHED)
    assert number(rows, "910 million")[1] == "EUR"  # not "year"
    assert number(rows, "3,000")[1] == "trucks"


def test_a_range_is_two_claims_each_a_bound_with_the_unit_of_both(extract):
    rows = extract("District managers could get $10,000 to $20,000 a year, and bankers between 5 and 7 bonuses.",
                   PUBLISHED)
    assert number(rows, "$10,000") == (10000, "USD/year", ">=")
    assert number(rows, "$20,000") == (20000, "USD/year", "<=")
    assert number(rows, "5") == (5, "bonuses", ">=")
    assert number(rows, "7") == (7, "bonuses", "<=")


def test_the_unit_of_a_range_is_carried_to_its_first_end(extract):
    rows = extract("Scientists expect warming of 2 to 2.5 degrees Celsius by 2100.", PUBLISHED)
    assert number(rows, "2") == (2, "°C", ">=")
    assert number(rows, "2.5 degrees Celsius") == (2.5, "°C", "<=")


def test_an_end_with_its_own_qualifier_keeps_it(extract):
    rows = extract("Investors put in $500,000 to more than $1 million each.", PUBLISHED)
    assert number(rows, "$500,000") == (500000, "USD", ">=")
    assert number(rows, "more than $1 million") == (1e6, "USD", ">")


def test_the_ends_of_a_spread_of_values_are_values(extract):
    rows = extract("Mexico imposed tariffs ranging from 5 percent to 25 percent on US goods.", PUBLISHED)
    assert number(rows, "5 percent") == (5, "%", "=")
    assert number(rows, "25 percent") == (25, "%", "=")


def test_points_of_a_percentage_are_percentage_points(extract):
    rows = extract("Clinton led Trump by 5 percentage points in the poll. In August, that lead was 7 points. "
                   "The Dow fell 300 points on Friday.", PUBLISHED)
    assert number(rows, "7 points") == (7, "percentage points", "=")
    assert number(rows, "300 points") == (300, "points", "=")


def test_crowns_are_the_currency_of_the_country_the_article_is_about(extract):
    text = "The Danish shipping group said profit rose to 4.2 billion crowns. Copenhagen-listed shares rose 3%."
    assert number(extract(text, PUBLISHED), "4.2 billion crowns") == (4.2e9, "DKK", "=")
    # no country the lists know, but the one code the article writes before its sums
    text = ("The deficit was MVK 3.1 billion and debt MVK 58 billion. The ministry plans a deficit of 2.9 billion "
            "crowns next year.")
    assert number(extract(text, PUBLISHED), "2.9 billion crowns") == (2.9e9, "MVK", "=")


def test_a_bare_dollar_is_the_dollar_an_article_names_by_its_country(extract):
    text = "The smelter will cost C$1.9 billion, a quarter of a billion dollars more than planned, or $250 million."
    rows = extract(text, PUBLISHED)
    assert number(rows, "a quarter of a billion dollars") == (2.5e8, "CAD", "=")
    assert number(rows, "$250 million") == (2.5e8, "CAD", "=")
    # two dollars named by country: a bare one stays the US dollar
    rows = extract("It raised US$40 million and C$12 million, $52 million in all.", PUBLISHED)
    assert number(rows, "$52 million") == (5.2e7, "USD", "=")


def test_a_quarter_is_a_share_only_of_something_or_by_it(extract):
    rows = extract("Output shrank for a quarter and grew 2% a quarter since. A quarter of firms cut jobs; "
                   "sales fell by a quarter.", PUBLISHED)
    assert [r["surface"] for r in rows if r["kind"] == "number"] == ["2%", "A quarter", "a quarter"]
    assert number(rows, "A quarter") == (25, "%", "=")


def test_one_of_a_kind_in_five_is_a_share(extract):
    rows = extract("One firm in five expects to cut jobs, and one shop in 10 has closed. It scored one goal in two games.",
                   PUBLISHED)
    assert number(rows, "One firm in five") == (20, "%", "~")
    assert number(rows, "one shop in 10") == (10, "%", "~")
    assert "one goal in two" not in [r["surface"] for r in rows]  # a rate over time, not a share


def test_a_figure_with_a_unit_after_a_name_is_no_part_of_it(extract):
    rows = extract("The poll showed Trump leading Clinton 47.1 percent to 41.7 percent; the Model 3 sold well.",
                   PUBLISHED)
    assert number(rows, "47.1 percent") == (47.1, "%", "=")
    assert number(rows, "41.7 percent") == (41.7, "%", "=")
    assert "3" not in [r["surface"] for r in rows]


def test_half_of_something_is_a_share(extract):
    rows = extract("Mexico grows half of all tomatoes eaten in the US, the first half of the crop.", PUBLISHED)
    assert number(rows, "half") == (50, "%", "=")
    assert [r["surface"] for r in rows if r["kind"] == "number"] == ["half"]


# --- dates in their clause ------------------------------------------------------------------

@pytest.mark.parametrize("text, published, surface, expected", [
    # a past narrative tells of the last one, the future of the next
    ("The plant opened in March.", date(2026, 2, 10), "March", ("2025-03-01", "2025-03-31")),
    ("The plant will open in March.", date(2026, 4, 10), "March", ("2027-03-01", "2027-03-31")),
    # a date something was moved to lies ahead, whatever the tense
    ("The match was postponed until Saturday.", date(2025, 6, 18), "until Saturday", (None, "2025-06-21")),
    ("The bid was extended to Nov. 16.", date(1989, 10, 30), "Nov. 16", ("1989-11-16", "1989-11-16")),
    # a passive present is no past: "is scheduled for"
    ("A final vote is scheduled for June 12.", date(2025, 5, 7), "June 12", ("2025-06-12", "2025-06-12")),
    # what is scheduled is told in the present tense
    ("The court term begins next week and ends in June.", date(2016, 9, 27), "June", ("2017-06-01", "2017-06-30")),
    # a state in the present tense: the day of the publication week
    ("The impact of Monday's debate is still small.", date(2016, 9, 30), "Monday", ("2016-09-26", "2016-09-26")),
    # "since" reaches back, whatever the tense of its clause
    ("It takes the club's spending since June to £140 million.", date(2025, 8, 28), "since June",
     ("2025-06-01", "2025-08-28")),
    # a modal has no tense of its own when negated or perfect; otherwise it looks ahead
    ("Neither could be located Wednesday in Havana.", date(2000, 1, 6), "Wednesday", ("2000-01-05", "2000-01-05")),
    ("He said a law could come before parliament in the spring.", date(2025, 10, 30), "the spring",
     ("2026-03-01", "2026-05-31")),
    # a participle that qualifies a noun takes the tense of the clause above it
    ("Buses would run on four routes starting in September.", date(2025, 5, 7), "September",
     ("2025-09-01", "2025-09-30")),
    # words that point a date ahead: payable, due, effective, of record, a deadline
    ("Directors authorized a split, payable Dec. 7 to stock of record Nov. 22.", date(1989, 10, 27), "Dec. 7",
     ("1989-12-07", "1989-12-07")),
    ("Meissner gave no reason for the Jan. 14 deadline.", date(2000, 1, 5), "Jan. 14", ("2000-01-14", "2000-01-14")),
    # a date that qualifies a noun takes no tense from a verb in the present or future
    ("The raids are not linked with the August 7 bombings.", date(1998, 8, 21), "August 7", ("1998-08-07", "1998-08-07")),
    ("Aurora would publish a report on the January test.", date(2026, 3, 5), "January", ("2026-01-01", "2026-01-31")),
    ("The Feb. 13 death of Justice Scalia left the court split.", date(2016, 9, 27), "Feb. 13",
     ("2016-02-13", "2016-02-13")),
    # a date in the baseline of a change is what it was, whatever the change's tense
    ("She said the airline aims to cut net debt below $3 billion by 2027, from $4.1 billion at the end of June.",
     date(2025, 9, 24), "the end of June",
     ("2025-06-30", "2025-06-30")),
    ("Sales dropped 3.1% from December to an annual rate of 3.9 million.", date(2026, 2, 19), "December",
     ("2025-12-01", "2025-12-31")),
    # ... and so is a month an earlier figure is set in, and the month published figures are of
    ("It now expects prices to rise by 0.4% over 2091, against 1.2% in February.", date(2091, 9, 19), "February",
     ("2091-02-01", "2091-02-28")),
    ("The office will publish its figures for February on April 12.", date(2090, 3, 15), "February",
     ("2090-02-01", "2090-02-28")),
    # "as recently as" looks back, whatever the verb promised
    ("The ministry had promised 60,000 homes this year as recently as February.", date(2091, 9, 19), "February",
     ("2091-02-01", "2091-02-28")),
    # a date that is the subject of a participle takes no time from it
    ("The attempt is set for April 14, with April 16 held as a backup date.", date(2026, 3, 5), "April 16",
     ("2026-04-16", "2026-04-16")),
    # what was planned lies ahead of the planning
    ("Protesters planned a large demonstration on Saturday.", date(2000, 1, 7), "Saturday", ("2000-01-08", "2000-01-08")),
    ("The offer is due to expire Friday evening.", date(1989, 10, 30), "Friday evening", ("1989-11-03", "1989-11-03")),
    # an event set for a place and a month is the next one
    ("The talks are expected to dominate a summit set for Vienna in April.", date(2025, 3, 12), "April",
     ("2025-04-01", "2025-04-30")),
    # ... unless a past narrative tells of the summit
    ("Leaders met at a summit set for Vienna in April.", date(2025, 3, 12), "April", ("2024-04-01", "2024-04-30")),
    # the bound after a date is the nearer: postponed "until 2029 or later" starts in 2029
    ("It may postpone the building until 2029 or later.", date(2025, 6, 18), "until 2029 or later",
     ("2029-01-01", None)),
])
def test_a_date_without_its_year_follows_the_tense_of_its_clause(extract, text, published, surface, expected):
    assert interval(extract(text, published), surface) == expected


def test_a_year_earlier_in_a_sentence_about_a_quarter_is_that_quarter_a_year_back(extract):
    rows = extract("Third-quarter sales dropped 11% to $1.27 billion from $1.43 billion a year ago.", date(1989, 10, 26))
    assert interval(rows, "a year ago") == ("1988-07-01", "1988-09-30")


def test_a_year_ago_in_a_sentence_with_no_figure_is_a_year_before_the_present(extract):
    rows = extract("Output was 4,000 tonnes in the third quarter. \"A year ago we had no jobs here,\" the mayor said.",
                   date(2025, 10, 20))
    assert interval(rows, "A year ago") == ("2024-10-20", "2024-10-20")


def test_a_date_of_that_year_and_a_year_named_by_its_end(extract):
    rows = extract("The mill produced 61,000 tonnes in 2082, after the first ore went in on April 22 of that year. "
                   "The province collected C$80 million in the fiscal year that ended in March.", date(2083, 10, 15))
    assert interval(rows, "April 22 of that year") == ("2082-04-22", "2082-04-22")
    assert interval(rows, "the fiscal year that ended in March") == ("2082-04-01", "2083-03-31")


def test_by_the_same_year_is_the_deadline_named_before_in_its_sentence(extract):
    rows = extract("Brisa expects 90,000 scooters a year by 2040, not the 120,000 it set out in 2031, and a 9% share "
                   "by the same year.", date(2034, 5, 2))
    assert interval(rows, "by the same year") == (None, "2040-12-31")


def test_dates_relative_to_the_date_named_before(extract):
    rows = extract("The tariff was imposed in 1994. Two years later, Congress cut the funding. "
                   "The following year, trade recovered.", date(2016, 9, 28))
    assert interval(rows, "Two years later") == ("1996-01-01", "1996-12-31")
    assert interval(rows, "The following year") == ("1997-01-01", "1997-12-31")


@pytest.mark.parametrize("text", [
    "People saw their credit ratings fall.",  # a verb, not autumn
    "Protesters gathered at the annual March for Life.",  # a name
    "Mexico retaliated against Christmas trees from Oregon.",  # a modifier of a noun
    "A USA TODAY analysis of the filings shows it.",  # a name
    "Ohio broke the National Voter Registration Act of 1993.",  # a year in a name
])
def test_words_that_are_no_dates_in_their_sentence(extract, text):
    assert [r["surface"] for r in extract(text, PUBLISHED) if r["kind"] == "date"] == []


def test_a_year_after_a_bound_word_is_no_part_of_a_name(extract):
    rows = extract("Northern Ireland has been ruled directly by London since 1972.", PUBLISHED)
    assert interval(rows, "since 1972") == ("1972-01-01", "2025-06-18")


def test_a_date_word_in_a_name_written_in_capitals_is_no_date(extract):
    text = ("Donations rose in August.\n\n"
            "USA TODAY's tally of the filings does not include money raised by candidates, a USA TODAY analysis shows.")
    assert not [r for r in extract(text, date(2016, 9, 22)) if r["kind"] == "date" and r["surface"] == "TODAY"]


# --- the period and frame of a figure -------------------------------------------------------

def _scopes(text, published):
    from claimledger.extract import extract as run

    return {c.surface: c.value.get("scope", {}) for c in run(text, published) if c.kind == "number"}


def test_an_earlier_value_of_a_period_over_is_an_outcome_of_that_period():
    scopes = _scopes("Brisa said on Tuesday that it expects to sell 52,000 scooters this year, up from 41,000 in 2040.",
                     date(2041, 3, 12))
    assert scopes["41,000"]["period"] == ["2040-01-01", "2040-12-31"]
    assert scopes["41,000"]["frame"] == "actual"
    assert scopes["52,000"]["period"] == ["2041-01-01", "2041-12-31"]
    assert scopes["52,000"]["frame"] == "forecast"


def test_a_forecast_cut_on_a_day_is_for_its_period_and_a_promise_dated_in_a_month_was_made_then(extract):
    text = "Brisa cut its forecast for this year's sales to 48,000 scooters on Tuesday, from the 52,000 it promised in March."
    scopes = _scopes(text, date(2041, 8, 21))
    assert scopes["48,000"]["period"] == ["2041-01-01", "2041-12-31"]
    # "promised in March": when the promise was made, the March before the article, not the next one
    assert interval(extract(text, date(2041, 8, 21)), "March") == ("2041-03-01", "2041-03-31")
