"""Label each claim confirmed, projected or unknown, with the cue that decided.

The status belongs to the anchor's own clause, not to the sentence: the
tagger walks from the anchor up the dependency tree (see
:func:`~claimledger.extract.syntax.governing_path`) and reads the cues
attached to each predicate on the way.  CLAIMS.md's precedence applies: a
hedge anywhere on the path makes the claim ``unknown``; otherwise a future,
plan, target or estimate makes it ``projected``; otherwise it is
``confirmed``.  A date that lies after the article's reference date with no
other cue is ``projected``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from spacy.attrs import LEMMA, POS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..normalize.dates import parse_date, stated_fiscal_start
from .claim import Claim, claims_of, text_of
from .lexicon import STATUS_CUES, Cue
from .reference import reference_date
from .syntax import governing_path, is_past, nearest_verb

NEGATIONS = {"not", "n't", "never", "no"}


class CueFinder:
    """Every match of the cue patterns, as ``(cue id, start, end)`` sorted by
    position, the same as one ``Matcher`` over all of them would give.

    A ``Matcher`` tests every pattern at every token, and most cues are a
    fixed phrase or one lemma: those go to a ``PhraseMatcher`` on the
    lower-case form and to a table of lemmas, and only patterns with
    operators or sets of values stay with a ``Matcher``.  That makes
    finding cues several times cheaper on a long article."""

    def __init__(self, vocab, cues: list[Cue]):
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.matcher = Matcher(vocab)
        self.lemmas: dict[int, list[tuple[str, frozenset]]] = defaultdict(list)
        for cue in cues:
            phrases = []
            for pattern in cue.patterns:
                if all(set(token) == {"LOWER"} and isinstance(token["LOWER"], str) for token in pattern):
                    phrases.append(Doc(vocab, words=[token["LOWER"] for token in pattern]))
                elif len(pattern) == 1 and set(pattern[0]) == {"LEMMA", "POS"} and isinstance(pattern[0]["LEMMA"], str):
                    self.lemmas[vocab.strings.add(pattern[0]["LEMMA"])].append(
                        (cue.id, frozenset(vocab.strings.add(pos) for pos in pattern[0]["POS"]["IN"])))
                else:
                    self.matcher.add(cue.id, [pattern])
            if phrases:
                self.phrases.add(cue.id, phrases)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        found = [(strings[m], start, end) for m, start, end in self.phrases(doc)]
        found += [(strings[m], start, end) for m, start, end in self.matcher(doc)]
        # one array of (lemma, pos) ids rather than a Token object per word
        lemmas, tags = doc.to_array([LEMMA, POS]).T.tolist() if len(doc) else ([], [])
        for i in (i for i, lemma in enumerate(lemmas) if lemma in self.lemmas):
            for cue_id, pos in self.lemmas[lemmas[i]]:
                if tags[i] in pos:
                    found.append((cue_id, i, i + 1))
        return sorted(found, key=lambda m: (m[1], m[2]))


class StatusTagger:
    def __init__(self, nlp: Language, name: str, future_dates: bool):
        self.name = name
        self.future_dates = future_dates
        self.cues = {cue.id: cue for cue in STATUS_CUES}
        self.find_cues = CueFinder(nlp.vocab, STATUS_CUES)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.reference_date is None:
            doc._.reference_date = reference_date(doc)
        if doc._.fiscal_start is None:
            doc._.fiscal_start = stated_fiscal_start(text_of(doc))
        hosted: dict[int, list[tuple[Cue, Span]]] = defaultdict(list)
        for cue_id, start, end in self.find_cues(doc):
            cue = self.cues[cue_id]
            span = doc[start:end]
            host = span.root.head if cue.attach == "head" else span.root
            hosted[host.i].append((cue, span))
        for cues in hosted.values():
            cues.sort(key=lambda found: -len(found[1]))  # "expected to" over "expected"
        claims = claims_of(doc)
        for claim in claims:
            self._tag(doc, claim, hosted)
        self._share_within_quote_lists(doc, claims)
        return doc

    @staticmethod
    def _share_within_quote_lists(doc: Doc, claims: list[Claim]) -> None:
        """Quotations listed one after another ("promising “a”, “b” and “c”")
        are one statement: those the parse left without a cue take the
        status of the first."""
        quotes = [c for c in claims if c.kind == "quote"]
        for first, second in zip(quotes, quotes[1:]):
            between = text_of(doc)[first.end : second.start]
            if len(between) > 40 or re.search(r"[.!?]\s", between) or first.sentence.start != second.sentence.start:
                continue
            if second.status == "confirmed" and first.status != "confirmed":
                second.status, second.cue = first.status, first.cue

    def _tag(self, doc: Doc, claim: Claim, hosted) -> None:
        inside = range(claim.span.start, claim.span.end) if claim.kind != "quote" else range(0)
        found: list[tuple[Cue, Span]] = []
        first_noun_seen = False
        for step in governing_path(claim.span):
            tokens = [step.token]
            if not first_noun_seen and step.token.pos_ in ("NOUN", "PROPN"):
                # "the 1,900 employees the plant will need": the relative clause speaks for the noun
                first_noun_seen = True
                tokens += [c for c in step.token.children if c.dep_ in ("relcl", "acl")]
            for token in tokens:
                for cue, span in hosted.get(token.i, ()):
                    if span.start in inside or (step.via_conj and not cue.inherit):
                        continue
                    found.append((cue, span))
        hedge = next(((c, s) for c, s in found if c.status == "unknown"), None)
        intent = next(((c, s) for c, s in found if c.status == "projected"), None)
        verb = nearest_verb(claim.span)
        if hedge:
            claim.status, claim.cue = "unknown", hedge[1].text
        elif intent:
            claim.status, claim.cue = "projected", intent[1].text
        elif self.future_dates and not is_past(verb) and self._is_future_date(doc, claim):
            claim.status, claim.cue = "projected", "future date"
        else:
            claim.status, claim.cue = "confirmed", verb.text if verb is not None else None
        claim.polarity = self._polarity(verb, found)

    @staticmethod
    def _is_future_date(doc: Doc, claim: Claim) -> bool:
        ref: date | None = doc._.reference_date
        if claim.kind != "date" or ref is None:
            return False
        value = parse_date(claim.surface, ref, fiscal_start=doc._.fiscal_start)
        if value is None:
            return False
        if value.start is not None:
            return value.start > ref
        return value.end is not None and value.end > ref

    @staticmethod
    def _polarity(verb, found) -> str:
        if verb is None:
            return "positive"
        cue_tokens = {t.i for _, span in found for t in span if _.id == "not disclosed"}
        negated = any(c.dep_ == "neg" and c.lower_ in NEGATIONS and c.i not in cue_tokens for c in verb.children)
        return "negative" if negated else "positive"


@Language.factory("claim_status", default_config={"future_dates": True})
def make_status_tagger(nlp: Language, name: str, future_dates: bool) -> StatusTagger:
    return StatusTagger(nlp, name, future_dates)
