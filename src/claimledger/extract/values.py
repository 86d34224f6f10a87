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
from spacy.tokens import Doc, Token

from ..normalize.dates import DateValue, parse_date, stated_fiscal_naming
from ..normalize.timex import timex
from ..normalize.numbers import NumberValue, parse_number, unlisted_code
from ..normalize.units import BARE_CROWNS, MEASURES, NAMED_DOLLAR, crown_of, dollar_of, is_currency
from .anchors import token_span
from .claim import Claim, claims_of, text_of
from .scope import MOVES
from .syntax import governing_path

FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "going", "gon"}
# a date something was moved to lies ahead of the telling, whatever its tense
RESCHEDULED = re.compile(
    r"(?i)\b(?:extend|postpon|delay|push(?:ed|es|ing)? back|put(?:s|ting)? off|moved?|moving|reschedul|adjourn|"
    r"defer|set|schedul|slat)\w*(?:\s+[\w'’-]+){0,4}?\s+(?:to|until|till|for)\s+$"
    r"|\b(?:set|scheduled|slated|fixed)\s+$")
# "a summit set for Washington in April": the date of what is set, unless a past
# narrative tells of it ("leaders met at a summit set for Vienna in April")
SET_FOR = re.compile(r"(?i)\b(?:set|scheduled|slated)\s+for\s+(?:[\w'’.-]+\s+){1,3}(?:in|on)\s+$")
PRESENT_AUX = {"is", "are", "am", "'s", "'re", "'m", "be", "do", "does"}
PAST_AUX = {"was", "were", "had", "has", "have", "'ve", "'d", "did", "been"}
# words that point a date ahead of the telling whatever the clause's tense
AHEAD_WORDS = {"payable", "due", "effective", "record", "expiring", "maturing", "upcoming", "scheduled", "slated",
               "deadline"}
WEEKDAY_WORD = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
# a date that qualifies a noun ("the August 7 bombings", "Thursday's closing price") takes
# no tense from a verb in the present or the future
NOUN_DEPS = {"compound", "poss", "nmod", "amod"}
SINCE = re.compile(r"(?i)since\b")
# the period published figures are of: "will publish its figures for February"
OF_FIGURES = re.compile(r"(?i)\b(?:figures|data|statistics|numbers|readings?)\s+for\s+$")
# an earlier figure a change or a forecast is set against: "against 1.2% in February", "from 3% in March"
BESIDE_EARLIER = re.compile(r"(?i)\b(?:against|from|compared with|versus)\s+(?:the\s+|its\s+|a\s+)?[$€£]?\d[\d.,]*"
                            r"(?:\s*(?:%|per\s?cent|[a-z]+illion))?\s+(?:in|at the end of)\s+$")
# verbs of intending, whose date is that of what is intended
INTENT = {"plan", "intend", "schedule", "vow", "pledge", "promise", "threaten", "aim", "expect", "slate"}
# a deadline told again by reference: the deadline named before in its sentence, not the last date
BY_THE_SAME = re.compile(r"(?i)by the same (?:year|date|time|deadline)\b")
# "ago" in a sentence with no figure tells when, not the period a figure is compared with ("earned $5 a
# year ago")
AGO = re.compile(r"(?i)\bago\b")
# a date that is itself a comparison with one named before
YEAR_BACK = re.compile(r"(?i)\byear[- ](?:earlier|ago|before)\b|\b(?:a|one) (?:year|quarter|month) (?:earlier|ago|before)\b"
                       r"|\bsame \w+ (?:a|one) year\b")
# verbs whose present tense tells of a state, not of something scheduled
STATIVE = {"be", "have", "remain", "seem", "appear", "say", "show", "mean", "include", "stand", "lead", "trail",
           "know", "believe", "think", "find", "suggest", "indicate", "need", "want", "see", "look", "feel"}
# a deadline or a start still to come: "until Saturday", "by January", "no earlier than April 14"
DEADLINE = re.compile(r"(?i)(?:by|until|till|through|before|ahead of|no later than|no earlier than|as soon as)\b")


