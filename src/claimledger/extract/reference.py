"""The date an article speaks from, against which relative dates resolve.

The publication date when the article has one.  Otherwise, as CLAIMS.md
says, the latest date the article presents as its present: the latest fully
written date (``March 30, 2026``) outside a future-tense sentence, or failing
that, the last day of the latest year a past-tense sentence mentions.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from ..normalize.dates import YEAR, find_dates, parse_date
from .claim import as_date
from .syntax import is_past

FUTURE_LEMMAS = {"will", "would", "'ll", "expect", "plan", "aim", "target", "forecast", "likely", "project",
                 "goal", "promise", "pledge", "intend", "could", "may", "might"}


def reference_date(doc: Doc) -> date | None:
    published = as_date(doc._.published)
    if published is not None:
        return published
    full_dates: list[date] = []
    past_years: list[int] = []
    for found in find_dates(doc.text):
        surface = doc.text[found.start : found.end]
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None:
            continue
        sentence = span.sent
        if any(t.lemma_.lower() in FUTURE_LEMMAS for t in sentence):
            continue
        if found.rule in ("full_date", "day_month", "time_on_day") and re.search(YEAR, surface):
            value = parse_date(surface, date(2000, 1, 1))
            if value is not None and value.start is not None:
                full_dates.append(value.start)
        elif is_past(sentence.root):
            past_years += [int(y) for y in re.findall(YEAR, surface)]
    if full_dates:
        return max(full_dates)
    if past_years:
        return date(max(past_years), 12, 31)
    return None
