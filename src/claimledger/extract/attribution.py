"""Who asserts each claim, and what it is about.

For a date or a figure, the speaker is found by walking up from the anchor
through the clauses above it (`syntax.clause_chain`), in this order:

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
   sales reported in the article's voice stay the article's.

Figures inside a quotation belong to its speaker.  A quotation is read on
the article, not the sentence (`discourse.py`): each sentence of it goes
through steps 1 to 3 (the verb of saying governs its last sentence in
"“A. B,” she said" and its first in "She said: “A. B.”"); then the unquoted
words around its marks; then whoever the clause quoting it is about
("Whitlock blamed the increase on “...”").  A segment with none of these
takes the speaker of its quotation (the segments before and after a
"she said", the paragraphs of a quotation running over several), of the
paragraph that introduced it with a colon ("The Times reports:"), or, for a
quotation alone at the head of a paragraph, of whoever spoke last in the
paragraph before.

Passive verbs speak for their agent, not their subject ("the flight is
targeted for April 14" is not the flight's claim).  Pronouns, *the company*,
unnamed spokespeople and documents resolve through the article's entities
(`entities.py`), so the store holds names, never pronouns; *he* and *she*
resolve to a person named before, outside any quotation, of their gender.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .claim import Claim, claims_of
from .discourse import Discourse, Segment
from .entities import Entities, Entity
from .lexicon import (
    AUTHORING_VERBS, COMMUNICATION_VERBS, DOCUMENT_NOUNS, GROUP_PRONOUNS, MEMBER_WORDS, ORG_NOUNS, ORG_PRONOUNS,
    PERSON_PRONOUNS, PERSON_TITLES, POLL_NOUNS, POLL_VERBS, PUBLICATION_WORDS, REPORTING_VERBS, ROLE_NOUNS,
    SOURCE_DOCUMENTS, STANCE_VERBS,
)
from .syntax import clause_chain, governing_path

MAX_WORDS = 8
# Documents of one kind, so that "the study" can stand for "a survey" named
# before and "the plan" for "a budget" proposed.
DOCUMENT_KINDS = [
    {"survey", "poll", "study", "analysis", "report", "research"},
    {"plan", "proposal", "budget", "strategy", "roadmap", "pledge"},
    {"filing", "statement", "release", "results", "accounts", "announcement"},
]
# Verbs that are verbs of saying only with a clause ("added that ...", not
# "could add 1,200 jobs").
SAYING_WITH_CLAUSE = {"add", "note", "maintain"}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom"}
VERB_POS = ("VERB", "AUX")
# Dependencies inside a noun phrase, climbed from its last word to its head.
NOUN_PHRASE_DEPS = {"appos", "compound", "amod", "det", "prep", "pobj", "poss", "case", "punct", "nummod", "nmod"}


class Attributor:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        discourse = Discourse.read(doc, claims)
        resolver = _Resolver(doc, discourse)
        self._quotations(discourse, resolver)
        for claim in claims:
            if claim.kind != "quote":
                around = discourse.quotation_around(claim)
                claim.attributed_to = around.claim.attributed_to if around is not None else self._speaker(claim, resolver)
            claim.subject = self._subject(claim, resolver)
        self._poll_results(claims, discourse, resolver)
        self._carry_sources(claims, discourse, resolver.cited)
        return doc

    def _quotations(self, discourse: Discourse, resolver: "_Resolver") -> None:
        """Each segment's speaker from its own sentences and frame; then, for
        those without one, from their quotation, an introducing colon, or
        the paragraph before."""
        segments = discourse.segments
        for segment in segments:
            segment.speaker = self._quote_speaker(segment, discourse, resolver)
        self._share(segments)
        for segment in segments:
            if segment.speaker is None and (segment.follows is None or segment.follows.speaker is None):
                intro = discourse.introduction(segment)
                if intro:
                    segment.speaker = self._frame_speaker(intro, segment.claim, resolver, colon=True)
        self._share(segments)
        for segment in segments:
            if segment.speaker is None and segment.follows is None:
                segment.speaker = self._previous_speaker(segment, discourse, resolver)
        self._share(segments)
        for segment in segments:
            segment.claim.attributed_to = segment.speaker

    def _previous_speaker(self, segment: Segment, discourse: Discourse, resolver: "_Resolver") -> str | None:
        """A quotation standing alone at the head of a paragraph continues
        whoever spoke last in the paragraph before: the speaker of its last
        quotation, else the subject of its last verb of saying."""
        if segment.paragraph == 0 or not discourse.opens_paragraph(segment):
            return None
        before = [s for s in discourse.segments if s.paragraph == segment.paragraph - 1 and s.speaker]
        if before:
            return before[-1].speaker
        for verb in reversed(discourse.paragraph_tokens(segment.paragraph - 1)):
            if _is_verb(verb, COMMUNICATION_VERBS) and not _negated(verb) and not discourse.is_quoted(verb):
                name = resolver.speaker_of(verb, segment.claim)
                if name:
                    return name
        return None

    @staticmethod
    def _share(segments: list[Segment]) -> None:
        for segment in segments:
            if segment.speaker is None and segment.follows is not None:
                segment.speaker = segment.follows.speaker
        for segment in reversed(segments):
            before = segment.follows
            if before is not None and before.speaker is None and segment.paragraph == before.paragraph:
                before.speaker = segment.speaker

    def _quote_speaker(self, segment: Segment, discourse: Discourse, resolver: "_Resolver") -> str | None:
        claim = segment.claim
        parts = [replace(claim, span=part) for part in discourse.parts(segment)]
        for part in parts:
            name = self._speaker(part, resolver, weak=False)
            if name:
                return name
        for frame in discourse.frames(segment):
            words = [t for t in frame if not t.is_space]
            colon = bool(words) and words[-1].idx < claim.start and words[-1].text == ":"
            name = self._frame_speaker(frame, claim, resolver, colon=colon)
            if name:
                return name
        for part in parts:
            name = self._speaker(part, resolver)
            if name:
                return name
        return None

    @staticmethod
    def _frame_speaker(frame: list[Token], claim: Claim, resolver: "_Resolver", colon: bool = False) -> str | None:
        """The subject of the verb of saying among a quotation's unquoted
        words, nearest the quotation first; after a colon ("Y replied: “…”",
        "The Times reports:") whatever verb leads to it."""
        before = frame[-1].idx < claim.start
        ordered = list(reversed(frame)) if before else frame
        verbs = [t for t in ordered if t.lemma_.lower() in REPORTING_VERBS and (t.pos_ in VERB_POS or t.dep_ == "ROOT")
                 and not _negated(t)]
        if colon:
            verbs += [t for t in ordered if t.pos_ in VERB_POS and t.dep_ == "ROOT" and t not in verbs]
        for verb in verbs:
            name = resolver.speaker_of(verb, claim)
            if name:
                return name
        if colon:  # "Her answer: “…”"
            words = [t for t in ordered if not t.is_punct and not t.is_space]
            owner = next((c for c in words[0].children if c.dep_ == "poss"), None) if words else None
            if owner is not None:
                return resolver.name(owner)
        return None

    def _speaker(self, claim: Claim, resolver: "_Resolver", weak: bool = True) -> str | None:
        """Who asserts the claim by its own sentence.  ``weak`` admits the
        last resort: whoever the clause is about."""
        chain = clause_chain(claim.span)
        # a quotation is also introduced by verbs that assert nothing by themselves ("asking, “…”")
        saying = REPORTING_VERBS if claim.kind == "quote" else COMMUNICATION_VERBS
        for clause in chain:
            for verb in reversed(clause):
                if _is_verb(verb, saying) and not _negated(verb):
                    name = resolver.speaker_of(verb, claim)
                    if name:
                        return name
        owner = _forecaster(claim.span.root) if claim.kind == "number" else None
        name = resolver.name(owner) if owner is not None else None
        if name:
            return name  # "expects 2.5%, against Halvard's forecast of four per cent"
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
        name = self._cited(chain, claim, resolver)
        if name:
            return name
        if not weak:
            return None
        for clause in chain:
            for verb in clause:
                if verb.pos_ in VERB_POS:
                    subject = _subject_of(verb)
                    if subject is not None and not resolver.quoted_for(subject, verb, claim):
                        name = resolver.name(subject, actors_only=True)
                        if name and (name == resolver.topic_name or claim.kind == "quote"):
                            return name
        return None

    @staticmethod
    def _cited(chain: list[list[Token]], claim: Claim, resolver: "_Resolver") -> str | None:
        """A study or poll the clause cites in an adjunct: "In this poll, Trump
        rose 1 point", "When the poll asked …, Clinton was supported by 42 percent"."""
        for clause in chain:
            for verb in clause:
                for child in verb.children:
                    if child.dep_ == "prep" and child.lower_ in ("in", "by"):
                        source = next((c for c in child.children if c.dep_ == "pobj"), None)
                    elif child.dep_ == "advcl" and child.lemma_.lower() in REPORTING_VERBS | STANCE_VERBS:
                        source = _direct_subject(child)
                    else:
                        continue
                    if source is not None and source.lower_ in SOURCE_DOCUMENTS and not _inside(source, claim):
                        name = resolver.name(source)
                        if name:
                            return name
        return None

    @staticmethod
    def _poll_results(claims: list[Claim], discourse: Discourse, resolver: "_Resolver") -> None:
        """A share of voters leading, backing or saying something, with no
        source in its sentence, is the result of the poll or survey the
        article cited last before it ("A new Harbor Research poll finds … Ortiz
        leads 51 percent to 38 percent")."""
        doc = discourse.doc
        polls = [t for t in doc if t.lower_ in POLL_NOUNS and not discourse.is_quoted(t)]
        if not polls:
            return
        for claim in claims:
            if claim.kind != "number" or claim.attributed_to is not None or discourse.quotation_around(claim):
                continue
            if not any(v.lemma_.lower() in POLL_VERBS for clause in clause_chain(claim.span) for v in clause):
                continue
            before = [t for t in polls if t.i < claim.span.start]
            # a share or a margin anywhere after the poll; any figure in the poll's paragraph
            share = re.search(r"%|percent|point", claim.surface + " " + claim.span.doc[claim.span.end: claim.span.end + 2].text)
            if before and (share or discourse.paragraph_at(before[-1].idx) == discourse.paragraph_at(claim.start)):
                name = resolver.name(before[-1])
                if name:
                    claim.attributed_to = name
                    resolver.cited.add(name)

    @staticmethod
    def _carry_sources(claims: list[Claim], discourse: Discourse, cited: set[str]) -> None:
        """A figure with no source of its own in a paragraph that has cited a
        study, poll or publication goes on being that source's ("… the Journal
        reports. District managers could get $10,000."): the nearest claim
        before it in the paragraph, outside quotations, whose speaker is one."""
        last: dict[int, str] = {}
        for claim in claims:
            if claim.kind == "quote" or discourse.quotation_around(claim) is not None:
                continue
            paragraph = discourse.paragraph_at(claim.start)
            if claim.attributed_to is None:
                claim.attributed_to = last.get(paragraph)
            elif claim.attributed_to in cited or _is_citable(claim.attributed_to):
                last[paragraph] = claim.attributed_to
            else:
                last.pop(paragraph, None)

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


