"""Walks over the dependency parse shared by the status and attribution components."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Span, Token

# Clauses that do not inherit the stance of the clause they hang from:
# "X hasn't announced a date, though analysts expect it by 2030".
STOP_DEPS = {"advcl", "parataxis"}
# A comparison baseline ("up from 41% in 2024", "compared with 300,000") is a
# fact of its own, whatever the clause it is compared to.
BASELINE_MARKERS = {"compared", "versus", "vs", "vs."}
BASELINE_HEADS = {"up", "down", "rising", "falling"}
# prepositions whose object is the earlier value a figure is set against: "up from 296,000 in 2083",
# "expects €1.2 billion, against €910 million last year"
EARLIER_VALUE = {"from", "against"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}


@dataclass(frozen=True)
class Step:
    token: Token
    via_conj: bool  # reached by leaving a coordinated clause for its first conjunct


def governing_path(span: Span) -> Iterator[Step]:
    """The anchor's root and the heads above it, up to the sentence root or
    the edge of an adverbial clause."""
    return path_from(span.root)


def path_from(token: Token) -> Iterator[Step]:
    """A token and the heads above it, as :func:`governing_path`."""
    yield Step(token, False)
    while token.head.i != token.i and token.dep_ not in STOP_DEPS and not _is_baseline(token) and not _own_clause(token):
        via_conj = token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")
        token = token.head
        yield Step(token, via_conj)


def _own_clause(token: Token) -> bool:
    """A relative clause with a finite verb of its own ("the Tasman, which Kia
    launched last year") states its own fact, whatever the sentence says; so
    does a clause with its own subject after a preposition ("not until after
    the president leaves office on Jan. 20")."""
    if token.dep_ in ("relcl", "acl") and token.tag_ in FINITE_TAGS:
        return True
    return token.dep_ == "pcomp" and token.tag_ in FINITE_TAGS and any(c.dep_ == "nsubj" for c in token.children)


def _is_baseline(token: Token) -> bool:
    lower = token.lower_
    return lower in BASELINE_MARKERS or (lower == "from" and token.head.lower_ in BASELINE_HEADS)


def nearest_verb(span: Span) -> Token | None:
    for step in governing_path(span):
        if step.token.pos_ in ("VERB", "AUX"):
            return step.token
    return None


def is_past(verb: Token | None) -> bool:
    if verb is None:
        return False
    if "Past" in verb.morph.get("Tense"):
        return not any(c.lower_ in ("will", "would", "'ll") for c in verb.children)
    return any("Past" in c.morph.get("Tense") and c.dep_ in ("aux", "auxpass") for c in verb.children)


def clause_chain(span: Span) -> list[list[Token]]:
    """Every head from the anchor up to the sentence root, cut into clauses:
    the anchor's own clause first, then each clause it is subordinate to
    (adverbial, parenthetical or relative).  Attribution reads the whole
    chain, because what a subordinate clause says is still said by whoever
    says the sentence."""
    token = span.root
    chain: list[list[Token]] = [[token]]
    while token.head.i != token.i:
        boundary = token.dep_ in STOP_DEPS or token.dep_ in ("relcl", "acl")
        token = token.head
        if boundary:
            chain.append([])
        chain[-1].append(token)
    return chain
