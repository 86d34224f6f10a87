"""What a figure measures, read from the parse: the noun it counts and that
noun's modifiers (a share "of the mid-size pickup segment"), the period it
is stated for (a date of the article governed by the same predicate), and
its frame: an actual figure, a capacity, a target or a forecast.

Two figures can only contradict when all of these agree
(:mod:`claimledger.provenance.relations`); linking reads them from the
claim's ``scope`` as stored, so it needs no parse.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..normalize.units import CURRENCY_SYMBOLS, CURRENCY_WORDS, MEASURE_SYMBOLS, MONEY_NOUNS, split_unit
from .claim import Claim, claims_of, text_of
from .events import event_of
from .syntax import EARLIER_VALUE, nearest_verb

MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
# words of a figure's predicate that make a projection a forecast or a
# target; a forecast word decides over a target word
FRAME_WORDS = {
    "forecast": {"forecast", "estimate", "predict", "anticipate", "expect", "projection", "project", "could",
                 "may", "might", "likely", "probably", "possibly", "potentially", "outlook", "guidance"},
    "target": {"target", "goal", "aim", "want", "plan", "intend", "mean", "promise", "pledge", "objective",
               "ambition", "seek", "commit", "hope"},
}


ESTIMATE_WORDS = {"estimate", "estimated", "likely", "projected", "expected", "forecast", "budget", "budgeted"}
# verbs of a clause on a figure, or whose object it is ("we said $785 million"), that make it somebody's
# figure for what is not settled yet
STATED_WORDS = {"announce", "approve", "cite", "quote", "give", "claim", "put", "sign", "say", "value"}


def _of_what(figure: Token, preps: tuple[str, ...]) -> list[Token]:
    """The nouns after the figure's own "of" or "in" that carry no figure of their own: what it is an
    amount of ("$205 million of incentives"), not a whole it is part of ("$342 million of the
    programme's $525 million budget")."""
    return [g for c in figure.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children
            if g.dep_ == "pobj" and not any(n.like_num for n in g.children)]


def noun_of(token: Token) -> Token | None:
    """The noun a number counts: the head it modifies, or the anchor itself
    when it is the noun (``%``, ``$``)."""
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN", "SYM"):
        return token.head
    if token.text == "%" and token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ == "NOUN":
        return token.head  # "a 7% share of the market": the share, of the market
    if token.pos_ in ("NOUN", "PROPN", "SYM"):
        return token
    return None


def measured_noun(token: Token) -> Token | None:
    """What a figure is an amount *of*, where its own noun is none or only
    its unit: "a $480 million contract" (contract), "a grant of $480
    million" (grant), "puts the cost at $2.4 billion" (cost), "the budget
    stands at $2.9 billion" (budget), "the final cost was $3.05 billion"
    (cost)."""
    noun = noun_of(token)
    if noun is not None and noun.pos_ == "NOUN" and noun.i != token.i:
        return noun if token.head.i == noun.i and _is_money(token) else None
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head
    # "$78 million in bonds", "$205 million of incentives" (but "$342 million of the programme's
    # $525 million budget" is a part of another figure's sum)
    named = [g for g in _of_what(token, ("in", "of")) if g.lemma_.lower() in MONEY_NOUNS]
    if named and _is_money(token):
        return named[0]
    # "City bonds will cover $245 million"
    if token.dep_ == "dobj" and _is_money(token):
        payer = [c for c in head.children if c.dep_ == "nsubj" and c.lemma_.lower() in MONEY_NOUNS]
        if payer:
            return payer[0]
    if token.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX") and (
            head.lower_ == "at" or head.lower_ == "to" and head.head.lemma_.lower() in CHANGE_VERBS):
        verb = head.head  # "puts the cost at $2.4 billion", "raised the estimated cost to $2.9 billion"
    elif token.dep_ == "attr" and head.lemma_ == "be":
        verb = head
    else:
        return None
    if verb.lemma_.lower() in AMOUNT_VERBS:
        return verb  # "the plant is budgeted at $1.6 billion": an amount of budget, not of plant
    for dep in ("dobj", "nsubj", "nsubjpass"):
        found = [c for c in verb.children if c.dep_ == dep and c.pos_ == "NOUN"]
        if found:
            return found[0]
    return None


