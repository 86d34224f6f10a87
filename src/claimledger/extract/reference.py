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

from ..normalize.dates import YEAR, parse_date
from .claim import as_date, claims_of
from .syntax import is_past

FUTURE_LEMMAS = {"will", "would", "'ll", "expect", "plan", "aim", "target", "forecast", "likely", "project",
                 "goal", "promise", "pledge", "intend", "could", "may", "might"}


def reference_date(doc: Doc) -> date | None:
    published = as_date(doc._.published)
    if published is not None:
        return published
    full_dates: list[date] = []
    past_years: list[int] = []
    for claim in claims_of(doc):  # the anchors component has found the dates already
        if claim.kind != "date":
            continue
        sentence = claim.sentence
        if any(t.lemma_.lower() in FUTURE_LEMMAS for t in sentence):
            continue
        years = [int(y) for y in re.findall(YEAR, claim.surface)]
        value = parse_date(claim.surface, date(2000, 1, 1)) if years else None
        if value is not None and value.start is not None and value.start == value.end:
            full_dates.append(value.start)
        elif is_past(sentence.root):
            past_years += years
    if full_dates:
        return max(full_dates)
    if past_years:
        return date(max(past_years), 12, 31)
    return None
