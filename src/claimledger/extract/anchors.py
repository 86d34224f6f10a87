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
from .scope import MOVES

# "a third" before the noun it numbers is an ordinal ("a third season"), not the share "a third of"
ORDINAL_NOT_SHARE = re.compile(r"(?i)an? (?:third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)")

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


SEASON_WORDS = {"spring", "summer", "autumn", "fall", "winter"}
SEASON_INTRO = {"in", "by", "until", "till", "since", "through", "during", "before", "after", "from", "of", "early",
                "late", "mid", "and", "or", "-", "this", "last", "next", "that", "each", "every", "for"}
# "the National Voter Registration Act of 1993", "the Class of 2016": a year named by a name
NAMED_OF = re.compile(r"\b(?:Act|Acts|Law|Treaty|Accord|Accords|Agreement|Convention|Class|Summit|Games|Olympics|"
                      r"Declaration|Protocol|Charter|Plan|Bill|Code|Amendment|Amendments|Compact|Cup|Expo|Resolution)"
                      r" of $")


def _next_is_title(doc: Doc, token) -> bool:
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "the" and nxt.i + 1 < len(doc):
        nxt = doc[nxt.i + 1]
    return nxt is not None and nxt.is_title


MODAL = "MD"
UP_TO = re.compile(r"(?i)up to\s+")
OVER = re.compile(r"(?i)over\s+")
DURATIONS = {"day", "week", "month", "quarter", "year", "decade", "century"}


def _figure_start(doc: Doc, start: int, end: int) -> int:
    """Where a figure begins: after "up to" when a verb told as so moves it there ("its share edged up
    to 11.4%", a value reached, not "up to 900 workers", a bound), and after the "over" of a span of
    time something is spread across ("will pay for the jets over five years", not "over 500 homes",
    more than); else at ``start``."""
    span = token_span(doc, start, end)
    if span is None or span.start == 0:
        return start
    words = UP_TO.match(text_of(doc), start, end)
    if words is not None:
        verb = doc[span.start - 1]
        if (verb.pos_ == "VERB" and verb.lemma_.lower() in MOVES and verb.tag_ in ("VBD", "VBZ", "VBN")
                and not any(c.tag_ == MODAL for c in verb.children)):
            return words.end()
        return start
    words = OVER.match(text_of(doc), start, end)
    over = span[0]
    if (words is not None and over.dep_ == "prep" and over.head.pos_ == "VERB"
            and any(c.dep_ == "pobj" and c.lemma_.lower() in DURATIONS for c in over.children)):
        return words.end()
    return start


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
            if not self._keep_number(doc, n):
                continue
            if n.ends is None:
                self._add(doc, claims, "number", _figure_start(doc, n.start, n.end), n.end)
                continue
            # a range written out ("between $30,000 and $60,000") is two claims, one per
            # end; each keeps the range it belongs to for the values component
            for side, (start, end) in zip(("low", "high"), n.ends):
                claim = self._add(doc, claims, "number", start, end)
                if claim is not None:
                    claim.value = {"range": (n.start, n.end), "range_end": side}
        if self.quotes:
            for quote in find_quotations(text):
                span = token_span(doc, quote.start, quote.end)
                if span is not None and is_reported_speech(doc, span):
                    self._add(doc, claims, "quote", quote.start, quote.end)
        claims.sort(key=lambda c: (c.start, c.kind))
        doc.spans[self.spans_key] = [Span(doc, c.span.start, c.span.end, label=c.kind) for c in claims]
        return doc

    @staticmethod
    def _add(doc: Doc, claims: list[Claim], kind: str, start: int, end: int) -> Claim | None:
        if kind != "quote":
            # a date or a figure never runs across a paragraph break: what
            # stands before the break ("up to" ending a paragraph) is not its own
            breaks = list(PARAGRAPH_BREAK.finditer(text_of(doc), start, end))
            if breaks:
                start = breaks[-1].end()
                if start >= end:
                    return None
        span = token_span(doc, start, end)
        if span is None or not len(span):
            return None
        claim = Claim(kind=kind, start=start, end=end, span=span)
        claims.append(claim)
        return claim

    @staticmethod
    def _keep_date(doc: Doc, start: int, end: int, rule: str) -> bool:
        span = token_span(doc, start, end)
        if span is None:
            return False
        first = span[0]
        surface = text_of(doc)[start:end]
        if rule == "month" and surface in ("May", "March") and first.tag_ in ("MD", "VB", "VBP", "VBZ"):
            return False  # "May" the modal, "march" the verb
        after = doc[span[-1].i + 1] if span[-1].i + 1 < len(doc) else None
        if rule == "weekday" and after is not None and after.is_title:
            return False  # "Sunday Times"
        if rule == "season" and surface.lower() in SEASON_WORDS and (
                span[0].i == 0 or doc[span[0].i - 1].lower_ not in SEASON_INTRO):
            return False  # a bare season word is a date after a preposition ("in fall"), not "ratings fall"
        if rule == "month" and after is not None and after.lower_ in ("for", "of") and _next_is_title(doc, after):
            return False  # "the March for Life", "the March of the Combatant Mothers"
        if rule == "holiday" and after is not None and span[-1].dep_ == "compound" and after.pos_ == "NOUN":
            return False  # "Christmas trees"
        if rule == "deictic" and surface.isupper() and (
                _is_name_part(doc, start) or re.search(r"\b[A-Z]{2,}\s$", text_of(doc)[max(0, start - 20):start])):
            return False  # "USA TODAY", "USA TODAY's" opening a sentence: a name written in capitals
        # a bare figure after a capitalised word belongs to a name ("Model 3", "Act of 1993");
        # one after a bound word ("London since 1972") does not
        if rule in ("year", "quarter_code") and surface[:1].isdigit() and (
                _is_name_part(doc, start) or NAMED_OF.search(text_of(doc), max(0, start - 40), start)):
            return False
        if rule == "year" and re.match(r"[-–/]\d", text_of(doc)[end : end + 2]):
            return False
        return True

    @staticmethod
    def _keep_number(doc: Doc, n) -> bool:
        surface = text_of(doc)[n.start : n.end]
        # "Model 3", "Tern 700"; a figure with a unit is never a name's ("Clinton 47 percent")
        if not n.has_qualifier and not n.has_unit and _is_name_part(doc, n.start):
            return False
        if surface.lower() == "zero" and text_of(doc)[n.end: n.end + 1] == "-":
            return False  # "zero-emission buses": a kind of bus, not a count
        span = token_span(doc, n.start, n.end)
        if span is not None and ORDINAL_NOT_SHARE.fullmatch(surface):
            ordinal = span[-1]
            if ordinal.dep_ == "amod" and ordinal.head.i == ordinal.i + 1 and ordinal.head.pos_ == "NOUN":
                return False  # "a third season", "a fourth runway": which one, not a share
        if n.is_word and not n.has_qualifier:
            lowered = surface.lower()
            if lowered in ("one", "a", "an"):
                return False
            if re.search(r"\bone of\s*$", text_of(doc)[max(0, n.start - 10) : n.start].lower()):
                return False
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
