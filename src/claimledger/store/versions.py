"""Article versions: find each claim of an earlier version again in the new text.

The two texts are aligned sentence by sentence (difflib over sentences), so
a claim is looked for where its sentence went: kept, moved, edited or gone.

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


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether the article says the same: the same value, or the same words in
    the same sentence, read against another present ('the highest since 2019'
    ends on the day each version was published)."""
    if _value(old) == _value(new):
        return True
    return (old["surface"] == new["surface"] and old.get("status") == new.get("status")
            and old.get("sentence") is not None and _norm(old["sentence"]) == _norm(new.get("sentence") or ""))


def _describe(old: dict[str, Any], new: dict[str, Any]) -> str:
    parts = []
    if old["surface"] != new["surface"]:
        parts.append(f"{old['surface']!r} → {new['surface']!r}")
    if old.get("status") != new.get("status"):
        parts.append(f"{old.get('status')} → {new.get('status')}")
    return "; ".join(parts) or "value read differently"


SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+|\n\s*")


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence or line of ``text``, a cut at every
    sentence-ending mark followed by space and at every line break.  Both
    versions are cut alike, so a cut in the wrong place still aligns."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start: m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _norm(text: str) -> str:
    return " ".join(text.split())


EDITED_SENTENCE = 60  # rapidfuzz ratio (0..100) above which a sentence that changed is the same one edited


