"""The desk's markup: a claim's anchor marked in its sentence, a status as a label.

Offsets are Python string indices, which are code points, and everything is
cut in Python, so no JavaScript ever touches them.  All text is escaped;
only the markup built here is trusted.
"""
from __future__ import annotations

from typing import Any, Iterable

from markupsafe import Markup, escape

STATUSES = ("confirmed", "projected", "unknown")


def status_label(status: str) -> Markup:
    return Markup('<span class="cl-status cl-{0}">{0}</span>').format(status)


def _mark_open(claim_id: int | None, status: str | None, href: str | None) -> Markup:
    attrs = Markup(' class="cl-{}"').format(status) if status in STATUSES else Markup("")
    if claim_id is not None:
        attrs += Markup(' id="claim-{0}" title="claim {0}: {1}"').format(claim_id, status or "")
    return Markup("<mark{}>").format(attrs) + (Markup('<a href="{}">').format(href) if href else Markup(""))


def _mark_close(href: str | None) -> Markup:
    return Markup("</a></mark>" if href else "</mark>")


def highlight(text: str, spans: Iterable[tuple[int, int, int | None, str | None, str | None]],
              lo: int = 0, hi: int | None = None) -> Markup:
    """``text[lo:hi]`` escaped, with each ``(start, end, claim_id, status, href)``
    span wrapped in ``<mark>``.  A span inside another nests; one that
    crosses the end of another is cut at that end."""
    hi = len(text) if hi is None else hi
    spans = sorted((s for s in spans if lo <= s[0] < hi and s[1] > s[0]), key=lambda s: (s[0], -s[1]))
    out, pos, i = [], lo, 0
    while i < len(spans):
        start, end, claim_id, status, href = spans[i]
        if start < pos:  # crosses the span just closed
            i += 1
            continue
        end = min(end, hi)
        j = i + 1
        while j < len(spans) and spans[j][0] < end:
            j += 1
        out += [escape(text[pos:start]), _mark_open(claim_id, status, href),
                highlight(text, spans[i + 1: j], start, end), _mark_close(href)]
        pos, i = end, j
    out.append(escape(text[pos:hi]))
    return Markup("").join(out)


def _anchor(row: Any) -> tuple[int, int] | None:
    """The anchor's offsets within ``row["sentence"]``, when the row has them."""
    keys = set(row.keys())
    if {"span_start", "span_end", "sentence_start"} <= keys:
        return row["span_start"] - row["sentence_start"], row["span_end"] - row["sentence_start"]
    if {"anchor_start", "anchor_end"} <= keys:
        return row["anchor_start"], row["anchor_end"]
    return None


def marked_sentence(row: Any) -> Markup | None:
    anchor = _anchor(row)
    sentence = row["sentence"]
    if anchor is None or not isinstance(sentence, str) or None in anchor:
        return None
    start, end = anchor
    if not 0 <= start < end <= len(sentence):
        return None
    status = row["status"] if "status" in row.keys() else None
    return Markup('<span class="cl-sentence">{}</span>').format(highlight(sentence, [(start, end, None, status, None)]))
