"""The article as a reader follows it, beyond one sentence: paragraphs,
quotations and the people they are credited to.

spaCy parses sentence by sentence, but quotations do not keep to sentences:

- “A. B,” she said: the verb of saying sits in the quotation's last
  sentence, and the parse of the first one never meets it;
- X said: “A. B.”: it sits in the first;
- a quotation running over several paragraphs, each opening with a mark
  and only the last one closing, has one speaker for all of them;
- a paragraph ending with a colon ("The Times reports:") introduces the
  quotation of the next one.

This module knows where every quotation is, in which paragraph, which
tokens are quoted, and which quoted segments belong to one quotation; the
attribution component asks it for a quotation's frame (the words around the
marks) and for the antecedent of a pronoun, which is a person named before
it outside any quotation, agreeing with it in gender.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .claim import Claim, text_of
from .entities import PRONOUN_GENDER, Entities, Entity
from .paragraphs import paragraph_spans
from .quotes import Quotation, find_quotations

ANTECEDENT_WINDOW = 400  # tokens: how far back a pronoun looks for its person
# punctuation that ends a quotation inside its marks while the sentence goes on: “A,” she said
OPEN_ENDINGS = (",", "?", "!", "—", "–", "-", "…")


@dataclass
class Segment:
    """One quote claim and where its marks stand."""

    claim: Claim
    marks: Quotation
    paragraph: int
    speaker: str | None = None
    follows: "Segment | None" = None  # the segment before it in the same quotation

    @property
    def open(self) -> int:
        return self.marks.open


@dataclass
class Discourse:
    doc: Doc
    paragraphs: list[tuple[int, int]]
    segments: list[Segment] = field(default_factory=list)
    quoted: set[int] = field(default_factory=set)  # indices of quoted tokens, marks included

    @classmethod
    def read(cls, doc: Doc, claims: list[Claim]) -> "Discourse":
        text = text_of(doc)
        discourse = cls(doc, paragraph_spans(text))
        marks = {(q.start, q.end): q for q in find_quotations(text)}
        for claim in claims:
            if claim.kind != "quote":
                continue
            quotation = marks.get((claim.start, claim.end)) or Quotation(claim.start, claim.end, claim.start, claim.end)
            discourse.segments.append(Segment(claim, quotation, discourse.paragraph_at(claim.start)))
            span = doc.char_span(quotation.open, quotation.outer_end, alignment_mode="expand")
            if span is not None:
                discourse.quoted.update(range(span.start, span.end))
        discourse._join()
        return discourse

    def paragraph_at(self, char: int) -> int:
        return max(0, bisect_right([p[0] for p in self.paragraphs], char) - 1)

    def _join(self) -> None:
        """Link each segment to the one before it in the same quotation: the
        next in its paragraph, or, for a quotation running on, the first of
        the next paragraph."""
        for before, segment in zip(self.segments, self.segments[1:]):
            if segment.paragraph == before.paragraph:
                segment.follows = before
            elif before.marks.close is None and segment.paragraph == before.paragraph + 1 \
                    and segment.open == self._paragraph_start(segment.paragraph):
                segment.follows = before

    def _paragraph_start(self, index: int) -> int:
        text = text_of(self.doc)
        start = self.paragraphs[index][0]
        return start + len(text[start:self.paragraphs[index][1]]) - len(text[start:self.paragraphs[index][1]].lstrip())

    def opens_paragraph(self, segment: Segment) -> bool:
        return segment.open == self._paragraph_start(segment.paragraph)

    def paragraph_tokens(self, index: int) -> list[Token]:
        span = self.doc.char_span(*self.paragraphs[index], alignment_mode="contract")
        return list(span) if span is not None else []

    def is_quoted(self, token: Token) -> bool:
        return token.i in self.quoted

    def quotation_around(self, claim: Claim) -> Segment | None:
        return next((s for s in self.segments if s.claim.start <= claim.start and claim.end <= s.claim.end), None)

    # --- the words around a quotation -----------------------------------------------

    def parts(self, segment: Segment) -> list[Span]:
        """The segment cut at sentence boundaries, the last part first, then
        the first, then the rest: a verb of saying governs the quotation's
        last sentence (“A. B,” she said) or its first (She said: “A. B.”)."""
        span = segment.claim.span
        parts, start = [], span.start
        for token in span:
            if token.i > start and token.is_sent_start:
                parts.append(span.doc[start:token.i])
                start = token.i
        parts.append(span.doc[start:span.end])
        if len(parts) == 1:
            return parts
        return [parts[-1], parts[0], *parts[1:-1]]

    def frames(self, segment: Segment) -> list[list[Token]]:
        """The unquoted words of the quotation's sentences in its paragraph:
        after the closing mark when the sentence goes on past it (“A,” she
        said), then before the opening mark when they lead into it (She
        said, “A” / She said: “A”)."""
        text = text_of(self.doc)
        p0, p1 = self.paragraphs[segment.paragraph]
        frames = []
        close = segment.marks.close
        if close is not None:
            inner_end = text[segment.claim.start:close].rstrip("”\"' \n\t")
            after = [t for t in self._sentence_after(close, p1) if not self.is_quoted(t)]
            runs_on = inner_end.endswith(OPEN_ENDINGS) or (after and after[0].is_lower) or not inner_end.endswith((".", ":", ";"))
            if after and runs_on:
                frames.append(after)
        before = [t for t in self._sentence_before(segment.open, p0) if not self.is_quoted(t)]
        words = [t for t in before if not t.is_space]
        if words and (words[-1].text in (",", ":", "—") or words[-1].pos_ == "VERB"):
            frames.append(before)
        return frames

    def _sentence_after(self, char: int, limit: int) -> list[Token]:
        limit = min(limit, len(text_of(self.doc)))
        if char >= limit:  # a closing mark at or past its paragraph's end: nothing follows it there
            return []
        span = self.doc.char_span(char, limit, alignment_mode="expand")
        if span is None or not len(span):
            return []
        first = span[0]
        tokens = []
        for token in self.doc[first.i: first.sent.end]:
            if token.idx >= limit or (token.is_quote and token.i in self.quoted and token.i > first.i):
                break
            tokens.append(token)
        return tokens

    def _sentence_before(self, char: int, floor: int) -> list[Token]:
        if char <= floor:
            return []
        span = self.doc.char_span(floor, char, alignment_mode="contract")
        if span is None or not len(span):
            return []
        last = span[-1]
        tokens = []
        for token in reversed(self.doc[last.sent.start: last.i + 1]):
            if token.idx < floor or (token.i in self.quoted and token.is_quote):
                break
            tokens.append(token)
        return tokens[::-1]

    def introduction(self, segment: Segment) -> list[Token]:
        """The last sentence of the paragraph before, when it ends with a
        colon and this quotation opens the next: "The Times reports:"."""
        if segment.paragraph == 0 or not self.opens_paragraph(segment):
            return []
        p0, p1 = self.paragraphs[segment.paragraph - 1]
        text = text_of(self.doc)
        if not text[p0:p1].rstrip().endswith(":"):
            return []
        span = self.doc.char_span(p0, p1, alignment_mode="contract")
        if span is None or not len(span):
            return []
        last = next((t for t in reversed(span) if not t.is_space), span[-1])
        return [t for t in self.doc[last.sent.start: last.i + 1] if not self.is_quoted(t)]

    # --- pronouns -------------------------------------------------------------------

    def antecedent(self, pronoun: Token, entities: Entities) -> Entity | None:
        """The person a third-person pronoun stands for: named before it, not
        inside a quotation (a name in someone's words is not who speaks),
        agreeing in gender where the article tells it.  In the pronoun's own
        sentence the nearest name; in an earlier one its subject, who is
        what a following "he said" continues."""
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        floor = max(0, pronoun.i - ANTECEDENT_WINDOW)
        sent = pronoun.sent
        found: list[tuple[Token, Entity]] = []
        for i in range(pronoun.i - 1, floor - 1, -1):
            token = self.doc[i]
            if found and token.i < found[0][0].sent.start:
                break
            if i in self.quoted:
                continue
            entity = entities.at(token)
            if entity is None or entity.kind != "person" or (gender and entity.gender and entity.gender != gender):
                continue
            found.append((token, entity))
        if not found:
            return None
        if found[0][0].sent.start == sent.start:
            return found[0][1]
        subject = next((e for t, e in found if _in_subject(t)), None)
        return subject or found[0][1]


def _in_subject(token: Token) -> bool:
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")
