"""The model's two rule components, run over arrays of token attributes.

``en_core_web_sm`` ends with two components that apply rules rather than
weights: the attribute ruler (179 token patterns that map each fine-grained
tag to its part of speech and features, with exceptions for some words) and
the rule lemmatizer.  spaCy runs the first as a ``Matcher`` that makes a
``Span`` and sets attributes token by token for every match (nearly every
token matches), and the second with a Python call per token: together about
an eighth of the model's time, in Python that holds the GIL.

Here the same rules, read from the loaded components, run over
``Doc.to_array``:

- a single-token pattern depends only on the token's tag, lower-case form,
  dependency label and whether it is a space, so the outcome of all of them,
  in spaCy's order (a later pattern wins), is worked out once per distinct
  combination and kept;
- the few patterns of several tokens are tested with numpy over the whole
  doc and applied in the same order;
- a rule lemma depends only on the token's form, part of speech and
  features, so each combination is lemmatized once, by the original
  component, and kept.

The annotations are the same as spaCy's (``tests/test_arrays.py`` compares
every token attribute over whole articles).  Rules these cannot express
(an operator, another attribute) leave the original component in charge.
"""
from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

KEYS = (TAG, LOWER, DEP, IS_SPACE)  # what a pattern may test
KEY_NAMES = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
SETS = (POS, TAG, MORPH, LEMMA, DEP)  # what a rule may set
# outcomes and lemmas kept, each cleared when full: about 400 and 220 bytes
# an entry, so some 30 MiB at most (300 articles make 4,300 and 3,200)
CACHE_LIMIT = 50_000


class NotCompiled(Exception):
    """A rule these array versions cannot express."""


def _condition(vocab, token: dict) -> dict[int, tuple[str, Any]]:
    """``{attribute: (test, values)}`` for one token of a pattern, where the
    test is ``IN``, ``NOT_IN`` (sets of string ids, as the ``Matcher``
    compares them) or ``REGEX`` (searched in the attribute's string)."""
    condition = {}
    for key, value in token.items():
        attr = KEY_NAMES.get(key)
        if attr is None:
            raise NotCompiled(key)
        if isinstance(value, dict) and len(value) != 1:
            raise NotCompiled(f"{key}: {value}")
        test, values = next(iter(value.items())) if isinstance(value, dict) else ("IN", [value])
        if test == "REGEX" and isinstance(values, str) and attr != IS_SPACE:
            condition[attr] = (test, re.compile(values))
        elif test in ("IN", "NOT_IN") and attr == IS_SPACE and all(isinstance(v, bool) for v in values):
            condition[attr] = (test, frozenset(int(v) for v in values))
        elif test in ("IN", "NOT_IN") and attr != IS_SPACE and all(isinstance(v, str) for v in values):
            condition[attr] = (test, frozenset(vocab.strings.add(v) for v in values))
        else:
            raise NotCompiled(f"{key}: {value}")
    return condition


def _passes(test: str, accepted: Any, value: int, strings) -> bool:
    if test == "IN":
        return value in accepted
    if test == "NOT_IN":
        return value not in accepted
    return accepted.search(strings[value]) is not None


class Rule:
    __slots__ = ("order", "conditions", "target", "sets")

    def __init__(self, order: int, conditions: list[dict[int, tuple[str, Any]]], index: int, sets: dict[int, int]):
        self.order = order
        self.conditions = conditions
        # the token the rule sets, from the start of its match
        self.target = index if index >= 0 else len(conditions) + index
        if not 0 <= self.target < len(conditions):
            raise NotCompiled(f"index {index}")
        self.sets = {SETS.index(attr): value for attr, value in sets.items()}


def compile_ruler(ruler: Any) -> tuple[list[Rule], list[Rule]]:
    """The single-token and the longer rules of a spaCy ``AttributeRuler``,
    in its order."""
    single, longer = [], []
    for order, (entry, attrs, index) in enumerate(zip(ruler.patterns, ruler.attrs, ruler.indices)):
        if set(attrs) - set(SETS):
            raise NotCompiled(f"sets {set(attrs) - set(SETS)}")
        for pattern in entry["patterns"]:
            if not pattern or any("OP" in token for token in pattern):
                raise NotCompiled("operator")
            rule = Rule(order, [_condition(ruler.vocab, token) for token in pattern], index, attrs)
            (single if len(pattern) == 1 else longer).append(rule)
    return single, longer


