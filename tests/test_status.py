"""How sure: the status of a claim from its own predicate, on the constructions of real news."""
from datetime import date

import pytest

from conftest import find

PUBLISHED = date(2024, 3, 6)


def status(rows, surface, kind=None):
    claim = find(rows, surface, kind)
    return claim["status"], claim["cue"]


@pytest.mark.parametrize("text,surface,expected", [
    # idioms of schedule and plan
    ("The audit is due out on February 28.", "February 28", "projected"),
    ("The depot is to open with 120 buses.", "120", "projected"),
    ("A vote is pencilled in for February 20.", "February 20", "projected"),
    ("The bank sees growth of 1.8% in 2023.", "1.8%", "projected"),
    ("The airline is on track to carry 40 million passengers.", "40 million", "projected"),
    ("The plant is set to employ 1,200 people.", "1,200", "projected"),
    ("The levy was designed to raise $2 billion.", "$2 billion", "projected"),
    ("Another $20 million is headed to the rail fund.", "$20 million", "projected"),
    # specifications of something not built yet
    ("The proposed tower has 64 floors.", "64", "projected"),
    # what a plan holds is planned
    ("The plan includes $96 million for new trams.", "$96 million", "projected"),
    # a settlement's terms are not in force yet
    ("Under the settlement, the lender pays $40 million into a fund.", "$40 million", "projected"),
    # obligation
    ("The council must cut 300 jobs.", "300", "projected"),
    # a projection is projected; a project is a thing done
    ("The agency projects 5,000 riders a day.", "5,000", "projected"),
    ("The project cost $1.41 billion, the report says.", "$1.41 billion", "confirmed"),
])
def test_schedules_plans_and_obligations_are_projected(extract, text, surface, expected):
    assert status(extract(text, PUBLISHED), surface)[0] == expected


def test_a_future_date_set_beside_a_past_verb_is_projected(extract):
    # the timetable after the colon is no part of what "repeated" tells as done
    rows = extract("Velmar repeated its timetable on Monday: first trains in the spring of 2027 and full service "
                   "by the end of 2028.", PUBLISHED)
    assert status(rows, "the spring of 2027") == ("projected", "future date")
    assert status(rows, "Monday")[0] == "confirmed"


def test_a_forecast_cut_keeps_both_figures_forecasts(extract):
    rows = extract("The agency cut its growth forecast to 1.2% from 1.5%.", PUBLISHED)
    assert status(rows, "1.2%")[0] == "projected"
    assert status(rows, "1.5%")[0] == "projected"


def test_an_earlier_value_of_a_period_over_set_against_a_forecast_is_a_fact(extract):
    rows = extract("Pellinor expects revenue of €1.2 billion for 2024, against €910 million last year.", PUBLISHED)
    assert status(rows, "€1.2 billion")[0] == "projected"
    assert status(rows, "€910 million")[0] == status(rows, "last year")[0] == "confirmed"
    # a forecast cut "from" a forecast is still a forecast: no period over in its phrase
    rows = extract("The agency cut its growth forecast to 1.2% from 1.5%.", PUBLISHED)
    assert status(rows, "1.5%")[0] == "projected"


@pytest.mark.parametrize("text,surface", [
    ("The mayor proposed the levy in 2016.", "2016"),
    ("Varden pledged the money last December.", "last December"),
    ("Varden said on Monday that the depot will open in 2027.", "Monday"),
    # a past day a sentence about the future names: when something was done, or what a thing is of
    ("The line will cost $219 million, $33 million more than the board approved in March 2023.", "March 2023"),
    ("The plan will tear down the stadium's 1968 grandstand.", "1968"),
    ("The state will pay a $62 million grant, awarded in January.", "January"),
])
def test_a_past_act_that_carries_a_date_is_a_fact(extract, text, surface):
    assert status(extract(text, PUBLISHED), surface)[0] == "confirmed"


