"""Who asserts each claim, and what it is about.

The speaker is found by walking up from the anchor through the clauses
above it (`syntax.clause_chain`), in this order:

1. the subject of the outermost verb of saying (*said*, *told*,
   *promised*), nearest clause first: "Osei said the airline aims to cut
   debt below $3 billion" is Osei's claim, not the airline's, and so is
   "..., the company said." at the end of a sentence;
2. the subject of the nearest verb of estimating or intending (*expects*,
   *plans*, *aims*);
3. the object of *according to*, a document standing for its author
   ("figures released by the council" → the council);
4. the organisation the article is about, when it is the one doing what
   the clause reports ("Lumio shipped 38.6 million phones", "the plan
   includes $96 million"): its own figures come from it.  A competitor's
   sales reported in the article's voice stay the article's.  Quoted words
   belong to whoever the clause quoting them is about ("Whitlock blamed
   the increase on “...”");
5. for a quotation with none of these, the speaker of the quotation just
   before it in the same paragraph; figures inside a quotation belong to
   its speaker.

Passive verbs speak for their agent, not their subject ("the flight is
targeted for April 14" is not the flight's claim).  Pronouns, *the company*,
unnamed spokespeople and documents resolve through the article's entities
(`entities.py`), so the store holds names, never pronouns.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .claim import Claim, claims_of, text_of
from .entities import Entities, Entity
from .lexicon import (
    COMMUNICATION_VERBS, DOCUMENT_NOUNS, GROUP_PRONOUNS, ORG_NOUNS, ORG_PRONOUNS, PERSON_PRONOUNS,
    ROLE_NOUNS, STANCE_VERBS,
)
from .syntax import clause_chain, governing_path

MAX_WORDS = 8
# Verbs that are verbs of saying only with a clause ("added that ...", not
# "could add 1,200 jobs").
SAYING_WITH_CLAUSE = {"add", "note", "maintain"}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom"}
VERB_POS = ("VERB", "AUX")


class Attributor:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        resolver = _Resolver(doc)
        claims = claims_of(doc)
        quotes = [c for c in claims if c.kind == "quote"]
        last: Claim | None = None
        for quote in quotes:
            quote.attributed_to = self._speaker(quote, resolver)
            if quote.attributed_to is None and last is not None and _runs_on(last, quote):
                quote.attributed_to = last.attributed_to
            last = quote
        for claim in claims:
            if claim.kind != "quote":
                inside = next((q for q in quotes if q.start <= claim.start and claim.end <= q.end), None)
                claim.attributed_to = inside.attributed_to if inside is not None else self._speaker(claim, resolver)
            claim.subject = self._subject(claim, resolver)
        return doc

    def _speaker(self, claim: Claim, resolver: "_Resolver") -> str | None:
        chain = clause_chain(claim.span)
        for clause in chain:
            for verb in reversed(clause):
                if _is_verb(verb, COMMUNICATION_VERBS) and not _negated(verb):
                    name = resolver.speaker_of(verb, claim)
                    if name:
                        return name
        for clause in chain:
            for verb in clause:
                if _is_verb(verb, STANCE_VERBS) and not _negated(verb):
                    name = resolver.speaker_of(verb, claim)
                    if name:
                        return name
        for token in claim.sentence:
            if token.lower_ == "according" and not (claim.start <= token.idx < claim.end):
                obj = next((t for t in token.subtree if t.dep_ == "pobj"), None)
                if obj is not None:
                    name = resolver.name(obj)
                    if name:
                        return name
        for clause in chain:
            for verb in clause:
                if verb.pos_ in VERB_POS:
                    subject = _subject_of(verb)
                    if subject is not None and not _inside(subject, claim):
                        name = resolver.name(subject, actors_only=True)
                        if name and (name == resolver.topic_name or claim.kind == "quote"):
                            return name
        return None

    @staticmethod
    def _subject(claim: Claim, resolver: "_Resolver") -> str | None:
        for step in governing_path(claim.span):
            verb = step.token
            if verb.pos_ not in VERB_POS or verb.lemma_.lower() in COMMUNICATION_VERBS:
                continue
            subject = _direct_subject(verb)
            if subject is not None and not _inside(subject, claim):
                return resolver.name(subject)
        return None


def _is_verb(token: Token, lemmas: set[str]) -> bool:
    """A verb of these lemmas; also a clause root the tagger took for a noun
    ("Analysts forecast peak sales of ...")."""
    if token.lemma_.lower() not in lemmas:
        return False
    if token.pos_ not in VERB_POS and not (token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children)):
        return False
    if token.lemma_.lower() in SAYING_WITH_CLAUSE:
        return any(c.dep_ in ("ccomp", "parataxis") for c in token.children)
    return True


def _direct_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject, or for a participle or infinitive without one
    ("..., promising X", "aims to expand"), the subject of the verb it hangs from."""
    for _ in range(3):
        subject = _direct_subject(verb)
        if subject is not None:
            return subject
        if verb.dep_ not in ("advcl", "xcomp", "conj", "acl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _runs_on(last: Claim, quote: Claim) -> bool:
    """A quotation in the sentence right after another one, in the same paragraph."""
    doc = quote.span.doc
    return quote.sentence.start - last.sentence.end <= 1 and "\n" not in text_of(doc)[last.end: quote.start]


def _negated(verb: Token) -> bool:
    """ "has not announced", "declined to say": asserts nothing."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse")


def _agent_of(verb: Token) -> Token | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _inside(token: Token, claim: Claim) -> bool:
    return claim.start <= token.idx < claim.end


class _Resolver:
    """Turns a subject token into the name of who or what it stands for."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities = Entities(doc)
        self.topic_name = self.entities.topic.name if self.entities.topic is not None else None

    def speaker_of(self, verb: Token, claim: Claim) -> str | None:
        """Who asserts what this verb of saying governs: its active subject
        or its passive agent ("is expected by analysts")."""
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            agent = _agent_of(verb)
            return self.name(agent) if agent is not None and not _inside(agent, claim) else None
        subject = _subject_of(verb)
        if subject is None or subject.pos_ in VERB_POS:
            # the parser lost the subject ("Tully said ..." read as an adverb,
            # or a whole clause taken for it): the name just before the verb
            subject = self._name_before(verb)
        if subject is None or _inside(subject, claim):
            return None
        return self.name(subject)

    def _name_before(self, verb: Token) -> Token | None:
        i = verb.i - 1
        while i >= verb.sent.start and self.doc[i].dep_ in ("aux", "advmod", "neg") and self.entities.at(self.doc[i]) is None:
            i -= 1
        if i >= verb.sent.start and (self.entities.at(self.doc[i]) is not None or self.doc[i].pos_ == "PROPN"):
            return self.doc[i]
        return None

    def name(self, token: Token, actors_only: bool = False) -> str | None:
        """The name ``token`` stands for.  With ``actors_only``, only a
        person or organisation, not any noun phrase."""
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
            token = token.head.head  # "Halden, which offered ...": Halden
        entity = self.entities.at(token)
        if entity is None:  # "the council's chief economist, Marisol Grant,"
            entity = next((self.entities.at(c) for c in token.children if c.dep_ == "appos" and self.entities.at(c)), None)
        if entity is None and token.pos_ == "PROPN":
            entity = self.entities.named(token.lower_)  # a surname the model did not tag
        if entity is not None:
            return entity.name
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            return self._named(self.entities.last_before(token.i, "person"))
        if lower in ORG_PRONOUNS:
            return self._named(self._nearby_org(token))
        if lower in GROUP_PRONOUNS or token.pos_ == "PRON":
            return None
        owner = self._owner(token)
        if lower in ROLE_NOUNS:
            if owner is not None:
                return f"{owner.name} {token.text}"
            if any(c.dep_ in ("compound", "amod", "nmod") for c in token.children):
                return self._phrase(token)  # "a city transport official"
            return self._earlier_speaker(token) or self._named(self.entities.topic)
        if owner is not None:
            # "Meridian's plan" speaks for Meridian; "Corrib Capital analysts" are themselves
            return owner.name if lower in DOCUMENT_NOUNS else self._phrase(token)
        if lower in ORG_NOUNS and _definite(token):  # "the company"
            return self._named(self._nearby_org(token))
        if lower in DOCUMENT_NOUNS:
            return self._named(self.entities.topic)
        return None if actors_only else self._phrase(token)

    def _phrase(self, token: Token) -> str:
        """The noun phrase without its article, relative clause or apposition."""
        cut = {t.i for c in token.children if c.dep_ in ("relcl", "appos") for t in c.subtree}
        words = [t for t in token.subtree if t.i not in cut]
        while words and (words[0].dep_ in ("det", "punct") or words[0].is_punct):
            words = words[1:]
        while words and words[-1].is_punct:
            words = words[:-1]
        text = Span(self.doc, words[0].i, words[-1].i + 1).text if words else token.text
        return " ".join(text.split()[:MAX_WORDS])

    def _owner(self, token: Token) -> Entity | None:
        """Whose the noun is: its possessor, a name compounded with it, or
        the agent of a participle on it ("figures released by the council")."""
        for child in token.children:
            if child.dep_ in ("poss", "compound", "nmod"):
                entity = self.entities.at(child)
                if entity is not None and entity.kind in ("org", "person", "place"):
                    return entity
            if child.dep_ == "acl":
                agent = _agent_of(child)
                if agent is not None and self.entities.at(agent) is not None:
                    return self.entities.at(agent)
            if child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "from"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                entity = self.entities.at(obj) if obj is not None else None
                if entity is not None and entity.kind == "org":
                    return entity
        return None

    def _earlier_speaker(self, token: Token) -> str | None:
        """For an unnamed spokesperson: whoever the sentence named as speaking before."""
        for verb in token.sent:
            if verb.i >= token.i:
                break
            if _is_verb(verb, COMMUNICATION_VERBS):
                subject = _subject_of(verb)
                if subject is not None and subject.i < token.i and subject.lower_ not in ROLE_NOUNS:
                    return self.name(subject)
        return None

    def _nearby_org(self, token: Token) -> Entity | None:
        """*the company*, *it*: the organisation named earlier in the sentence, else the article's."""
        return self.entities.last_before(token.i, "org", since=token.sent.start) or self.entities.topic

    @staticmethod
    def _named(entity: Entity | None) -> str | None:
        return entity.name if entity is not None else None


def _definite(token: Token) -> bool:
    return any(c.lower_ in ("the", "its", "this", "their", "our") for c in token.children)


@Language.factory("claim_attribution")
def make_attributor(nlp: Language, name: str) -> Attributor:
    return Attributor(nlp, name)
