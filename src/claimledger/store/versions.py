"""Article versions: find each claim of an earlier version again in the new text.

Every claim keeps its anchor as a quote with the 32 characters before and
after it, the idea of the W3C Web Annotation ``TextQuoteSelector``.  Offsets
move when an editor adds a paragraph; the quote and its surroundings do not,
so they re-find the claim.  A claim whose quote is gone but whose
surroundings are still there was *changed* ("a target of 90,000 units" →
"a target of 100,000 units"); one with neither *disappeared*; a new claim
nothing maps to *appeared*.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

CONTEXT_CHARS = 32
# rapidfuzz ratios (0..100) for "these are the same surroundings"
SAME_PLACE = 60
CHANGED_PLACE = 75
VALUE_FIELDS = ("status", "number", "number_high", "unit", "qualifier", "date_start", "date_end", "quote")


def selector(text: str, start: int, end: int) -> dict[str, str]:
    """The TextQuoteSelector for ``text[start:end]``."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS): start],
        "suffix": text[end: end + CONTEXT_CHARS],
    }


def _place_score(prefix: str, suffix: str, other_prefix: str, other_suffix: str) -> float:
    """How alike two sets of surroundings are: the better of the two sides,
    so an edit on one side of a claim does not lose it."""
    from rapidfuzz import fuzz  # here: only writing a version needs it, and every command imports the store

    return max(fuzz.ratio(prefix, other_prefix), fuzz.ratio(suffix, other_suffix))


def refind(exact: str, prefix: str, suffix: str, text: str) -> tuple[int, int] | None:
    """Where a quote stands in ``text``: of every occurrence of ``exact``, the
    one whose surroundings match best; ``None`` when the quote is gone or
    every occurrence stands somewhere else."""
    best, best_score = None, -1.0
    for m in re.finditer(re.escape(exact), text):
        start, end = m.span()
        here = selector(text, start, end)
        score = _place_score(prefix, suffix, here["prefix"], here["suffix"])
        if score > best_score:
            best, best_score = (start, end), score
    return best if best is not None and best_score >= SAME_PLACE else None


def _value(claim: dict[str, Any]) -> tuple:
    return tuple(claim.get(k) for k in VALUE_FIELDS)


def _describe(old: dict[str, Any], new: dict[str, Any]) -> str:
    parts = []
    if old["surface"] != new["surface"]:
        parts.append(f"{old['surface']!r} → {new['surface']!r}")
    if old.get("status") != new.get("status"):
        parts.append(f"{old.get('status')} → {new.get('status')}")
    return "; ".join(parts) or "value read differently"


def diff(old_claims: Iterable[dict[str, Any]], new_claims: Iterable[dict[str, Any]], new_text: str
         ) -> list[dict[str, Any]]:
    """One row per claim of either version: ``unchanged``, ``changed``,
    ``disappeared`` or ``appeared``, with both claim ids where they exist.

    Claims need ``id``, ``kind``, ``surface``, ``span_start``, ``span_end``,
    ``quote_prefix``, ``quote_suffix`` and the value fields.
    """
    new_claims = list(new_claims)
    by_span = {(c["kind"], c["span_start"], c["span_end"]): c for c in new_claims}
    taken: set[int] = set()
    rows = []
    unmatched = []
    for old in old_claims:
        where = refind(old["surface"], old["quote_prefix"] or "", old["quote_suffix"] or "", new_text)
        new = by_span.get((old["kind"], *where)) if where else None
        if new is not None and new["id"] not in taken:
            taken.add(new["id"])
            change = "unchanged" if _value(old) == _value(new) else "changed"
            rows.append(_row(change, old, new))
        else:
            unmatched.append(old)
    # a quote that is gone may have been edited where it stands: same kind, same surroundings
    for old in unmatched:
        candidates = [
            (_place_score(old["quote_prefix"] or "", old["quote_suffix"] or "", c["quote_prefix"], c["quote_suffix"]), c)
            for c in new_claims if c["kind"] == old["kind"] and c["id"] not in taken
        ]
        score, new = max(candidates, key=lambda sc: sc[0], default=(0.0, None))
        if new is not None and score >= CHANGED_PLACE:
            taken.add(new["id"])
            rows.append(_row("changed", old, new))
        else:
            rows.append(_row("disappeared", old, None))
    rows.extend(_row("appeared", None, c) for c in new_claims if c["id"] not in taken)
    return rows


def _row(change: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "change": change,
        "previous_claim_id": old["id"] if old else None,
        "claim_id": new["id"] if new else None,
        "detail": _describe(old, new) if change == "changed" else None,
    }