def clause_tense(verb: Token | None) -> str | None:
    """``past``, ``future`` or ``present`` as the verb of a clause and its
    auxiliaries tell (a passive "is scheduled" is present, not past), or None."""
    if verb is None:
        return None
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "MD" and verb.lower_ in FUTURE_AUX or any(a in FUTURE_AUX for a in aux):
        return "future"
    modal = verb if verb.tag_ == "MD" else next((c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"), None)
    if modal is not None:
        # "could come before parliament in the spring" lies ahead; "could have closed" and
        # "could not be located Wednesday" have no tense of their own
        negated = any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in modal.children)
        if "have" in aux or negated or modal.lower_ in ("can", "could") and verb.tag_ == "VBN":
            return None
        return "future"
    if verb.lemma_.lower() in INTENT:
        return "future"  # "protesters planned a demonstration on Saturday": what was planned lies ahead
    if verb.tag_ == "VBD" or any(a in PAST_AUX for a in aux):
        return "past"
    if verb.tag_ == "VBN":
        return "present" if any(a in PRESENT_AUX for a in aux) else "past"  # "released Friday"
    if verb.tag_ in ("VBZ", "VBP") or any(a in PRESENT_AUX for a in aux):
        return "present"
    if verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children if c.dep_ == "aux"):
        return "future"  # "plans to open in March", "subpoenaed him to testify on Feb. 10"
    return None


def _host_tense(claim: Claim) -> str | None:
    """When a date's verb is a bare participle ("met at a summit set for Vienna
    in April"), the tense of the clause it hangs from ("met": past)."""
    verb, _ = clause_of(claim)
    if verb is None or verb.dep_ != "acl" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    host = _verb_above(verb)
    return clause_tense(host) if host is not None else None


def _verb_above(token: Token) -> Token | None:
    """The verb of the clause a participle hangs from ("routes starting in
    September would run": *run*), or None."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") and head.i != token.i else None


def date_tense(claim: Claim) -> str | None:
    """Which way a date named without its year (or week) lies from the
    article's present: the tense of its own clause (a past narrative
    tells of the last *January*, "postponed until Saturday" of the next);
    failing a tense, the claim's status."""
    if SINCE.match(claim.surface):
        return "past"  # "since June" began before the present
    before = text_of(claim.span.doc)[max(0, claim.start - 60) : claim.start]
    first = claim.surface.split()[0].lower()
    if RESCHEDULED.search(before + (first + " " if first in ("until", "till", "to", "for") else "")):
        return "future"  # "postponed until Saturday", "was extended to Nov. 16": the new date
    if SET_FOR.search(before) and _host_tense(claim) != "past":
        return "future"
    if _marked_ahead(claim):
        return "future"
    if _in_baseline(claim):
        return "narrative"  # "cut net debt from $4.1 billion at the end of June": what it was
    verb, tense = clause_of(claim)
    root = claim.span.root
    if root.dep_ in NOUN_DEPS and root.head.pos_ in ("NOUN", "PROPN") and tense != "past" and not (
            tense == "future" and WEEKDAY_WORD.search(claim.surface)):
        # "the August 7 bombings are linked", "will publish a report on the January test":
        # no tense of its own; the weekday of "Monday's debate will" is still ahead
        return "narrative"
    if tense != "past" and (OF_FIGURES.search(before) or BESIDE_EARLIER.search(before)):
        # "will publish its figures for February", "now expects 0.4%, against 1.2% in February": the
        # month figures are of, or an earlier figure was told in, not a time of the verb
        return "narrative"
    if root.dep_ == "pobj" and root.head.lower_ == "as" and root.head.head.lower_ == "recently":
        return "past"  # "had promised 60,000 as recently as February"
    if tense in ("past", "future"):
        return tense
    if claim.status == "projected" and claim.cue != "future date" or DEADLINE.match(claim.surface):
        return "future"
    if tense == "present" and verb is not None and verb.lemma_.lower() not in STATIVE:
        return "future"  # news tells of what is scheduled in the present tense: "the term ends in June"
    return "narrative"  # "the impact of Monday's debate is small": the day of the week, the nearest month


def clause_of(claim: Claim) -> tuple[Token | None, str | None]:
    """The verb whose tense a date takes and that tense: the nearest verb above it,
    or, where that has none of its own (a participle: "routes starting in
    September"), the next one up ("would run")."""
    first = None
    for step in governing_path(claim.span):
        token = step.token
        if token.pos_ not in ("VERB", "AUX"):
            continue
        if first is None and claim.span.root.dep_ in ("nsubj", "nsubjpass") and token.tag_ in ("VBN", "VBG") and \
                not any(c.dep_ in ("aux", "auxpass") for c in token.children):
            return token, None  # "with April 16 held as a backup date": the date is no time of the verb
        tense = clause_tense(token)
        if tense == "future" and _when_intended(claim, token):
            tense = "past"
        if tense is not None:
            return first or token, tense
        if first is None and token.tag_ in ("VBG", "VBN") and token.dep_ in ("acl", "advcl"):
            # a participle ("routes starting in September", "starting in September" after a
            # clause): the tense is the clause's it hangs from
            first = token
            host = _verb_above(token)
            if host is not None:
                return token, clause_tense(host)
            continue
        return first or token, None
    return first, None


