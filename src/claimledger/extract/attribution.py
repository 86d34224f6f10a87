"""Who asserts each claim, and what it is about.

The speaker is the subject of the nearest speech, estimate or intention verb
above the anchor (*said*, *told*, *expects*, *promised*), or the object of
*according to*.  Pronouns and nouns such as *the company* resolve to the
nearest person named before them or to the organisation the article is
mostly about, so the store holds names, never pronouns.  A quotation with no
speech verb in its sentence continues the quotation just before it.
"""
from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .claim import Claim, claims_of
from .lexicon import GROUP_PRONOUNS, ORG_NOUNS, ORG_PRONOUNS, PERSON_PRONOUNS, SPEECH_VERBS
from .syntax import governing_path

SUBJECT_DEPS = ("nsubj", "nsubjpass")
NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
MAX_WORDS = 8
RELATIVE_PRONOUNS = {"which", "that", "who"}


class Attributor:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        resolver = _Resolver(doc)
        previous: Claim | None = None
        for claim in claims_of(doc):
            speaker = self._speaker(claim)
            name = resolver.name(speaker) if speaker is not None else None
            if name is None and claim.kind == "quote" and previous is not None:
                # a quotation that runs on from the one before it
                if previous.kind == "quote" and claim.sentence.start - previous.sentence.end <= 1:
                    name = previous.attributed_to
            if name is None and speaker is not None and speaker.lower_ in GROUP_PRONOUNS and previous is not None:
                name = previous.attributed_to
            claim.attributed_to = name
            claim.subject = self._subject(claim, resolver)
            previous = claim
        return doc

    @staticmethod
    def _speaker(claim: Claim) -> Token | None:
        for step in governing_path(claim.span):
            token = step.token
            if token.lemma_.lower() in SPEECH_VERBS:
                subject = _subject_of(token)
                if subject is not None and not _inside(subject, claim):
                    return subject
        sentence = claim.sentence
        for token in sentence:
            if token.lower_ == "according":
                obj = next((t for t in token.subtree if t.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        # the nearest speech verb elsewhere in the sentence ("..., the company said, ...")
        verbs = [t for t in sentence if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]
        verbs.sort(key=lambda t: abs(t.i - claim.span.start))
        for verb in verbs:
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and not _inside(subject, claim):
                return subject
        return None

    @staticmethod
    def _subject(claim: Claim, resolver: "_Resolver") -> str | None:
        for step in governing_path(claim.span):
            token = step.token
            if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() in SPEECH_VERBS:
                continue
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and not _inside(subject, claim):
                return resolver.name(subject)
        return None


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject, or for a participle or infinitive without one
    ("..., promising X", "aims to expand"), the subject of the verb it hangs from."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("advcl", "xcomp", "conj", "acl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _inside(token: Token, claim: Claim) -> bool:
    return claim.start <= token.idx < claim.end


class _Resolver:
    """Turns a subject token into the name of who or what it stands for."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.persons = [e for e in doc.ents if e.label_ == "PERSON"]
        orgs = Counter(e.text for e in doc.ents if e.label_ == "ORG")
        self.main_org = orgs.most_common(1)[0][0] if orgs else None

    def full_person(self, mention: str, before: int) -> str:
        last = mention.split()[-1]
        names = [p.text for p in self.persons if p.start_char < before and p.text.split()[-1] == last]
        return max(names, key=len) if names else mention

    def name(self, token: Token) -> str | None:
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            token = token.head.head  # "a strategy which aims ...": the strategy
        owner = next((c for c in token.children if c.dep_ == "poss" and c.ent_type_ in NAME_LABELS), None)
        if owner is not None and token.ent_type_ not in NAME_LABELS:
            token = owner  # "Kia's strategy" speaks for Kia
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            earlier = [p for p in self.persons if p.end_char <= token.idx]
            return self.full_person(earlier[-1].text, token.idx) if earlier else None
        if lower in ORG_PRONOUNS:
            return self.main_org
        if lower in GROUP_PRONOUNS or token.pos_ == "PRON":
            return None
        if token.ent_type_ in NAME_LABELS:
            entity = next(e for e in self.doc.ents if e.start <= token.i < e.end)
            if entity.label_ == "PERSON":
                return self.full_person(entity.text, token.idx + 1)
            if len(list(token.subtree)) == 1 or entity.label_ != "NORP":
                return entity.text
        subtree = list(token.subtree)
        persons = [e for e in self.persons if e.start >= subtree[0].i and e.end <= subtree[-1].i + 1]
        if persons:
            return self.full_person(persons[0].text, persons[0].end_char)
        if lower in ORG_NOUNS and any(c.lower_ in ("the", "its") for c in token.children) and self.main_org:
            return self.main_org
        words = [t for t in subtree if t.dep_ not in ("det", "relcl", "punct") or t.i > subtree[0].i + 1]
        while words and words[0].dep_ == "det":
            words = words[1:]
        text = Span(self.doc, words[0].i, words[-1].i + 1).text if words else token.text
        return " ".join(text.split()[:MAX_WORDS])


@Language.factory("claim_attribution")
def make_attributor(nlp: Language, name: str) -> Attributor:
    return Attributor(nlp, name)
