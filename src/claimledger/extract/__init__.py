"""The claim extraction pipeline: ``en_core_web_sm`` plus six components.

    paragraphs (before the model's parser) … anchors → status → attribution → values → scope

The model's attribute ruler and lemmatizer run as array versions of
themselves (:mod:`claimledger.extract.arrays`): the same rules and the same
annotations, in a fifth of the time.

Each is a registered spaCy factory (also exposed through the
``spacy_factories`` entry point), so the pipeline can be rebuilt from a config
or extended with ``nlp.add_pipe``.
"""
from __future__ import annotations

import importlib
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

# importing the modules registers the factories
from ..models import NO_MODEL, ModelMissing, installed_models
from . import anchors, attribution, paragraphs, scope, status, values  # noqa: F401
from .arrays import use_array_rules
from .claim import TEXT_KEY, Claim, claims_of, register_extensions

CLAIM_PIPES = ("claim_anchors", "claim_status", "claim_attribution", "claim_values", "claim_scope")


def load_model() -> Language:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    for name in installed_models():
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelMissing(NO_MODEL)


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    register_extensions()
    nlp = use_array_rules(load_model())
    nlp.add_pipe("claim_paragraphs", first=True)
    for name in CLAIM_PIPES:
        nlp.add_pipe(name)
    return nlp


def extract_docs(texts: Iterable[tuple[str, date | None]], batch_size: int = 16, *,
                 claims: bool = True) -> Iterator[Doc]:
    """Run the pipeline over ``(text, published)`` pairs, in order.  With
    ``claims=False`` only the model runs; :func:`add_claims` finishes a doc."""
    nlp = load_pipeline()

    def docs() -> Iterator[Doc]:
        for text, published in texts:
            doc = nlp.make_doc(text)
            doc.user_data[TEXT_KEY] = text  # the tokenizer keeps every character, so this is doc.text
            doc._.published = published
            yield doc

    yield from nlp.pipe(docs(), batch_size=batch_size, disable=() if claims else CLAIM_PIPES)


def add_claims(doc: Doc) -> Doc:
    """Run the claim components over a doc the model has read."""
    nlp = load_pipeline()
    for name in CLAIM_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc


def extract(text: str, published: date | None = None) -> list[Claim]:
    """The claims of one article, in order of their anchors."""
    doc = next(extract_docs([(text, published)]))
    return claims_of(doc)


__all__ = ["Claim", "add_claims", "extract", "extract_docs", "load_pipeline", "load_model", "ModelMissing"]
