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

from ..normalize.dates import DateValue, parse_date, stated_fiscal_start
from .claim import Claim, claims_of, text_of
from .lexicon import STATUS_CUES, Cue
from .reference import reference_date
from .syntax import EARLIER_VALUE, governing_path, is_past, nearest_verb, path_from
from .values import date_tense

NEGATIONS = {"not", "n't", "never", "no"}
CHANGE_PREPOSITIONS = {"to", "from", "at"}
# Cue words that only describe a noun they modify.
DESCRIPTIVE_ADJECTIVES = {"likely", "unlikely", "probable"}
# Verbs of thinking and saying that open a quotation: its content is what they introduce.
FRAMING_VERBS = {"think", "believe", "say", "guess", "suppose", "feel", "reckon", "know", "mean", "hope", "suspect"}
# Cues that speak for the act that carries a date: "proposed in 2016" is when it was proposed.
ACT_CUES = {"plans", "promises", "expects", "target", "estimate"}
# Dates that say by their words that they lie behind the article's present.
PAST_DEICTIC = re.compile(r"^(last|yesterday)\b|\b(ago|earlier)$", re.I)


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
            if span.root.dep_ == "amod" and span.root.lower_ in DESCRIPTIVE_ADJECTIVES:
                continue  # "likely voters" are voters, not a likelihood
            host = span.root.head if cue.attach == "head" else span[-1] if cue.attach == "last" else span.root
            hosted[host.i].append((cue, span))
            if cue.attach == "to" and span[-1].lower_ == "to" and span[-1].head.i != host.i:
                hosted[span[-1].head.i].append((cue, span))  # "on track to carry": carry, wherever the parse hangs it
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
        event = claim.kind == "date" and _names_an_event(claim.span.root) and _an_events_date(doc, claim)
        if claim.kind == "quote":
            found = self._quote_cues(claim, hosted)
        elif event:
            # "the outcome of the Nov. 8 election could be pivotal": the hedge is
            # on the outcome; the date is the election's, told by its noun alone
            noun = claim.span.root.head
            found = [(cue, span) for token in (noun, *noun.children) for cue, span in hosted.get(token.i, ())
                     if span.start not in range(claim.span.start, claim.span.end)]
        else:
            found = self._cues(claim.span.root, hosted, inside=range(claim.span.start, claim.span.end),
                               number=claim.kind == "number")
        hedge = next(((c, s) for c, s in found if c.status == "unknown"), None)
        intent = next(((c, s) for c, s in found if c.status == "projected"), None)
        verb = nearest_verb(claim.span)
        if claim.kind == "date" and intent is not None and (
                _dates_a_past_act(claim, found) or self._dates_what_was(doc, claim)):
            intent = None
        if intent is not None and claim.kind in ("number", "date") and _earlier_value_of_past(doc, claim):
            intent = None  # "expects €1.2 billion for 2084, against €910 million last year": what was
        if hedge:
            claim.status, claim.cue = "unknown", _cue_text(hedge[1])
        elif intent:
            claim.status, claim.cue = "projected", _cue_text(intent[1])
        elif self.future_dates and (event or not is_past(verb) or _set_beside(claim)) and \
                self._is_future_date(doc, claim):
            # an event's day lies ahead or behind whatever the clause around its noun tells
            claim.status, claim.cue = "projected", "future date"
        else:
            claim.status, claim.cue = "confirmed", verb.text if verb is not None else None
        claim.polarity = self._polarity(verb, found)

    def _quote_cues(self, claim: Claim, hosted) -> list[tuple[Cue, Span]]:
        """A quotation's status is its own predicate's, sentence by sentence
        (“I think it may work” is unknown, “he would have won” a fact): the
        cues on each sentence's main verb, past verbs of thinking and saying
        to what they introduce, and on the clauses quoting it ("promising
        “…”"); the strongest sentence decides."""
        found: list[tuple[Cue, Span]] = []
        span = claim.span
        start = span.start
        for token in list(span[1:]) + [None]:
            if token is None or token.is_sent_start:
                end = token.i if token is not None else span.end
                part = span.doc[start:end]
                if any(not t.is_punct and not t.is_space for t in part):
                    found += self._cues(_content_verb(part.root, part), hosted, inside=range(0))
                start = end
        # what the speaker says they think, wherever the parse hangs it: "I think X will …"
        for token in span:
            if token.lemma_.lower() in FRAMING_VERBS and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in token.children):
                for inner in (c for c in token.children if c.dep_ == "ccomp" and span.start <= c.i < span.end):
                    found += [(cue, s) for cue, s in hosted.get(inner.i, ()) if not _counterfactual(cue, inner)]
        return found

    def _cues(self, root, hosted, inside: range, number: bool = False) -> list[tuple[Cue, Span]]:
        """The cues on the path from ``root`` up its clause."""
        found: list[tuple[Cue, Span]] = []
        first_noun_seen = False
        below = None
        for step in path_from(root):
            tokens = [step.token]
            if step.token is root:  # "$3 billion, a figure that could not be verified"
                for appos in (c for c in root.children if c.dep_ == "appos"):
                    tokens += [appos, *(c for c in appos.children if c.dep_ in ("relcl", "acl"))]
            if not first_noun_seen and step.token.pos_ in ("NOUN", "PROPN"):
                # "the 1,900 employees the plant will need", "$3 billion, a figure that could not
                # be verified": a relative clause or an apposition speaks for the noun
                first_noun_seen = True
                tokens += [c for c in step.token.children if c.dep_ in ("relcl", "acl") and c.tag_ != "VBG"]
                for appos in (c for c in step.token.children if c.dep_ == "appos"):
                    tokens += [appos, *(c for c in appos.children if c.dep_ in ("relcl", "acl"))]
            if step.token.pos_ in ("VERB", "AUX"):
                if number and below is not None and (below.dep_ == "xcomp" or below.lower_ in CHANGE_PREPOSITIONS):
                    # "cut its forecast to 1.2%", "announced plans to give $15 million":
                    # a figure the verb moves a forecast or plan to is that forecast's
                    tokens += [c for c in step.token.children if c.dep_ == "dobj" and c.i not in inside]
                # "the planned tower has 40 floors": what is not built yet; "the plan
                # includes $96 million": what a plan or forecast holds is planned
                for subject in (c for c in step.token.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside):
                    tokens += [subject, *(c for c in subject.children if c.dep_ == "amod" and c.i not in inside)]
            for token in tokens:
                for cue, span in hosted.get(token.i, ()):
                    if span.start in inside or (step.via_conj and not cue.inherit) or _counterfactual(cue, token):
                        continue
                    found.append((cue, span))
            below = step.token
        if number and below is not None and _infinitive_clause(below):
            # "announced plans this week to give $15 million": the parse hung the
            # infinitive on the verb, not on the plan it spells out
            for noun in (c for c in below.head.children if c.dep_ == "dobj" and c.i < below.i):
                found += [(cue, span) for cue, span in hosted.get(noun.i, ()) if span.start not in inside]
        return found

    @staticmethod
    def _dates_what_was(doc: Doc, claim: Claim) -> bool:
        """A date wholly before the article's day that is the time of a verb in the past ("the budget
        the board approved in March 2045", "confirmed in January") or names what a thing is of ("the
        stadium's 1968 grandstand") tells what was, whatever the sentence goes on to project."""
        root = claim.span.root
        if root.dep_ in ("compound", "nummod", "amod", "nmod") and root.head.pos_ == "NOUN":
            past = not (claim.span.start <= root.head.i < claim.span.end)
        else:
            token = _attachment(claim)
            past = token.dep_ in ("prep", "npadvmod") and token.head.tag_ in ("VBD", "VBN")
        value = _resolved(doc, claim) if past else None
        return value is not None and None not in (value.start, value.end) and value.end < doc._.reference_date

    @staticmethod
    def _is_future_date(doc: Doc, claim: Claim) -> bool:
        value = _resolved(doc, claim) if claim.kind == "date" else None
        if value is None:
            return False
        ref = doc._.reference_date
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


