"""The resolver: what a date expression means against the article's present,
the tense of its clause and the dates named before it."""
from datetime import date

import pytest

from claimledger.normalize.dates import DateValue, find_dates, parse_date
from claimledger.normalize.timex import timex

REF = date(2025, 6, 18)  # a Wednesday

CASES = [
    # surface, tense, expected (start, end)
    ("April 9", "past", ("2025-04-09", "2025-04-09")),
    ("March 30, 2026", None, ("2026-03-30", "2026-03-30")),
    ("12 June 2024", None, ("2024-06-12", "2024-06-12")),
    ("3 November last year", None, ("2024-11-03", "2024-11-03")),  # one date, not a count and a month
    ("March 12 next year", None, ("2026-03-12", "2026-03-12")),
    ("Oct. 31", "past", ("2024-10-31", "2024-10-31")),
    ("March 2023", None, ("2023-03-01", "2023-03-31")),
    ("the first quarter of 2025", None, ("2025-01-01", "2025-03-31")),
    ("the fourth quarter", "future", ("2025-10-01", "2025-12-31")),
    ("Q3 2026", None, ("2026-07-01", "2026-09-30")),
    ("first-quarter", "past", ("2025-01-01", "2025-03-31")),
    ("the second half of 2028", None, ("2028-07-01", "2028-12-31")),
    ("the first half of the year", None, ("2025-01-01", "2025-06-30")),
    ("2026-2027", None, ("2026-01-01", "2027-12-31")),
    ("between 2026 and 2035", None, ("2026-01-01", "2035-12-31")),
    ("the 2025-26 season", None, ("2025-07-01", "2026-06-30")),
    ("by 2030", None, (None, "2030-12-31")),
    ("before 2030", None, (None, "2029-12-31")),
    ("by the end of this decade", None, (None, "2029-12-31")),
    ("before the end of the year", None, (None, "2025-12-31")),
    ("since January", None, ("2025-01-01", "2025-06-18")),
    ("since 2019", None, ("2019-01-01", "2025-06-18")),
    ("2029 or later", None, ("2029-01-01", None)),
    ("no earlier than April 14", "future", ("2026-04-14", None)),
    ("as soon as next month", None, ("2025-07-01", None)),
    ("from next year", None, ("2026-01-01", None)),
    ("until early 2026", None, (None, "2026-04-30")),
    ("mid-2027", None, ("2027-05-01", "2027-08-31")),
    ("late 2028", None, ("2028-09-01", "2028-12-31")),
    ("mid-October", "future", ("2025-10-11", "2025-10-20")),
    ("the end of March", "past", ("2025-03-31", "2025-03-31")),
    ("the end of last year", None, ("2024-12-31", "2024-12-31")),
    ("last year", None, ("2024-01-01", "2024-12-31")),
    ("next year", None, ("2026-01-01", "2026-12-31")),
    ("this year", None, ("2025-01-01", "2025-12-31")),
    ("next month", None, ("2025-07-01", "2025-07-31")),
    ("earlier this week", None, ("2025-06-16", "2025-06-17")),
    ("earlier this month", None, ("2025-06-01", "2025-06-17")),
    ("later this year", None, ("2025-06-19", "2025-12-31")),
    ("last week", None, ("2025-06-09", "2025-06-15")),
    ("Tuesday", "past", ("2025-06-17", "2025-06-17")),
    ("Sunday", "future", ("2025-06-22", "2025-06-22")),
    ("Monday", "future", ("2025-06-23", "2025-06-23")),
    ("this summer", None, ("2025-06-01", "2025-08-31")),
    ("next spring", None, ("2026-03-01", "2026-05-31")),
    ("last summer", None, ("2024-06-01", "2024-08-31")),
    ("the spring", "future", ("2026-03-01", "2026-05-31")),
    ("the spring of next year", None, ("2026-03-01", "2026-05-31")),
    ("the autumn of last year", None, ("2024-09-01", "2024-11-30")),
    # told as done but lying ahead: the year's end just past; a deadline stays ahead
    ("the end of the year", "past", ("2024-12-31", "2024-12-31")),
    ("the end of the year", "future", ("2025-12-31", "2025-12-31")),
    ("by the end of the year", "past", (None, "2025-12-31")),
    ("last September", None, ("2024-09-01", "2024-09-30")),
    ("by next September", None, (None, "2025-09-30")),
    ("the next three years", None, ("2025-06-18", "2028-06-18")),
    ("the next five days", None, ("2025-06-18", "2025-06-23")),
    ("in three years", None, ("2028-06-18", "2028-06-18")),
    ("in three years", "past", ("2022-06-18", "2025-06-18")),  # "has not won a trophy in three years"
    ("Easter Monday", "past", ("2025-04-21", "2025-04-21")),
    ("Labor Day weekend", "future", ("2025-08-30", "2025-09-01")),
    ("last Thanksgiving", None, ("2024-11-28", "2024-11-28")),
    ("the past three years", None, ("2022-06-18", "2025-06-18")),
    ("two years ago", None, ("2023-01-01", "2023-12-31")),
    ("the 2020s", None, ("2020-01-01", "2029-12-31")),
    ("before Christmas", "future", (None, "2025-12-24")),
    ("fiscal 2026", None, ("2026-01-01", "2026-12-31")),
    ("the year to June 2024", None, ("2023-07-01", "2024-06-30")),
    ("the fiscal year that ended in March", None, ("2024-04-01", "2025-03-31")),  # the last one done
    ("its financial year ending in March", None, ("2025-04-01", "2026-03-31")),  # the one running
    ("the twelve months to September", None, ("2023-10-01", "2024-09-30")),
    ("the three months ended Oct. 31", "past", ("2024-08-01", "2024-10-31")),
    ("yesterday", None, ("2025-06-17", "2025-06-17")),
    ("the 4th", "past", ("2025-06-04", "2025-06-04")),
    ("the 15th day of next month", None, ("2025-07-15", "2025-07-15")),
    ("Wed 11th", None, ("2025-06-11", "2025-06-11")),
    ("Tuesday next week", None, ("2025-06-24", "2025-06-24")),
    ("the first six months of 2025", None, ("2025-01-01", "2025-06-30")),
    ("the last three months of last year", None, ("2024-10-01", "2024-12-31")),
    ("the next three business days", None, ("2025-06-19", "2025-06-23")),
    ("this working week", None, ("2025-06-16", "2025-06-20")),
    ("the middle of 2000", None, ("2000-05-01", "2000-08-31")),
    ("the same week", None, ("2025-06-16", "2025-06-22")),  # nothing named before it: this week
]


