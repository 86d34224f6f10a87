"""Sentence boundaries at paragraph breaks, set before the parser runs.

The parser of the small English model happily runs a sentence across a blank
line, or a heading into the paragraph below it, and then a quotation in one
paragraph is credited to the speaker of the next.  A line break starts a new
sentence when it is a blank line, or when the line before it ends a sentence
or is too short to be part of a hard-wrapped paragraph (a heading).  The
parser respects boundaries set before it.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .claim import text_of

SENTENCE_ENDS = tuple('.!?:;"”’\'')
SHORT_LINE = 60


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs: runs of lines up to a blank line,
    or to a line that ends a sentence or is too short to be hard-wrapped,
    the same breaks that start a sentence."""
    spans: list[tuple[int, int]] = []
    start = None
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        stripped = line.strip()
        if stripped:
            if start is None:
                start = offset
            if stripped.endswith(SENTENCE_ENDS) or len(stripped) < SHORT_LINE:
                spans.append((start, end))
                start = None
        elif start is not None:
            spans.append((start, offset - 1))
            start = None
        offset = end + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


class ParagraphBreaks:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for token in doc[:-1]:
            if not token.is_space or "\n" not in token.text:
                continue
            line = text[text.rfind("\n", 0, token.idx) + 1: token.idx].strip()
            if token.text.count("\n") > 1 or line.endswith(SENTENCE_ENDS) or len(line) < SHORT_LINE:
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory("claim_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(nlp, name)
