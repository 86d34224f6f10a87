"""Normalised values: date intervals, numbers with unit and qualifier, quote text.

The grammars live in :mod:`claimledger.normalize`; this component supplies
what they cannot see in a string alone: the reference date, the tense of the
clause (a bare *January* told of in the past is the last one), the interval a
back-reference (*the same period*) points to, the counted noun after a number,
and a rate (*a year*, *per share*) that turns a unit into ``USD/year``.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize.dates import DateValue, parse_date
from ..normalize.timex import timex
from ..normalize.numbers import parse_number
from .claim import Claim, claims_of, text_of
from .syntax import is_past, nearest_verb

PERIODS = {"annually": "year", "yearly": "year", "per annum": "year", "monthly": "month",
           "weekly": "week", "daily": "day", "a year": "year", "a month": "month"}
RATE = re.compile(
    r"^(?:[\s,]+[\w-]+){0,3}?\s+(?:(?:a|an|per|each|every)\s+(?P<per>year|month|week|day|share|quarter|hour|night|"
    r"MWh|kWh|barrel|tonne|passenger|person|head|unit|seat)|(?P<adverb>annually|yearly|per annum|monthly|weekly|daily))\b"
)


# Two presents far apart, in different months, weeks and decades: a date that
# resolves the same against both does not depend on the article's present.
UNRELATED_PRESENTS = (date(1990, 6, 15), date(2041, 1, 9))


class ValueNormalizer:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ref: date | None = doc._.reference_date
        previous: DateValue | None = None
        for claim in claims_of(doc):
            if claim.kind == "date":
                value = self._date(claim, ref, previous, doc._.fiscal_start)
                if value is not None:
                    start, end = value.iso()
                    claim.value = {"date_start": start, "date_end": end, "timex": timex(value.start, value.end)}
                    previous = value
            elif claim.kind == "number":
                self._number(doc, claim)
            else:
                claim.value = {"quote": " ".join(claim.surface.split())}
        return doc

    def _date(self, claim: Claim, ref: date | None, previous: DateValue | None,
              fiscal_start: int | None) -> DateValue | None:
        """The claim's interval.  An article with no present (no publication
        date and no date of its own) still has its absolute dates: those that
        read the same against any present."""
        tense = self._tense(claim)
        if ref is not None:
            return parse_date(claim.surface, ref, tense=tense, previous=previous, fiscal_start=fiscal_start)
        values = {parse_date(claim.surface, present, tense=tense, previous=previous, fiscal_start=fiscal_start)
                  for present in UNRELATED_PRESENTS}
        return values.pop() if len(values) == 1 else None

    @staticmethod
    def _tense(claim: Claim) -> str | None:
        if claim.status == "projected":
            return "future"
        if claim.status == "confirmed":
            return "past"
        return "past" if is_past(nearest_verb(claim.span)) else "future"

    @staticmethod
    def _number(doc: Doc, claim: Claim) -> None:
        parsed = parse_number(claim.surface)
        if parsed is None:
            return
        unit = parsed.unit
        after = claim.end
        if unit is None:
            noun = _counted_noun(claim)
            if noun is not None:
                unit = noun.text
                after = noun.idx + len(noun.text)
        rate = RATE.match(text_of(doc)[after : after + 60])
        if rate:
            per = rate["per"] or PERIODS[rate["adverb"].lower()]
            unit = f"{unit or 'units'}/{per}"
        claim.value = {"number": parsed.value, "number_high": parsed.high, "unit": unit, "qualifier": parsed.qualifier}


def _counted_noun(claim: Claim):
    last = claim.span[-1]
    head = last.head
    if head.i > last.i and head.pos_ in ("NOUN", "PROPN") and last.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod"):
        return head
    doc = claim.span.doc
    for token in doc[last.i + 1 : min(len(doc), last.i + 5)]:
        if token.pos_ == "NOUN":
            return token
        if token.pos_ not in ("ADJ", "PROPN", "ADV") and token.dep_ != "compound":
            break
    return None


@Language.factory("claim_values")
def make_value_normalizer(nlp: Language, name: str) -> ValueNormalizer:
    return ValueNormalizer(nlp, name)