def priced_thing(figure: Token) -> bool:
    """Whether a sum of money is told as what a thing costs: "a $1.2 billion
    expansion", "the $1.38 billion building", but not "a $610 million
    contract" (a sum by its own name) or "a grant of $480 million"."""
    noun = noun_of(figure)
    return (noun is not None and noun.i != figure.i and noun.pos_ == "NOUN" and figure.head.i == noun.i
            and _is_money(figure) and noun.lemma_.lower() not in MONEY_NOUNS)


# verbs that name the amount they put a figure on
AMOUNT_VERBS = {"budget", "price", "value", "cost", "estimate", "forecast", "project", "cap"}
# verbs by which somebody sets a sum anew: "raised its grant to $165 million from $140 million"
REVISION_WORDS = {"raise", "increase", "lift", "boost", "cut", "lower", "reduce", "trim", "revise"}
# verbs that move an amount to a new level: the figure after their "to" is a level of their object
CHANGE_VERBS = REVISION_WORDS | {"push", "put", "bring", "take"}
# verbs whose priced object is a contract: "Corriden wins $128 million fibre build"
AWARD_VERBS = {"win", "award", "sign", "land", "secure", "clinch"}


# verbs whose subject pays the sum that is their object: "the national government will contribute €180 million"
FUNDING_VERBS = {"contribute", "pay", "put", "provide", "give", "invest", "spend", "cover", "lend", "borrow",
                 "commit", "allocate", "fund", "add"}


def payer(figure: Token) -> list[str] | None:
    """Who pays a sum, as the words of the subject of the verb that pays it ("the national government
    will contribute €180 million": government, national), also where the verb is left out ("…, and the
    Vessland Region €90 million")."""
    head = figure.head
    if not _is_money(figure):
        return None
    if figure.dep_ == "dobj" and head.lemma_.lower() in FUNDING_VERBS:
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    elif figure.dep_ == "nummod" and head.dep_ == "conj" and head.head.lemma_.lower() in FUNDING_VERBS:
        subject = head
    else:
        return None
    if subject is None or subject.pos_ == "PRON":
        return None
    return sorted({subject.lemma_.lower()} | {c.lemma_.lower() for c in subject.children
                                              if c.dep_ in ("compound", "amod", "nmod")})


def awarded(figure: Token) -> bool:
    """Whether a sum prices a thing somebody won or was awarded: the sum of a contract, not what the
    thing costs in all."""
    noun = noun_of(figure)
    return noun is not None and noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in AWARD_VERBS


def _is_money(token: Token) -> bool:
    return any(t.pos_ == "SYM" or t.text in ("$", "€", "£") for t in token.subtree)


def modifiers(noun: Token) -> list[str]:
    """The words that narrow a noun ("combined U.S. and Canadian pickup" of
    *market*), lower-cased lemmas, coordinated ones included."""
    found = []
    for child in noun.children:
        if child.dep_ in MODIFIER_DEPS and child.pos_ not in ("NUM", "PUNCT", "DET") and not child.like_num:
            found.append(child)
            found += [c for c in child.children if c.dep_ == "conj"]
    return sorted({t.lemma_.lower() for t in found if t.is_alpha or "." in t.text})


# modifiers that say where or how widely, though not written as names
SCOPE_WORDS = {"global", "worldwide", "domestic", "international", "national", "regional", "local", "overseas",
               "foreign", "nationwide", "statewide", "federal"}


def places(noun: Token) -> list[str]:
    """The modifiers of a noun phrase, at any depth, that name a place or a
    reach: written capitalised ("U.S.", "Canadian") or a word of reach
    ("global", "domestic")."""
    found = set()
    for token in noun.subtree:
        if token.i == noun.i or token.dep_ not in MODIFIER_DEPS | {"conj"} or token.i > noun.i:
            continue
        if token.text in MEASURE_SYMBOLS:
            continue  # "the farm's 930 MW capacity": a unit, not a place
        if token.lower_ in SCOPE_WORDS or (token.text[:1].isupper() and token.i != token.sent.start):
            found.add(token.lemma_.lower())
    return sorted(found)


