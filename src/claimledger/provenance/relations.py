"""When two claims from different articles are the *same* and when they
*contradict*.

Two claims are the same when they are about the same entity, measure the
same kind of thing, say it in similar words and give compatible values
("an annual sales target of 90,000 units" / "targeting 90,000 sales a
year").  They contradict when all of that holds but the values cannot both
be true (90,000 vs 100,000 units a year; "launch in 2026" vs "in 2028"),
and only when they measure the same thing of the same population over the
same period in the same frame (:func:`scoped`); a projection and a later
figure that missed it are *broken*, not contradictory.
"""
from __future__ import annotations

import math
import re
from collections import deque
from datetime import date
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from ..normalize.units import AMOUNT_NOUNS, MONEY_NOUNS, is_currency
from .signature import ACTUAL_FRAMES, PREDICATES, SPAN_DAYS, Signature, context_words, event_class, year_end

# How near two claims' words must be, measured on the annotated pairs in
# benchmarks/grouping.py (docs/provenance.md has the figures).  A precise
# value (a figure, one named day) is itself strong evidence, so it needs
# fewer shared words than a period many things happen in (a year, a decade).
SAME_CONTEXT = {"number": 0.15, "day": 0.25, "span": 0.25, "date": 0.5}
# a named span of a season or less (SPAN_DAYS: "late 2026", "the spring of 2024") told alike in
# two articles, or a day and the month it lies in ("March 11" / "March 2024"), is nearly as precise
# as one day; a year or a deadline is not

# two values apart need more words in common to contradict than to agree; a figure, within
# CONFLICT_RATIO of another of its measure, is itself more evidence than a date is
CONFLICT_CONTEXT = {"number": 0.25, "date": 0.34}
# two figures whose words name one measured thing ("cost" / "bill", both *price*) need fewer
# other words in common to contradict: rival estimates are told in their own words
CONFLICT_MEASURED = 0.2

# two schedule dates that both name one milestone ("open", "finish") need fewer: a revised
# schedule is told in other words than the one it revises
CONFLICT_DATED = 0.1
MILESTONES = {"open", "launch", "finish", "complet"}  # stems (signature.context_words)

# two dates of one event of one thing (:func:`one_event`) need few other words in common
EVENT_CONTEXT = 0.2
# and two past dates of one event (what happened, told as a day by one and its year by another) fewer still
PAST_EVENT_CONTEXT = 0.1

# two estimates of a sum of money (:func:`rival_estimates`) need fewer still
CONFLICT_ESTIMATES = 0.1
ESTIMATE_FRAMES = {"forecast", "target"}

# the fewest shared words two values apart of each kind may contradict with
FEWEST_TO_CONFLICT = {"number": min(CONFLICT_MEASURED, CONFLICT_ESTIMATES), "date": CONFLICT_DATED}

LOWEST_CONTEXT = min(*SAME_CONTEXT.values(), *CONFLICT_CONTEXT.values(), *FEWEST_TO_CONFLICT.values())

SAME_QUOTE = 90  # rapidfuzz ratio, 0..100

# a quotation of at least this many words found whole inside a longer one is
# a fragment of it: a later article quoting part of what was said
FRAGMENT_WORDS = 6

# a ratio of at least SAME_QUOTE needs the longer quote to be at most this
# many times the shorter (the edit distance is at least the difference in length)
QUOTE_STRETCH = (200 - SAME_QUOTE) / SAME_QUOTE

VALUE_TOLERANCE = 0.005

APPROXIMATE_TOLERANCE = 0.05  # "about 100 kWh" agrees with "105 kWh"

# a figure more than twice or less than half another is a different measure, not a revision of it
CONFLICT_RATIO = 2.0
# and a date more than this many days from another is of a different milestone, not a slip of it
SCHEDULE_SLIP = 2 * 366


def context_similarity(a: Signature, b: Signature) -> float:
    """Share of the smaller context the two have in common (overlap coefficient)."""
    if not a.context or not b.context:
        return 0.0
    return len(a.context & b.context) / min(len(a.context), len(b.context))


def comparable(a: Signature, b: Signature) -> bool:
    """About the same entity and the same measure, from different articles."""
    return (
        a.article_id != b.article_id
        and a.kind == b.kind
        and a.measure == b.measure
        and (a.period is None or b.period is None or a.period == b.period)
        and bool(a.entities & b.entities)
    )


