"""What a date is the date of, read from the parse: the event (the verb or
the noun the date hangs from: "open" in "expects the bridge to open by the
end of 2021", "opening" in "the late-2031 opening") and what the event is
of (its subject: "the bridge", "the emergency department").

Two schedule dates of one event of one thing are one promise, kept,
revised or contradicted, however few other words their sentences share
(:mod:`claimledger.provenance.relations`); linking reads the event from the
claim's ``scope`` as stored, so it needs no parse.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

# how a date hangs from what it dates: "in 2025", "by the end of 2021", "the 2031 opening"
# (a passive's "by" is parsed as its agent: "should be finished by the autumn of 2023")
DATE_DEPS = {"pobj", "prep", "agent", "nummod", "compound", "amod", "npadvmod", "advmod", "pcomp", "nmod", "appos",
             "quantmod", "poss"}
SUBJECTS = {"nsubj", "nsubjpass"}
# verbs through which a subject reaches the event it is the subject of: "the bridge is due to open",
# "the department expects the bridge to open" (the parser gives "open" its own subject then)
CARRIERS = {"xcomp", "acomp", "conj"}
# verbs too light to be an event themselves: what they say is in their complement
LIGHT_VERBS = {"be", "have", "do", "get", "remain", "stay", "seem"}


def event_of(span: Span) -> dict[str, str | list[str]] | None:
    """The event a date is the date of and the words of what it is of:
    ``{"event": "open", "subject": ["bridge"]}`` for "the bridge to open by the
    end of 2021"; ``None`` when the parse names no event."""
    head = _dated_head(span)
    if head is None:
        return None
    found: dict[str, str | list[str]] = {"event": head.lemma_.lower()}
    # the state a light verb gives is its subject's: "the whole tower to be open"
    verb = _light_verb_of(head) or (head if head.pos_ in ("VERB", "AUX") else None)
    subject = _subject_of(verb) if verb is not None else None
    if subject is not None:
        found["subject"] = sorted({t.lemma_.lower() for t in (*_compounds(subject), subject)})
    return found


def _dated_head(span: Span) -> Token | None:
    """The verb, or the noun of an event, a date hangs from, outside the date's own words."""
    token = span.root
    while token.dep_ in DATE_DEPS and token.head.i != token.i:
        token = token.head
        if span.start <= token.i < span.end:
            continue
        if token.pos_ in ("VERB", "AUX"):
            break
        if token.pos_ == "NOUN" and token.dep_ != "pobj":
            # "the late-2031 opening", "work on the tower in 2030": the noun the date modifies
            return token
    if token.pos_ not in ("VERB", "AUX") or span.start <= token.i < span.end:
        return None
    if token.lemma_.lower() in LIGHT_VERBS:
        # "the whole tower to be in use by mid-2032": the state the light verb gives its subject
        state = next((c for c in token.children if c.dep_ in ("acomp", "attr")), None)
        if state is None:  # "to be in use", "in service"
            state = next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
                          for o in c.children if o.dep_ == "pobj"), None)
        return state if state is not None and state.pos_ in ("NOUN", "ADJ", "VERB") else None
    return token


def _light_verb_of(state: Token) -> Token | None:
    """The light verb that gives a state to its subject: "be" of "the whole tower to be open" or
    "to be in use"."""
    verb = state.head.head if state.dep_ == "pobj" and state.head.lower_ == "in" else state.head
    if state.dep_ in ("acomp", "attr", "pobj") and verb.lemma_.lower() in LIGHT_VERBS and verb.i != state.i:
        return verb
    return None


def _subject_of(verb: Token) -> Token | None:
    """A verb's subject noun, or that of the verb it complements or is coordinated with."""
    token = verb
    for _ in range(4):
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject if subject.pos_ in ("NOUN", "PROPN") else None
        if token.dep_ not in CARRIERS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _compounds(noun: Token) -> list[Token]:
    """The nouns and adjectives that narrow a subject: "emergency" of "emergency department"."""
    return [c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.is_alpha]