@pytest.mark.parametrize("surface,tense,expected", CASES)
def test_parse_date(surface, tense, expected):
    value = parse_date(surface, REF, tense=tense)
    assert value is not None, surface
    assert value.iso() == expected


@pytest.mark.parametrize("surface, expected", [
    ("April 22 of that year", ("2016-04-22", "2016-04-22")),
    ("22 April that year", ("2016-04-22", "2016-04-22")),
    ("May of the same year", ("2016-05-01", "2016-05-31")),
    ("late that year", ("2016-09-01", "2016-12-31")),
])
def test_a_date_in_that_year_takes_the_year_of_the_date_named_before(surface, expected):
    assert parse_date(surface, REF, previous=whole_month_2016(3)).iso() == expected
    assert parse_date(surface, REF) is None  # no year to refer to


def test_a_year_named_by_its_end_with_a_day_and_no_year_is_two_dates():
    text = "in the year ended Sept. 30, and in the fiscal year that ended in March"
    assert [text[d.start:d.end] for d in find_dates(text)] == ["Sept. 30", "the fiscal year that ended in March"]


def test_back_references_use_the_previous_interval():
    q1 = DateValue(date(2025, 1, 1), date(2025, 3, 31))
    assert parse_date("the same period", REF, previous=q1) == q1
    assert parse_date("the same period of 2024", REF, previous=q1).iso() == ("2024-01-01", "2024-03-31")
    assert parse_date("that day", REF, previous=DateValue(date(2025, 3, 2), date(2025, 3, 2))).iso() == ("2025-03-02", "2025-03-02")
    assert parse_date("by then", REF, previous=q1).iso() == (None, "2025-03-31")
    assert parse_date("the same period", REF, previous=None) is None