def population(noun: Token) -> Token:
    """What a share or count is taken of: the object of its "of" ("10% of
    the segment" measures the segment), else the noun itself."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
            if objects:
                return objects[0]
    return noun


def frame(claim: Claim) -> str:
    """``actual``, ``capacity`` (what can be done now: *can*, *capacity*),
    ``planned capacity``, ``target``, ``forecast`` or (a future stated
    plainly, "will sell") ``plan``: from the status and the words of the
    predicate that governs the figure, its modals and its subject."""
    described = _described_as(claim.span.root)
    if described:
        return described
    token = claim.span.root
    # an estimate the figure is the amount of, after it: "the $3.9 billion of its revised budget" (but
    # "41% of its capacity" is a level, not a capacity)
    words = {g.lemma_.lower() for g in _of_what(token, ("of",))} & ESTIMATE_WORDS
    for _ in range(8):
        words.add(token.lemma_.lower())
        words.update(c.lemma_.lower() for c in token.children if c.dep_ in ("aux", "nsubj", "nsubjpass", "advmod"))
        # a clause describing the noun the figure counts: "the cost of $2.9 billion it forecast"
        words.update(c.lemma_.lower() for c in token.children if c.dep_ == "relcl" and c.pos_ == "VERB")
        if token.lemma_.lower() in STATED_WORDS and _put_at(claim.span.root):
            # "puts the cost at $1.2 billion", "approved in 2034 at $780 million", "approved the project at a
            # price of $1.2 billion": somebody's figure, an estimate however firmly told
            words.add("estimate")
        for thing in (c for c in token.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")):
            # "the likely cost", "the estimated cost", "the cost estimate"
            words.update(c.lemma_.lower() for c in thing.children if c.dep_ in ("amod", "compound"))
            words.add(thing.lemma_.lower())
        if token.head.i == token.i or token.dep_ in ("advcl", "relcl", "parataxis") or (
                token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):  # "can build ... and employs 1,300"
            break
        token = token.head
    if claim.cue:
        words.update(claim.cue.lower().split())
    if "capacity" in words or words & DESIGN_WORDS or ("can" in words and claim.status == "confirmed"):
        return "capacity" if claim.status == "confirmed" else "planned capacity"
    if claim.status == "confirmed":
        # what a figure is put at by an estimate is a forecast of it, told as a fact or not; and so is
        # somebody's figure for it ("against Seabright's figure of $14"), and a cost until it is final
        estimated = words & ESTIMATE_WORDS or _owned_figure(claim.span.root) or _revised_sum(claim.span.root) or (
            (words & COST_WORDS or priced_thing(claim.span.root)) and not words & OUTCOME_WORDS
            and not _cost_of_a_past_event(claim.span.root))
        return "forecast" if estimated else "actual"
    for name in ("forecast", "target"):
        if words & FRAME_WORDS[name]:
            return name
    return "forecast" if claim.status == "unknown" else "plan"


# what a thing is made for is what it can do: "a department designed to handle 95,000 visits a year"
DESIGN_WORDS = {"design", "designed", "size", "sized"}

# what a project costs is an estimate until it is told as final ("has raised the cost to $3.9 billion")
COST_WORDS = {"cost"}
OUTCOME_WORDS = {"final", "actual", "eventual", "ultimate", "ultimately", "finally", "total", "came", "end"}

# nouns of an amount somebody gives: "Seabright's figure of $14"
OWNED_AMOUNTS = {"figure", "number", "estimate", "tally", "count", "calculation", "sum"}


def _put_at(figure: Token) -> bool:
    """Whether a figure is what something is put at: "at $1.2 billion", "at a price of $1.2 billion"."""
    head = figure.head
    if figure.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "pobj":
        head = head.head.head  # "at a price of": the "at" the price hangs from
    return head.lower_ == "at"


def _revised_sum(figure: Token) -> bool:
    """Whether the figure is a sum somebody set, or set before, by revising it ("raised its grant to
    $165 million from $140 million", "revised it to £1.62 billion"): a decision about what will be
    paid, not what was, however firmly told."""
    head = figure.head
    return (figure.dep_ == "pobj" and head.lower_ in ("to", "from")
            and head.head.lemma_.lower() in REVISION_WORDS and _is_money(figure))


def _cost_of_a_past_event(figure: Token) -> bool:
    """Whether the figure is what something that happened cost: "which opened in 2016 at a cost of
    $390 million" is an outcome, not an estimate; and so is "the barrier cost £1.71 billion" (the
    verb's past: no auxiliary, no third-person -s)."""
    verb, deps = figure.head, {c.dep_ for c in figure.head.children}
    if figure.dep_ == "dobj" and verb.lower_ == "cost" and "nsubj" in deps and "aux" not in deps:
        return True
    cost = figure.head.head if figure.dep_ == "pobj" and figure.head.lower_ == "of" else None
    if cost is None or cost.lemma_.lower() != "cost" or cost.dep_ != "pobj" or cost.head.lower_ != "at":
        return False
    return cost.head.head.tag_ == "VBD"


def _owned_figure(figure: Token) -> bool:
    """Whether the figure is somebody's figure or estimate: "Seabright's figure of $14", "our $4
    billion", "we said $785 million"."""
    if any(c.dep_ == "poss" for c in figure.children) or (
            figure.dep_ == "dobj" and figure.head.lemma_.lower() in STATED_WORDS):
        return True
    head = figure.head
    if figure.dep_ != "pobj" or head.lower_ != "of" or head.head.lemma_.lower() not in OWNED_AMOUNTS:
        return False
    return any(c.dep_ == "poss" for c in head.head.children)


def _described_as(figure: Token) -> str | None:
    """The frame a relative clause on the figure gives it, whatever the
    sentence around it says: "the 20,000 the agency forecast" is a forecast
    and "the 25,000 it promised" a target, though "That is more than…" is
    told as a fact (the parser may tag the clause's verb as a noun)."""
    words = {c.lemma_.lower() for c in figure.children if c.dep_ in ("relcl", "acl")}
    # somebody's stated figure: "the $3.2 billion announced in 2027", "the $450 million the state cites"
    if words & (ESTIMATE_WORDS | STATED_WORDS):
        return "forecast"
    return next((name for name in ("forecast", "target") if words & FRAME_WORDS[name]), None)


def period(claim: Claim, dates: list[Claim]) -> list[str | None] | None:
    """The interval of the date its predicate governs ("sell 60,000 in its
    first full year"), the nearest when several; ``None`` when it names none."""
    # "saw 68,000 last year": the parser hangs the figure from the date's noun; "and 42,000 by 2030":
    # the date from the figure
    root = claim.span.root
    phrase = _own_phrase(root)
    # its own date first: "by the end of 2047 and all 21,400 by June 2048" hangs the figure from the
    # first date's noun, though its phrase has a date of its own
    inside = range(claim.span.start, claim.span.end)
    own = next((d for d in dates if d.span.root.i in phrase and d.span.root.i not in inside and _dated(d)),
               None) or _date_at(root.head, dates) or _beside(root, dates)
    if own is not None:
        return _interval(own)
    verb = nearest_verb(claim.span) or claim.span.root
    # "By the end of 2023 the agency expects to have spent $760 million": the
    # date hangs from the verb whose complement the figure's verb is
    governors = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
    # a date the figure itself hangs from is coordinated with it, not its period: "held since 2022
    # and below the $1.5 billion…" (the parser may join the two phrases)
    above = {t.i for t in claim.span.root.ancestors}
    inside = [d for d in dates if d.sentence.start == claim.sentence.start and d.span.root.i not in above
              and any(_governed_by(d.span.root, v) for v in governors) and _dated(d)
              and not _in_other_baseline(d.span.root, root)]
    if not inside:
        return None
    # a day beside a period is when the act was done, the period what it is for: "cut its forecast for
    # this year's deliveries to 360,000 on Tuesday"
    spans = [d for d in inside if d.value.get("date_start") != d.value.get("date_end")]
    return _interval(min(spans or inside, key=lambda d: abs(d.span.root.i - claim.span.root.i)))


def _in_other_baseline(date: Token, figure: Token) -> bool:
    """Whether a date is in the phrase of an earlier value the figure is set against ("rose to 23%, from
    about a fifth last year"): the earlier value's period, not the figure's."""
    for token in date.ancestors:
        if token.dep_ == "prep" and token.lower_ in EARLIER_VALUE:
            return figure.i not in {t.i for t in token.subtree}
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _beside(figure: Token, dates: list[Claim]) -> Claim | None:
    """A date after a figure in the same phrase of a preposition: "up from 296,000 in 2083" (the parser
    hangs "in 2083" from "from", beside the figure, not under it), "and by 2.5% next year" ("next year"
    from "by")."""
    if figure.dep_ != "pobj":
        return None
    return next((d for d in dates if d.span.root.i > figure.i and _dated(d) and (
        d.span.root.head.i == figure.head.i
        or d.span.root.head.dep_ == "prep" and d.span.root.head.head.i == figure.head.i)), None)


def _interval(date: Claim) -> list[str | None]:
    return [date.value.get("date_start"), date.value.get("date_end")]


def _dated(date: Claim) -> bool:
    """Whether a date claim was resolved to days (a relative date in an undated article is not)."""
    return bool(date.value.get("date_start") or date.value.get("date_end"))


def _own_phrase(token: Token) -> set[int]:
    """The token's subtree less what is coordinated with it ("60,000 in 2026 and 90,000 by 2030") and
    the clauses describing it ("the $2.9 billion it forecast in 2023": the day of the forecast)."""
    found, stack = set(), [token]
    while stack:
        t = stack.pop()
        found.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in ("conj", "cc", "relcl", "acl", "advcl"))
    return found