def _when_intended(claim: Claim, verb: Token) -> bool:
    """A date of a past verb of intent describing what was intended, told "in" or "on": when the
    promise was made ("the 410,000 it promised in March"), not what it is for ("the rally they
    planned for Saturday")."""
    root = claim.span.root
    return (verb.dep_ == "relcl" and verb.tag_ == "VBD" and verb.lemma_.lower() in INTENT
            and root.dep_ == "pobj" and root.head.lower_ in ("in", "on") and root.head.head.i == verb.i)


def _in_baseline(claim: Claim) -> bool:
    """A date inside the baseline of a change ("from $4.1 billion at the end of June",
    "compared with last spring"), whose clause's tense is the change's."""
    for step in governing_path(claim.span):
        token = step.token
        if token.pos_ in ("VERB", "AUX") and token.lower_ not in BASELINE_WORDS:
            return False
        if token.lower_ in BASELINE_WORDS and token.i not in range(claim.span.start, claim.span.end):
            return True
    return False


BASELINE_WORDS = {"from", "compared", "versus", "vs", "vs."}


def _marked_ahead(claim: Claim) -> bool:
    """A date hung on a word that points ahead: "payable Dec. 7", "due in June",
    "effective Jan. 1", "stock of record Nov. 22"."""
    for step in governing_path(claim.span):
        token = step.token
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.lower_ in AHEAD_WORDS and token.i not in range(claim.span.start, claim.span.end):
            return True
    return False


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
        self.fiscal_naming = stated_fiscal_naming(text_of(doc)) if doc._.fiscal_start else None
        previous: DateValue | None = None
        # what a comparison ("a year earlier", "the year-earlier quarter") is with: the
        # last date named in the sentence, and the last period named, that are not
        # themselves such a comparison
        compared, compared_sentence, period = None, -1, None
        measured: Claim | None = None  # the figure before, whose unit one written bare may share
        deadline, deadline_sentence = None, -1  # the last deadline named ("by 2090"), and in which sentence
        for claim in claims_of(doc):
            if claim.kind == "date":
                nearby = compared if claim.sentence.start == compared_sentence else None
                before = previous
                if BY_THE_SAME.match(claim.surface) and deadline_sentence == claim.sentence.start:
                    # "850,000 by 2090, not the 1 million set out in 2084, and 12% by the same year"
                    before = DateValue(deadline.end, deadline.end)
                value = self._date(claim, ref, before, doc._.fiscal_start, nearby, period)
                if value is not None:
                    start, end = value.iso()
                    claim.value = {"date_start": start, "date_end": end, "timex": timex(value.start, value.end)}
                    previous = value
                    if value.start is None and value.end is not None:
                        deadline, deadline_sentence = value, claim.sentence.start
                    if not YEAR_BACK.search(claim.surface):
                        compared, compared_sentence = value, claim.sentence.start
                        if value.start and value.end and (value.end - value.start).days >= 27:
                            period = value
            elif claim.kind == "number":
                self._number(doc, claim)
                _carry_unit(doc, claim, measured)
                measured = claim
            else:
                claim.value = {"quote": " ".join(claim.surface.split())}
        return doc

    def _date(self, claim: Claim, ref: date | None, previous: DateValue | None,
              fiscal_start: int | None, nearby: DateValue | None, period: DateValue | None) -> DateValue | None:
        """The claim's interval, against the article's present, the date named
        before it and the one named before it in its sentence.  An article with
        no present (no publication date and no date of its own) still has its
        absolute dates: those that read the same against any present."""
        tense = date_tense(claim)
        if AGO.search(claim.surface) and not any(c.kind == "number" and c.sentence.start == claim.sentence.start
                                                 for c in claims_of(claim.span.doc)):
            period = None  # "A year ago we were promised work": a year before the present, not before a period named
        if ref is not None:
            return parse_date(claim.surface, ref, tense=tense, previous=previous, fiscal_start=fiscal_start,
                              nearby=nearby, fiscal_naming=self.fiscal_naming, period=period)
        values = {parse_date(claim.surface, present, tense=tense, previous=previous, fiscal_start=fiscal_start,
                             nearby=nearby, fiscal_naming=self.fiscal_naming, period=period)
                  for present in UNRELATED_PRESENTS}
        return values.pop() if len(values) == 1 else None

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
            value, high, qualifier, unit = _range_end(text, whole, claim.value["range_end"], parsed,
                                                      moved=_moved(doc, whole))
            span, after = token_span(doc, *whole) or span, whole[1]
        if unit is None:
            noun = _counted_noun(span)
            if noun is not None:
                unit = noun.text
                after = noun.idx + len(noun.text)
        elif unit == "points" and _speaks_of_percentages(claim.sentence):
            unit = "percentage points"  # a point change of a percentage (CLAIMS.md)
        elif unit in CROWN_CODES and BARE_CROWNS.search(claim.surface + text[after : after + 12]):
            unit = crown_of(text) or unlisted_code(text) or unit  # "just over three billion crowns" beside "MVK 3.1 billion"
        elif unit == "USD" and not NAMED_DOLLAR.search(text[max(0, claim.start - 5) : after + 12]):
            unit = dollar_of(text) or unit
        rate = RATE.match(text[after : after + 60])
        if rate:
            per = rate["per"] or PERIODS[rate["adverb"].lower()]
            unit = f"{unit or 'units'}/{per}"
        claim.value = {"number": value, "number_high": high, "unit": unit, "qualifier": qualifier}