def values_agree(a: Signature, b: Signature) -> bool:
    """Both values can be true of one fact: equal numbers (ranges overlapping),
    dates whose known ends match ("as early as 2026" / "2026"; deadlines a
    year apart are one promise: "by 2030" / "by the end of the decade"), a
    deadline and a short span ending on its day, a day and the month it
    lies in, or two past dates one inside the other ("on Monday" / "in 2029",
    which then need the words of a date, not of a day, to be the same)."""
    if a.kind == "date":
        if (a.low is None) != (b.low is None) and a.high is not None and b.high is not None:
            # a deadline and a period ending on its day: "by 2030" is not "in 2030", but "by mid-2026"
            # is "in the middle of 2026": a span of a season or less is the deadline told another way
            period = a if a.low is not None else b
            return a.high == b.high and period.high - period.low <= SPAN_DAYS
        sides = [(x, y) for x, y in ((a.low, b.low), (a.high, b.high)) if x is not None and y is not None]
        if not sides:
            return False
        # two deadlines of whole years a year apart are one promise ("by 2030" is read to the year's end,
        # "by the end of the decade" to the end of 2029); "by the end of 2047" / "by June 2048" are two
        slack = 366 if a.low is None and b.low is None and year_end(a.high) and year_end(b.high) else 0
        if all(abs(x - y) <= slack for x, y in sides):
            return True
        # a day inside the month another article names ("Wednesday" / "April"); no wider for what is
        # still to come, or a year would pull every date promised in it into one group
        return _nested(a, b) and (max(a.high - a.low, b.high - b.low) <= 31 or a.settled and b.settled)
    if a.low is None or b.low is None:
        return False
    tolerance = max([VALUE_TOLERANCE * max(abs(a.high), abs(b.high)),  # relative: 14p (£0.14) is not 13.5p
                     *(rounding(s.high) for s in (a, b) if s.qualifier != "=")])
    return a.low <= b.high + tolerance and b.low <= a.high + tolerance


def rounding(value: float) -> float:
    """How far a figure told as approximate may be from the one it rounds: half a unit of its last
    written digit ("about $590 million": $5 million), at most APPROXIMATE_TOLERANCE of it ("about 100
    kWh": 5 kWh)."""
    size = abs(value)
    if not size:
        return 0.0
    unit = 10.0 ** math.floor(math.log10(size))
    while unit > 1e-9 and abs(size / unit - round(size / unit)) > 1e-6:
        unit /= 10
    return min(unit / 2, APPROXIMATE_TOLERANCE * size)


def _apart(a: Signature, b: Signature) -> bool:
    """Whether two values that do not agree cannot both be true of one fact.
    Dates conflict only between statements about what is not yet settled
    (:attr:`~.signature.Signature.settled`): two past dates in two articles
    are usually two different events; and a date inside the other ("October" / "the autumn",
    "February" / "2023") is a finer statement of it, which both can be."""
    if a.kind == "date":
        return (not a.settled and not b.settled and a.high is not None and b.high is not None
                and not _nested(a, b) and abs(a.high - b.high) <= SCHEDULE_SLIP)
    if not a.low or not b.low:
        return False
    ratio = abs(a.low) / abs(b.low)
    return 1 / CONFLICT_RATIO <= ratio <= CONFLICT_RATIO


def _nested(a: Signature, b: Signature) -> bool:
    """Whether one date's known span lies within the other's."""
    if None in (a.low, a.high, b.low, b.high):
        return False
    return a.low <= b.low <= b.high <= a.high or b.low <= a.low <= a.high <= b.high


PERIOD_SLACK = 31  # days by which two statements of one period may differ at either end
# days apart two articles may be for what both state as so now (no period named) to be one moment
AS_OF_SLACK = 31


# what a figure measures, named by its predicate ("cost" / "spent"); intending is a frame, not a measure
MEASURED = set(PREDICATES) - {"intend"}


def measured_alike(a: Signature, b: Signature) -> bool:
    """Two figures whose words name one measured thing (both a *price*)."""
    return a.kind == "number" and bool(a.context & b.context & MEASURED)


