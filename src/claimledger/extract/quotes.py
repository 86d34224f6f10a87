"""Quotations: where reported words begin and end, and which quoted text is not reported speech.

Marks are paired by a scan of each paragraph, not by a pattern per kind of
mark, because real news mixes them: straight and curly marks in one
quotation (“…" or "…”), two apostrophes for a double mark (''…''), a
quotation nested in another with other marks ("… “too loud” …"), and a
quotation running over several paragraphs, each opening with a mark and
only the last one closing.  Each paragraph of such a quotation is a segment
of its own (CLAIMS.md: a quote is the text between the marks); the discourse
model (:mod:`claimledger.extract.discourse`) joins them again.

Quoted text that is not someone's reported words is left out: names and
titles (“Chicken Tax”, "Face the Nation"), text inside markup
(``<tweet author="…">``), and scare quotes: a word or two marked as a
coinage or a term inside a noun phrase (a "philanthropub", “quack” medical
cures) that no verb of saying governs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .lexicon import REPORTING_VERBS, STANCE_VERBS, WORK_NOUNS

PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# '' and `` are the double marks of typewriter and TeX-style text
DOUBLE_MARKS = re.compile(r"''|``|[“”\"]")
SINGLE_PAIR = re.compile(r"(?<![\w‘’])‘([^‘’\n]{1,3000}?)’(?![\w])")
TRAILING = ".,;:!?…—– \n\t"
OPENERS = "([{—–-/ \n\t"
# Words that introduce a name or term rather than reported words.
NAMING_WORDS = {"so-called", "dubbed", "nicknamed", "branded", "named", "titled", "the", "its", "their",
                "his", "her", "our", "known", "codenamed", "labelled", "labeled"}
# Lower-case words a title keeps between its capitalised ones ("State of the Union").
TITLE_FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "for", "to", "with", "from", "by", "&"}
SCARE_QUOTE_WORDS = 3


@dataclass(frozen=True)
class Quotation:
    """One quoted segment: ``start``/``end`` are the claim's span (inside
    the marks, trailing punctuation excluded); ``open`` is where the opening
    mark stands and ``close`` where the closing mark ends, or ``None`` when
    the quotation runs on into the next paragraph."""

    start: int
    end: int
    open: int
    close: int | None

    @property
    def outer_end(self) -> int:
        return self.close if self.close is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs: text between blank lines."""
    spans, start = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _role(text: str, start: int, end: int) -> str:
    mark = text[start:end]
    if mark in ("“", "``"):
        return "open"
    if mark == "”":
        return "close"
    return "either"


def _can_open(text: str, start: int, end: int, floor: int) -> bool:
    before = text[start - 1] if start > floor else " "
    after = text[end] if end < len(text) else " "
    return (before in OPENERS or before in "“\"'‘") and not after.isspace()


def _can_close(text: str, start: int, floor: int) -> bool:
    return start > floor and not text[start - 1].isspace()


def _at_line_start(text: str, index: int, floor: int) -> bool:
    line = text.rfind("\n", floor, index)
    return index == floor or (line >= 0 and not text[line + 1: index].strip())


Run = tuple[int, int, int, "int | None"]


def _scan(text: str, p0: int, p1: int) -> tuple[list[Run], tuple[str, int, int] | None, list[Run]]:
    """Outermost quoted runs of one paragraph as (mark start, inner start,
    inner end, closing mark end or None for a run-on); the opening mark
    (family, start, end) of a quotation left open at its end; and the runs
    closed inside that one, which stand for themselves when it turns out
    to be no quotation."""
    found: list[Run] = []
    inner: list[Run] = []
    stack: list[tuple[str, int, int]] = []  # (glyph family, mark start, mark end)
    for m in DOUBLE_MARKS.finditer(text, p0, p1):
        s, e = m.span()
        role = _role(text, s, e)
        family = "curly" if role != "either" else "straight"
        if stack and role != "close" and _at_line_start(text, s, p0) and _can_open(text, s, e, p0):
            # a mark opening a line while a quotation is open: that one ran on
            # to the end of the line before (paragraphs one line each)
            _, os_, oe = stack[0]
            found.append((os_, oe, text.rfind("\n", p0, s), None))
            stack, inner = [], []
            role = "open"
        line_end = text.find("\n", e, p1)
        if role == "close" and not stack and _at_line_start(text, s, p0) and "”" in text[e: line_end if line_end >= 0 else p1]:
            role = "open"  # a closing glyph typed for an opening one at the start of a paragraph
        if role == "either":
            if any(f == "straight" for f, _, _ in stack):
                role = "close"
            elif stack and _can_close(text, s, p0) and not _can_open(text, s, e, p0):
                role = "close"  # “…" : a curly opening closed by a straight mark
            elif _can_open(text, s, e, p0):
                role = "open"
            elif stack and _can_close(text, s, p0):
                role = "close"
            else:
                continue  # 12" (inches), a stray mark
        if role == "open":
            if family == "curly" and stack and all(f == "curly" for f, _, _ in stack):
                stack = []  # “ … “ … ”: the first one never closed
            stack.append((family, s, e))
            continue
        if not stack:
            continue  # a closing mark with nothing open
        same = [i for i, (f, _, _) in enumerate(stack) if f == family]
        index = same[-1] if same else len(stack) - 1
        _, os_, oe = stack[index]
        del stack[index:]
        if not stack:
            found.append((os_, oe, s, e))
            inner = []
        elif len(stack) == 1:
            inner.append((os_, oe, s, e))
    return found, (stack[0] if stack else None), inner