def _date_at(token: Token, dates: list[Claim]) -> Claim | None:
    """The date claim whose words hold ``token``."""
    return next((d for d in dates if d.span.start <= token.i < d.span.end), None)


STAGE_UNITS = {"year", "month", "week", "quarter", "season", "day"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "last", "final", "opening"}
# "year one", "year 2": a stage counted after its unit
COUNTED_STAGES = {"one": "first", "1": "first", "two": "second", "2": "second", "three": "third", "3": "third",
                  "four": "fourth", "4": "fourth", "five": "fifth", "5": "fifth"}
STAGE_REACH = 16  # tokens either side of a figure in which its stage is looked for


def stage_of(claim: Claim, dates: list[Claim]) -> str | None:
    """A period told by its place in a sequence rather than on the calendar,
    in the figure's own clause: "25,000 riders in the first year of service"
    is "first year" (but "42,000 by 2030" after it is the date's, nearer),
    "2,500 workers at the peak of construction" is "peak" and "1,800 people
    once it runs at full output" is "full output" (:func:`_stage_named`)."""
    verb = nearest_verb(claim.span) or claim.span.root
    at = claim.span.root.i
    sentence = claim.sentence
    near = sentence.doc[max(sentence.start, at - STAGE_REACH): min(sentence.end, at + STAGE_REACH)]
    # a window, not the sentence: a table read as one sentence holds thousands of figures; nearest
    # first: "300 jobs in year one and 500 in year two" gives each figure its own stage
    for token in sorted(near, key=lambda t: abs(t.i - at)):
        stage = _stage_named(token)
        if stage is None or not _governed_by(token, verb):
            continue
        distance = abs(token.i - at)
        if any(abs(d.span.root.i - at) <= distance for d in dates
               if sentence.start <= d.span.root.i < sentence.end and not _part_of_stage(d, token)):
            return None
        return stage
    return None