def dated_alike(a: Signature, b: Signature) -> bool:
    """Two dates whose words name one milestone of what they are about (both "open")."""
    return a.kind == "date" and bool(a.context & b.context & MILESTONES)


def rival_estimates(a: Signature, b: Signature) -> bool:
    """Two sums of money each told as somebody's estimate or target ("a $640 million plan", "critics put
    the cost at $785 million"): rival or revised estimates of one cost are told in their own words."""
    return (a.kind == "number" and is_currency(a.measure)
            and a.frame in ESTIMATE_FRAMES and b.frame in ESTIMATE_FRAMES)


def conflict_context(a: Signature, b: Signature) -> float:
    """The share of context words two values apart must have in common to contradict."""
    if dated_alike(a, b):
        return CONFLICT_DATED
    if one_event(a, b):
        return EVENT_CONTEXT
    if rival_estimates(a, b):
        return CONFLICT_ESTIMATES
    return CONFLICT_MEASURED if measured_alike(a, b) else CONFLICT_CONTEXT[a.kind]


def predicates_agree(a: Signature, b: Signature) -> bool:
    """Whether the words around two figures name one measured thing: a
    cost and a sum spent so far are two, though both are dollars of one
    line; when either names none, nothing says they differ."""
    mine, theirs = _measured_words(a), _measured_words(b)
    return not mine or not theirs or bool(mine & theirs)


def _measured_words(s: Signature) -> set[str]:
    """The words that name what a figure measures: those of the noun the parse found it an amount
    of (``scope.measured``), when it found one ("puts the programme at $590 million", in a headline
    that also has a "build"), else those around it."""
    of = (s.scope or {}).get("measured")
    return (context_words(of) if of else s.context) & MEASURED


# one sum agreed for work or goods, however named: "a €265 million order", "the €265 million contract"
CONTRACTS = {"order": "contract", "deal": "contract", "award": "contract"}


def _amount_named(s: Signature) -> str | None:
    """What the parse found a figure to be an amount of (``scope.measured``), a contract by any of its names."""
    of = (s.scope or {}).get("measured")
    return CONTRACTS.get(of, of)


def amounts_agree(a: Signature, b: Signature) -> bool:
    """Whether two figures are amounts of one thing, as far as the parse
    names it (``scope.measured``): a grant and a contract of $480 million are
    two; a *cost*, a *budget* and a *bill* are one (words of one predicate),
    and a cost and a thing ("a $3.2 billion factory") may be one."""
    of_a, of_b = (_amount_named(s) for s in (a, b))
    if not of_a or not of_b or of_a == of_b or {of_a, of_b} & AMOUNT_NOUNS:
        return True
    words_a, words_b = context_words(of_a), context_words(of_b)
    if words_a & words_b:
        return True
    # a cost and a thing: "a $3.2 billion factory" is what the factory costs; but a grant, a bond
    # or a contract is a sum of its own, not what the project costs
    thing = of_b if words_a & MEASURED else of_a
    return bool(words_a & MEASURED) != bool(words_b & MEASURED) and thing not in MONEY_NOUNS


def reaches_agree(a: Signature, b: Signature) -> bool:
    """Whether a figure told as the nation's or the world's ("against 2.3
    nationally") is set against one whose sentence names that reach too."""
    told = [set((s.scope or {}).get("reaches") or ()) for s in (a, b)]
    return all(set((s.scope or {}).get("reach") or ()) <= other for s, other in ((a, told[1]), (b, told[0])))