# nouns of what somebody foresees or aims at: "Halvard's forecast of four per cent"
FORECAST_NOUNS = {"forecast", "estimate", "projection", "prediction", "guidance", "target", "outlook"}


def _forecaster(figure: Token) -> Token | None:
    """The name whose forecast a figure is, by a possessive: "Halvard's forecast of four per cent" (not
    a thing's figure: "Pellinor's 24% share", "Ardena's 3.1%")."""
    if figure.dep_ != "pobj" or figure.head.lower_ != "of" or figure.head.head.lemma_.lower() not in FORECAST_NOUNS:
        return None
    owner = next((c for c in figure.head.head.children if c.dep_ == "poss"), None)
    return owner if owner is not None and owner.pos_ == "PROPN" else None


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
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("PROPN", "NOUN"):
            return verb.head  # "footage of Ana Ruiz asking, “…”"
        if verb.dep_ not in ("advcl", "xcomp", "conj", "acl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


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

    def __init__(self, doc: Doc, discourse: Discourse):
        self.doc = doc
        self.discourse = discourse
        self.entities = Entities(doc)
        self.cited: set[str] = set()  # names that stand for a study, poll or publication
        self.topic_name = self.entities.topic.name if self.entities.topic is not None else None

    def speaker_of(self, verb: Token, claim: Claim) -> str | None:
        """Who asserts what this verb of saying governs: its active subject
        or its passive agent ("is expected by analysts")."""
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            agent = _agent_of(verb)
            return self.name(agent) if agent is not None and not _inside(agent, claim) else None
        # the parser may give a verb after a quotation two subjects, one in the
        # quotation ("“My reaction …,” the strategist said"), or take a title
        # after the verb for its subject ("X said on “Face the Nation”")
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.is_alpha and c.pos_ not in VERB_POS
                    and not self.quoted_for(c, verb, claim)]
        before = [c for c in subjects if c.i < verb.i]
        if before:
            return self.name(before[-1])
        inverted = self._after_quotation(verb)
        climbed = _subject_of(verb) if not subjects else None  # from a participle or infinitive
        if climbed is not None and climbed.pos_ in VERB_POS:
            climbed = None
        if inverted:
            candidates = [climbed, *subjects, self._name_after(verb)]
        elif verb.tag_ == "VBG" and verb.i > 0 and self.doc[verb.i - 1].text == "," and verb.sent.root.i != verb.i:
            # "…, saying only that …": whoever the sentence is about says it
            root = verb.sent.root
            if _is_verb(root, REPORTING_VERBS):
                name = self.speaker_of(root, claim)
                if name:
                    return name
            subject = _direct_subject(root)
            candidates = [subject if subject is not None and subject.pos_ not in VERB_POS else None, climbed, *subjects]
        elif verb.tag_ == "VBG":
            # a participle right after a name is that person's ("footage of Ana Ruiz asking")
            candidates = [self._name_before(verb), climbed, *subjects]
        else:
            candidates = [climbed, self._name_before(verb), *subjects]
        for candidate in candidates:
            if candidate is not None and not self.quoted_for(candidate, verb, claim):
                return self.name(candidate)
        return None

    def _after_quotation(self, verb: Token) -> bool:
        """An inverted verb of saying: right after a quotation ("…,” said
        Ana Ruiz") or opening its sentence."""
        i = verb.i - 1
        while i >= 0 and (self.doc[i].is_punct or self.doc[i].is_space) and not self.doc[i].is_quote:
            i -= 1
        if i < verb.sent.start:
            return True  # "Said Ellis: “…”"
        return self.doc[i].is_quote and self.discourse.is_quoted(self.doc[i])

    def quoted_for(self, token: Token, verb: Token, claim: Claim) -> bool:
        """Inside the claim; inside a quotation, for a quotation (someone
        named in quoted words is not who speaks them) or where the verb is not."""
        return _inside(token, claim) or (self.discourse.is_quoted(token)
                                         and (claim.kind == "quote" or not self.discourse.is_quoted(verb)))

    def _name_after(self, verb: Token) -> Token | None:
        """The name right after an inverted verb of saying ("said Ana Ruiz",
        "Said Ellis:"), past titles ("said Rep. Ana Ruiz")."""
        for token in self.doc[verb.i + 1: min(verb.i + 5, verb.sent.end)]:
            if self.entities.at(token) is not None and self.entities.at(token).kind in ("person", "org"):
                return token
            if token.pos_ == "PROPN" and not token.lower_.rstrip(".") in PERSON_TITLES and not token.text.endswith("."):
                return token
            if not (token.lower_ in PERSON_TITLES or token.text.endswith(".") and token.is_title):
                return None
        return None

    def _name_before(self, verb: Token) -> Token | None:
        """The name standing right before the verb, past its auxiliaries and
        an apposition ("Flynn, a top Trump surrogate, said"): the parser
        lost the subject ("Tully said ..." read as an adverb, or a word of the
        quotation taken for it)."""
        i = verb.i - 1
        while i >= verb.sent.start and (self.doc[i].dep_ in ("aux", "advmod", "neg") or self.doc[i].text == ",") \
                and not self._is_name(self.doc[i]):
            i -= 1
        if i < verb.sent.start or self.discourse.is_quoted(self.doc[i]):
            return None
        token = self.doc[i]
        while not self._is_name(token) and token.dep_ in NOUN_PHRASE_DEPS and verb.sent.start <= token.head.i < token.i \
                and not self.discourse.is_quoted(token.head):
            token = token.head
        return token if self._is_name(token) else None

    def _is_name(self, token: Token) -> bool:
        return self.entities.at(token) is not None or token.pos_ == "PROPN"

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
        if token.pos_ == "PROPN" and token.lower_ not in PERSON_TITLES:
            return _flat_name(token)  # a name the model did not tag: "Priya Nair"
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            return self._named(self.discourse.antecedent(token, self.entities))
        if lower in ORG_PRONOUNS:
            return self._named(self._nearby_org(token))
        if lower in GROUP_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            return self._group(token)
        if lower in GROUP_PRONOUNS or token.pos_ == "PRON":
            return None
        owner = self._owner(token)
        if lower in ROLE_NOUNS:
            if owner is not None:
                return f"{owner.name} {token.text}"
            if any(c.dep_ in ("compound", "amod", "nmod") for c in token.children):
                return self._phrase(token)  # "a city transport official"
            if any(c.dep_ == "poss" for c in token.children):
                return self._phrase(token)  # "the agency's spokesman"
            return self._earlier_speaker(token) or self._nearby_topic(token) or self._phrase(token)
        if owner is not None:
            # "Meridian's plan" speaks for Meridian; "Corrib Capital analysts" are themselves
            if lower in SOURCE_DOCUMENTS:
                self.cited.add(owner.name)
            return owner.name if lower in DOCUMENT_NOUNS else self._phrase(token)
        if lower in ORG_NOUNS and _definite(token):  # "the company"
            return self._named(self._nearby_org(token))
        if lower in DOCUMENT_NOUNS:
            # a study, a poll or a ruling nobody is named for is itself the source;
            # a filing, plan or statement in the article's voice is its company's
            found = self._document(token) or self._named_document(token)
            if lower in SOURCE_DOCUMENTS:
                found = found or self._phrase(token)
                self.cited.add(found)
            return found or self._nearby_topic(token) or self._phrase(token)
        return None if actors_only else self._phrase(token)

    def _document(self, token: Token, depth: int = 0) -> str | None:
        """Who a document speaks for when no name is on it: who wrote or
        issued it ("a study by Ana Ruiz", "a presentation that the minister
        carries", "Carrow Transit proposed a budget … figures released with the
        budget"), else the document named before that it stands for ("A
        Reuters survey … The study found", "one slide says")."""
        author = self._author(token, depth)
        if author:
            return author
        for i in range(token.i - 1, max(-1, token.i - 600), -1):
            before = self.doc[i]
            if before.lemma_.lower() in DOCUMENT_NOUNS and not self.discourse.is_quoted(before) \
                    and _same_kind(before.lemma_.lower(), token.lemma_.lower()):
                name = self._author(before, depth) or self._named_document(before, kinds=False)
                if name:
                    return name
        return None

    def _author(self, token: Token, depth: int) -> str | None:
        owner = self._owner(token)
        if owner is not None:
            return owner.name
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from") or child.dep_ == "agent":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                if self.entities.at(obj) is not None or obj.pos_ == "PROPN":
                    return self.name(obj)
                if obj.lemma_.lower() in DOCUMENT_NOUNS and depth < 2:  # "a slide from a presentation that …"
                    return self._document(obj, depth + 1)
            if child.dep_ in ("relcl", "acl"):
                subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subject is not None and (self.entities.at(subject) is not None or subject.pos_ == "PROPN"):
                    return self.name(subject)
                # "figures released with the budget": the budget's author
                for prep in (c for c in child.children if c.dep_ in ("prep", "agent") and depth < 2):
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if obj is not None and obj.lemma_.lower() in DOCUMENT_NOUNS:
                        name = self._document(obj, depth + 1)
                        if name:
                            return name
        head = token.head
        if token.dep_ == "dobj" and head.lemma_.lower() in AUTHORING_VERBS:  # "Carrow Transit proposed a budget"
            subject = _direct_subject(head)
            if subject is not None and (self.entities.at(subject) is not None or subject.pos_ == "PROPN"):
                return self.name(subject)
        return None

    def _named_document(self, token: Token, kinds: bool = True) -> str | None:
        """A document with a name in it, "the latest Reuters/Ipsos opinion
        poll", or with ``kinds`` a kind, "court filings", "census data"."""
        words = ("PROPN", "NOUN") if kinds else ("PROPN",)
        if any(c.dep_ in ("compound", "nmod") and (self.entities.at(c) is not None or c.pos_ in words)
               for c in token.children):
            return self._phrase(token)
        return None

    def _group(self, token: Token) -> str | None:
        """*they*: the plural subject named before it, outside quotations, or
        the people it names as its members ("critics such as A and B")."""
        floor = token.doc[max(0, token.sent.start - 1)].sent.start
        floor = token.doc[max(0, floor - 1)].sent.start
        for i in range(token.i - 1, floor - 1, -1):
            before = self.doc[i]
            if before.dep_ not in ("nsubj", "nsubjpass") or before.pos_ == "PRON" or self.discourse.is_quoted(before):
                continue
            if before.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in before.children):
                members = self._members(before)
                return members or self._phrase(before)
        return None

    def _members(self, token: Token) -> str | None:
        names = []
        for child in token.children:
            if _introduces_members(child):
                for obj in (t for t in child.subtree if t.dep_ in ("pobj", "conj", "appos")):
                    entity = self.entities.at(obj)
                    if entity is not None and entity.kind == "person" and entity.name not in names:
                        names.append(entity.name)
        return " and ".join(names) if names else None

    def _phrase(self, token: Token) -> str:
        """The noun phrase without its article, relative clause or apposition."""
        cut = {t.i for c in token.children if c.dep_ in ("relcl", "appos") or _introduces_members(c) for t in c.subtree}
        cut |= {t.i for t in token.subtree if t.text in (":", ";", "-", "—", "–", "(", ")")
                or (self.discourse.is_quoted(t) and t.i != token.i)}
        words = [t for t in token.subtree if t.i not in cut]
        # the unbroken run of words around the head
        left = next((i for i in range(len(words)) if words[i].i == token.i), 0)
        lo = left
        while lo > 0 and words[lo - 1].i == words[lo].i - 1:
            lo -= 1
        hi = left
        while hi + 1 < len(words) and words[hi + 1].i == words[hi].i + 1:
            hi += 1
        words = words[lo: hi + 1]
        while words and (words[0].dep_ in ("det", "punct") or words[0].is_punct):
            words = words[1:]
        while words and words[-1].is_punct:
            words = words[:-1]
        text = Span(self.doc, words[0].i, words[-1].i + 1).text if words else token.text
        return " ".join(text.split()[:MAX_WORDS])

    def _owner(self, token: Token) -> Entity | None:
        """Whose the noun is: its possessor, a name compounded with it, the
        agent of a participle on it ("figures released by the council"), the
        organisation after *of*, *at*, *for* — or the person, for whoever
        speaks for them ("a spokeswoman for Governor Lisa Park")."""
        people = token.lower_ in ROLE_NOUNS
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
                if entity is not None and (entity.kind == "org" or people and entity.kind == "person"):
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
        """*the company*, *it*, *the agency*: the organisation named earlier in
        the sentence; else the article's if the paragraph names it; else one
        the paragraph names in full; else the article's."""
        if token.pos_ == "NOUN":
            # "the council", "the ministry": the organisation whose name says so
            for i in range(token.i - 1, -1, -1):
                entity = self.entities.at(self.doc[i])
                if entity is not None and entity.kind == "org" and len(entity.words) > 1 and token.lower_ in entity.words:
                    return entity
        entity = self.entities.last_before(token.i, "org", since=token.sent.start)
        if entity is not None:
            return entity
        paragraph = self.discourse.paragraphs[self.discourse.paragraph_at(token.idx)]
        span = self.doc.char_span(paragraph[0], paragraph[1], alignment_mode="expand")
        since = span.start if span is not None else token.sent.start
        topic = self.entities.topic
        if span is not None and topic is not None and any(self.entities.at(t) is topic for t in span):
            return topic
        named = [self.entities.at(t) for t in self.doc[since: token.i] if not self.discourse.is_quoted(t)]
        named = [e for e in named if e is not None and e.kind == "org"]
        full = [e for e in named if len(e.words) > 1]
        return full[-1] if full else topic

    def _nearby_topic(self, token: Token) -> str | None:
        """The article's organisation, for an unnamed spokesperson or a filing
        in its voice, when its paragraph or one of the two before names it:
        never by default across the article."""
        topic = self.entities.topic
        if topic is None:
            return None
        here = self.discourse.paragraph_at(token.idx)
        for index in (here, here - 1, here - 2):
            if index < 0:
                continue
            span = self.doc.char_span(*self.discourse.paragraphs[index], alignment_mode="expand")
            if span is not None and any(self.entities.at(t) is topic for t in span):
                return topic.name
        return None

    @staticmethod
    def _named(entity: Entity | None) -> str | None:
        return entity.name if entity is not None else None