def align(old_text: str, new_text: str) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]], str]]:
    """The two texts' sentences aligned: ``(old sentences, new sentences,
    how)``.  difflib over the sentences finds the ones kept in order
    (``equal``); of the others, a sentence with the same words elsewhere was
    ``moved`` and one most like another (a ratio of EDITED_SENTENCE or more)
    was edited in place (``replace``), each pair one sentence each; what is
    left is ``rest`` (old sentences gone and new ones written, together),
    ``delete`` or ``insert``."""
    from difflib import SequenceMatcher

    from rapidfuzz import fuzz

    old, new = sentences(old_text), sentences(new_text)
    old_words = [_norm(old_text[a:b]) for a, b in old]
    new_words = [_norm(new_text[a:b]) for a, b in new]
    blocks: list[tuple[list, list, str]] = []
    gone, written = [], []
    for how, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if how == "equal":
            blocks += [([old[i]], [new[j]], "equal") for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            gone += range(i1, i2)
            written += range(j1, j2)
    for i in list(gone):
        j = next((j for j in written if new_words[j] == old_words[i]), None)
        if j is not None:
            blocks.append(([old[i]], [new[j]], "moved"))
            gone.remove(i)
            written.remove(j)
    scored = sorted(((fuzz.ratio(old_words[i], new_words[j]), i, j) for i in gone for j in written), reverse=True)
    for score, i, j in scored:
        if score < EDITED_SENTENCE:
            break
        if i in gone and j in written:
            blocks.append(([old[i]], [new[j]], "replace"))
            gone.remove(i)
            written.remove(j)
    rest = ([old[i] for i in gone], [new[j] for j in written])
    if rest[0] or rest[1]:
        blocks.append((*rest, "rest" if rest[0] and rest[1] else "delete" if rest[0] else "insert"))
    return blocks


def diff(old_claims: Iterable[dict[str, Any]], new_claims: Iterable[dict[str, Any]], new_text: str,
         old_text: str | None = None) -> list[dict[str, Any]]:
    """One row per claim of either version: ``unchanged``, ``changed``,
    ``disappeared`` or ``appeared``, with both claim ids where they exist.

    With ``old_text``, the two texts are aligned sentence by sentence first
    (:func:`align`): a claim of a sentence kept or moved is found at the
    same place in it; one of an edited sentence by its quote and
    surroundings within the sentence that replaced it, else it is the
    claim of its kind in the same order there, edited (``changed``); one of
    a sentence gone is looked for the same way among the new sentences no
    old one became, else it ``disappeared``.  A changed value in the same place
    is never a disappearance and an unrelated pairing.  Without the old
    text, each claim is re-found by its quote and surroundings in the whole
    new text, and a quote that is gone is paired with the new claim of the
    same kind whose surroundings are most alike.

    Claims need ``id``, ``kind``, ``surface``, ``span_start``, ``span_end``,
    ``quote_prefix``, ``quote_suffix`` and the value fields.
    """
    old_claims, new_claims = list(old_claims), list(new_claims)
    if old_text is None:
        return _diff_by_quotes(old_claims, new_claims, new_text)
    by_span = {(c["kind"], c["span_start"], c["span_end"]): c for c in new_claims}
    taken: set[int] = set()
    rows: list[dict[str, Any]] = []

    def pair(old: dict[str, Any], new: dict[str, Any], change: str | None = None) -> None:
        taken.add(new["id"])
        rows.append(_row(change or ("unchanged" if _same(old, new) else "changed"), old, new))

    def inside(claim: dict[str, Any], spans: list[tuple[int, int]]) -> bool:
        return any(a <= claim["span_start"] < b for a, b in spans)

    for olds, news, how in align(old_text, new_text):
        mine = [c for c in old_claims if inside(c, olds)]
        theirs = [c for c in new_claims if inside(c, news)]
        left = []
        for old in mine:
            if how in ("equal", "moved"):
                shift = news[0][0] - olds[0][0]
                new = by_span.get((old["kind"], old["span_start"] + shift, old["span_end"] + shift))
                if new is None:  # the same words, read differently: the claim of that kind overlapping it
                    new = next((c for c in theirs if c["kind"] == old["kind"] and c["id"] not in taken
                                and c["span_start"] < old["span_end"] + shift
                                and old["span_start"] + shift < c["span_end"]), None)
            elif how == "replace":
                new = _where_edited(old, theirs, old_text, new_text, olds[0], news[0], taken)
            else:
                new = _refind_among(old, theirs, new_text, taken)
            if new is not None and new["id"] not in taken:
                pair(old, new)
            else:
                left.append(old)
        # an edited sentence: what is left of each kind pairs up in order
        for kind in dict.fromkeys(c["kind"] for c in left):
            olds_left = [c for c in left if c["kind"] == kind]
            news_left = [c for c in theirs if c["kind"] == kind and c["id"] not in taken]
            if how == "replace" and len(olds_left) == len(news_left):
                for old, new in zip(olds_left, news_left):
                    pair(old, new, "changed")
            else:
                for old in olds_left:
                    new = _closest(old, news_left, taken) if how in ("replace", "rest") else None
                    if new is not None:
                        pair(old, new, "changed")
                    else:
                        rows.append(_row("disappeared", old, None))
    rows.extend(_row("appeared", None, c) for c in new_claims if c["id"] not in taken)
    return rows


WORD = re.compile(r"\w+|[^\w\s]")


def _word_edits(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes over the words of two versions of a sentence, as
    character ranges: ``(how, old start, old end, new start, new end)``."""
    from difflib import SequenceMatcher

    a, b = list(WORD.finditer(old)), list(WORD.finditer(new))

    def chars(tokens: list, i: int, j: int, text: str) -> tuple[int, int]:
        if i < j:
            return tokens[i].start(), tokens[j - 1].end()
        at = tokens[i].start() if i < len(tokens) else len(text)
        return at, at

    edits = []
    for how, i1, i2, j1, j2 in SequenceMatcher(None, [m.group() for m in a], [m.group() for m in b],
                                               autojunk=False).get_opcodes():
        edits.append((how, *chars(a, i1, i2, old), *chars(b, j1, j2, new)))
    return edits


def _where_edited(old: dict[str, Any], candidates: list[dict[str, Any]], old_text: str, new_text: str,
                  old_sentence: tuple[int, int], new_sentence: tuple[int, int], taken: set[int]
                  ) -> dict[str, Any] | None:
    """The claim of an edited sentence that stands where ``old`` stood,
    by the sentence's words aligned: at its words' new place when they were
    kept, else among the words that replaced them."""
    o0, n0 = old_sentence[0], new_sentence[0]
    start, end = old["span_start"] - o0, old["span_end"] - o0
    edits = [e for e in _word_edits(old_text[o0: old_sentence[1]], new_text[n0: new_sentence[1]])
             if e[1] < end and start < e[2]]
    if not edits:
        return None
    if all(how == "equal" for how, *_ in edits):
        first, last = edits[0], edits[-1]
        lo, hi = first[3] + start - first[1], last[3] + end - last[1]
    else:
        changed = [e for e in edits if e[0] != "equal"]
        lo, hi = changed[0][3], max(changed[-1][4], changed[0][3] + 1)
    for c in candidates:
        if (c["kind"] == old["kind"] and c["id"] not in taken
                and c["span_start"] - n0 < hi and lo < c["span_end"] - n0):
            return c
    return None


def _refind_among(old: dict[str, Any], candidates: list[dict[str, Any]], new_text: str,
                  taken: set[int]) -> dict[str, Any] | None:
    """The candidate standing where ``old``'s quote is found again, by its
    surroundings, among the candidates' places."""
    best, best_score = None, -1.0
    for c in candidates:
        if c["id"] in taken or c["kind"] != old["kind"] or c["surface"] != old["surface"]:
            continue
        here = selector(new_text, c["span_start"], c["span_end"])
        score = _place_score(old["quote_prefix"] or "", old["quote_suffix"] or "", here["prefix"], here["suffix"])
        if score > best_score:
            best, best_score = c, score
    return best if best_score >= SAME_PLACE else None


def _closest(old: dict[str, Any], candidates: list[dict[str, Any]], taken: set[int]) -> dict[str, Any] | None:
    """Of the claims an edited sentence now holds, the one of ``old``'s kind
    whose surroundings are most like its own (a rapidfuzz ratio of
    CHANGED_PLACE or more)."""
    scored = [(_place_score(old["quote_prefix"] or "", old["quote_suffix"] or "", c["quote_prefix"] or "",
                            c["quote_suffix"] or ""), c) for c in candidates if c["id"] not in taken]
    score, new = max(scored, key=lambda sc: sc[0], default=(0.0, None))
    return new if score >= CHANGED_PLACE else None


def _diff_by_quotes(old_claims: list[dict[str, Any]], new_claims: list[dict[str, Any]], new_text: str
                    ) -> list[dict[str, Any]]:
    """:func:`diff` without the old text: each claim re-found by its quote
    and surroundings in the whole new text."""
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
        new = _closest(old, [c for c in new_claims if c["kind"] == old["kind"]], taken)
        if new is not None:
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
