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
from ..normalize.numbers import NumberValue, parse_number
from ..normalize.units import BARE_CROWNS, crown_of
from .anchors import token_span
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
        text = text_of(doc)
        parsed = parse_number(claim.surface)
        if parsed is None:
            return
        value, high, qualifier, unit = parsed.value, parsed.high, parsed.qualifier, parsed.unit
        span, after = claim.span, claim.end
        whole = claim.value.get("range")
        if whole is not None:  # one end of a range: its value, the range's unit, a bound
            value, high, qualifier, unit = _range_end(text, whole, claim.value["range_end"], parsed)
            span, after = token_span(doc, *whole) or span, whole[1]
        if unit is None:
            noun = _counted_noun(span)
            if noun is not None:
                unit = noun.text
                after = noun.idx + len(noun.text)
        elif unit == "points" and _speaks_of_percentages(claim.sentence):
            unit = "percentage points"  # a point change of a percentage (CLAIMS.md)
        elif unit in CROWN_CODES and BARE_CROWNS.search(claim.surface + text[after : after + 12]):
            unit = crown_of(text) or unit
        rate = RATE.match(text[after : after + 60])
        if rate:
            per = rate["per"] or PERIODS[rate["adverb"].lower()]
            unit = f"{unit or 'units'}/{per}"
        claim.value = {"number": value, "number_high": high, "unit": unit, "qualifier": qualifier}


# Words after which the two ends of a range are values that occur, not bounds
# on one value: "tariffs ranging from 5 percent to 25 percent".
SPREAD = re.compile(r"(?i)\brang(?:e|es|ed|ing)\s+(?:from\s+|between\s+)?$")
CROWN_CODES = {"DKK", "SEK", "NOK", "ISK", "CZK", "crowns"}


def _range_end(text: str, whole: tuple[int, int], side: str, own: NumberValue):
    """The value of one end of a range, with the unit of the whole carried to
    both ("2 to 2.5 degrees Celsius"): the low end is a lower bound (``>=``),
    the high end an upper bound (``<=``) unless it states its own qualifier
    ("$500,000 to more than $1 million")."""
    parsed = parse_number(text[whole[0] : whole[1]])
    if parsed is None or parsed.high is None:
        return own.value, None, own.qualifier, own.unit
    spread = SPREAD.search(text[max(0, whole[0] - 30) : whole[0]]) is not None
    if parsed.qualifier != "=":  # "about 275 to 350": both ends are about
        return (parsed.value if side == "low" else parsed.high), None, parsed.qualifier, parsed.unit
    if side == "low":
        return parsed.value, None, "=" if spread else ">=", parsed.unit
    qualifier = own.qualifier if own.qualifier != "=" else "=" if spread else "<="
    return parsed.high, None, qualifier, parsed.unit or own.unit


PERCENT_WORDS = re.compile(r"(?i)%|\bper ?cent|\bpercentage|\bpoll|\bsurvey|\brate\b|\bmargin of error")


def _speaks_of_percentages(sentence) -> bool:
    """A sentence about percentages, or following one ("Clinton led by 5
    percentage points. In August, that lead was 7 points.")."""
    doc = sentence.doc
    before = doc[sentence.start - 1].sent if sentence.start > 0 else None
    text = text_of(doc)
    window = text[(before.start_char if before is not None else sentence.start_char) : sentence.end_char]
    return bool(PERCENT_WORDS.search(window))


def _counted_noun(span):
    last = span[-1]
    head = last.head
    if head.i > last.i and head.pos_ in ("NOUN", "PROPN") and last.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod"):
        return head
    doc = span.doc
    for token in doc[last.i + 1 : min(len(doc), last.i + 5)]:
        if token.pos_ == "NOUN":
            return token
        if token.pos_ not in ("ADJ", "PROPN", "ADV") and token.dep_ != "compound":
            break
    return None


@Language.factory("claim_values")
def make_value_normalizer(nlp: Language, name: str) -> ValueNormalizer:
    return ValueNormalizer(nlp, name)
