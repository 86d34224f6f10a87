"""Judging a whole block of claims at once, with numpy.

A block holds the dates or figures of one kind and measure that name one
name (see :func:`claimledger.provenance.linking.link`).  Counting the words each new
claim shares with every claim of its block, then applying the rules of
:func:`claimledger.provenance.relations.relation` as array operations, finds the same
pairs as comparing them one by one (``tests/test_properties.py`` checks it)
in a fraction of the time.  Only linking imports this module, so the
commands that read the store never import numpy.
"""
from __future__ import annotations

import numpy as np

from .relations import (
    APPROXIMATE_TOLERANCE,
    CONFLICT_CONTEXT,
    CONFLICT_RATIO,
    LOWEST_CONTEXT,
    SAME_CONTEXT,
    VALUE_TOLERANCE,
)
from .signature import Signature

# a block's candidate pairs are counted in slices of new claims, each slice
# holding at most this many (new claim, block claim) cells or posting reads:
# linking 1,000 benchmark articles peaks at 103 MiB with slices this size and
# at 227 MiB with sixteen times larger ones, in the same time
PAIR_CELLS = 1 << 18

RELATIONS = (None, "same", "contradicts")  # what _judge_all numbers 0, 1 and 2


def block_pairs(block: list[Signature], name: str | None, new: list[bool]) -> list[tuple[int, int, str, float]]:
    """The related pairs of one block of dates or figures (claims of one
    kind and measure that name ``name``) in which at least one claim is
    ``new``: what :func:`relation` finds, judged for the whole block at once
    with numpy, as rows of ``claim_pairs`` (claim ids, relation, context
    similarity to three places).

    Two claims relate only if they share a context word (both thresholds are
    above zero), so an index of the block's words gives each new claim its
    candidates and, counted, how many words each shares with it.  A pair of
    two new claims is compared once, and a pair sharing several names once,
    in the block of the first name they share."""
    n = len(block)
    if n < 2 or not any(new):
        return []
    words = _Postings([s.context for s in block])
    if not words.n:  # no claim has a context word to share
        return []
    earlier = _Postings([[e for e in s.entities if e < name] for s in block] if name is not None else [])
    periods: dict[str, int] = {}
    column = np.fromiter
    claim_id = column((s.claim_id for s in block), np.int64, n)
    is_new = column(new, bool, n)
    article = column((s.article_id for s in block), np.int64, n)
    period = column((-1 if s.period is None else periods.setdefault(s.period, len(periods)) for s in block), np.int64, n)
    size = column((len(s.context) for s in block), np.float64, n)
    low = column((np.nan if s.low is None else s.low for s in block), np.float64, n)
    high = column((np.nan if s.high is None else s.high for s in block), np.float64, n)
    exact = column((s.qualifier == "=" for s in block), bool, n)
    confirmed = column((s.status == "confirmed" for s in block), bool, n)

    rows: list[tuple[int, int, str, float]] = []
    for part in words.slices(np.flatnonzero(is_new)):
        shared = words.shared(part)
        slot, j = np.nonzero(shared)
        i = part[slot]
        # what relation() checks, less what the block guarantees (one kind, one measure, a shared name)
        keep = (j != i) & ~(is_new[j] & (j < i)) & (article[i] != article[j])
        keep &= (period[i] == period[j]) | (period[i] < 0) | (period[j] < 0)
        similarity = shared[slot, j] / np.minimum(size[i], size[j])
        keep &= similarity >= LOWEST_CONTEXT
        if earlier.n:
            keep &= earlier.shared(part)[slot, j] == 0
        i, j, similarity = i[keep], j[keep], similarity[keep]
        found = _judge_all(block[0].kind, similarity, low[i], high[i], low[j], high[j], exact[i] & exact[j],
                           confirmed[i] | confirmed[j])
        related = found > 0
        rows += [(a, b, RELATIONS[rel], round(sim, 3)) for a, b, rel, sim in zip(
            claim_id[i[related]].tolist(), claim_id[j[related]].tolist(), found[related].tolist(),
            similarity[related].tolist())]
    return rows