@pytest.mark.parametrize("surface, expected", [
    ("since then", ("2015-12-31", "2025-06-18")),
    ("before then", (None, "2015-12-31")),
    ("after then", ("2016-01-01", None)),
    ("by then", (None, "2015-12-31")),
])
def test_a_bound_on_a_back_reference_to_a_deadline_reads_its_known_side(surface, expected):
    # "by 2015 ... since then": the interval referred to has an open start
    deadline = DateValue(None, date(2015, 12, 31))
    assert parse_date(surface, REF, previous=deadline).iso() == expected


def test_a_time_of_day_resolves_to_the_day_just_named():
    day = DateValue(date(2026, 4, 14), date(2026, 4, 14))
    assert parse_date("9:40 p.m.", REF, previous=day) == day


FISCAL_CASES = [
    # surface, fiscal start month, reference, tense, expected
    ("fiscal 2026", 2, date(2025, 11, 20), None, ("2026-02-01", "2027-01-31")),  # named by its start year
    ("fiscal 2026", 7, date(2025, 5, 7), None, ("2025-07-01", "2026-06-30")),  # named by its end year
    ("FY2026", 10, date(2025, 5, 7), None, ("2025-10-01", "2026-09-30")),
    ("fiscal 2026", None, date(2025, 5, 7), None, ("2026-01-01", "2026-12-31")),  # unknown: calendar year
    ("third-quarter", 2, date(2025, 11, 20), "past", ("2025-08-01", "2025-10-31")),
    ("the fourth quarter", 2, date(2025, 11, 20), "future", ("2025-11-01", "2026-01-31")),
    ("the first quarter of 2025", 2, date(2025, 11, 20), None, ("2025-01-01", "2025-03-31")),  # a year named: calendar
    ("full-year", 2, date(2025, 11, 20), None, ("2025-02-01", "2026-01-31")),
    ("before the end of its fiscal year", 2, date(2025, 11, 20), None, (None, "2026-01-31")),
]


@pytest.mark.parametrize("surface, start_month, ref, tense, expected", FISCAL_CASES)
def test_fiscal_periods_follow_the_stated_calendar(surface, start_month, ref, tense, expected):
    assert parse_date(surface, ref, tense=tense, fiscal_start=start_month).iso() == expected
    assert [(d.start, d.end) for d in find_dates(surface)] == [(0, len(surface))]


TIMEX = [
    (("2025-04-09", "2025-04-09"), "2025-04-09"),
    (("2025-04-01", "2025-04-30"), "2025-04"),
    (("2025-01-01", "2025-03-31"), "2025-Q1"),
    (("2025-07-01", "2025-12-31"), "2025-H2"),
    (("2025-06-01", "2025-08-31"), "2025-SU"),
    (("2025-12-01", "2026-02-28"), "2025-WI"),
    (("2013-03-11", "2013-03-17"), "2013-W11"),
    (("2025-01-01", "2025-12-31"), "2025"),
    (("2020-01-01", "2029-12-31"), "202X"),
    ((None, "2030-12-31"), "(,2030-12-31)"),
    (("2029-01-01", None), "(2029-01-01,)"),
    (("2025-07-01", "2026-06-30"), "(2025-07-01,2026-06-30,P365D)"),
]


@pytest.mark.parametrize("interval, expected", TIMEX)
def test_timex_names_the_calendar_unit_an_interval_is(interval, expected):
    start, end = (date.fromisoformat(v) if v else None for v in interval)
    assert timex(start, end) == expected


MORE_FORMS = [
    # surface, reference, expected day
    ("next Monday", date(2018, 8, 29), "2018-09-03"),
    ("last Tuesday", date(2018, 8, 29), "2018-08-28"),
    ("in two weeks", date(2018, 7, 5), "2018-07-19"),
    ("7/6/2018", date(2018, 1, 1), "2018-07-06"),
    ("22/4/2018", date(2018, 1, 1), "2018-04-22"),
    ("2018-7-6", date(2018, 1, 1), "2018-07-06"),
    ("the 9th of May", date(2018, 6, 22), "2018-05-09"),
]


@pytest.mark.parametrize("surface, ref, day", MORE_FORMS)
def test_weekday_offsets_and_numeric_dates(surface, ref, day):
    assert parse_date(surface, ref).iso() == (day, day)


