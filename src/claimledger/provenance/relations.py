"""When two claims from different articles are the *same* and when they
*contradict*.

Two claims are the same when they are about the same entity, measure the
same kind of thing, say it in similar words and give compatible values
("an annual sales target of 90,000 units" / "targeting 90,000 sales a
year").  They contradict when all of that holds but the values cannot both
be true (90,000 vs 100,000 units a year; "launch in 2026" vs "in 2028").
"""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from .signature import Signature

# How near two claims' words must be, measured on the annotated pairs in
# benchmarks/grouping.py (docs/provenance.md has the figures).  A precise
# value (a figure, one named day) is itself strong evidence, so it needs
# fewer shared words than a period many things happen in (a year, a decade).
SAME_CONTEXT = {"number": 0.25, "day": 0.25, "date": 0.5}

CONFLICT_CONTEXT = 0.34

LOWEST_CONTEXT = min(*SAME_CONTEXT.values(), CONFLICT_CONTEXT)

SAME_QUOTE = 90  # rapidfuzz ratio, 0..100

# a ratio of at least SAME_QUOTE needs the longer quote to be at most this
# many times the shorter (the edit distance is at least the difference in length)
QUOTE_STRETCH = (200 - SAME_QUOTE) / SAME_QUOTE

VALUE_TOLERANCE = 0.005

APPROXIMATE_TOLERANCE = 0.05  # "about 100 kWh" agrees with "105 kWh"

# a figure more than twice or less than half another is a different measure, not a revision of it
CONFLICT_RATIO = 2.0


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
    year apart are one promise: "by 2030" / "by the end of the decade"), or
    a day and the month it lies in."""
    if a.kind == "date":
        sides = [(x, y) for x, y in ((a.low, b.low), (a.high, b.high)) if x is not None and y is not None]
        if not sides:
            return False
        slack = 366 if a.low is None and b.low is None else 0
        if all(abs(x - y) <= slack for x, y in sides):
            return True
        # a day inside the month another article names ("Wednesday" / "April"); no wider, or a
        # year would pull every date told in it into one group
        if None in (a.low, a.high, b.low, b.high):
            return False
        outer, inner = (a, b) if a.low <= b.low and b.high <= a.high else (b, a)
        return outer.low <= inner.low and inner.high <= outer.high and outer.high - outer.low <= 31
    if a.low is None or b.low is None:
        return False
    share = VALUE_TOLERANCE if a.qualifier == b.qualifier == "=" else APPROXIMATE_TOLERANCE
    tolerance = share * max(abs(a.high), abs(b.high), 1.0)
    return a.low <= b.high + tolerance and b.low <= a.high + tolerance


def _apart(a: Signature, b: Signature) -> bool:
    """Whether two values that do not agree cannot both be true of one fact.
    Dates conflict only between statements about what is not yet settled
    (projected or unknown): two past dates in two articles are usually two
    different events."""
    if a.kind == "date":
        return "confirmed" not in (a.status, b.status) and a.high is not None and b.high is not None
    if not a.low or not b.low:
        return False
    ratio = abs(a.low) / abs(b.low)
    return 1 / CONFLICT_RATIO <= ratio <= CONFLICT_RATIO


def relation(a: Signature, b: Signature) -> str | None:
    """``same``, ``contradicts`` or ``None``."""
    if a.kind == "quote" or b.kind == "quote":
        if a.kind == b.kind and a.article_id != b.article_id and a.quote and b.quote:
            return "same" if fuzz.ratio(a.quote.lower(), b.quote.lower()) >= SAME_QUOTE else None
        return None
    if not comparable(a, b):
        return None
    return _judge(a, b, context_similarity(a, b))


def _judge(a: Signature, b: Signature, similarity: float) -> str | None:
    """The relation of two comparable dates or figures whose context words overlap by ``similarity``."""
    if similarity < LOWEST_CONTEXT:  # too few shared words for any relation: skip the values
        return None
    if values_agree(a, b):
        precision = "day" if a.kind == "date" and a.low == a.high == b.low == b.high else a.kind
        return "same" if similarity >= SAME_CONTEXT[precision] else None
    if similarity >= CONFLICT_CONTEXT and _apart(a, b):
        return "contradicts"
    return None


def quote_pairs(quotes: Iterable[tuple[Signature, bool]]) -> Iterator[tuple[int, int, str, float]]:
    """Quotations, in order of length, whose wording is nearly the same, one
    of them new, each pair with its context similarity.  Each quote is
    scored only against a sliding window of the shorter ones before it, no
    shorter than QUOTE_STRETCH allows."""
    window: deque[tuple[Signature, str, bool]] = deque()
    for q, new in quotes:
        text = q.quote.lower()
        while window and len(window[0][1]) * QUOTE_STRETCH < len(text):
            window.popleft()
        choices = [w for w in window if new or w[2]]
        if choices:
            for _, _, j in process.extract(text, [c[1] for c in choices], scorer=fuzz.ratio,
                                           score_cutoff=SAME_QUOTE, limit=None):
                other = choices[j][0]
                if other.article_id != q.article_id:
                    yield other.claim_id, q.claim_id, "same", round(context_similarity(other, q), 3)
        window.append((q, text, new))