def populations_agree(a: Signature, b: Signature) -> bool:
    """Whether two figures measure the same population, as far as their
    noun phrases say: "U.S. sales" are not "Canadian sales" (the places and
    reaches that modify them), and a share of the *market* is not one of a
    *segment*; one phrase narrower than the other ("pickup market" / "U.S.
    pickup market") may be the same."""
    if _per(a) or _per(b):
        return False  # "per 1,000 people" counts nobody
    if _change(a) != _change(b) and (a.measure != "%" or _share(b if _change(a) else a)):
        # "$88 million more than first approved" is no sum of its own, and "fell 8% last year" is a
        # change where "about 9% of the total" is a share; but "inflation of 3.9%" is the rate at which
        # prices "rise by 3.4%"
        return False
    if not reaches_agree(a, b):
        return False  # "2.3 nationally" is not Dunmere's 2.3
    if not a.scope or not b.scope:
        return True
    if not amounts_agree(a, b):
        return False
    payers = [set(s.scope.get("payer") or ()) for s in (a, b)]
    if all(payers) and not payers[0] & payers[1]:
        return False  # "the national government will contribute €180 million" / "the region €90 million"
    places_a, places_b = set(a.scope.get("places") or ()), set(b.scope.get("places") or ())
    if not (places_a <= places_b or places_b <= places_a):
        return False
    a_of, b_of = a.scope.get("of"), b.scope.get("of")
    if a_of is None or b_of is None:
        return True
    if a_of != b_of:
        return False
    mods_a, mods_b = set(a.scope.get("modifiers") or ()), set(b.scope.get("modifiers") or ())
    return mods_a <= mods_b or mods_b <= mods_a


# words beside a noun that say how many or whose, not what kind: "1,100 new staff" and "1,100 extra staff"
NOT_A_KIND = {"its", "their", "her", "his", "our", "my", "your", "new", "more", "few", "extra", "additional",
              "further", "full", "total", "other", "last", "next", "first", "same", "such", "close", "short",
              "missing"}


def kinds_differ(a: Signature, b: Signature) -> bool:
    """Whether two figures count two kinds of one thing, their nouns narrowed by words they do not share
    ("380 diesel buses" / "410 electric buses"): no contradiction, though each may restate another."""
    kinds = [set((s.scope or {}).get("modifiers") or ()) - NOT_A_KIND for s in (a, b)]
    return all(kinds) and not kinds[0] & kinds[1]


# the stage a figure of no stage is taken to be of: what a project does once running
STEADY_STAGE = "full output"

# words that make an amount one of each period: "its $2.1 billion annual budget" is not a project's cost
RATE_MODIFIERS = {"annual": "year", "yearly": "year", "monthly": "month", "weekly": "week", "daily": "day",
                  "quarterly": "quarter"}


def _told_each(s: Signature) -> str | None:
    """The period a figure's noun makes it an amount of each of ("annual")."""
    return next((RATE_MODIFIERS[m] for m in (s.scope or {}).get("modifiers") or () if m in RATE_MODIFIERS), None)


def periods_agree(a: Signature, b: Signature) -> bool | None:
    """Whether two figures are stated for one period: ``None`` when either
    states none; never when one is told as an amount of each year ("annual")
    and the other as an amount of none, nor when one is of a first year or a
    peak and the other of no stage or period."""
    each = [_told_each(s) for s in (a, b)]
    if any(each) and not all(each) and not (a.period or b.period):
        return False
    stages = [(s.scope or {}).get("stage") for s in (a, b)]
    if any(stages):
        if all(stages):
            return stages[0] == stages[1]
        dated = b if stages[0] else a
        # "25,000 in the first year of service" and "42,000 by 2030": a stage and a deadline; and a first
        # year or a peak is not what a figure of no stage is of ("as many as 60,000 in its first full
        # year" / "a target of 90,000 a year"), though running at full output is
        deadline = dated.when is not None and dated.when[0] is None
        return False if deadline or (dated.when is None and STEADY_STAGE not in stages) else None
    if a.when is None or b.when is None:
        return _moments_agree(a, b)
    if (a.when[0] is None) != (b.when[0] is None) and a.frame not in ACTUAL_FRAMES and b.frame not in ACTUAL_FRAMES:
        return False  # a year and a deadline: "sell 60,000 in 2026" / "sell 90,000 by 2030"
    return all(x is None or y is None or abs(x - y) <= PERIOD_SLACK for x, y in zip(a.when, b.when))


def _moments_agree(a: Signature, b: Signature) -> bool | None:
    """Two actual figures, one or both stated for no period, are each taken
    as of the day its article was published: "the region has 1,450 MW" in
    2023 and "2,380 MW" in 2027 are two moments, not a contradiction; one
    told as so by a day ("15,900 by the end of April") is of that day."""
    if a.frame != "actual" or b.frame != "actual" or a.as_of is None or b.as_of is None:
        return None
    if a.when is None and b.when is None:
        return False if abs(a.as_of - b.as_of) > AS_OF_SLACK else None
    undated, dated = (a, b) if a.when is None else (b, a)
    low, high = dated.when
    if low is None:  # "by the end of April, the fibre passed 15,900": what was so on that day
        low = high
    before = low is not None and undated.as_of < low - AS_OF_SLACK
    after = high is not None and undated.as_of > high + AS_OF_SLACK
    return False if before or after else None


