"""The date an article speaks from, against which relative dates resolve.

The publication date when the article's metadata has one.  Otherwise, as
CLAIMS.md section 5 says, the article's dateline (``OSLO, March 3, 2026 —``)
or its first full date: the first date written with its day, month and year
in a sentence that is not about the future.  Failing that, the last day of
the latest year a past-tense sentence mentions.  An article that states no
date at all has no present: its relative dates stay unresolved rather than
being read against the day the article happens to be ingested.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from ..normalize.dates import YEAR, parse_date
from .claim import as_date, claims_of, text_of
from .syntax import is_past
from .values import clause_of

FUTURE_LEMMAS = {"will", "would", "'ll", "expect", "plan", "aim", "target", "forecast", "likely", "project",
                 "goal", "promise", "pledge", "intend", "could", "may", "might"}
# A dateline ends where the story starts: at a dash, a colon, a bar or the end of its line.
DATELINE_END = re.compile(r"\s*(?:[-—–_:|/]|\(|$)", re.MULTILINE)
DATELINE_REACH = 120  # characters into the text that a dateline can end


def reference_date(doc: Doc) -> date | None:
    published = as_date(doc._.published)
    if published is not None:
        return published
    text = text_of(doc)
    past_years: list[int] = []
    for claim in claims_of(doc):  # the anchors component has found the dates already
        if claim.kind != "date":
            continue
        day = full_date(claim.surface)
        if day is not None and is_dateline(text, claim.start, claim.end):
            return day
        if _about_the_future(claim):
            continue
        if day is not None:
            return day
        if is_past(claim.sentence.root):
            past_years += [int(y) for y in re.findall(YEAR, claim.surface)]
    if past_years:
        return date(max(past_years), 12, 31)
    return None


def _about_the_future(claim) -> bool:
    """A date in a clause about the future ("the plant will open on May 2,
    2027"), not one in a past clause of a sentence that goes on to the future
    ("Lumio unveiled the phone on September 16, 2025, betting it will sell")."""
    _, tense = clause_of(claim)
    if tense is not None:
        return tense == "future"
    inside = range(claim.span.start, claim.span.end)  # (a month May in it is no modal)
    return any(t.lemma_.lower() in FUTURE_LEMMAS and t.i not in inside for t in claim.sentence)


def full_date(surface: str) -> date | None:
    """The day a date expression names with its year, whatever the present:
    ``March 3, 2026``, ``3 March 2026``, ``2026-03-03`` (not ``March 3``)."""
    if not re.search(YEAR, surface):
        return None
    one, other = parse_date(surface, date(1990, 6, 15)), parse_date(surface, date(2040, 1, 10))
    if one is None or one != other or one.start is None or one.start != one.end:
        return None
    return one.start


def is_dateline(text: str, start: int, end: int) -> bool:
    """A date on the article's first line, before any sentence of the story,
    that ends the line or is followed by the dash of a dateline."""
    if end > DATELINE_REACH or re.search(r"[.!?]\s", text[:start]):
        return False
    return bool(DATELINE_END.match(text, end))