def _part_of_stage(date: Claim, stage: Token) -> bool:
    """Whether a date is only part of the stage's words, read as a date without its ordinal: "full year"
    of "its first full year" (but "last year" is a date)."""
    ordinals = [c for c in stage.children if c.lower_ in ORDINALS and not _fraction(c, stage)]
    return date.span.start <= stage.i < date.span.end and any(
        not date.span.start <= c.i < date.span.end for c in ordinals)


# what a project runs at once built ("at full output", "at full capacity"): one stage however named
FULL_STAGES = {"output", "capacity", "production", "operation", "speed", "strength", "rate", "power"}


def _stage_named(token: Token) -> str | None:
    """The stage ``token`` names: an ordinal unit ("first year", "year one"),
    a peak ("at the peak of construction", "peaked at") or full running
    ("once it runs at full output")."""
    lemma = token.lemma_.lower()
    if lemma == "peak" and token.pos_ in ("NOUN", "VERB"):
        return "peak"
    if token.pos_ != "NOUN":
        return None
    if lemma in FULL_STAGES and any(c.lower_ == "full" and c.dep_ == "amod" for c in token.children):
        return "full output"
    if lemma not in STAGE_UNITS:
        return None
    ordinal = next((c.lower_ for c in token.children if c.lower_ in ORDINALS and not _fraction(c, token)), None) or next(
        (COUNTED_STAGES[c.lower_] for c in token.children if c.lower_ in COUNTED_STAGES and c.i > token.i), None)
    return f"{ordinal} {lemma}" if ordinal else None