def frames_agree(a: Signature, b: Signature) -> bool:
    """Both actual, or both the same kind of statement about the future (a
    plain future, "will sell", goes with any of them)."""
    if a.frame == b.frame:
        return True
    return a.frame not in ACTUAL_FRAMES and b.frame not in ACTUAL_FRAMES


def scoped(a: Signature, b: Signature) -> str | None:
    """What two figures (or dates) whose values are apart are to each other
    once compatibility is checked: ``contradicts`` when they measure the
    same thing of the same population, over the same period, in the same
    frame; ``broken`` when one is a projection and the other reports the
    outcome for its period; else ``None``."""
    if a.kind == "date":
        if _periods_of_figures(a, b):
            return None  # the periods of two figures ("this year" / "2089"), not one event told at two times
        if (a.low is None) == (b.low is None) and (a.high is None) == (b.high is None):
            return "contradicts"
        # a deadline and a period are different statements ("by 2030" / "its first full year"),
        # unless the period begins after the deadline: "open by the end of 2024" / "in the autumn of 2025"
        deadline, period = (a, b) if a.low is None else (b, a)
        missed = deadline.high is not None and period.low is not None and period.low > deadline.high
        return "contradicts" if missed else None
    if not populations_agree(a, b) or kinds_differ(a, b) or not predicates_agree(a, b) or _part(a) != _part(b):
        return None
    periods = periods_agree(a, b)
    if periods is False:
        return None
    if frames_agree(a, b):
        return "contradicts"
    if (a.frame in ACTUAL_FRAMES) != (b.frame in ACTUAL_FRAMES) and periods:
        return "broken"
    return None


def measure_words(s: Signature) -> set[str]:
    """The words a figure's context names its measure with: not the figures, days and events it
    shares with its neighbours."""
    return {w for w in s.context if w[0] not in "#@!"}


FIGURES_ALIKE = 0.25  # share of the fewer words two figures must have in common to be of one measure


def _one_measure(mine: list, theirs: list) -> bool:
    """Whether two dates' figures (``scope.period_of``: unit and words) hold two of one measure."""
    for unit_a, words_a in mine:
        for unit_b, words_b in theirs:
            x, y = set(words_a.split()), set(words_b.split())
            if unit_a == unit_b and x and y and len(x & y) / min(len(x), len(y)) >= FIGURES_ALIKE:
                return True
    return False


def _periods_of_figures(a: Signature, b: Signature) -> bool:
    """Whether two dates both name the periods of figures in their sentences (``scope.period_of``)."""
    return all((s.scope or {}).get("period_of") for s in (a, b))


def _part(s: Signature) -> bool:
    """Whether a figure counts part of a whole its sentence names ("1,100 staff, about 600 of them
    nurses"): a smaller figure than another, but not a different count of one thing."""
    return bool((s.scope or {}).get("part"))


def reason(a: Signature, b: Signature) -> str:
    """Why two claims are said to contradict, for a reviewer at a glance:
    the subject they share, what both measure, the period they are stated
    for, their frame and the words both use around their figures."""
    subject = ", ".join(sorted(a.entities & b.entities)[:3]) or "?"
    shared = ", ".join(sorted(a.context & b.context)[:4])
    frame = a.frame if a.frame == b.frame else f"{a.frame} / {b.frame}"
    if a.kind == "date":
        event = ""
        if one_event(a, b):  # "event: open of emergency department", told by the one that names more
            told = max((a.scope, b.scope), key=lambda scope: len(scope.get("subject") or ()))
            event = f" · event: {told['event']}"
            if told.get("subject"):
                event += " of " + " ".join(told["subject"])
        return f"subject: {subject} · measure: a date ({frame}){event} · words: {shared}"
    scope = a.scope or b.scope or {}
    noun = scope.get("noun") or ("count" if a.measure == "count" else a.measure)
    measured = next((s.scope["measured"] for s in (a, b) if (s.scope or {}).get("measured")), None)
    if measured and noun in (a.measure, "%", "count") and measured != noun:
        noun = f"{measured}, {noun}"  # "inflation, %": what a bare unit is a figure of
    if scope.get("of"):
        noun += " of " + " ".join([*(scope.get("modifiers") or ()), scope["of"]])
    if a.measure and a.measure != "count" and a.measure not in noun:
        noun += f" ({a.measure})"
    if a.period:
        noun += f" a {a.period}"
    # the period as compared (Signature.when): a day beside a figure, or a past date beside an estimate, is
    # when it was told, not a period it is of
    when = next((s.when for s in (a, b) if s.when), None)
    low, high = (None if day is None else date.fromordinal(day).isoformat() for day in when or (None, None))
    period = f"{low or '…'} to {high or '…'}" if low else f"by {high}" if high else "not stated"
    return f"subject: {subject} · measure: {noun} ({frame}) · period: {period} · words: {shared}"