MORE_FORMS = [
    # surface, reference, expected interval
    ("04th Jan 2019", date(2016, 11, 7), ("2019-01-04", "2019-01-04")),
    ("Tue May 9", date(2018, 1, 7), ("2017-05-09", "2017-05-09")),  # the year May 9 is a Tuesday
    ("Dec/2018", date(2018, 11, 1), ("2018-12-01", "2018-12-31")),
    ("2017-q1", date(2019, 6, 11), ("2017-01-01", "2017-03-31")),
    ("2019-H2", date(2019, 6, 11), ("2019-07-01", "2019-12-31")),
    ("week 31", date(2018, 7, 2), ("2018-07-30", "2018-08-05")),
    ("the first week of 2015", date(2018, 11, 29), ("2014-12-29", "2015-01-04")),
    ("the last week of July 2016", date(2018, 1, 1), ("2016-07-25", "2016-07-31")),
    ("the week of April 10, 2018", date(2018, 3, 14), ("2018-04-09", "2018-04-15")),
    ("the 21st century", date(2018, 6, 22), ("2000-01-01", "2099-12-31")),
    ("year to date", date(2018, 9, 7), ("2018-01-01", "2018-09-07")),
    ("2 weeks before May 13 1999", date(2016, 11, 7), ("1999-04-29", "1999-04-29")),
    ("two days after tomorrow", date(2018, 5, 31), ("2018-06-03", "2018-06-03")),
    ("from May to October 2020", date(2018, 10, 24), ("2020-05-01", "2020-10-31")),
    ("from 2014 to 2018", date(2016, 11, 7), ("2014-01-01", "2018-12-31")),
    ("between Jan 22 and now", date(2019, 4, 25), ("2019-01-22", "2019-04-25")),
    ("Nov 18 2014-Dec 19 2015", date(2018, 10, 24), ("2014-11-18", "2015-12-19")),
    ("the following quarter", date(2019, 7, 4), ("2019-10-01", "2019-12-31")),
    ("by end of this month", date(2016, 11, 7), (None, "2016-11-30")),
    ("28 June in 2020", date(2019, 5, 30), ("2020-06-28", "2020-06-28")),
]


@pytest.mark.parametrize("surface, ref, expected", MORE_FORMS)
def test_weeks_offsets_codes_and_two_ended_ranges(surface, ref, expected):
    assert parse_date(surface, ref).iso() == expected


def test_a_long_chain_of_separators_is_not_a_date():
    # each end of a range is read as one expression, so this is a handful of tries, not 2**60
    assert parse_date("-".join(["2020"] * 60), date(2020, 1, 1)) is None


def whole_month_2016(month: int) -> DateValue:
    from claimledger.normalize.dates.intervals import whole_month

    return whole_month(2016, month)


def _day(iso: str) -> DateValue:
    d = date.fromisoformat(iso)
    return DateValue(d, d)


Q3_1989 = DateValue(date(1989, 7, 1), date(1989, 9, 30))