def _same_kind(one: str, other: str) -> bool:
    return one == other or any(one in kind and other in kind for kind in DOCUMENT_KINDS)


def _introduces_members(token: Token) -> bool:
    """ "like", "including", "such as": the named members of a group follow."""
    return token.dep_ == "prep" and (token.lower_ in MEMBER_WORDS or any(c.lower_ == "such" for c in token.children))


def _is_citable(name: str) -> bool:
    """A newspaper or magazine, by the last word of its name."""
    words = name.lower().split()
    return bool(words) and words[-1] in PUBLICATION_WORDS


def _flat_name(token: Token) -> str:
    """A name and the capitalised words compounded into it, without a title."""
    start = token.i
    doc = token.doc
    while start > token.sent.start and doc[start - 1].dep_ in ("compound", "flat") and doc[start - 1].head.i >= token.i - 3 \
            and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].is_title):
        start -= 1
    while start < token.i and (doc[start].lower_ in PERSON_TITLES or doc[start].text.endswith(".")):
        start += 1
    return doc[start: token.i + 1].text


def _definite(token: Token) -> bool:
    return any(c.lower_ in ("the", "its", "this", "their", "our") for c in token.children)


@Language.factory("claim_attribution")
def make_attributor(nlp: Language, name: str) -> Attributor:
    return Attributor(nlp, name)