# Words after which the two ends of a range are values that occur, not bounds
# on one value: "tariffs ranging from 5 percent to 25 percent".
SPREAD = re.compile(r"(?i)\brang(?:e|es|ed|ing)\s+(?:from\s+|between\s+)?$")
CROWN_CODES = {"DKK", "SEK", "NOK", "ISK", "CZK", "crowns"}


def _moved(doc: Doc, whole: tuple[int, int]) -> bool:
    """Whether a range is a value before and after a change ("raised the fare from $2 to $2.50"), told
    by a "from" that hangs from a word of change: its two ends are values, not the bounds of one."""
    span = token_span(doc, *whole)
    return span is not None and span[0].lower_ == "from" and span[0].head.lemma_.lower() in MOVES


def _range_end(text: str, whole: tuple[int, int], side: str, own: NumberValue, moved: bool = False):
    """The value of one end of a range, with the unit of the whole carried to
    both ("2 to 2.5 degrees Celsius"): the low end is a lower bound (``>=``),
    the high end an upper bound (``<=``) unless it states its own qualifier
    ("$500,000 to more than $1 million"). The two ends of a spread ("ranging
    from 5 to 25 percent") or of a change (``moved``: "rose from 11% to 15%")
    are values."""
    parsed = parse_number(text[whole[0] : whole[1]])
    if parsed is None or parsed.high is None:
        return own.value, None, own.qualifier, own.unit
    spread = moved or SPREAD.search(text[max(0, whole[0] - 30) : whole[0]]) is not None
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


# what joins a figure with a unit to one written bare, which is of the same unit: "33 kilometres of the 41
# the route needs", "2,280 kilometres of fibre, against the 2,300 planned"
ELIDED = re.compile(r"(?i)^[^\d.;]{0,45}?\b(?:of|against|out of|than|above|below)\s+(?:the\s+|its\s+)?$")
MEASURE_UNITS = set(MEASURES.values())
SCALED = re.compile(r"(?i)\b(?:million|billion|trillion|bn|mn)\b")


def _carry_unit(doc: Doc, claim: Claim, before: Claim | None) -> None:
    """Give a bare figure (no unit, no counted noun) the measurement unit of the figure before it in its
    sentence when the words between compare the two ("33 kilometres of the 41")."""
    if claim.value.get("unit") is not None or before is None or before.sentence.start != claim.sentence.start:
        return
    unit = before.value.get("unit")
    # a sum in a currency its scale word marks as money ("better than the 3.6 billion crowns it expected and
    # well above the 3.1 billion in the budget"), or a measure
    money = is_currency(unit) and SCALED.search(claim.surface)
    if (unit in MEASURE_UNITS or money) and ELIDED.match(text_of(doc)[before.end: claim.start]):
        claim.value["unit"] = unit


def _counted_noun(span):
    last = span[-1]
    head = last.head
    if head.i > last.i and head.pos_ in ("NOUN", "PROPN") and last.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod"):
        return head
    doc = span.doc
    for token in doc[last.i + 1 : min(len(doc), last.i + 5)]:
        if token.pos_ == "NOUN":
            # "910 million last year": the date after a figure counts nothing
            dated = any(c.kind == "date" and c.span.start <= token.i < c.span.end for c in claims_of(doc))
            return None if dated else token
        if token.pos_ not in ("ADJ", "PROPN", "ADV") and token.dep_ != "compound":
            break
    return None


@Language.factory("claim_values")
def make_value_normalizer(nlp: Language, name: str) -> ValueNormalizer:
    return ValueNormalizer(nlp, name)