NEWS_DATES = [
    # surface, reference, tense, previous, nearby, expected
    # clock times resolve to their day
    ("7 PM", date(2025, 6, 18), None, _day("2025-06-12"), None, ("2025-06-12", "2025-06-12")),
    ("1430 GMT", date(2025, 6, 18), None, None, None, ("2025-06-18", "2025-06-18")),
    ("0900 GMT on Friday", date(2025, 6, 18), "future", None, None, ("2025-06-20", "2025-06-20")),
    ("noon Thursday", date(1998, 2, 13), "past", None, None, ("1998-02-12", "1998-02-12")),
    ("Friday at 7 p.m.", date(2025, 6, 18), "future", None, None, ("2025-06-20", "2025-06-20")),
    ("until 9 a.m. EST Tuesday", date(2000, 4, 3), "future", None, None, (None, "2000-04-04")),
    ("5 p.m. EST, Nov. 6", date(1989, 10, 30), "future", None, None, ("1989-11-06", "1989-11-06")),
    ("Saturday night", date(1991, 2, 25), "past", None, None, ("1991-02-23", "1991-02-23")),
    # a date without its year, by the tense of its clause or, with none, the nearest
    ("January", date(2026, 3, 5), "past", None, None, ("2026-01-01", "2026-01-31")),
    ("January", date(2025, 8, 28), "future", None, None, ("2026-01-01", "2026-01-31")),
    ("late November", date(2000, 1, 6), None, None, None, ("1999-11-21", "1999-11-30")),
    ("Monday, Oct. 26", date(1998, 10, 25), None, None, None, ("1998-10-26", "1998-10-26")),  # a Monday in 1998
    ("the third quarter", date(1989, 10, 27), "future", None, None, ("1989-07-01", "1989-09-30")),  # just ended
    # the rolling past, the end of a year without its article, a part of a relative month
    ("the past year", date(2025, 6, 18), None, None, None, ("2024-06-18", "2025-06-18")),
    ("the past month", date(2025, 6, 18), None, None, None, ("2025-05-18", "2025-06-18")),
    ("by the end of year", date(2025, 6, 18), None, None, None, (None, "2025-12-31")),
    ("by end of year", date(2025, 6, 18), None, None, None, (None, "2025-12-31")),
    ("early last March", date(2025, 6, 18), None, None, None, ("2025-03-01", "2025-03-10")),
    ("July last year", date(1998, 2, 19), None, None, None, ("1997-07-01", "1997-07-31")),
    ("year-end", date(1990, 1, 10), None, None, None, ("1989-12-31", "1989-12-31")),
    # election cycles, centuries, decades, years in words, holidays
    ("the 2012 election cycle", date(2016, 9, 22), None, None, None, ("2011-01-01", "2012-12-31")),
    ("the nineteenth century", date(2016, 9, 22), None, None, None, ("1800-01-01", "1899-12-31")),
    ("the early 20th century", date(2016, 9, 22), None, None, None, ("1900-01-01", "1932-12-31")),
    ("the mid-1990s", date(2000, 1, 6), None, None, None, ("1994-01-01", "1996-12-31")),
    ("the '80s", date(1989, 10, 26), None, None, None, ("1980-01-01", "1989-12-31")),
    ("1990s", date(2000, 1, 6), None, None, None, ("1990-01-01", "1999-12-31")),
    ("nineteen ninety-six", date(1998, 2, 1), None, None, None, ("1996-01-01", "1996-12-31")),
    ("the year two thousand", date(1998, 2, 1), None, None, None, ("2000-01-01", "2000-12-31")),
    ("Election Day", date(2016, 10, 5), "future", None, None, ("2016-11-08", "2016-11-08")),
    # relative to the date named before
    ("the following year", date(1998, 4, 18), None, DateValue(date(1995, 1, 1), date(1995, 12, 31)), None,
     ("1996-01-01", "1996-12-31")),
    ("the next day", date(2025, 6, 18), None, _day("2025-03-02"), None, ("2025-03-03", "2025-03-03")),
    ("two years later", date(2016, 9, 28), None, DateValue(date(1994, 6, 1), date(1994, 6, 30)), None,
     ("1996-01-01", "1996-12-31")),
    ("the day before", date(2025, 6, 18), None, _day("2025-03-02"), None, ("2025-03-01", "2025-03-01")),
    ("the day after Christmas", date(2025, 6, 18), "past", None, None, ("2024-12-26", "2024-12-26")),
    ("earlier that day", date(1999, 10, 24), None, _day("1998-10-23"), None, ("1998-10-23", "1998-10-23")),
    ("later that year", date(2025, 6, 18), None, whole_month_2016(3), None, ("2016-04-01", "2016-12-31")),
    ("that year", date(2025, 6, 18), None, whole_month_2016(3), None, ("2016-01-01", "2016-12-31")),
    ("that same day", date(2025, 6, 18), None, _day("2025-03-02"), None, ("2025-03-02", "2025-03-02")),
    # the comparable period a year before, the quarter reported on
    ("a year earlier", date(1989, 10, 26), None, Q3_1989, Q3_1989, ("1988-07-01", "1988-09-30")),
    ("a year ago", date(1989, 10, 26), None, Q3_1989, None, ("1988-10-26", "1988-10-26")),
    ("two years ago", date(2025, 6, 18), None, None, None, ("2023-01-01", "2023-12-31")),
    ("more than 20 years ago", date(2016, 9, 28), None, None, None, (None, "1996-09-27")),
    ("six weeks ago", date(2000, 1, 6), None, None, None, ("1999-11-25", "1999-11-25")),
    ("the year-earlier quarter", date(1989, 10, 26), None, Q3_1989, None, ("1988-07-01", "1988-09-30")),
    ("year-ago", date(1989, 10, 26), None, Q3_1989, None, ("1988-07-01", "1988-09-30")),
    ("the latest quarter", date(1989, 10, 30), None, DateValue(date(1988, 7, 1), date(1988, 9, 30)), None,
     ("1989-07-01", "1989-09-30")),
    ("the quarter", date(1989, 11, 2), None, None, None, ("1989-07-01", "1989-09-30")),
    ("the weekend", date(2025, 6, 23), "past", None, None, ("2025-06-20", "2025-06-22")),
]