# ordinals that are also the denominators of fractions ("a fifth", "two thirds"); "second" and "last" are not
DENOMINATORS = {"third", "fourth", "fifth"}


def _fraction(ordinal: Token, unit: Token) -> bool:
    """Whether an ordinal is the denominator of a fraction, not the place of a stage: "about a fifth last
    year" (but "a fifth year of output" is a stage, the ordinal right before its unit)."""
    before = ordinal.doc[ordinal.i - 1] if ordinal.i > 0 else None
    return (ordinal.lower_ in DENOMINATORS and ordinal.i + 1 != unit.i and before is not None
            and (before.lower_ in ("a", "an") or before.like_num))


def _governed_by(token: Token, verb: Token) -> bool:
    """Whether ``token`` hangs from ``verb`` without crossing into a clause of its own."""
    while token.i != verb.i:
        if token.head.i == token.i or token.dep_ in ("relcl", "ccomp", "parataxis", "conj"):
            return False
        token = token.head
    return True


# prepositions that set a figure against another of the same measure in its sentence: "$2.9 billion,
# up from $2.4 billion", "more than the $2.9 billion it forecast", "against €910 million last year";
# after "from" the figure is an earlier value of the other, so it is told in the same frame (_compare)
COMPARING = {"from", "than", "above", "below", "over", "under", "against"}
COMPARAND_RATIO = 2.0  # a figure farther from the other than this is a difference ("$30 million above"), not a level


def comparand(claim: Claim, before: list[Claim]) -> Claim | None:
    """The figure ``claim`` is compared with, when it is the object of a
    comparing preposition and has no noun of its own: the nearest earlier
    figure of its sentence with the same unit (or any, when it names none)
    and a value near its own."""
    root = claim.span.root
    if root.dep_ != "pobj" or root.head.lower_ not in COMPARING or claim.value.get("number") is None:
        return None
    for other in reversed(before):
        if other.sentence.start != claim.sentence.start:
            return None
        low, own = other.value.get("number"), claim.value["number"]
        if _unit_of(claim) in (None, _unit_of(other)) and low and own and (
                1 / COMPARAND_RATIO <= own / low <= COMPARAND_RATIO):
            return other
    return None


class ScopeReader:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        dates = [c for c in claims if c.kind == "date"]
        figures: list[Claim] = []
        for claim in claims:
            if claim.kind == "date":
                event = event_of(claim.span)
                if event is not None:
                    claim.value["scope"] = event
            if claim.kind != "number":
                continue
            other = comparand(claim, figures)
            figures.append(claim)
            # a stage nearer the figure than any date is its period: "25,000 riders in year one,
            # rising to 42,000 by 2030" (the date, farther, is the second figure's)
            stage = stage_of(claim, dates)
            scope: dict = {"frame": frame(claim), "period": None if stage else period(claim, dates)}
            if stage:
                scope["stage"] = stage
            amount_of = measured_noun(claim.span.root)
            if amount_of is not None:
                scope["measured"] = amount_of.lemma_.lower()
                if priced_thing(claim.span.root):
                    # "a $1.2 billion expansion" is what the expansion costs; "wins $128 million fibre build",
                    # what was won: a contract
                    scope["measured"] = "contract" if awarded(claim.span.root) else "cost"
            noun = noun_of(claim.span.root)
            if noun is not None and _date_at(noun, dates) is None:
                measured = population(noun)
                scope["noun"] = noun.lemma_.lower()
                if measured is not noun:
                    scope["of"] = measured.lemma_.lower()
                scope["modifiers"] = modifiers(measured)
                scope["places"] = places(measured)
            if difference(claim.span.root) or (_unit_of(claim) == "%" and changed(claim.span.root)):
                scope["change"] = True
                scope["direction"] = direction(claim.span.root)
            if told_as_met(claim.span):
                scope["met"] = True
            paid_by = payer(claim.span.root)
            if paid_by:
                scope["payer"] = paid_by
            if other is not None:
                _compare(claim, scope, other.value["scope"])
                _keep_own_date(claim, scope, other, dates)
            elif "measured" not in scope:
                _coordinated(claim, scope, figures[:-1])
            claim.value["scope"] = scope
        return doc


