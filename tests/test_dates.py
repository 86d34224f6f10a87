from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimledger.normalize.dates import DateValue, find_dates, parse_date, stated_fiscal_start
from claimledger.normalize.timex import timex

REF = date(2025, 6, 18)  # a Wednesday

CASES = [
    # surface, tense, expected (start, end)
    ("April 9", "past", ("2025-04-09", "2025-04-09")),
    ("March 30, 2026", None, ("2026-03-30", "2026-03-30")),
    ("12 June 2024", None, ("2024-06-12", "2024-06-12")),
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
    ("last September", None, ("2024-09-01", "2024-09-30")),
    ("by next September", None, (None, "2025-09-30")),
    ("the next three years", None, ("2025-06-18", "2028-06-18")),
    ("the next five days", None, ("2025-06-18", "2025-06-23")),
    ("in three years", None, ("2028-06-18", "2028-06-18")),
    ("Easter Monday", "past", ("2025-04-21", "2025-04-21")),
    ("Labor Day weekend", "future", ("2025-08-30", "2025-09-01")),
    ("last Thanksgiving", None, ("2024-11-28", "2024-11-28")),
    ("the past three years", None, ("2022-06-18", "2025-06-18")),
    ("two years ago", None, ("2023-01-01", "2023-12-31")),
    ("the 2020s", None, ("2020-01-01", "2029-12-31")),
    ("before Christmas", "future", (None, "2025-12-24")),
    ("fiscal 2026", None, ("2026-01-01", "2026-12-31")),
    ("the year to June 2024", None, ("2023-07-01", "2024-06-30")),
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


@pytest.mark.parametrize("text", ["the quick brown fox", "May we?", "F-150", "a 2,000-page report"])
def test_not_dates(text):
    assert parse_date(text, REF) is None


def test_find_dates_prefers_the_longest_expression():
    text = "Sales fell in the first quarter of 2025 and will recover by the end of this decade."
    found = [text[d.start : d.end] for d in find_dates(text)]
    assert found == ["the first quarter of 2025", "by the end of this decade"]


def test_find_dates_keeps_modifiers_that_change_the_interval():
    text = "It may postpone the work until 2029 or later, and production starts no earlier than April 14."
    found = [text[d.start : d.end] for d in find_dates(text)]
    assert found == ["until 2029 or later", "no earlier than April 14"]


# --- fiscal calendars the article states ------------------------------------------

FISCAL_STATEMENTS = [
    ("The retailer, whose fiscal year ends Jan. 31, raised its outlook.", 2),
    ("The council adopted a budget for fiscal 2027, which begins July 1.", 7),
    ("Its fiscal year ending in September closed strongly.", 10),
    ("The group's fiscal year starts in April.", 4),
    ("Sales rose in fiscal 2025.", None),
]


@pytest.mark.parametrize("text, month", FISCAL_STATEMENTS)
def test_the_fiscal_calendar_an_article_states(text, month):
    assert stated_fiscal_start(text) == month


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


def test_a_slash_without_a_year_is_not_a_date():
    text = "Three in 3/4 of stores open 24/7."
    assert find_dates(text) == []


MORE_FORMS = [
    # surface, reference, expected interval
    ("04th Jan 2019", date(2016, 11, 7), ("2019-01-04", "2019-01-04")),
    ("Tue May 9", date(2018, 1, 7), ("2018-05-09", "2018-05-09")),
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


@pytest.mark.parametrize("text", ["Jan said no", "a Mar of the landscape", "week after week"])
def test_month_abbreviations_and_weeks_need_a_number(text):
    assert find_dates(text) == []


def test_a_long_chain_of_separators_is_not_a_date():
    # each end of a range is read as one expression, so this is a handful of tries, not 2**60
    assert parse_date("-".join(["2020"] * 60), date(2020, 1, 1)) is None


def test_skipping_rules_by_their_needed_words_finds_the_same_dates(monkeypatch):
    """NEEDS and HINTS only skip work: with or without them, the same dates are found."""
    from claimledger.normalize.dates import grammar

    text = " ".join(f"On {surface}, it happened." for surface, _, _ in CASES)
    fast = find_dates(text)
    monkeypatch.setattr(grammar, "NEEDS", {})
    monkeypatch.setattr(grammar, "HINTS", {})
    assert find_dates(text) == fast
    assert len(fast) >= len(CASES)


def test_every_needed_word_list_holds_a_word_of_each_surface_its_rule_reads():
    from claimledger.normalize.dates.grammar import HINTS, NEEDS, SCANNERS

    checked = 0
    for surface, _, _ in CASES:
        for name, core, _ in SCANNERS:
            if name in NEEDS and core.search(surface):
                assert any(word in surface.lower() for word in NEEDS[name]), (name, surface)
                checked += 1
            if name in HINTS and core.search(surface):
                assert HINTS[name].search(surface), (name, surface)
    assert checked > 20


@pytest.mark.parametrize("text, dates", [
    ("It is the 2nd largest carmaker.", []),
    ("On Monday 21 people were hurt.", ["Monday"]),
    ("Shares fell on the 4th, a day of the 21st century.", ["the 4th", "the 21st century"]),
])
def test_a_day_without_its_month_needs_an_ordinal_and_nothing_after_it(text, dates):
    assert [text[d.start:d.end] for d in find_dates(text)] == dates


FRAGMENTS = [surface for surface, _, _ in CASES] + [
    "by", "no earlier than", "the very beginning of", "the very end of", "the middle of", "or later", "at the latest", "as early as",
    "in", "said", "Kia", "-", ",", ".", "$2030", "2030-31", "the", "then", "that year", "March", "Q3",
]


@given(parts=st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from([" ", "  ", "\n\n", " \t ", "        "])),
                      min_size=1, max_size=30))
@example(parts=[("Kia", " "), ("no earlier than", "        "), ("the very beginning of", " \t\n\n    "),
                ("March 2030", " "), ("or later", " ")])  # as far before its core as a match can start
@settings(max_examples=300, deadline=None)
def test_searching_near_each_core_finds_what_scanning_the_whole_text_finds(parts):
    from claimledger.normalize.dates.grammar import _LONG_SPACE, HINTS, SCANNERS, _scan

    text = "".join(fragment + space for fragment, space in parts)
    assert not _LONG_SPACE.search(text)  # spaces of up to eight: the case _scan is used for
    for name, core, scanner in SCANNERS:
        first = core.search(text)
        if name in HINTS or first is None:
            continue
        expected = [m.span() for m in scanner.finditer(text)]
        assert [m.span() for m in _scan(core, scanner, text, first)] == expected, name


def test_starting_or_beginning_dates_the_start_itself():
    text = "The routes run starting in September, and the fees go beginning in January 2017."
    assert [text[d.start:d.end] for d in find_dates(text)] == ["September", "January 2017"]