class ArrayAttributeRuler:
    """``attribute_ruler`` over arrays, with the original's rules (read when
    the first doc comes, so the original may be built after this)."""

    def __init__(self, nlp: Language, name: str, original: str = "attribute_ruler"):
        self.name = name
        self.nlp = nlp
        self.original_name = original
        self.original: Any = None
        self.compiled = False
        self.outcomes: dict[tuple, tuple[tuple[int, int, int], ...]] = {}

    def _compile(self) -> None:
        self.original = self.nlp.get_pipe(self.original_name)
        try:
            single, self.longer = compile_ruler(self.original)
        except NotCompiled:
            return
        # the single-token rules that can match a token, by its tag (most
        # rules name one tag), in the ruler's order
        tags = [(rule, rule.conditions[0].get(TAG, ("", ()))) for rule in single]
        self.any_tag = [rule for rule, (test, _) in tags if test != "IN"]
        self.by_tag: dict[int, list[Rule]] = {}
        for rule, (test, accepted) in tags:
            for tag in accepted if test == "IN" else ():
                self.by_tag.setdefault(tag, list(self.any_tag)).append(rule)
        for rules in self.by_tag.values():
            rules.sort(key=lambda rule: rule.order)
        self.compiled = True

    def _outcome(self, key: tuple) -> tuple[tuple[int, int, int], ...]:
        """``(column, value, order)`` for each attribute the single-token
        rules set on a token with these ``KEYS`` values: the last rule wins."""
        found: dict[int, tuple[int, int]] = {}
        strings = self.original.vocab.strings
        for rule in self.by_tag.get(key[0], self.any_tag):
            if all(_passes(test, accepted, key[KEYS.index(attr)], strings)
                   for attr, (test, accepted) in rule.conditions[0].items()):
                for column, value in rule.sets.items():
                    found[column] = (value, rule.order)
        return tuple((column, value, order) for column, (value, order) in found.items())

    def __call__(self, doc: Doc) -> Doc:
        if self.original is None:
            self._compile()
        if not self.compiled:
            return self.original(doc)
        if not len(doc):
            return doc
        keys = doc.to_array(list(KEYS))
        values = doc.to_array(list(SETS))
        distinct, inverse = numpy.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        set_value = numpy.zeros((len(distinct), len(SETS)), dtype=numpy.uint64)
        set_order = numpy.full((len(distinct), len(SETS)), -1, dtype=numpy.int64)
        if len(self.outcomes) > CACHE_LIMIT:
            self.outcomes.clear()
        for row, key in enumerate(map(tuple, distinct.tolist())):
            outcome = self.outcomes.get(key)
            if outcome is None:
                outcome = self.outcomes[key] = self._outcome(key)
            for column, value, rule_order in outcome:
                set_value[row, column] = value
                set_order[row, column] = rule_order
        order = set_order[inverse]
        chosen = order >= 0
        values[chosen] = set_value[inverse][chosen]
        for rule in self.longer:
            self._apply_longer(rule, keys, values, order)
        doc.from_array(list(SETS), values)
        return doc

    def _apply_longer(self, rule: Rule, keys: numpy.ndarray, values: numpy.ndarray, order: numpy.ndarray) -> None:
        length = len(rule.conditions)
        starts = len(keys) - length + 1
        if starts <= 0:
            return
        match = numpy.ones(starts, dtype=bool)
        strings = self.original.vocab.strings
        for offset, condition in enumerate(rule.conditions):
            for attr, (test, accepted) in condition.items():
                column = keys[offset: offset + starts, KEYS.index(attr)]
                if test == "REGEX":  # each distinct value searched once
                    distinct, inverse = numpy.unique(column, return_inverse=True)
                    passing = numpy.array([_passes(test, accepted, v, strings) for v in distinct.tolist()], dtype=bool)
                    match &= passing[inverse.reshape(-1)]
                else:
                    inside = numpy.isin(column, numpy.fromiter(accepted, dtype=numpy.uint64, count=len(accepted)))
                    match &= inside if test == "IN" else ~inside
        targets = numpy.nonzero(match)[0] + rule.target
        for column, value in rule.sets.items():
            later = targets[order[targets, column] <= rule.order]
            values[later, column] = value
            order[later, column] = rule.order


class ArrayLemmatizer:
    """The rule ``lemmatizer`` with each (form, part of speech, features)
    lemmatized once by the original component."""

    def __init__(self, nlp: Language, name: str, original: str = "lemmatizer"):
        self.name = name
        self.nlp = nlp
        self.original_name = original
        self.strings = nlp.vocab.strings
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        original = self.nlp.get_pipe(self.original_name)
        if getattr(original, "mode", None) != "rule" or not len(doc):
            return original(doc)
        if not getattr(original, "_validated", True):
            original._validate_tables()  # as the original does on first use: its lookup tables are there
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        if len(self.lemmas) > CACHE_LIMIT:
            self.lemmas.clear()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not original.overwrite:
                continue
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                found = self.lemmas[key] = self.strings.add(original.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("claim_array_attribute_ruler")
def make_array_attribute_ruler(nlp: Language, name: str) -> ArrayAttributeRuler:
    return ArrayAttributeRuler(nlp, name)


@Language.factory("claim_array_lemmatizer")
def make_array_lemmatizer(nlp: Language, name: str) -> ArrayLemmatizer:
    return ArrayLemmatizer(nlp, name)


def use_array_rules(nlp: Language) -> Language:
    """Put the array versions in place of the model's rule components (which
    stay in the pipeline, disabled); a pipeline without them is left alone."""
    for original, replacement in (("attribute_ruler", "claim_array_attribute_ruler"),
                                  ("lemmatizer", "claim_array_lemmatizer")):
        if original in nlp.pipe_names:
            nlp.add_pipe(replacement, before=original)
            nlp.disable_pipe(original)
    return nlp