def test_allegations_and_charges_are_unknown_but_not_the_charge_itself(extract):
    rows = extract("Prosecutors in April charged two brokers, Ken Alder and Rui Sousa, with stealing $4 million. "
                   "Alder was accused of hiding $900,000 abroad. The regulator alleged losses of $12 million.",
                   PUBLISHED)
    assert status(rows, "$4 million") == ("unknown", "charged … with")
    assert status(rows, "$900,000") == ("unknown", "accused of")
    assert status(rows, "$12 million")[0] == "unknown"
    assert status(rows, "April")[0] == "confirmed"
    assert status(rows, "two")[0] == "confirmed"


def test_a_hedge_in_an_apposition_or_an_enclosing_clause_reaches_the_figure(extract):
    rows = extract("The group booked $3 billion, a figure that could not be independently verified. "
                   "Auditors found 40 accounts that may have been forged.", PUBLISHED)
    assert status(rows, "$3 billion")[0] == "unknown"
    assert status(rows, "40")[0] == "unknown"


@pytest.mark.parametrize("text,surface,expected", [
    # a quotation that promises is projected though the reporting verb is past
    ("“We will open 40 stores,” Lin Obeng said on Monday.", "We will open 40 stores", "projected"),
    # past "I think" to what it introduces
    ("“I think the tunnel may never be finished,” Obeng said.", "I think the tunnel may never be finished", "unknown"),
    # what would have happened did not
    ("“We would have won the tender,” Obeng said.", "We would have won the tender", "confirmed"),
    # the strongest sentence of a quotation decides
    ("“The trial went well. We will file for approval,” Obeng said.",
     "The trial went well. We will file for approval", "projected"),
])
def test_a_quotation_has_the_status_of_its_own_predicate(extract, text, surface, expected):
    assert status(extract(text, PUBLISHED), surface, "quote")[0] == expected


def test_what_the_speaker_says_they_think_decides_a_long_quotation(extract):
    rows = extract("“The rally went well, the crowd was loud, and I think we will win the county,” Obeng said.", PUBLISHED)
    assert status(rows, "The rally went well, the crowd was loud, and I think we will win the county", "quote")[0] \
        == "projected"


def test_a_plan_split_from_its_infinitive_still_plans(extract):
    # a time phrase between the plan and its infinitive makes the parse hang it on the verb
    rows = extract("Donors top the list, giving more than $38 million in all. Walker announced plans this week "
                   "to give an additional $15 million to the fund. The firm raised money last year to build 40 homes.",
                   PUBLISHED)
    assert status(rows, "$15 million") == ("projected", "plans")
    assert status(rows, "40")[0] == "confirmed"  # an infinitive of purpose on a past act plans nothing


def test_a_past_date_on_a_pledge_dates_the_pledge_not_what_was_pledged(extract):
    rows = extract("The levy is the main tool to meet the target the city pledged to reach at the summit in "
                   "Lisbon last December. The company pledged to finish the plant by 2030.", PUBLISHED)
    assert status(rows, "last December")[0] == "confirmed"
    assert status(rows, "by 2030")[0] == "projected"


def test_a_bare_month_ahead_in_a_present_clause_is_projected(extract):
    rows = extract("The court term begins next Monday and ends in June.", date(2024, 9, 27))
    assert find(rows, "June")["date_start"] == "2025-06-01"
    assert status(rows, "June") == ("projected", "future date")


def test_a_date_naming_an_event_in_a_phrase_is_not_hedged_by_the_clause(extract):
    rows = extract("The outcome of the Nov. 8 election could be pivotal for the rules. "
                   "Grant said first-quarter sales could be the weakest since 2011.", date(2024, 9, 27))
    assert status(rows, "Nov. 8") == ("projected", "future date")
    assert status(rows, "first-quarter")[0] == "unknown"  # the sales are what is hedged


def test_a_period_before_a_noun_in_a_phrase_keeps_the_hedge(extract):
    # a month or a quarter before a noun is the period of a measure, not an event's day
    rows = extract("The results of the April test may be delayed. "
                   "The outlook for first-quarter sales could be weak.", date(2024, 3, 2))
    assert status(rows, "April") == ("unknown", "may")
    assert status(rows, "first-quarter") == ("unknown", "could")