def relation(a: Signature, b: Signature) -> str | None:
    """``same``, ``contradicts``, ``broken`` (a projection and a report of
    another figure for its period) or ``None``."""
    if a.kind == "quote" or b.kind == "quote":
        if a.kind == b.kind and a.article_id != b.article_id and a.quote and b.quote:
            alike = (fuzz.ratio(a.quote.lower(), b.quote.lower()) >= SAME_QUOTE or is_fragment(a.quote, b.quote)
                     or short_line(a, b))
            return "same" if alike else None
        return None
    if not comparable(a, b):
        return None
    return _judge(a, b, context_similarity(a, b))


def _change(s: Signature) -> bool:
    """Whether a percentage is the size of a change ("sales fell 8%"), ``scope.change``."""
    return bool((s.scope or {}).get("change"))


# the words of a percentage that is a share of a whole (stems): "a 12% share", "their share was 9%"
SHARE_WORDS = context_words("share proportion fraction part")


def _share(s: Signature) -> bool:
    """Whether a percentage is told as a share of something: of a whole its noun names (``scope.of``), or
    in words of a share."""
    scope = s.scope or {}
    told = s.context | context_words(scope.get("measured") or "")
    return bool(scope.get("of") or scope.get("part") or told & SHARE_WORDS)


def _per(s: Signature) -> bool:
    """Whether a figure is what a rate is counted against ("per 1,000 people"), which states nothing."""
    return bool((s.scope or {}).get("per"))


def event_key(s: Signature) -> str | None:
    """The event a date is the date of (``scope.event``, :mod:`claimledger.extract.events`), as a
    stem or the name of its class."""
    event = (s.scope or {}).get("event") if s.kind == "date" else None
    return event_class(event) if event else None


def one_event(a: Signature, b: Signature) -> bool:
    """Whether two dates are of one event ("open" / "opening") of one thing, as far as the
    parse names them: the things share a word, or either names none."""
    mine = event_key(a)
    if mine is None or mine != event_key(b):
        return False
    of_a, of_b = (set((s.scope or {}).get("subject") or ()) for s in (a, b))
    return not of_a or not of_b or bool(of_a & of_b)


def same_context(a: Signature, b: Signature) -> float:
    """The share of context words two agreeing values must have in common to be the same."""
    if one_event(a, b):
        return PAST_EVENT_CONTEXT if a.settled and b.settled else EVENT_CONTEXT
    return SAME_CONTEXT[_precision(a, b)]


def _judge(a: Signature, b: Signature, similarity: float) -> str | None:
    """The relation of two comparable dates or figures whose context words overlap by ``similarity``."""
    if similarity < LOWEST_CONTEXT:  # too few shared words for any relation: skip the values
        return None
    if values_agree(a, b):
        return "same" if similarity >= same_context(a, b) and restates(a, b) else None
    if similarity >= conflict_context(a, b) and _apart(a, b):
        return scoped(a, b)
    return None


