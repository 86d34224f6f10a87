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
    CONFLICT_RATIO,
    EVENT_CONTEXT,
    FEWEST_TO_CONFLICT,
    LOWEST_CONTEXT,
    PAST_EVENT_CONTEXT,
    SAME_CONTEXT,
    SCHEDULE_SLIP,
    SPAN_DAYS,
    VALUE_TOLERANCE,
    conflict_context,
    event_key,
    restates,
    rounding,
    same_context,
    scoped,
)
from .signature import Signature, year_end

# a block's candidate pairs are counted in slices of new claims, each slice
# holding at most this many (new claim, block claim) cells or posting reads:
# linking 1,000 benchmark articles peaks at 103 MiB with slices this size and
# at 227 MiB with sixteen times larger ones, in the same time
PAIR_CELLS = 1 << 18


def block_pairs(block: list[Signature], name: str | None, new: list[bool], *,
                every_pair: bool = False) -> list[tuple[int, int, str, float]]:
    """The related pairs of one block of dates or figures (claims of one
    kind and measure that name ``name``) in which at least one claim is
    ``new``: what :func:`relation` finds, judged for the whole block at once
    with numpy, as rows of ``claim_pairs`` (claim ids, relation, context
    similarity to three places).

    The new claims are taken an article at a time and compared with the
    claims before them: the stored ones (representatives of their groups)
    and the new ones of earlier articles that nothing before them states, so
    a story many new articles repeat is compared as one claim (with
    ``every_pair``, every new claim of earlier articles: what the tests
    compare with :func:`relation` pair by pair).  Claims of
    one article never relate, so an article with thousands of claims in one
    block costs its claims times the others, not its claims squared.  Two claims relate only if they share a context
    word (both thresholds are above zero), so an index of the earlier
    claims' words gives each claim its candidates and, counted, how many
    words each shares with it.  A pair sharing several names is judged once,
    in the block of the first name they share."""
    n = len(block)
    if n < 2 or not any(new):
        return []
    by_article: dict[int, list[int]] = {}
    for i, s in enumerate(block):
        if new[i]:
            by_article.setdefault(s.article_id, []).append(i)
    stored = [i for i in range(n) if not new[i]]
    rows: list[tuple[int, int, str, float]] = []
    arrays = _Columns(block)
    placed: set[int] = set()
    if stored and not every_pair:
        # every new claim against the stored ones at once; one found the same
        # as a stored claim is represented by it from then on
        rows += _pairs(block, arrays, name, np.array([i for i in range(n) if new[i]]), np.array(stored))
        placed = {a for a, _, relation, _ in rows if relation == "same"}
        stored = []
    earlier = stored
    for article_rows in by_article.values():
        found = _pairs(block, arrays, name, np.array(article_rows), np.array(earlier)) if earlier else []
        rows += found
        # only the claims nothing earlier states are compared with the next articles
        placed |= set() if every_pair else {a for a, _, relation, _ in found if relation == "same"}
        earlier += [i for i in article_rows if block[i].claim_id not in placed]
    return rows


class _Columns:
    """A block's claims as arrays, one entry a claim."""

    def __init__(self, block: list[Signature]) -> None:
        n = len(block)
        periods: dict[str, int] = {}
        column = np.fromiter
        self.claim_id = column((s.claim_id for s in block), np.int64, n)
        self.article = column((s.article_id for s in block), np.int64, n)
        self.period = column((-1 if s.period is None else periods.setdefault(s.period, len(periods))
                              for s in block), np.int64, n)
        self.size = column((len(s.context) for s in block), np.float64, n)
        self.low = column((np.nan if s.low is None else s.low for s in block), np.float64, n)
        self.high = column((np.nan if s.high is None else s.high for s in block), np.float64, n)
        # how far a figure told as approximate may be from the one it rounds ("about $590 million": $5 million)
        self.rounding = column((rounding(s.high) if s.kind == "number" and s.qualifier != "=" and s.high is not None
                                else 0.0 for s in block), np.float64, n)
        self.settled = column((s.settled for s in block), bool, n)
        # a deadline of a whole year ("by 2030"), which may be read a year either way
        self.yearly = column((s.kind == "date" and s.low is None and s.high is not None and year_end(s.high)
                              for s in block), bool, n)
        events: dict[str, int] = {}
        self.event = column((-1 if (key := event_key(s)) is None else events.setdefault(key, len(events))
                             for s in block), np.int64, n)