def find_quotations(text: str) -> list[Quotation]:
    """Every quoted segment of reported words that the text alone can tell:
    names, titles and markup are left out; scare quotes need the parse
    (:func:`is_reported_speech`)."""
    spans: list[Quotation] = []
    paras = paragraphs(text)
    for n, (p0, p1) in enumerate(paras):
        runs, left_open, inner = _scan(text, p0, p1)
        if left_open is not None:
            # a quotation running over paragraphs: the next one opens with the same
            # mark; otherwise the mark opened nothing, and what it held stands alone
            family, mark_start, mark_end = left_open
            m = DOUBLE_MARKS.match(text, paras[n + 1][0]) if n + 1 < len(paras) else None
            if m and _role(text, *m.span()) != "close" and (family == "straight") == (_role(text, *m.span()) == "either"):
                runs.append((mark_start, mark_end, p1, None))
            else:
                runs += inner
        for open_, inner_start, inner_end, close in runs:
            _add(spans, text, open_, inner_start, inner_end, close)
    for m in SINGLE_PAIR.finditer(text):
        s, e = m.span(1)
        if any(q.open <= m.start() < q.outer_end for q in spans):
            continue
        _add(spans, text, m.start(), s, e, m.end())
    return sorted(spans, key=lambda q: q.start)


def find_quotes(text: str) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in find_quotations(text)]


def _add(spans: list[Quotation], text: str, open_: int, inner_start: int, inner_end: int, close: int | None) -> None:
    raw = text[inner_start:inner_end]
    stripped = raw.rstrip(TRAILING)
    lead = len(raw) - len(raw.lstrip(" \n\t"))
    start, end = inner_start + lead, inner_start + len(stripped)
    if end <= start or end - start > 5000:
        return
    inner = text[start:end]
    if is_name_quote(inner, text[max(0, open_ - 60): open_]) or _in_markup(text, open_):
        return
    if inner[0] in "([" and inner.rstrip(".")[-1] in ")]":
        return  # "(CROSSTALK.)": a stage direction
    spans.append(Quotation(start, end, open_, close))


def _in_markup(text: str, index: int) -> bool:
    """Inside an HTML or XML tag: ``<tweet author="…">``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.rfind("<", line_start, index) > text.rfind(">", line_start, index)


def is_name_quote(inner: str, before: str) -> bool:
    """Quotation marks around a name, label, title or term, not reported words."""
    words = re.findall(r"[\w’'-]+", inner)
    if not words:
        return True
    if len(words) <= 6 and not re.search(r"[,.!?;]", inner) and _title_case(words):
        return True
    previous = re.findall(r"[\w-]+", before[-30:].lower())
    if previous and previous[-1] in NAMING_WORDS and len(words) <= 4 and not re.search(r"[,.!?;]", inner):
        return True
    return False


def _title_case(words: list[str]) -> bool:
    """Every word capitalised, or a title's function words between capitalised ones ("Face the Nation")."""
    capital = [w[0].isupper() or w[0].isdigit() for w in words]
    if all(capital):
        return True
    return capital[0] and capital[-1] and all(c or w.lower() in TITLE_FUNCTION_WORDS for w, c in zip(words, capital))


def is_title(doc: Doc, span: Span) -> bool:
    """The title of a work named just before it: 'Davis' commentary, "Melania,
    tell your story," is thoughtful', 'on the show “Face the Nation”'."""
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space or doc[i].text == ","):
        i -= 1
    return i >= 0 and doc[i].lower_ in WORK_NOUNS


def is_reported_speech(doc: Doc, span: Span) -> bool:
    """Quoted words that nobody is reported to say are not a quote: a short
    quotation with no verb (a scare quote, a term) and a quotation used as
    a label before a noun (a "use it or lose it" approach), unless a verb of
    saying governs them: 'what lawmakers called “fraud”', 'promising a
    “robust towing system”' and 'expects a "strong but promotional" season'
    are reported words, 'a "philanthropub"' and '“quack” medical cures' are not."""
    if is_title(doc, span):
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    verbs = [t for t in words if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound")]
    label = _is_label(doc, span)
    if (len(words) > SCARE_QUOTE_WORDS or verbs) and not label:
        return True
    inside = {t.i for t in span}
    head = span.root
    if len(words) == 1 and head.dep_ in ("amod", "compound") and head.head.i not in inside and head.head.pos_ == "NOUN":
        return False  # “quack” medical cures: a word marked as someone else's, not words reported
    while head.head.i != head.i:
        head = head.head
        if head.i not in inside and head.lemma_.lower() in REPORTING_VERBS:
            return True
        if label and head.i not in inside and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in STANCE_VERBS:
            return False  # a label is reported only by the verbs of saying or expecting right above it
    return False


def _is_label(doc: Doc, span: Span) -> bool:
    """A quotation standing before the noun it names, inside one noun phrase:
    a "use it or lose it" approach."""
    after = span.end
    while after < len(doc) and (doc[after].is_quote or doc[after].is_space):
        after += 1
    if after >= len(doc) or doc[after].pos_ != "NOUN" or any(t.text in ".!?" for t in span):
        return False
    before = span.start - 1
    while before >= 0 and doc[before].is_quote:
        before -= 1
    return before >= 0 and (doc[before].tag_ in ("DT", "PRP$", "POS") or doc[before].lower_ in ("a", "an", "the"))