# the nouns of a figure that names only its unit: "2.8%", "2.8 per cent", "€1.4 billion"
UNIT_NOUNS = {None, "%", "cent", "percent", *MEASURE_SYMBOLS, *CURRENCY_SYMBOLS, *CURRENCY_WORDS}
# the words between two coordinated figures of one measure: "of 3.9% this year and 2.8% next", "by 1.8%
# this year and by 2.5% in 2089"
COORDINATED = re.compile(r"^[^,;.\d]{0,30}\band (?:by |of |to )?$")


def _coordinated(claim: Claim, scope: dict, before: list[Claim]) -> None:
    """A figure that names no measure of its own, set after "and" beside one of the same unit that does
    ("inflation of 3.9% this year and 2.8% next"), measures what that one measures, and changes as it."""
    previous = before[-1] if before else None
    if previous is None or previous.sentence.start != claim.sentence.start or _unit_of(previous) != _unit_of(claim):
        return
    theirs = previous.value.get("scope") or {}
    own = scope.get("of") or scope.get("part") or scope.get("noun") not in UNIT_NOUNS
    if own or not theirs.get("measured") or not COORDINATED.match(text_of(claim.span.doc)[previous.end:claim.start]):
        return  # "inflation of 3.9% and 40% of households": a figure of its own noun
    scope["measured"] = theirs["measured"]
    if theirs.get("change") and not scope.get("change"):
        scope["change"], scope["direction"] = True, theirs.get("direction")


# verbs and words a figure is the size of a change by: "sales fell 8%", "up 5%", "a rise of 4%"
CHANGE_WORDS = {"rise", "fall", "grow", "drop", "decline", "increase", "decrease", "climb", "jump", "slip",
                "slide", "gain", "lose", "shrink", "soar", "plunge", "up", "down", "growth", "cut"}
# verbs and nouns a figure moves from one value to another by: "lift its share from 11% to 15%",
# "edged up to 11.4%"
MOVES = CHANGE_WORDS | {"lift", "raise", "reduce", "boost", "lower", "expand", "push", "bring", "take", "move",
                        "go", "edge", "creep", "inch", "tick", "widen", "narrow", "change", "double", "halve"}


def changed(figure: Token) -> bool:
    """Whether a percentage is the size of a change ("fell 8% last year"), not a level or a share
    ("made up about 9% of the total"): the two are never one measure."""
    return _change_word(figure) is not None


def _change_word(figure: Token) -> Token | None:
    """The word a figure is the size of a change by ("fell 8%", "a rise of 4%", "grew by 6%")."""
    head = figure.head
    if figure.dep_ == "pobj" and head.lower_ in ("of", "by"):
        head = head.head  # "a rise of 4%", "grew by 6%"
    elif figure.dep_ not in CHANGE_DEPS:
        return None
    return head if head.lemma_.lower() in CHANGE_WORDS else None


# the words of a change downwards, and of a difference below ("2.4% lower")
DOWNWARDS = {"fall", "drop", "decline", "decrease", "slip", "slide", "lose", "shrink", "plunge", "down", "cut",
             "lower", "less", "fewer", "cheap", "below", "low"}


def direction(figure: Token) -> str | None:
    """Which way a change a figure is the size of goes, ``down`` or ``up``: "prices fell 0.2%" and "rose
    0.2%" are one size, two changes."""
    word = _change_word(figure)
    if word is None and difference(figure):
        word = figure.head  # "2.4% lower", "$65 million more"
    if word is None:
        return None
    return "down" if word.lemma_.lower() in DOWNWARDS else "up"


# verbs of what was promised or foreseen: "as the council promised", "as agreed", "as forecast"
FORESEEN_VERBS = {"promise", "pledge", "agree", "plan", "forecast", "predict", "project", "expect", "schedule",
                  "budget", "target", "intend", "undertake", "commit"}