def _judge_all(kind: str, similarity, low_a, high_a, low_b, high_b, both_exact, any_confirmed):
    """:func:`~claimledger.provenance._judge` (with ``values_agree`` and ``_apart``) for
    arrays of pairs: 0 (no relation), 1 (same) or 2 (contradicts).
    tests/test_properties.py checks that the two judge every pair alike."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "date":
            has_low, has_high = ~np.isnan(low_a) & ~np.isnan(low_b), ~np.isnan(high_a) & ~np.isnan(high_b)
            slack = np.where(np.isnan(low_a) & np.isnan(low_b), 366.0, 0.0)
            close = (~has_low | (np.abs(low_a - low_b) <= slack)) & (~has_high | (np.abs(high_a - high_b) <= slack))
            # or a day inside a month the other names: either way round
            a_outer = (low_a <= low_b) & (high_b <= high_a)
            outer_low, outer_high = np.where(a_outer, low_a, low_b), np.where(a_outer, high_a, high_b)
            inner_low, inner_high = np.where(a_outer, low_b, low_a), np.where(a_outer, high_b, high_a)
            inside = (has_low & has_high & (outer_low <= inner_low) & (inner_high <= outer_high)
                      & (outer_high - outer_low <= 31))
            agree = (has_low | has_high) & (close | inside)
            one_day = (low_a == high_a) & (high_a == low_b) & (low_b == high_b)
            same_at = np.where(one_day, SAME_CONTEXT["day"], SAME_CONTEXT["date"])
            apart = ~any_confirmed & has_high
        else:
            share = np.where(both_exact, VALUE_TOLERANCE, APPROXIMATE_TOLERANCE)
            tolerance = share * np.maximum(np.maximum(np.abs(high_a), np.abs(high_b)), 1.0)
            agree = (low_a <= high_b + tolerance) & (low_b <= high_a + tolerance)
            same_at = SAME_CONTEXT[kind]
            ratio = np.abs(low_a) / np.abs(low_b)
            apart = (low_a != 0) & (low_b != 0) & (1 / CONFLICT_RATIO <= ratio) & (ratio <= CONFLICT_RATIO)
        same = agree & (similarity >= same_at)
        contradicts = ~agree & (similarity >= CONFLICT_CONTEXT) & apart
    return np.where(same, 1, np.where(contradicts, 2, 0))


class _Postings:
    """Which claims of a block hold each term (a word, a name), and for a
    slice of the claims, how many terms each shares with every claim."""

    def __init__(self, terms_of: list[list[str] | set[str]]) -> None:
        self.n = n = len(terms_of) if any(terms_of) else 0
        if not n:
            return
        ids: dict[str, int] = {}
        terms = np.array([ids.setdefault(t, len(ids)) for ts in terms_of for t in ts], np.int64)
        claims = np.repeat(np.arange(n), [len(ts) for ts in terms_of])
        self.first = np.searchsorted(claims, np.arange(n + 1))  # each claim's terms: terms[first[i]:first[i + 1]]
        self.terms = terms
        order = np.argsort(terms, kind="stable")
        self.holders = claims[order]  # each term's claims: holders[starts[t]:starts[t + 1]]
        self.starts = np.searchsorted(terms[order], np.arange(len(ids) + 1))
        self.reads = np.bincount(claims, np.diff(self.starts)[terms], minlength=n)  # postings a claim's terms hold

    def slices(self, rows):
        """``rows`` in slices small enough to count at once (PAIR_CELLS)."""
        cost = np.maximum(self.reads[rows], self.n)
        start = 0
        while start < len(rows):
            end = start + max(1, int(np.searchsorted(np.cumsum(cost[start:]), PAIR_CELLS, side="right")))
            yield rows[start:end]
            start = end

    def shared(self, rows):
        """A ``len(rows)`` × ``n`` array: how many terms each of ``rows`` shares with each claim."""
        # the terms of each of rows, then the claims holding each of those terms
        slot, entries = _spread(np.arange(len(rows)), self.first[rows], self.first[rows + 1])
        term = self.terms[entries]
        pick, at = _spread(slot, self.starts[term], self.starts[term + 1])
        cells = pick * self.n + self.holders[at]
        return np.bincount(cells, minlength=len(rows) * self.n).reshape(len(rows), self.n)


def _spread(labels, starts, ends):
    """Each label repeated once per index of its range ``starts[k]:ends[k]``,
    with those indices: ``([l0, l0, l1], [s0, s0 + 1, s1])``."""
    lengths = ends - starts
    total = int(lengths.sum())
    skip = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.repeat(labels, lengths), np.arange(total) + skip
