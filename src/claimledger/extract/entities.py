"""The people and organisations an article talks about.

spaCy's small English model finds names well but types unfamiliar ones
poorly: an invented company is as often a PERSON as an ORG.  The article
itself says which is which, so mentions are grouped into entities and each
entity is typed from that evidence:

- a short form repeating the first word(s) of a longer name is an
  organisation's ("Korvane" for "Korvane Semiconductor"); one repeating the
  last word is a person's ("Whitlock" for "Dana Whitlock");
- a title just before a name makes it a person's ("Chief executive Wei
  Lanfang"); a last word such as *Airways*, *FC* or *Partners* an
  organisation's;
- otherwise the label the model gave most often, except that a one-word
  "person" nobody gave a title is taken for an organisation ("Lumio said").

The organisation the article is about (its *topic*) is the one mentioned
most, in the opening sentence, and as the subject of verbs, above all verbs
of saying; *the company* and *it* resolve to it.

A person's gender, for resolving *he* and *she*, is read from the article
too: a title (*Mr.*, *Ms.*), a gendered noun beside the name
(*spokeswoman*, *the mother of three*), a common given name, and, weakest,
a sentence opening on *he* or *she* after one that named that person only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .claim import text_of
from .lexicon import (
    FEMALE_HONORIFICS, FEMALE_NAMES, FEMALE_NOUNS, MALE_HONORIFICS, MALE_NAMES, MALE_NOUNS, ORG_SUFFIXES,
    PERSON_TITLES, SPEECH_VERBS,
)

ACRONYM_SKIPPED = {"of", "the", "and", "for", "&", "de", "in", "on"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "NORP": "place", "LOC": "place"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass
class Entity:
    words: tuple[str, ...]  # lower-case words of the longest name seen
    name: str
    labels: dict[str, int] = field(default_factory=dict)
    mentions: list[Span] = field(default_factory=list)
    first_forms: int = 0  # mentions by the leading word(s) of the name
    last_forms: int = 0  # mentions by the last word alone
    titled: int = 0  # mentions right after a person's title
    kind: str = "org"
    gender_votes: dict[str, int] = field(default_factory=dict)  # "m"/"f" → weight of the evidence
    gender: str | None = None

    def vote(self, gender: str, weight: int) -> None:
        self.gender_votes[gender] = self.gender_votes.get(gender, 0) + weight

    def classify(self) -> None:
        person = self.last_forms + 3 * self.titled
        org = self.first_forms + (3 if self.words[-1] in ORG_SUFFIXES else 0)
        places = sum(n for label, n in self.labels.items() if LABELS[label] == "place")
        if places * 2 > sum(self.labels.values()) and not self.titled and self.words[-1] not in ORG_SUFFIXES:
            self.kind = "place"  # "Mexico" for "Mexico City" is still a place
            return
        if person != org:
            self.kind = "person" if person > org else "org"
            return
        label = max(self.labels, key=self.labels.get)
        self.kind = LABELS[label]
        if self.kind == "person" and len(self.words) == 1:
            self.kind = "org"


class Entities:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities: list[Entity] = []
        self._at: dict[int, Entity] = {}
        headline = _headline_end(doc)
        for ent in doc.ents:
            if ent.label_ in LABELS and ent.start_char >= headline:
                for mention in _clean(ent):
                    self._add(mention, ent.label_)
        for mention in self._untagged_speakers(headline):
            self._add(mention, "PERSON")
        self._join_acronyms()
        for entity in self.entities:
            entity.classify()
        self._genders()
        self.topic = self._topic()

    def _add(self, mention: Span, label: str) -> None:
        words = tuple(t.lower_ for t in mention if not (t.is_punct or t.is_space))
        if not words:
            return
        entity = self._find(words)
        if entity is None:
            entity = Entity(words=words, name=mention.text)
            self.entities.append(entity)
        elif len(words) > len(entity.words):
            entity.first_forms += len(entity.mentions)
            entity.words, entity.name = words, mention.text
        elif words != entity.words:
            if entity.words[: len(words)] == words:
                entity.first_forms += 1
            else:
                entity.last_forms += 1
        entity.labels[label] = entity.labels.get(label, 0) + 1
        entity.mentions.append(mention)
        if _titled(mention) or _described_as_person(mention):
            entity.titled += 1
        gender = _marked_gender(mention)
        if gender:
            entity.vote(gender, 3)
        for token in mention:
            self._at[token.i] = entity

    def _untagged_speakers(self, headline: int) -> list[Span]:
        """Names of two or more capitalised words the model did not tag that
        are the subject of a verb of saying ("Corrib's Niamh Brennan said")."""
        found = []
        for token in self.doc:
            if token.i in self._at or token.idx < headline or token.pos_ != "PROPN" or token.dep_ != "nsubj" \
                    or token.head.lemma_.lower() not in SPEECH_VERBS:
                continue
            start = token.i
            while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].dep_ == "compound" \
                    and self.doc[start - 1].i not in self._at and self.doc[start - 1].lower_ not in PERSON_TITLES:
                start -= 1
            if token.i > start:
                found.append(self.doc[start: token.i + 1])
        return found

    def _find(self, words: tuple[str, ...]) -> Entity | None:
        """The entity a mention names.  A surname shared by several people
        ("Trump" after "Ivanka Trump" and "Donald Trump") is the one the
        article has called by it most often, else the first introduced."""
        shorter = []
        for entity in self.entities:
            known = entity.words
            if known == words:
                return entity
            if len(known) > 1 and len(words) < len(known) and (known[: len(words)] == words or known[-1:] == words):
                shorter.append(entity)
            elif len(words) > 1 and len(known) < len(words) and words[: len(known)] == known:
                return entity
        if shorter:
            return max(shorter, key=lambda e: (e.last_forms + e.first_forms, -self.entities.index(e)))
        return None

    def _topic(self) -> Entity | None:
        # a one-word name the model took for a person is an organisation when it
        # speaks ("Lumio said"), unless "he" or "she" follows it
        orgs = [e for e in self.entities if e.kind == "org" and not (len(e.words) == 1 and e.gender_votes)]
        if not orgs:
            return None
        lead = next(iter(self.doc.sents), None)

        def salience(entity: Entity) -> float:
            score = len(entity.mentions)
            if lead is not None and any(m.start < lead.end for m in entity.mentions):
                score += 3
            for mention in entity.mentions:
                if mention.root.dep_ in SUBJECT_DEPS:
                    score += 1 + 3 * (mention.root.head.lemma_.lower() in SPEECH_VERBS)
            return score

        return max(orgs, key=salience)

    def _join_acronyms(self) -> None:
        """"ECB" is the European Central Bank when the article spells it out:
        an all-capitals name made of the initials of another's words."""
        for short in list(self.entities):
            name = short.name.replace(".", "")
            if len(short.words) != 1 or not 2 <= len(name) <= 6 or not name.isupper() or not name.isalpha():
                continue
            for long in self.entities:
                initials = "".join(w[0] for w in long.words if w not in ACRONYM_SKIPPED and w[:1].isalpha())
                if long is not short and len(long.words) > 1 and initials.upper() == name:
                    for mention in short.mentions:
                        for token in mention:
                            self._at[token.i] = long
                    long.mentions += short.mentions
                    for label, count in short.labels.items():
                        long.labels[label] = long.labels.get(label, 0) + count
                    self.entities.remove(short)
                    break

    def _genders(self) -> None:
        people = [e for e in self.entities if e.kind == "person"]
        for entity in self.entities:
            given = next((w for w in entity.words[:-1] if w not in PERSON_TITLES and not w.endswith(".")), None)
            if given in MALE_NAMES:
                entity.vote("m", 3)
            elif given in FEMALE_NAMES:
                entity.vote("f", 3)
        # a sentence that opens on "he" or "she" after one that named one person only
        sents = list(self.doc.sents)
        for before, sent in zip(sents, sents[1:]):
            pronoun = next((t for t in sent if t.lower_ in PRONOUN_GENDER or self._person_at(t)), None)
            if pronoun is None or self._person_at(pronoun):
                continue
            named = {id(e): e for e in (self._personlike_at(t) for t in before) if e is not None}
            if len(named) == 1:
                next(iter(named.values())).vote(PRONOUN_GENDER[pronoun.lower_], 1)
        for entity in people:
            votes = entity.gender_votes
            if votes.get("m", 0) != votes.get("f", 0):
                entity.gender = "m" if votes.get("m", 0) > votes.get("f", 0) else "f"

    def _personlike_at(self, token: Token) -> Entity | None:
        """A person, or a one-word name the model took for one."""
        entity = self._at.get(token.i)
        if entity is None:
            return None
        if entity.kind == "person" or (len(entity.words) == 1 and max(entity.labels, key=entity.labels.get) == "PERSON"):
            return entity
        return None

    def _person_at(self, token: Token) -> Entity | None:
        entity = self._at.get(token.i)
        return entity if entity is not None and entity.kind == "person" else None

    def at(self, token: Token) -> Entity | None:
        return self._at.get(token.i)

    def named(self, word: str) -> Entity | None:
        """The entity whose name starts or ends with this word."""
        for entity in self.entities:
            if entity.words[0] == word or entity.words[-1] == word:
                return entity
        return None

    def last_before(self, index: int, kind: str, since: int = 0) -> Entity | None:
        """The entity of this kind mentioned last before token ``index``."""
        for i in range(index - 1, since - 1, -1):
            entity = self.at(self.doc[i])
            if entity is not None and entity.kind == kind:
                return entity
        return None