def restates(a: Signature, b: Signature) -> bool:
    """Whether two agreeing values state one thing: of one population, for
    one period ("48,000 a day last year" in 2018 is not "about 49,500 a day
    last year" in 2019), and not a date promised before it came and the
    report that it came (a kept projection: "due to start in September
    2024" / "began in September 2024")."""
    if a.frame == b.frame == "actual" and a.when and b.when and periods_agree(a, b) is False:
        return False
    if {"up", "down"} <= {(s.scope or {}).get("direction") for s in (a, b)}:
        return False  # "fell 0.2%" and "rose 0.2%": one size, two changes
    if a.kind == "date" and _periods_of_figures(a, b) and (
            (a.low, a.high) != (b.low, b.high) or not _one_measure(a.scope["period_of"], b.scope["period_of"])):
        # a quarter a figure is of is no part of the year another is of, and the month of one figure
        # not the month of another ("inflation was 4.1% in February" / "mortgage rates averaged 6.1% in
        # February")
        return False
    return populations_agree(a, b) and not kept(a, b)


def kept(a: Signature, b: Signature) -> bool:
    """Whether one of two dates is told as done, by an article written after
    it began, and the other as a projection, by an article written before it;
    or one of two figures is told as so by an article written in or after
    the period the other projected it for ("up to 1,100 workers at the peak,
    in 2036" / "about 1,100 are on the sites this spring", in 2036)."""
    one_way = _date_kept if a.kind == "date" else _figure_kept
    return one_way(a, b) or one_way(b, a)


# nouns a date names a promise by: "meeting the early-2033 date the board set" restates the date promised
PROMISE_NOUNS = {"date", "deadlin", "target", "promis", "schedul", "timet", "timelin", "goal"}  # stems


def _date_kept(done: Signature, plan: Signature) -> bool:
    """Whether ``done`` is told as done, by an article written after it began, and ``plan`` as a
    projection, by an article written before it; a date told as the date of a promise ("the early-2033
    date the board set") is that promise again, however late it is told."""
    return (done.status == "confirmed" != plan.status and None not in (done.as_of, plan.as_of, done.low)
            and plan.as_of < done.low <= done.as_of and event_key(done) not in PROMISE_NOUNS)


def _figure_kept(done: Signature, plan: Signature) -> bool:
    """Whether ``done``, told as so, was written in or after the period ``plan`` projected its figure for
    (from the start of the period, or the day of a deadline) or after the stage it projected it for (a
    peak, a first year), by a later article."""
    if done.as_of is None or plan.as_of is None or done.as_of <= plan.as_of:
        return False
    if plan.frame in ACTUAL_FRAMES:
        return False  # what an earlier article told as so is restated, even "as planned"
    if _met(done) and not _met(plan):
        return True  # "households pay 11p, as the council promised": the outcome of what an earlier article told
    if done.frame not in ACTUAL_FRAMES:
        return False
    if (plan.scope or {}).get("stage") not in (None, STEADY_STAGE):
        # "would employ up to 1,100 people at its peak" / later, "about 1,100 are working, the most at any
        # point": a stage the projection was for, reported once reached
        return True
    if plan.when is None:
        return False
    start, end = plan.when
    if end is not None and end < plan.as_of:
        return False  # a period over before the projection was written is not what it projects
    return done.as_of >= (start if start is not None else end)


def _met(s: Signature) -> bool:
    """Whether a figure is told as coming out as promised or foreseen (``scope.met``)."""
    return bool((s.scope or {}).get("met"))


def _precision(a: Signature, b: Signature) -> str:
    """How precise two agreeing values are: one day, one short span, or else their kind."""
    if a.kind != "date":
        return a.kind
    if a.low == a.high == b.low == b.high:
        return "day"
    if None not in (a.low, a.high, b.low, b.high) and max(a.high - a.low, b.high - b.low) <= SPAN_DAYS:
        return "span"  # one short span told alike, or a day inside the month another names
    if (a.low is None) != (b.low is None):
        return "span"  # a deadline and the short span ending on its day (values_agree)
    # one date told with one figure beside it ("42,000 by 2030" in both) is as precise as a short span
    return "span" if shares_figure(a, b) else "date"


def shares_figure(a: Signature, b: Signature) -> bool:
    """Whether the same figure is written beside both claims (:func:`~.signature.figures_in`)."""
    return any(word.startswith("#") for word in a.context & b.context)


def quote_words(quote: str) -> str:
    """A quotation as lower-case words one space apart, punctuation gone."""
    return " ".join(re.sub(r"[^\w]+", " ", quote.lower()).split())