def _content_verb(root, part: Span):
    """Past "I think", "I believe" to the clause they introduce, inside the quotation."""
    for _ in range(3):
        if root.lemma_.lower() not in FRAMING_VERBS:
            break
        inner = next((c for c in root.children if c.dep_ == "ccomp" and part.start <= c.i < part.end), None)
        if inner is None:
            break
        root = inner
    return root


def _names_an_event(root) -> bool:
    """A date written before a noun as its attribute, the noun inside a phrase
    of its own: "the outcome of the Nov. 8 election", "a report on the January
    test".  What the clause says is of another noun ("first-quarter sales
    could be the weakest" is of the sales, and hedged)."""
    noun = root.head
    return (root.dep_ in ("compound", "nmod", "amod") and noun.pos_ in ("NOUN", "PROPN") and root.i < noun.i
            and noun.dep_ == "pobj")


def _an_events_date(doc: Doc, claim: Claim) -> bool:
    """A date that can be an event's: a single day ("the Nov. 8 election"), or
    a period wholly behind the present ("a report on the January test").  A
    period still running or ahead before a noun is the period of a measure
    ("first-quarter sales", "the April test may be delayed"), and the
    clause's hedge is on it."""
    ref: date | None = doc._.reference_date
    value = parse_date(claim.surface, ref or date.today(), tense=date_tense(claim), fiscal_start=doc._.fiscal_start)
    if value is None or value.start is None:
        return False
    return value.start == value.end or ref is not None and value.end is not None and value.end < ref