def _headline_end(doc: Doc) -> int:
    """Where a headline opening the text ends, or 0.  A headline's words run
    together ("Gold Star Mom Corners Obama"), so its names are not read:
    the article names everyone again in its body."""
    text = text_of(doc)
    body = len(text) - len(text.lstrip())
    end = text.find("\n", body)
    if end < 0:
        return 0
    words = re.findall(r"[A-Za-z][\w’'-]*", text[body:end])
    long = [w for w in words if len(w) > 3]
    if not 2 <= len(words) <= 25 or not long or sum(w[0].isupper() for w in long) < 0.75 * len(long):
        return 0
    return end


def _clean(ent: Span) -> list[Span]:
    """The name(s) in an entity span: no leading article, nothing before a
    line break, and split at a possessive ("Corrib's Niamh Brennan" names two)."""
    doc, parts, start = ent.doc, [], ent.start
    for token in ent:
        if token.tag_ == "POS" or token.lower_ in ("'s", "’s"):
            parts.append((start, token.i))
            start = token.i + 1
        elif "\n" in token.text_with_ws and token.i + 1 < ent.end:
            start = token.i + 1  # a heading run into the sentence below it
    parts.append((start, ent.end))
    # the model sometimes leaves a first name out ("Ana [Ruiz]")
    first = parts[0][0]
    while first > 0 and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].is_title) and doc[first - 1].dep_ == "compound" \
            and doc[first - 1].head.i >= first and not doc[first - 1].ent_type_ and doc[first - 1].lower_ not in PERSON_TITLES:
        first -= 1
    parts[0] = (first, parts[0][1])
    spans = []
    for begin, end in parts:
        while begin < end and (doc[begin].lower_ in ("the", "a", "an") or doc[begin].is_punct
                               or (_is_title_word(doc[begin].lower_) and ent.label_ == "PERSON")):
            begin += 1
        while end > begin and doc[end - 1].is_space:
            end -= 1  # "Lumo\n\n": a name ending a heading keeps no line break
        if begin < end:
            spans.append(doc[begin:end])
    return spans


