"""Find the anchors of claims: dates, numbers and quotations.

Candidates come from the grammars in :mod:`claimledger.normalize` and, for
quotations, from :mod:`claimledger.extract.quotes`; the parse
then rules out what CLAIMS.md says is not a claim: numbers and years inside
names (``Model 3``, ``Plan S 2030``), quotation marks around a name or term
(``“Chicken Tax”``), a modal *May* or a verb *march* read as a month.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..normalize.dates import MONTHS, find_dates
from ..normalize.numbers import find_numbers
from .claim import Claim, claims_of, text_of
from .quotes import find_quotations, is_reported_speech

PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
MONTH_WORDS = set(MONTHS) | {m + "." for m in MONTHS}
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
FUNCTION_CAPS = {"In", "By", "On", "At", "Since", "From", "Until", "Through", "Before", "After", "For",
                 "The", "And", "Or", "But", "About", "Around", "Over", "Under", "Some", "Nearly",
                 "Almost", "Roughly", "Only", "Just", "With", "Of", "To", "As", "Than", "Between"}


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _is_name_part(doc: Doc, start: int) -> bool:
    """A figure right after a capitalised word that is not a sentence start
    or a function word belongs to a name: ``Model 3``, ``Tern 700``, ``No. 9``."""
    before = text_of(doc)[max(0, start - 40) : start]
    m = re.search(r"(?:^|[\s(])([A-Z][\w.&-]*)\s$", before)
    if not m:
        return False
    word = m.group(1)
    if word in FUNCTION_CAPS or word in MONTH_WORDS or word in WEEKDAYS:
        return False
    # sentence-initial capitals are not names
    if re.search(r"(?:^|[.!?]\s+|\n\s*)" + re.escape(word) + r"\s$", before):
        return word.endswith(".")
    return True


class AnchorFinder:
    """Adds one :class:`Claim` per anchor to ``doc._.claims`` and the
    anchors' token spans to ``doc.spans[spans_key]``."""

    def __init__(self, nlp: Language, name: str, spans_key: str, quotes: bool):
        self.name = name
        self.spans_key = spans_key
        self.quotes = quotes

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        text = text_of(doc)
        dates = [d for d in find_dates(text) if self._keep_date(doc, d.start, d.end, d.rule)]
        for d in dates:
            self._add(doc, claims, "date", d.start, d.end)
        for n in find_numbers(text):
            if any(n.start < d.end and d.start < n.end for d in dates):
                continue
            if self._keep_number(doc, n):
                self._add(doc, claims, "number", n.start, n.end)
        if self.quotes:
            for quote in find_quotations(text):
                span = token_span(doc, quote.start, quote.end)
                if span is not None and is_reported_speech(doc, span):
                    self._add(doc, claims, "quote", quote.start, quote.end)
        claims.sort(key=lambda c: (c.start, c.kind))
        doc.spans[self.spans_key] = [Span(doc, c.span.start, c.span.end, label=c.kind) for c in claims]
        return doc

    @staticmethod
    def _add(doc: Doc, claims: list[Claim], kind: str, start: int, end: int) -> None:
        if kind != "quote":
            # a date or a figure never runs across a paragraph break: what
            # stands before the break ("up to" ending a paragraph) is not its own
            breaks = list(PARAGRAPH_BREAK.finditer(text_of(doc), start, end))
            if breaks:
                start = breaks[-1].end()
                if start >= end:
                    return
        span = token_span(doc, start, end)
        if span is not None and len(span):
            claims.append(Claim(kind=kind, start=start, end=end, span=span))

    @staticmethod
    def _keep_date(doc: Doc, start: int, end: int, rule: str) -> bool:
        span = token_span(doc, start, end)
        if span is None:
            return False
        first = span[0]
        surface = text_of(doc)[start:end]
        if rule == "month" and surface in ("May", "March") and first.tag_ in ("MD", "VB", "VBP", "VBZ"):
            return False  # "May" the modal, "march" the verb
        if rule == "weekday" and span[-1].i + 1 < len(doc) and doc[span[-1].i + 1].is_title:
            return False  # "Sunday Times"
        if rule in ("year", "quarter_code") and _is_name_part(doc, start):
            return False
        if rule == "year" and re.match(r"[-–/]\d", text_of(doc)[end : end + 2]):
            return False
        return True

    @staticmethod
    def _keep_number(doc: Doc, n) -> bool:
        surface = text_of(doc)[n.start : n.end]
        if not n.has_qualifier and _is_name_part(doc, n.start):
            return False
        if n.is_word and not n.has_qualifier:
            lowered = surface.lower()
            if lowered in ("one", "a", "an"):
                return False
            if re.search(r"\bone of\s*$", text_of(doc)[max(0, n.start - 10) : n.start].lower()):
                return False
            span = token_span(doc, n.start, n.end)
            # "two" as a pronoun ("the two agreed") is not a count of anything
            if span is not None and len(span) == 1 and span[0].pos_ not in ("NUM",):
                return False
        return True


@Language.factory(
    "claim_anchors",
    default_config={"spans_key": "claims", "quotes": True},
)
def make_anchor_finder(nlp: Language, name: str, spans_key: str, quotes: bool) -> AnchorFinder:
    return AnchorFinder(nlp, name, spans_key, quotes)
