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


def test_a_full_date_in_a_sentence_about_the_future_is_not_the_present(extract):
    text = "Brindle will open its plant on May 2, 2027. Output rose last month, it said on March 3, 2026."
    assert interval(extract(text), "last month") == ("2026-02-01", "2026-02-28")


def test_an_article_with_no_date_leaves_relative_dates_unresolved_but_reads_absolute_ones(extract):
    rows = extract("Brindle said sales fell last year. It plans to open a shop by March 2031.")
    assert interval(rows, "last year") == (None, None)
    assert interval(rows, "by March 2031") == (None, "2031-03-31")