def _pairs(block: list[Signature], c: _Columns, name: str | None, rows, cols) -> list[tuple[int, int, str, float]]:
    """The related pairs of each claim of ``rows`` with each of ``cols`` from another article."""
    words = _Postings([block[j].context for j in cols], [block[i].context for i in rows])
    if not words.n:
        return []
    earlier = (_Postings([[e for e in block[j].entities if e < name] for j in cols],
                         [[e for e in block[i].entities if e < name] for i in rows]) if name is not None else None)
    # the figures written beside each date: one shared makes a date as precise as a short span
    figures = None
    if block[0].kind == "date":
        figures = _Postings([[w for w in block[j].context if w[0] == "#"] for j in cols],
                            [[w for w in block[i].context if w[0] == "#"] for i in rows])
    found: list[tuple[int, int, str, float]] = []
    for part in words.slices():
        shared = words.shared(part)
        slot, k = np.nonzero(shared)
        i, j = rows[part[slot]], cols[k]
        # what relation() checks, less what the block guarantees (one kind, one measure, a shared name)
        keep = (c.article[i] != c.article[j]) & ((c.period[i] == c.period[j]) | (c.period[i] < 0) | (c.period[j] < 0))
        similarity = shared[slot, k] / np.minimum(c.size[i], c.size[j])
        keep &= similarity >= LOWEST_CONTEXT
        if earlier is not None and earlier.n:
            keep &= earlier.shared(part)[slot, k] == 0
        figure = (figures.shared(part)[slot, k] > 0 if figures is not None and figures.n
                  else np.zeros(len(slot), bool))
        i, j, similarity, figure = i[keep], j[keep], similarity[keep], figure[keep]
        # two dates that may be of one event: what they are of is checked pair by pair after
        event = (c.event[i] == c.event[j]) & (c.event[i] >= 0)
        judged = _judge_all(block[0].kind, similarity, c.low[i], c.high[i], c.low[j], c.high[j],
                            np.maximum(c.rounding[i], c.rounding[j]), c.settled[i], c.settled[j], figure, event,
                            c.yearly[i] & c.yearly[j])
        related = np.nonzero(judged > 0)[0]
        for k, rel in zip(related.tolist(), judged[related].tolist()):
            # the values relate them; what each measures decides (few pairs get here)
            x, y = block[i[k]], block[j[k]]
            if similarity[k] < (conflict_context(x, y) if rel == 2 else same_context(x, y)):
                continue  # sharing too few words for what the two measure
            found_relation = scoped(x, y) if rel == 2 else ("same" if restates(x, y) else None)
            if found_relation:
                found.append((x.claim_id, y.claim_id, found_relation, round(float(similarity[k]), 3)))
    return found