@pytest.mark.parametrize("surface, ref, tense, previous, nearby, expected", NEWS_DATES)
def test_dates_as_news_writes_them(surface, ref, tense, previous, nearby, expected):
    value = parse_date(surface, ref, tense=tense, previous=previous, nearby=nearby)
    assert value is not None, surface
    assert value.iso() == expected


def test_fiscal_years_read_as_the_article_names_them():
    from claimledger.normalize.dates import stated_fiscal_naming, stated_fiscal_start

    text = "The retailer expects sales to grow in fiscal 2028, which ends January 31, 2028."
    start, naming = stated_fiscal_start(text), stated_fiscal_naming(text)
    assert (start, naming) == (2, "end")
    value = parse_date("fiscal 2028", date(2027, 5, 1), fiscal_start=start, fiscal_naming=naming)
    assert value.iso() == ("2027-02-01", "2028-01-31")


@pytest.mark.parametrize("surface, ref, period, expected", [
    # a comparison with the period the article reports on, named in an earlier sentence
    ("a year ago", date(1989, 10, 26), Q3_1989, ("1988-07-01", "1988-09-30")),
    ("the year-earlier period", date(1989, 10, 26), Q3_1989, ("1988-07-01", "1988-09-30")),
    ("the 1988 period", date(1989, 10, 26), Q3_1989, ("1988-07-01", "1988-09-30")),
    # a period longer than the step back is no comparison: "a month ago" after a quarter is a day
    ("a month ago", date(1989, 10, 27), Q3_1989, ("1989-09-27", "1989-09-27")),
    # "41 years ago" counts back from the present, whatever was named
    ("41 years ago", date(2000, 1, 15), Q3_1989, ("1959-01-01", "1959-12-31")),
    # "this September": the one of the present's year, whatever the tense
    ("this September", date(1998, 2, 5), None, ("1998-09-01", "1998-09-30")),
])
def test_comparisons_with_the_period_reported_on(surface, ref, period, expected):
    assert parse_date(surface, ref, tense="past", period=period).iso() == expected