def _is_title_word(word: str) -> bool:
    """ "Sen.", "councillors": a person's title, one or several people's."""
    return word in PERSON_TITLES or (word.endswith("s") and word[:-1] in PERSON_TITLES)


def _titled(mention: Span) -> bool:
    doc = mention.doc
    before = doc[max(0, mention.start - 3): mention.start]
    return any(t.lower_ in PERSON_TITLES for t in before) and not any(t.ent_type_ for t in before)


def _described_as_person(mention: Span) -> bool:
    """A name the sentence describes as a person's: "Tobias Reyes-Lindqvist, who covers base metals",
    "Reyes-Lindqvist, the Arbour Street Capital analyst" (the model may take an unfamiliar one for a firm)."""
    root = mention.root
    for child in root.children:
        if child.i < mention.end:
            continue
        if child.dep_ == "relcl" and any(c.lower_ in ("who", "whom") and c.i < child.i for c in child.children):
            return True
        if child.dep_ == "appos" and child.lower_ in PERSON_TITLES:
            return True
    return False


def _marked_gender(mention: Span) -> str | None:
    """A title or a gendered noun beside the name: "Mr. Bown", "Spokeswoman
    Ana Ruiz", "Ruiz, the agency's spokeswoman", "the mother of three, Ruiz"."""
    doc = mention.doc
    near = list(doc[max(0, mention.start - 3): mention.start])
    root = mention.root
    near += [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        near.append(root.head)
    for token in near:
        lower = token.lower_
        if lower in MALE_HONORIFICS or lower in MALE_NOUNS:
            return "m"
        if lower in FEMALE_HONORIFICS or lower in FEMALE_NOUNS:
            return "f"
    return None
