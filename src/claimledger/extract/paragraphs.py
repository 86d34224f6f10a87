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