def told_as_met(figure: Span) -> bool:
    """Whether a figure's clause says it came out as was promised or foreseen ("households pay 11p a
    kilowatt-hour, as the council promised"; "paid $180 million, as agreed"): the outcome of a
    projection, which keeps it rather than restating it.  Only the verb the figure hangs from counts:
    in "peaked at 900, as forecast, and stands at about 860 today" the 860 met nothing."""
    verb = nearest_verb(figure)
    if verb is None:
        return False
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in FORESEEN_VERBS:
            if any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children):
                return True
        elif child.dep_ == "prep" and child.lower_ == "as":
            # "as the utility forecast in 2025", parsed as a noun after a preposition
            if any(c.dep_ == "pobj" and c.lemma_.lower() in FORESEEN_VERBS for c in child.children):
                return True
    return False


def difference(figure: Token) -> bool:
    """Whether a figure is the size of a difference: "$88 million more than the $460 million first
    approved", "1,200 fewer than promised"."""
    return figure.dep_ == "npadvmod" and figure.head.tag_ in ("JJR", "RBR")


# how a figure hangs from the word of a change: its object or measure ("fell 8%", "up 5%") or a
# modifier of the noun ("a 4% rise")
CHANGE_DEPS = {"dobj", "npadvmod", "advmod", "attr", "nsubj", "compound", "amod", "nmod"}


def _unit_of(claim: Claim) -> str | None:
    """A figure's unit without its period ("USD/year" is USD): "down from 25,000" names none."""
    return split_unit(claim.value.get("unit"))[0] or None


def _compare(claim: Claim, scope: dict, theirs: dict) -> None:
    """What a figure takes from the one it is compared with: the noun and
    the amount it measures, when it names none itself; after "from" its
    frame, unless a clause of its own gives one ("up from the $2.4 billion
    it gave"), and after "from" or "against" an outcome's frame when its
    own period is over; and its period or stage unless it is an outcome's
    earlier value."""
    for key in ("measured", "noun"):
        if key not in scope and theirs.get(key):
            scope[key] = theirs[key]
    earlier = claim.span.root.head.lower_ in EARLIER_VALUE
    if earlier and not _described_as(claim.span.root):
        # "expects 410,000 this year, up from 296,000 in 2083", "expects €1.2 billion for 2084, against
        # €910 million last year": an earlier value of a period over is an outcome; "from" a value of
        # no such period is told in the other's frame, but what a figure is set "against" may be of any
        # ("came to $4.15 billion, against the $3.9 billion of its revised budget")
        if _over(scope.get("period"), claim):
            scope["frame"] = "actual"
        elif claim.span.root.head.lower_ == "from":
            scope["frame"] = theirs["frame"]
    # a figure set above or below another is one for the same period ("peaked at 2,650, above the
    # 2,500 planned"), and so is a projection revised "down from 25,000"; an outcome "up from 4,000"
    # is one of the period before, which the sentence does not name
    dated = scope.get("period") or scope.get("stage")
    if not dated and (not earlier or theirs["frame"] not in ("actual", "capacity")):
        for key in ("period", "stage"):
            if theirs.get(key):
                scope[key] = theirs[key]


def _over(period: list[str | None] | None, claim: Claim) -> bool:
    """Whether a period ended before the article's present."""
    present = claim.span.doc._.reference_date
    return bool(period and period[1] and present and date.fromisoformat(period[1]) < present)


def _keep_own_date(claim: Claim, scope: dict, other: Claim, dates: list[Claim]) -> None:
    """A date told right after a figure's earlier value is that value's, not
    the figure's: "has grown to about 7%, from 4% in 2027"."""
    theirs = other.value["scope"]
    if claim.span.root.head.lower_ != "from" or not scope.get("period") or theirs.get("period") != scope["period"]:
        return
    told = [d for d in dates if d.sentence.start == claim.sentence.start and _interval(d) == scope["period"]]
    if told and all(abs(d.span.start - claim.span.end) < abs(d.span.start - other.span.end) for d in told):
        theirs["period"] = None


@Language.factory("claim_scope")
def make_scope_reader(nlp: Language, name: str) -> ScopeReader:
    return ScopeReader(nlp, name)
