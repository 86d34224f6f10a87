"""Cue lexicons: the words that decide a claim's status and who says it.

They are data, compiled once into spaCy ``Matcher`` patterns.  Every pattern
has an id, and that id is what gets stored as the claim's ``cue`` so a reviewer
can see which words decided the label.

``attach`` says which token a cue speaks for: ``head`` (a modal or adverb
speaks for the verb it modifies, an anonymous source for the verb it is the
subject of) or ``self`` (a verb or noun such as *plans* or *target*).
``inherit`` cues (modal auxiliaries) also reach the second half of a
coordination, which spaCy attaches to the first verb only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NEG = {"LOWER": {"IN": ["not", "n't", "never", "no"]}}


@dataclass(frozen=True)
class Cue:
    id: str
    status: str  # "unknown" (hedge) or "projected" (future, plan, estimate)
    patterns: list = field(default_factory=list)
    attach: str = "self"
    inherit: bool = False


def _lower(*words: str) -> list:
    return [[{"LOWER": w} for w in phrase.split()] for phrase in words]


def _lemma(*lemmas: str, pos: tuple[str, ...] = ("VERB", "NOUN", "AUX", "ADJ")) -> list:
    return [[{"LEMMA": lemma, "POS": {"IN": list(pos)}}] for lemma in lemmas]


STATUS_CUES: list[Cue] = [
    # Hedges: speculation, rumour, undisclosed facts.  They win over everything else.
    Cue("may", "unknown", _lower("may"), attach="head", inherit=True),
    Cue("might", "unknown", _lower("might"), attach="head", inherit=True),
    Cue("could", "unknown", _lower("could"), attach="head", inherit=True),
    Cue("possibly", "unknown", _lower("possibly", "potentially", "perhaps", "maybe", "conceivably"), attach="head"),
    Cue("reportedly", "unknown", _lower("reportedly", "allegedly", "supposedly", "apparently", "rumoredly"), attach="head"),
    Cue("rumoured", "unknown", _lemma("rumour", "rumor", "speculate", "speculation") + _lower("rumoured", "rumored"), attach="self"),
    Cue("unconfirmed", "unknown", _lower("unconfirmed", "unclear", "uncertain", "unknown", "undisclosed", "unverified"), attach="self"),
    Cue("anonymous source", "unknown",
        [[{"LOWER": {"IN": ["people", "person", "sources", "source", "officials", "lawmakers", "executives", "insiders", "bankers"]}},
          {"LOWER": {"IN": ["familiar", "briefed", "close", "with", "knowledgeable"]}}]]
        + _lower("are understood to", "is understood to", "according to reports", "according to people",
                 "according to sources", "a person familiar", "people with knowledge"),
        attach="head"),
    Cue("declined to say", "unknown",
        [[{"LEMMA": {"IN": ["decline", "refuse"]}}, {"LOWER": "to"},
          {"LEMMA": {"IN": ["say", "comment", "disclose", "confirm", "give", "specify", "reveal", "provide"]}}]],
        attach="self"),
    Cue("not disclosed", "unknown",
        [[NEG, {"LOWER": {"IN": ["yet", "been", "publicly"]}, "OP": "*"},
          {"LEMMA": {"IN": ["disclose", "reveal", "announce", "specify", "confirm", "say", "give", "provide", "release", "publish", "comment"]},
           "POS": {"IN": ["VERB", "AUX"]}}]],
        attach="self"),
    # Future, intention, targets, forecasts and estimates.
    Cue("will", "projected", _lower("will", "'ll", "shall", "wo"), attach="head", inherit=True),
    Cue("would", "projected", _lower("would"), attach="head", inherit=True),
    Cue("going to", "projected", _lower("going to", "about to"), attach="self"),
    Cue("expected to", "projected",
        [[{"LOWER": {"IN": ["expected", "set", "due", "poised", "slated", "scheduled", "likely", "unlikely", "on", "bound", "projected", "forecast", "predicted", "planned", "supposed"]}},
          {"LOWER": "track", "OP": "?"}, {"LOWER": "to"}]],
        attach="self"),
    Cue("plans", "projected", _lemma("plan", "aim", "intend", "seek", "hope", "want", "prepare", "propose", "strive")),
    Cue("target", "projected", _lemma("target", "goal", "ambition", "objective", "aspiration", "roadmap", "pipeline", pos=("NOUN", "VERB"))),
    Cue("expects", "projected", _lemma("expect", "anticipate", "foresee", "envisage", "envision", "predict", "project", "projection", "forecast", "outlook", "guidance", "guide")),
    Cue("estimate", "projected", _lemma("estimate")),
    Cue("promises", "projected", _lemma("promise", "pledge", "vow", "commit", "commitment", "guarantee", "undertake")),
    Cue("likely", "projected", _lower("likely", "probably", "unlikely", "eventually", "soon", "upcoming"), attach="head"),
]

# Verbs whose subject is the one asserting what they govern.
SPEECH_VERBS = {
    "say", "tell", "add", "note", "write", "state", "announce", "confirm", "report", "claim", "argue",
    "insist", "warn", "predict", "forecast", "estimate", "expect", "promise", "pledge", "vow",
    "believe", "think", "describe", "call", "caution", "project", "suggest", "acknowledge", "explain",
    "reveal", "disclose", "show", "indicate", "admit", "tout", "boast", "stress", "emphasize",
    "emphasise", "anticipate", "assert", "maintain", "contend", "concede", "deny", "put", "target",
    "aim", "plan", "intend", "budget", "guide", "reiterate", "brand",
}
# Nouns that stand for an organisation already named ("the company said").
ORG_NOUNS = {
    "company", "firm", "group", "carrier", "airline", "automaker", "carmaker", "manufacturer",
    "maker", "bank", "agency", "club", "government", "ministry", "startup", "retailer", "operator",
    "developer", "chain", "insurer", "lender", "brand", "business", "utility", "council", "board",
    "regulator", "team", "studio", "publisher", "department", "authority", "city",
}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
ORG_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their"}