def _set_beside(claim: Claim) -> bool:
    """Whether a claim sits in a phrase set beside its clause, not told by its verb: "repeated its
    timetable on Wednesday: first ore in the fall of 2081" (an apposition has no tense of its own)."""
    for step in governing_path(claim.span):
        if step.token.pos_ in ("VERB", "AUX"):
            return False
        if step.token.dep_ == "appos":
            return True
    return False


def _infinitive_clause(token) -> bool:
    """ "announced plans this week to give": an infinitive the parse hung
    on the verb as an adverbial clause, when a phrase split it from its noun."""
    return token.dep_ == "advcl" and token.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _counterfactual(cue: Cue, host) -> bool:
    """ "would have had": what did not happen, not a projection."""
    return cue.id == "would" and any(c.lower_ in ("have", "'ve") and c.dep_ == "aux" for c in host.children)


def _resolved(doc: Doc, claim: Claim) -> DateValue | None:
    """A date's interval against its article's day; ``None`` when the article has no day. A month or
    weekday without its year lies the way its clause tells ("the term ends in June": the next one)."""
    ref: date | None = doc._.reference_date
    if ref is None:
        return None
    return parse_date(claim.surface, ref, tense=date_tense(claim), fiscal_start=doc._.fiscal_start)


def _attachment(claim: Claim):
    """The word a date hangs from its clause by: the preposition of "in 2016", else the date itself."""
    token = claim.span.root
    return token.head if token.dep_ == "pobj" and token.head.dep_ == "prep" else token


def _earlier_value_of_past(doc: Doc, claim: Claim) -> bool:
    """Whether a figure is the earlier value a projection is set against, dated in its own phrase to a
    period over before the article's day ("against €910 million last year", "up from 296,000 in 2083")."""
    def over(when: Claim) -> bool:
        value = _resolved(doc, when)
        return value is not None and value.end is not None and value.end < doc._.reference_date

    same = [c for c in claims_of(doc) if c.sentence.start == claim.sentence.start]
    if claim.kind == "date":  # the date in such a figure's phrase
        return over(claim) and any(c.kind == "number" and _in_phrase(c, claim) for c in same)
    return any(c.kind == "date" and _in_phrase(claim, c) and over(c) for c in same)


def _in_phrase(figure: Claim, date: Claim) -> bool:
    """Whether a date lies in the phrase of the "from" or "against" a figure is the object of."""
    root = figure.span.root
    if root.dep_ != "pobj" or root.head.lower_ not in EARLIER_VALUE:
        return False
    return date.span.root.i in {t.i for t in root.head.subtree} and not (
        figure.span.start <= date.span.root.i < figure.span.end)


def _dates_a_past_act(claim: Claim, found) -> bool:
    """A date on a past act of planning or promising ("proposed in 2016",
    "pledged last December") says when the act happened: a fact.  Only
    when every projecting cue is that act itself."""
    token = _attachment(claim)
    verb = token.head
    projecting = [(c, s) for c, s in found if c.status == "projected"]
    if PAST_DEICTIC.search(claim.surface):
        # "the target it pledged to reach at the talks last December": wherever
        # the parse hangs it, a date that says it lies behind the present dates
        # the past act of pledging
        return bool(projecting) and all(c.id in ACT_CUES and s.root.tag_ == "VBD" for c, s in projecting)
    if token.dep_ not in ("prep", "npadvmod") or verb.tag_ != "VBD":
        return False
    return bool(projecting) and all(c.id in ACT_CUES and s.root.i == verb.i for c, s in projecting)


def _cue_text(span: Span) -> str:
    """The words of a cue; a cue with a gap in it by its two ends ("charged … with")."""
    return span.text if len(span) <= 4 else f"{span[0].text} … {span[-1].text}"