def is_fragment(a: str, b: str) -> bool:
    """Whether the shorter quotation, of FRAGMENT_WORDS words or more, is
    word for word a part of the longer: "the backbone of this coast's power
    for a generation" of "Tarrow Bank will be the backbone of…"."""
    return _one_holds_the_other(quote_words(a), quote_words(b))


def _one_holds_the_other(a: str, b: str) -> bool:
    """:func:`is_fragment` of two quotations already in :func:`quote_words`."""
    short, long = sorted((a, b), key=len)
    return short.count(" ") + 1 >= FRAGMENT_WORDS and f" {short} " in f" {long} "


SHORT_LINE = 3  # words of the fewest a quotation may have to be a line of a longer one by its speaker


def short_line(a: Signature, b: Signature) -> bool:
    """Whether the shorter of two quotations, too short to be a fragment (SHORT_LINE words or more,
    fewer than FRAGMENT_WORDS), opens or closes the longer and both are told as one speaker's: "Workers
    have already paid," repeated from "Workers have already paid, and now the bank wants them to pay
    twice"."""
    by = [set((s.scope or {}).get("by") or ()) for s in (a, b)]
    if not (all(by) and by[0] & by[1]):
        return False
    short, long = sorted((quote_words(a.quote or ""), quote_words(b.quote or "")), key=len)
    words = short.count(" ") + 1
    return bool(short) and SHORT_LINE <= words < FRAGMENT_WORDS and (
        long.startswith(short + " ") or long.endswith(" " + short))


def fragment_pairs(quotes: Iterable[tuple[Signature, bool]]) -> Iterator[tuple[int, int, str, float]]:
    """The quotations, one of them new, of which one is a fragment of the
    other (:func:`is_fragment`): the quotations of a block that share a run
    of FRAGMENT_WORDS words.  Quotations worded alike are compared once:
    each new one is paired with one quotation of every other wording that
    holds it or that it holds (copies of one wording are the same as each
    other, which the blocks of their ends find)."""
    wordings: dict[str, list[tuple[Signature, bool]]] = {}
    for q, new in quotes:
        wordings.setdefault(quote_words(q.quote), []).append((q, new))
    texts = list(wordings)
    for k, text in enumerate(texts):
        for other_text in texts[k + 1:]:
            if not _one_holds_the_other(text, other_text):
                continue
            for mine, theirs in ((text, other_text), (other_text, text)):
                for q, new in wordings[mine]:
                    if not new:
                        continue
                    other = next((o for o, _ in wordings[theirs] if o.article_id != q.article_id), None)
                    if other is not None:
                        yield other.claim_id, q.claim_id, "same", round(context_similarity(other, q), 3)


def quote_pairs(quotes: Iterable[tuple[Signature, bool]]) -> Iterator[tuple[int, int, str, float]]:
    """Quotations, in order of length, whose wording is nearly the same, one
    of them new, each pair with its context similarity.  Each quote is
    scored only against a sliding window of the shorter ones before it, no
    shorter than QUOTE_STRETCH allows."""
    window: deque[tuple[Signature, str, bool]] = deque()
    shorts: list[tuple[Signature, str, bool]] = []
    for q, new in quotes:
        text = q.quote.lower()
        while window and len(window[0][1]) * QUOTE_STRETCH < len(text):
            window.popleft()
        choices = [w for w in window if new or w[2]]
        paired = set()
        if choices:
            for _, _, j in process.extract(text, [c[1] for c in choices], scorer=fuzz.ratio,
                                           score_cutoff=SAME_QUOTE, limit=None):
                other = choices[j][0]
                if other.article_id != q.article_id:
                    paired.add(other.claim_id)
                    yield other.claim_id, q.claim_id, "same", round(context_similarity(other, q), 3)
        # a speaker's short line repeated from a longer quotation, which the window is too narrow to hold
        # (a line shorter than a block's end, QUOTE_END characters in linking.py, shares no block with it)
        for other, _, other_new in shorts:
            if (new or other_new) and other.article_id != q.article_id and other.claim_id not in paired \
                    and short_line(other, q):
                yield other.claim_id, q.claim_id, "same", round(context_similarity(other, q), 3)
        if SHORT_LINE <= quote_words(q.quote).count(" ") + 1 < FRAGMENT_WORDS:
            shorts.append((q, text, new))
        window.append((q, text, new))
