"""The claim record that the pipeline components fill in, one per anchor."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

KINDS = ("date", "number", "quote")
TEXT_KEY = "claimledger.text"
STATUSES = ("confirmed", "projected", "unknown")


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token each
    time it is asked, and the components ask for it per anchor."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@dataclass
class Claim:
    """One anchor and what the components learned about it.

    ``start``/``end`` are exact character offsets into ``doc.text``;
    ``span`` is the smallest run of tokens that covers them, for the parse.
    """

    kind: str
    start: int
    end: int
    span: Span
    status: str = "confirmed"
    cue: str | None = None
    polarity: str = "positive"
    attributed_to: str | None = None
    subject: str | None = None
    value: dict[str, Any] = field(default_factory=dict)

    @property
    def surface(self) -> str:
        return text_of(self.span.doc)[self.start : self.end]

    @property
    def sentence(self) -> Span:
        return self.span.sent

    def as_row(self) -> dict[str, Any]:
        sent = self.sentence
        # the sentence always holds a date or figure, even where the parser
        # put a sentence break inside the tokens around it
        s0, s1 = sent.start_char, sent.end_char
        if self.kind != "quote":
            s0, s1 = min(s0, self.start), max(s1, self.end)
        return {
            "kind": self.kind,
            "span_start": self.start,
            "span_end": self.end,
            "surface": self.surface,
            "sentence_start": s0,
            "sentence_end": s1,
            "status": self.status,
            "cue": self.cue,
            "polarity": self.polarity,
            "attributed_to": self.attributed_to,
            "subject": self.subject,
            "date_start": self.value.get("date_start"),
            "date_end": self.value.get("date_end"),
            "timex": self.value.get("timex"),
            "number": self.value.get("number"),
            "number_high": self.value.get("number_high"),
            "unit": self.value.get("unit"),
            "qualifier": self.value.get("qualifier"),
            "quote": self.value.get("quote"),
            "scope": json.dumps(self.value["scope"], sort_keys=True) if self.value.get("scope") else None,
        }


def register_extensions() -> None:
    """Doc attributes the components share; safe to call more than once."""
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", default=None)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)
    if not Doc.has_extension("reference_date"):
        Doc.set_extension("reference_date", default=None)
    if not Doc.has_extension("fiscal_start"):
        Doc.set_extension("fiscal_start", default=None)  # month the article's fiscal year starts in


def claims_of(doc: Doc) -> list[Claim]:
    if doc._.claims is None:
        doc._.claims = []
    return doc._.claims


def release(doc: Doc) -> None:
    """Drop what the components hung on ``doc``.  Each claim holds a span
    and each span its doc, so a doc with claims is a reference cycle that
    only Python's occasional full collection frees: a long ingest would
    grow by every document it had read.  Call once the claims are read."""
    doc.user_data.clear()


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


register_extensions()
