"""The grammar: which date expressions are found in a text, with the words
around them that change their interval."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_date_resolver import CASES, REF

from claimledger.normalize.dates import find_dates, parse_date, stated_fiscal_start

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


FISCAL_STATEMENTS = [
    ("The retailer, whose fiscal year ends Jan. 31, raised its outlook.", 2),
    ("The council adopted a budget for fiscal 2027, which begins July 1.", 7),
    ("Its fiscal year ending in September closed strongly.", 10),
    ("The group's fiscal year starts in April.", 4),
    ("Profit rose in the financial year ending March 31.", 4),
    ("Sales rose in fiscal 2025.", None),
]


@pytest.mark.parametrize("text, month", FISCAL_STATEMENTS)
def test_the_fiscal_calendar_an_article_states(text, month):
    assert stated_fiscal_start(text) == month


def test_a_slash_without_a_year_is_not_a_date():
    text = "Three in 3/4 of stores open 24/7."
    assert find_dates(text) == []


@pytest.mark.parametrize("text", ["Jan said no", "a Mar of the landscape", "week after week"])
def test_month_abbreviations_and_weeks_need_a_number(text):
    assert find_dates(text) == []


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


NEWS_FINDS = [
    # text, the dates found in it
    ("The vote is at 7 PM on Friday.", ["7 PM on Friday"]),
    ("Talks resume at 1430 GMT in Geneva.", ["1430 GMT"]),
    ("The deadline is 0900 GMT on Friday.", ["0900 GMT on Friday"]),
    ("It was posted Friday at noon, then again at 10:15.", ["Friday at noon", "10:15"]),
    ("Kopp's car was seen at 6 a.m. ten days before the shooting.", ["6 a.m."]),
    ("The board has until 5 p.m. EST, Nov. 6, to decide.", ["until 5 p.m. EST, Nov. 6"]),
    ("Prices rose 4% in the past year and 1% in the past month.", ["the past year", "the past month"]),
    ("It will be done by the end of year.", ["by the end of year"]),
    ("Sales began early last March.", ["early last March"]),
    ("Donations doubled in the 2012 election cycle.", ["the 2012 election cycle"]),
    ("Rates were low in the mid-1990s and in the '80s.", ["the mid-1990s", "the '80s"]),
    ("It was built in the nineteenth century and sold in nineteen ninety-six.", ["the nineteenth century", "nineteen ninety-six"]),
    ("The bug was feared for the year two thousand.", ["the year two thousand"]),
    ("Two years later, Congress cut the funding.", ["Two years later"]),
    ("The following year, it closed.", ["The following year"]),
    ("Profit fell from the year-earlier quarter and in the latest quarter.", ["the year-earlier quarter", "the latest quarter"]),
    ("Stocks rallied over the weekend.", ["the weekend"]),
    ("Voters go to the polls on Election Day.", ["Election Day"]),
    ("Profit was $5 million, from $3 million a year earlier.", ["a year earlier"]),
    ("It happened more than 20 years ago.", ["more than 20 years ago"]),
    ("The fee is $2 billion a year on climate.", []),  # a rate, not a date
    ("It came about five months later than planned.", []),  # a delay, not a date
    ("At the same time, costs rose.", []),  # simultaneously
    ("Emissions fall 32 percent by 2030 to 32 percent below 2005 levels.", ["by 2030", "2005"]),
]


@pytest.mark.parametrize("text, expected", NEWS_FINDS)
def test_dates_as_news_writes_them_are_found_whole(text, expected):
    assert [text[d.start:d.end] for d in find_dates(text)] == expected


HINTED = [
    "Two years later it fell; three years ago, five days earlier, more than 20 years ago and a year earlier " * 3,
    "the next three years and the past twenty-five business days, then six weeks ago " * 4,
    "years ago " * 40 + "twenty years ago",
    "It rose 5%, from a year earlier. " + "x" * 200 + " Ten days later, two weeks before May 13, three months after Christmas.",
]


@pytest.mark.parametrize("text", HINTED)
def test_searching_around_each_hint_finds_what_scanning_the_whole_text_finds(text):
    from claimledger.normalize.dates.grammar import HINTS, SCANNERS, _scan_hinted

    for name, _, scanner in SCANNERS:
        hint = HINTS.get(name)
        first = hint.search(text) if hint else None
        if first is None:
            continue
        assert [m.span() for m in _scan_hinted(hint, scanner, text, first)] == [
            m.span() for m in scanner.finditer(text)], name
