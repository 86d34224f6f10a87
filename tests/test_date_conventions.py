"""The conventions of CLAIMS.md section 5, one table of cases each."""
from datetime import date

import pytest

from claimledger.normalize.dates import conventions as cv
from claimledger.normalize.dates.intervals import DateContext, DateValue, whole_month, whole_months


def iso(value: DateValue) -> tuple[str | None, str | None]:
    return value.iso()


@pytest.mark.parametrize("year, part, expected", [
    (2027, "early", ("2027-01-01", "2027-04-30")),
    (2027, "mid", ("2027-05-01", "2027-08-31")),
    (2027, "late", ("2027-09-01", "2027-12-31")),
])
def test_early_mid_and_late_split_a_year_in_thirds_of_months(year, part, expected):
    assert iso(cv.part_of_year(year, part)) == expected


@pytest.mark.parametrize("year, month, part, expected", [
    (2025, 10, "early", ("2025-10-01", "2025-10-10")),
    (2025, 10, "mid", ("2025-10-11", "2025-10-20")),
    (2025, 10, "late", ("2025-10-21", "2025-10-31")),
    (2024, 2, "late", ("2024-02-21", "2024-02-29")),
])
def test_early_mid_and_late_split_a_month_at_the_10th_and_20th(year, month, part, expected):
    assert iso(cv.part_of_month(year, month, part)) == expected


@pytest.mark.parametrize("year, name, expected", [
    (2025, "spring", ("2025-03-01", "2025-05-31")),
    (2025, "summer", ("2025-06-01", "2025-08-31")),
    (2025, "fall", ("2025-09-01", "2025-11-30")),
    (2025, "winter", ("2025-12-01", "2026-02-28")),  # meteorological, into the next year
])
def test_seasons_are_meteorological_in_the_northern_hemisphere(year, name, expected):
    assert iso(cv.season(year, name)) == expected


def _march(y: int) -> DateValue:
    return whole_month(y, 3)


def _third_quarter(y: int) -> DateValue:
    return whole_months(y, 7, 9)


@pytest.mark.parametrize("build, ref, tense, grace, expected", [
    (_march, date(2026, 2, 10), "past", 0, ("2025-03-01", "2025-03-31")),  # told in the past: the last March
    (_march, date(2026, 2, 10), "future", 0, ("2026-03-01", "2026-03-31")),
    (_march, date(2026, 6, 10), "future", 0, ("2027-03-01", "2027-03-31")),
    (_march, date(2026, 1, 5), None, 0, ("2026-03-01", "2026-03-31")),  # no tense: the nearest March
    (_march, date(2026, 8, 5), None, 0, ("2026-03-01", "2026-03-31")),
    (_march, date(2026, 12, 20), None, 0, ("2027-03-01", "2027-03-31")),
    # a narrative leans to the past: a March ahead counts as twice as far
    (_march, date(2026, 10, 20), None, 0, ("2027-03-01", "2027-03-31")),
    (_march, date(2026, 10, 20), "narrative", 0, ("2026-03-01", "2026-03-31")),
    (_march, date(2026, 2, 10), "narrative", 0, ("2026-03-01", "2026-03-31")),
    (_third_quarter, date(1989, 10, 27), "future", 95, ("1989-07-01", "1989-09-30")),  # "will report" it
    (_third_quarter, date(1989, 10, 27), "future", 0, ("1990-07-01", "1990-09-30")),
])
def test_a_period_named_without_its_year_is_placed_by_the_tense(build, ref, tense, grace, expected):
    assert iso(cv.by_tense(build, DateContext(ref=ref, tense=tense), grace=grace)) == expected