WHOLE_SURFACES = [
    # forms read where a surface is given whole, not searched for in running text
    ("11/20", date(2018, 11, 28), ("2018-11-20", "2018-11-20")),
    ("22/04", date(2016, 11, 7), ("2017-04-22", "2017-04-22")),  # the nearest 22 April
    ("Jan/3", date(2019, 5, 22), ("2019-01-03", "2019-01-03")),
    ("the year", date(2018, 5, 24), ("2018-01-01", "2018-12-31")),
    ("the day", date(2018, 5, 24), ("2018-05-24", "2018-05-24")),
    ("two thousand and twenty", date(2018, 6, 26), ("2020-01-01", "2020-12-31")),
    ("February twenty second", date(2019, 4, 25), ("2019-02-22", "2019-02-22")),
    ("the twenty third day of September", date(2020, 7, 1), ("2020-09-23", "2020-09-23")),
    ("twenty five January nineteen eighty six", date(2019, 5, 30), ("1986-01-25", "1986-01-25")),
    ("6 April seventeen hundred thirty three", date(2019, 5, 30), ("1733-04-06", "1733-04-06")),
    ("October two thousand", date(2016, 11, 7), ("2000-10-01", "2000-10-31")),
    # month abbreviations without their full stop, a plain preposition or approximation before
    ("after Feb", date(2018, 5, 29), ("2018-03-01", None)),
    ("from Sep to Nov", date(2018, 9, 7), ("2018-09-01", "2018-11-30")),
    ("Nov-Feb 2017", date(2018, 10, 24), ("2016-11-01", "2017-02-28")),
    ("on tuesday of next week", date(2019, 7, 30), ("2019-08-06", "2019-08-06")),
    ("around the 21st this month", date(2018, 8, 8), ("2018-08-21", "2018-08-21")),
    ("next 6th of April", date(2019, 5, 20), ("2020-04-06", "2020-04-06")),
    # figures in other orders and with two-figure years
    ("12/12/30", date(2016, 11, 7), ("1930-12-12", "1930-12-12")),
    ("03/18/40", date(2016, 11, 7), ("1940-03-18", "1940-03-18")),
    ("02-02-2020 - 03-03-2020", date(2020, 5, 14), ("2020-02-02", "2020-03-03")),
    ("from 2019-aug-01 to today", date(2019, 10, 14), ("2019-08-01", "2019-10-14")),
    ("between 22/Jan/2019 and yesterday", date(2020, 5, 6), ("2019-01-22", "2020-05-05")),
    ("16 days from 01/02/2018", date(2016, 11, 7), ("2018-01-18", "2018-01-18")),
    ("cy18", date(2019, 6, 18), ("2018-01-01", "2018-12-31")),
    ("from q1 of 2017 - q3 of 2018", date(2019, 6, 11), ("2017-01-01", "2018-09-30")),
    # ranges whose first end lies before the second
    ("from March to date", date(2016, 11, 7), ("2016-03-01", "2016-11-07")),
    ("from April until the end of June", date(2016, 11, 7), ("2016-04-01", "2016-06-30")),
    # spans and bounds counted from a day
    ("for 3 days from today", date(2018, 5, 23), ("2018-05-23", "2018-05-25")),
    ("3 days starting from next Monday", date(2019, 10, 7), ("2019-10-14", "2019-10-16")),
    ("3 days from Tuesday", date(2016, 11, 7), ("2016-11-11", "2016-11-11")),
    ("more than 2 weeks before today", date(2018, 6, 12), (None, "2018-05-28")),
    ("the rest of the week", date(2020, 6, 12), ("2020-06-12", "2020-06-14")),
    ("following quarter", date(2019, 7, 4), ("2019-10-01", "2019-12-31")),
    ("the day before", date(2018, 11, 8), ("2018-11-07", "2018-11-07")),
]


@pytest.mark.parametrize("surface, ref, expected", WHOLE_SURFACES)
def test_a_surface_given_whole(surface, ref, expected):
    value = parse_date(surface, ref)
    assert value is not None, surface
    assert value.iso() == expected


@pytest.mark.parametrize("text", ["Stores open 24/7 and 3/4 of them close at 11/20 on Sundays.",
                                  "Two thousand and twenty people came.", "February twenty second"])
def test_what_is_read_only_given_whole_is_not_searched_for(text):
    assert [text[d.start:d.end] for d in find_dates(text)] in ([], ["February"])


def test_the_quarter_after_a_season_is_the_last_quarter_ended():
    summer = DateValue(date(1989, 6, 1), date(1989, 8, 31))
    assert parse_date("the quarter", date(1989, 10, 30), previous=summer).iso() == ("1989-07-01", "1989-09-30")


@pytest.mark.parametrize("text, surfaces", [
    # the end of a larger figure is not a count of years: "1,100" is a workforce, "next year" its date
    ("a peak of about 1,100 next year", ["next year"]),
    ("prices rise over the two coming weeks", ["two coming weeks"]),
    # a weekday before a day and month is one date, as before a month and day
    ("on the night of Saturday 28 September, driving a surge", ["Saturday 28 September"]),
])
def test_a_date_is_read_whole_and_never_from_inside_a_figure(text, surfaces):
    assert [text[d.start:d.end] for d in find_dates(text)] == surfaces


def test_a_weekday_before_a_day_and_month_resolves_to_that_day():
    assert parse_date("Saturday 28 September", date(2041, 10, 16), tense="past").iso() == ("2041-09-28", "2041-09-28")