def _judge_all(kind: str, similarity, low_a, high_a, low_b, high_b, rounded, settled_a, settled_b,
               shared_figure, one_event, both_yearly):
    """:func:`~claimledger.provenance._judge` (with ``values_agree`` and ``_apart``) for
    arrays of pairs: 0 (no relation), 1 (same, when :func:`restates` agrees)
    or 2 (values apart: a contradiction or a broken projection when what they
    measure agrees, :func:`~claimledger.provenance.relations.scoped`).
    tests/test_properties.py checks that the two judge every pair alike."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "date":
            has_low, has_high = ~np.isnan(low_a) & ~np.isnan(low_b), ~np.isnan(high_a) & ~np.isnan(high_b)
            slack = np.where(both_yearly, 366.0, 0.0)  # two deadlines of whole years a year apart
            close = (~has_low | (np.abs(low_a - low_b) <= slack)) & (~has_high | (np.abs(high_a - high_b) <= slack))
            # or a day inside a month the other names: either way round
            a_outer = (low_a <= low_b) & (high_b <= high_a)
            outer_low, outer_high = np.where(a_outer, low_a, low_b), np.where(a_outer, high_a, high_b)
            inner_low, inner_high = np.where(a_outer, low_b, low_a), np.where(a_outer, high_b, high_a)
            nested = has_low & has_high & (outer_low <= inner_low) & (inner_high <= outer_high)
            # (or, both past, inside a longer one: "on Monday" / "in 2029")
            inside = nested & ((outer_high - outer_low <= 31) | settled_a & settled_b)
            # a deadline and a period ending on its day are two statements ("by 2030" / "in 2030")
            shapes_differ = (np.isnan(low_a) != np.isnan(low_b)) & ~np.isnan(high_a) & ~np.isnan(high_b)
            # ... unless the period is a season or less: "by mid-2026" / "the middle of 2026"
            span = np.where(np.isnan(low_a), high_b - low_b, high_a - low_a)
            told_alike = shapes_differ & (high_a == high_b) & (span <= SPAN_DAYS)
            agree = (has_low | has_high) & (((close | inside) & ~shapes_differ) | told_alike)
            one_day = (low_a == high_a) & (high_a == low_b) & (low_b == high_b)
            one_span = (has_low & has_high & (np.maximum(high_a - low_a, high_b - low_b) <= SPAN_DAYS)
                        | shared_figure | told_alike)
            same_at = np.where(one_day, SAME_CONTEXT["day"],
                               np.where(one_span, SAME_CONTEXT["span"], SAME_CONTEXT["date"]))
            same_at = np.where(one_event, np.minimum(same_at, np.where(settled_a & settled_b, PAST_EVENT_CONTEXT,
                                                                           EVENT_CONTEXT)), same_at)
            apart = ~(settled_a | settled_b) & has_high & ~nested  # a date inside the other is a finer statement of it
            apart &= np.abs(high_a - high_b) <= SCHEDULE_SLIP
        else:
            tolerance = np.maximum(VALUE_TOLERANCE * np.maximum(np.abs(high_a), np.abs(high_b)), rounded)
            agree = (low_a <= high_b + tolerance) & (low_b <= high_a + tolerance)
            same_at = SAME_CONTEXT[kind]
            ratio = np.abs(low_a) / np.abs(low_b)
            apart = (low_a != 0) & (low_b != 0) & (1 / CONFLICT_RATIO <= ratio) & (ratio <= CONFLICT_RATIO)
        same = agree & (similarity >= same_at)
        # numbers that name one measure, dates that name one milestone, need fewer shared words
        # (checked pair by pair after)
        contradicts = ~agree & (similarity >= FEWEST_TO_CONFLICT[kind]) & apart
    return np.where(same, 1, np.where(contradicts, 2, 0))


class _Postings:
    """Which of a set of claims (the columns) hold each term (a word, a
    name), and for a slice of other claims (the rows), how many terms each
    shares with every column."""

    def __init__(self, column_terms: list, row_terms: list) -> None:
        self.n = n = len(column_terms) if any(column_terms) else 0
        self.rows = len(row_terms)
        if not n:
            return
        ids: dict[str, int] = {}
        terms = np.array([ids.setdefault(t, len(ids)) for ts in column_terms for t in ts], np.int64)
        holders = np.repeat(np.arange(n), [len(ts) for ts in column_terms])
        order = np.argsort(terms, kind="stable")
        self.holders = holders[order]  # each term's columns: holders[starts[t]:starts[t + 1]]
        self.starts = np.searchsorted(terms[order], np.arange(len(ids) + 1))
        # each row's terms the columns hold (a term no column holds cannot be shared)
        known = [[ids[t] for t in ts if t in ids] for ts in row_terms]
        self.row_terms = np.array([t for ts in known for t in ts], np.int64)
        self.first = np.concatenate([[0], np.cumsum([len(ts) for ts in known])]).astype(np.int64)
        per_term = np.diff(self.starts)
        self.reads = np.bincount(np.repeat(np.arange(self.rows), np.diff(self.first)), per_term[self.row_terms],
                                 minlength=self.rows) if len(self.row_terms) else np.zeros(self.rows)

    def slices(self):
        """The rows in slices small enough to count at once (PAIR_CELLS)."""
        cost = np.maximum(self.reads, self.n)
        start = 0
        while start < self.rows:
            end = start + max(1, int(np.searchsorted(np.cumsum(cost[start:]), PAIR_CELLS, side="right")))
            yield np.arange(start, min(end, self.rows))
            start = end

    def shared(self, part):
        """A ``len(part)`` × ``n`` array: how many terms each row of ``part`` shares with each column."""
        slot, entries = _spread(np.arange(len(part)), self.first[part], self.first[part + 1])
        term = self.row_terms[entries]
        pick, at = _spread(slot, self.starts[term], self.starts[term + 1])
        cells = pick * self.n + self.holders[at]
        return np.bincount(cells, minlength=len(part) * self.n).reshape(len(part), self.n)


def _spread(labels, starts, ends):
    """Each label repeated once per index of its range ``starts[k]:ends[k]``,
    with those indices: ``([l0, l0, l1], [s0, s0 + 1, s1])``."""
    lengths = ends - starts
    total = int(lengths.sum())
    skip = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.repeat(labels, lengths), np.arange(total) + skip