@pytest.mark.parametrize("unit, step, expected", [
    ("week", -1, ("2025-06-09", "2025-06-15")),  # last week: the previous Monday to Sunday
    ("weekend", 0, ("2025-06-20", "2025-06-22")),  # the weekend: Friday to Sunday
    ("working week", 0, ("2025-06-16", "2025-06-20")),
    ("month", 1, ("2025-07-01", "2025-07-31")),
    ("quarter", -1, ("2025-01-01", "2025-03-31")),
    ("year", -1, ("2024-01-01", "2024-12-31")),  # last year is a calendar year
    ("decade", 0, ("2020-01-01", "2029-12-31")),
    ("season", -1, ("2023-07-01", "2024-06-30")),  # a season of sport runs July to June
])
def test_calendar_units_around_the_present(unit, step, expected):
    assert iso(cv.calendar_unit(unit, step, date(2025, 6, 18))) == expected


@pytest.mark.parametrize("direction, unit, expected", [
    ("earlier", "week", ("2025-06-16", "2025-06-17")),  # Monday ... the day before
    ("earlier", "month", ("2025-06-01", "2025-06-17")),
    ("later", "year", ("2025-06-19", "2025-12-31")),  # the day after ... 31 December
])
def test_earlier_and_later_this_unit_are_its_rest_on_one_side_of_today(direction, unit, expected):
    assert iso(cv.earlier_later(direction, unit, date(2025, 6, 18))) == expected


MARCH_2029 = whole_month(2029, 3)


@pytest.mark.parametrize("how, expected", [
    ("by", (None, "2029-03-31")),  # open start ... end of X
    ("before", (None, "2029-02-28")),  # open start ... the day before X
    ("since", ("2029-03-01", "2029-03-01")),  # start of X ... the present (here the start itself)
    ("from", ("2029-03-01", None)),  # start of X ... open end
    ("after", ("2029-04-01", None)),
    (None, ("2029-03-01", "2029-03-31")),
])
def test_bound_words_leave_one_side_open(how, expected):
    assert iso(cv.apply_bounds(MARCH_2029, how, DateContext(ref=date(2025, 6, 18)), "March 2029")) == expected


@pytest.mark.parametrize("value, edge, expected", [
    (MARCH_2029, "end", ("2029-03-31", "2029-03-31")),
    (MARCH_2029, "beginning", ("2029-03-01", "2029-03-01")),
    (MARCH_2029, "middle", ("2029-03-11", "2029-03-20")),
    (DateValue(date(2000, 1, 1), date(2000, 12, 31)), "middle", ("2000-05-01", "2000-08-31")),
])
def test_edges_of_a_period(value, edge, expected):
    assert iso(cv.apply_edge(value, edge)) == expected


@pytest.mark.parametrize("label, start_month, named_by, expected", [
    (2026, 7, None, ("2025-07-01", "2026-06-30")),  # most of its months in 2026
    (2026, 2, None, ("2026-02-01", "2027-01-31")),
    (2028, 2, "end", ("2027-02-01", "2028-01-31")),  # "fiscal 2028, which ends January 31, 2028"
    (2027, 2, "start", ("2027-02-01", "2028-01-31")),
    (2026, 4, "end", ("2025-04-01", "2026-03-31")),  # a financial year ending March 31
    (2026, None, None, ("2026-01-01", "2026-12-31")),  # no calendar stated: the calendar year
])
def test_fiscal_years_are_named_as_the_article_names_them(label, start_month, named_by, expected):
    assert iso(cv.fiscal_year(label, start_month, named_by)) == expected


def test_an_election_cycle_is_the_two_years_up_to_the_election():
    assert iso(cv.election_cycle(2012)) == ("2011-01-01", "2012-12-31")


@pytest.mark.parametrize("ref, tense, expected", [
    (date(2025, 6, 23), "past", ("2025-06-20", "2025-06-22")),  # Monday: the weekend just past
    (date(2025, 6, 18), "future", ("2025-06-20", "2025-06-22")),
    (date(2025, 6, 18), None, ("2025-06-20", "2025-06-22")),  # the weekend of the present's week
])
def test_the_weekend_is_placed_by_the_tense(ref, tense, expected):
    assert iso(cv.the_weekend(DateContext(ref=ref, tense=tense))) == expected
