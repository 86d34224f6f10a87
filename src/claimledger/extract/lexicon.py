"""Cue lexicons: the words that decide a claim's status and who says it.

They are data, compiled once into spaCy ``Matcher`` patterns.  Every pattern
has an id, and that id is what gets stored as the claim's ``cue`` so a reviewer
can see which words decided the label.

``attach`` says which token a cue speaks for: ``head`` (a modal or adverb
speaks for the verb it modifies, an anonymous source for the verb it is the
subject of), ``self`` (a verb or noun such as *plans* or *target*),
``last`` (the preposition that ends it: *charged … with*) or ``to`` (itself
and the verb its *to* leads to: *on track to carry*).
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
    # Allegations and charges: what someone is accused of is not established.
    # The charge is what the preposition introduces ("charged two men with
    # defrauding investors"): the date of the charge and who was charged are facts.
    Cue("accused of", "unknown",
        _lower("suspected of")
        + [[{"LEMMA": {"IN": ["charge", "accuse", "indict"]}, "POS": "VERB"}, {"OP": "{,10}"},
            {"LOWER": {"IN": ["with", "of", "for", "on"]}}]],
        attach="last"),
    Cue("alleged", "unknown",
        _lower("alleged", "alleges", "alleging", "allegation", "allegations", "accusation", "accusations"),
        attach="self"),
    # Future, intention, targets, forecasts and estimates.
    Cue("will", "projected", _lower("will", "'ll", "shall", "wo"), attach="head", inherit=True),
    Cue("would", "projected", _lower("would"), attach="head", inherit=True),
    Cue("going to", "projected", _lower("going to", "about to"), attach="self"),
    Cue("expected to", "projected",
        [[{"LOWER": {"IN": ["expected", "set", "due", "poised", "slated", "scheduled", "likely", "unlikely", "bound", "projected", "forecast", "predicted", "planned", "supposed", "designed", "intended", "meant"]}},
          {"LOWER": "to"}],
         [{"LOWER": "on"}, {"LOWER": "track"}, {"LOWER": "to"}]],
        attach="to"),
    # Idioms of schedule: "due out", "is to open", "pencilled in", "is headed to".
    Cue("due out", "projected", _lower("due out"), attach="head"),
    Cue("scheduled", "projected",
        _lower("pencilled in", "penciled in", "earmarked for")
        + [[{"LEMMA": "be", "POS": "AUX"}, {"LOWER": "to"}, {"POS": {"IN": ["VERB", "AUX"]}, "TAG": "VB"}],
           [{"LEMMA": "be"}, {"LOWER": {"IN": ["headed", "heading"]}}, {"LOWER": {"IN": ["to", "for"]}}]],
        attach="self"),
    # What a settlement or deal provides for is not yet in force: "under the settlement, the bank pays".
    Cue("under the settlement", "projected",
        [[{"LOWER": "under"}, {"POS": {"IN": ["DET", "PRON", "ADJ", "PROPN"]}, "OP": "{,3}"},
          {"LEMMA": {"IN": ["settlement", "agreement", "deal", "accord", "proposal", "plan", "terms", "contract"]}}]],
        attach="head"),
    # "The bank sees growth of 2%": a forecast in the present tense.
    Cue("sees", "projected",
        [[{"LOWER": {"IN": ["sees", "see"]}, "TAG": {"IN": ["VBZ", "VBP"]}}, {"POS": {"IN": ["DET", "ADJ", "NUM", "ADV", "PRON"]}, "OP": "{,3}"},
          {"LEMMA": {"IN": ["growth", "inflation", "rate", "rise", "fall", "increase", "decline", "demand", "sale",
                            "revenue", "profit", "loss", "price", "output", "gdp", "earnings", "deficit", "surplus",
                            "unemployment", "return", "margin", "volume", "cost"]}}]],
        attach="self"),
    # Obligation: what must or should happen has not.
    Cue("must", "projected", _lower("must", "ought to", "needs to", "need to", "has to", "have to"),
        attach="head", inherit=True),
    Cue("plans", "projected", _lemma("plan", "aim", "intend", "seek", "hope", "want", "prepare", "propose", "strive")),
    Cue("target", "projected", _lemma("target", "goal", "ambition", "objective", "aspiration", "roadmap", "pipeline", pos=("NOUN", "VERB"))),
    # "project" only as a verb: "the project cost $1.41 billion" is an undertaking, not a projection
    Cue("expects", "projected", _lemma("expect", "anticipate", "foresee", "envisage", "envision", "predict", "projection",
                                       "forecast", "outlook", "guidance", "guide") + _lemma("project", pos=("VERB",))),
    Cue("estimate", "projected", _lemma("estimate")),
    Cue("promises", "projected", _lemma("promise", "pledge", "vow", "commit", "commitment", "guarantee", "undertake")),
    Cue("likely", "projected", _lower("likely", "probably", "unlikely", "eventually", "soon", "upcoming", "forthcoming", "prospective"), attach="head"),
]

# Verbs of saying: their subject asserts everything they govern.  The
# outermost one wins ("Osei said the airline aims to ..." is Osei's claim).
COMMUNICATION_VERBS = {
    "say", "tell", "add", "note", "write", "state", "announce", "confirm", "report", "claim", "argue",
    "insist", "warn", "predict", "promise", "pledge", "vow", "describe", "call", "caution", "suggest",
    "acknowledge", "explain", "reveal", "disclose", "admit", "tout", "boast", "stress", "emphasize",
    "emphasise", "assert", "maintain", "contend", "concede", "deny", "reiterate", "brand", "testify",
    "declare", "comment", "remark", "respond", "reply", "tweet", "post", "conclude", "observe", "allege", "cite",
    "recall", "recount", "answer", "retort", "counter", "complain", "lament", "concur", "affirm", "proclaim",
    "charge", "blog", "email", "text", "quip", "joke", "muse", "marvel", "urge", "demand",
}
# Verbs that introduce quoted words but assert nothing of their own when
# they stand without a quotation ("sales continued", "the poll asked").
# Only a quotation's frame reads them.
QUOTING_VERBS = {
    "ask", "continue", "begin", "shout", "yell", "scream", "holler", "chant", "sing", "cry", "exclaim",
    "whisper", "mutter", "sigh", "laugh", "groan", "gush", "rave", "scoff", "snap", "bark", "thunder", "read",
    "type", "plead", "beg", "interject", "interrupt", "wonder", "query", "inquire", "press", "challenge",
    "summarize", "summarise", "put", "offer", "wrote", "add", "say", "tell",
}
REPORTING_VERBS = COMMUNICATION_VERBS | QUOTING_VERBS
# Works whose title stands in quotation marks right after them ("the book
# “Fire and Fury”", "Davis' commentary, “Melania, tell your story,”").
WORK_NOUNS = {
    "book", "novel", "memoir", "film", "movie", "documentary", "show", "programme", "program", "series",
    "episode", "song", "album", "single", "play", "musical", "opera", "poem", "article", "essay", "column",
    "commentary", "op-ed", "editorial", "headline", "podcast", "painting", "exhibition", "slogan", "motto",
    "hashtag",
}
# Verbs of estimating and intending: their subject owns the figure or plan
# when no one above them is quoted ("Meridian expects to hire 600 pilots").
STANCE_VERBS = {
    "expect", "forecast", "estimate", "believe", "think", "project", "anticipate", "put", "target",
    "aim", "plan", "intend", "budget", "guide", "show", "indicate", "find", "model", "calculate",
}
SPEECH_VERBS = COMMUNICATION_VERBS | STANCE_VERBS
# Words before a name that mark it as a person's ("Chief executive Wei Lanfang").
PERSON_TITLES = {
    "chief", "executive", "officer", "ceo", "cfo", "coo", "cto", "president", "chair", "chairman",
    "chairwoman", "chairperson", "director", "manager", "minister", "secretary", "spokesperson",
    "spokesman", "spokeswoman", "analyst", "economist", "member", "governor", "mayor", "senator",
    "professor", "dr", "dr.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "coach", "founder",
    "co-founder", "head", "investigator", "researcher", "scientist", "lawmaker", "representative",
    "commissioner", "trader", "strategist", "partner", "editor", "vice", "general", "deputy",
    "adviser", "advisor", "consultant", "engineer", "official", "leader", "lead", "sir", "dame",
    "sen.", "sen", "rep.", "rep", "gov.", "del.", "lt.", "gen.", "col.", "capt.", "sgt.", "prof.", "rev.",
    "judge", "justice", "ambassador", "congressman", "congresswoman", "councillor", "councilman",
    "councilwoman", "chancellor", "premier", "sheriff", "attorney", "prosecutor", "mrs", "miss",
}
# Last words that mark a name as an organisation's.
ORG_SUFFIXES = {
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "ltd", "ltd.", "llc", "plc",
    "ag", "sa", "gmbh", "group", "holdings", "partners", "capital", "securities", "research",
    "insights", "energy", "airways", "airlines", "aerospace", "semiconductor", "semiconductors",
    "therapeutics", "pharmaceuticals", "networks", "systems", "technologies", "labs", "fc", "sc",
    "council", "alliance", "association", "agency", "ministry", "bank", "motors", "transit",
    "advisory", "equity", "institute", "university", "office", "foundation", "fund", "federation",
    "union", "league", "committee", "commission", "board", "department", "authority", "service",
    "services", "media", "bureau", "exchange", "club", "industries", "international",
    "analytics", "consulting", "ventures", "investments", "management", "trust",
}
# Nouns for documents whose author is the one asserting them ("the plan
# includes", "according to figures released with the budget").
DOCUMENT_NOUNS = {
    "plan", "proposal", "budget", "filing", "figures", "figure", "data", "report", "statement",
    "release", "results", "forecast", "guidance", "outlook", "document", "presentation", "survey",
    "poll", "study", "analysis", "estimate", "estimates", "prospectus", "letter", "memo", "pledge",
    "strategy", "roadmap", "announcement", "filings", "accounts", "minutes", "slide", "slides", "chart",
    "table", "complaint", "lawsuit", "ruling", "memo", "audit", "review", "census", "tally", "count",
    "statistics", "numbers", "model", "projection", "projections", "index", "tracker", "research",
}
# Documents that are sources of their own (studies, polls, rulings): named by
# themselves when nobody is named for them, where a filing or a plan in the
# article's voice is its company's.
SOURCE_DOCUMENTS = {
    "survey", "poll", "polls", "study", "analysis", "census", "research", "audit", "review", "ruling",
    "complaint", "lawsuit", "tracker", "index", "model", "slide", "slides", "chart",
}
# What a poll or survey reports of the people it asked.
POLL_NOUNS = {"poll", "polls", "survey", "surveys", "polling"}
POLL_VERBS = {
    "lead", "trail", "support", "favor", "favour", "back", "prefer", "approve", "disapprove", "say", "think",
    "believe", "vote", "choose", "pick", "rate", "view", "oppose", "want", "plan", "be", "receive", "get",
    "win", "give", "agree", "disagree", "expect", "consider", "see", "identify", "describe", "report",
}
# Last words of the names of newspapers and magazines ("The Wall Street
# Journal"), which a paragraph goes on citing once it has named them.
PUBLICATION_WORDS = {
    "times", "journal", "post", "news", "press", "tribune", "herald", "gazette", "guardian", "telegraph",
    "economist", "magazine", "daily", "wire", "chronicle", "observer", "today", "globe", "sun", "mail",
    "express", "courier", "examiner", "inquirer", "review", "report", "reports", "bulletin",
}
# Verbs by which someone makes a document theirs ("Carrow Transit proposed a
# budget", "the agency published a report").
AUTHORING_VERBS = {
    "propose", "publish", "release", "issue", "file", "submit", "conduct", "commission", "prepare", "present",
    "carry", "produce", "write", "draft", "unveil", "post", "circulate", "send", "run",
}
# Words that introduce named members of a group ("critics such as A and B").
MEMBER_WORDS = {"like", "including", "such"}
# People who speak for an organisation without being named ("a spokesperson said").
ROLE_NOUNS = {"spokesperson", "spokesman", "spokeswoman", "representative", "official", "officials", "spokespeople"}
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

# Gender, for resolving "he" and "she" to a person named before: words
# that mark a person's gender where the article names them.
MALE_HONORIFICS = {"mr", "mr.", "sir", "lord", "mister", "monsieur", "herr", "señor", "senor"}
FEMALE_HONORIFICS = {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "madam", "madame", "frau", "señora", "senora"}
MALE_NOUNS = {
    "spokesman", "congressman", "businessman", "councilman", "chairman", "husband", "father", "son", "brother",
    "widower", "grandfather", "grandson", "nephew", "uncle", "king", "prince", "boy", "man", "actor", "dad",
    "boyfriend", "fiancé", "stepfather", "godfather", "groom", "gentleman", "sportsman", "alderman",
}
FEMALE_NOUNS = {
    "spokeswoman", "congresswoman", "businesswoman", "councilwoman", "chairwoman", "wife", "mother", "daughter",
    "sister", "widow", "grandmother", "granddaughter", "niece", "aunt", "queen", "princess", "girl", "woman",
    "actress", "mom", "mum", "girlfriend", "fiancée", "stepmother", "godmother", "bride", "lady", "sportswoman",
    "waitress", "heiress", "duchess", "countess", "first lady",
}
# Common given names, for people the article gives no other mark of.
MALE_NAMES = set("""
aaron adam adrian ahmed alan albert alejandro alex alexander ali andre andreas andrew andy angelo anthony
antonio arjun arthur ben benjamin bernard bill billy bob bobby brad bradley brandon brian bruce bryan carl
carlos charles charlie chris christian christopher clint colin craig dan daniel danny darren dave david dean
dennis derek diego dmitri dominic don donald doug douglas duncan dylan ed eddie edward elijah emmanuel enrique
eric erik ernesto ethan evan felipe fernando francis francisco frank fred frederick gabriel gary george gerald
gordon greg gregory guillermo gustavo hamid hans harold harry hassan hector henry hugo ian isaac ivan
jack jacob jake james jamie jared jason javier jeff jeffrey jeremy jerry jesse jim jimmy joe joel johan john
johnny jon jonathan jorge jose joseph josh joshua juan julian justin karl keith ken kenneth kevin klaus
kurt larry lars leon leonard liam lucas luis luke marco marcus mario mark martin matt matthew max michael
miguel mike mikhail mitch mohamed mohammed muhammad nathan neil nicholas nick nikolai noah oliver omar oscar
pablo patrick paul pedro peter phil philip pierre rafael rahul ralph ramon rand randy raul ray raymond ricardo
richard rick rob robert roberto rod roger ron ronald rudy russell ryan sam samuel scott sean sergei sergio
seth simon stanley stefan stephen steve steven stuart ted terry thomas tim timothy todd tom tony travis
vladimir walter warren wayne william willie xavier yusuf zach
""".split())
FEMALE_NAMES = set("""
abigail ada adriana aisha alexandra alice alicia alison amanda amber amy ana andrea angela angelina ann anna
anne annette antonia april ashley barbara beatriz becky betsy beth betty beverly brenda bridget brittany
camila carla carmen carol caroline carolyn catherine cecilia charlotte chelsea cheryl christina christine
cindy claire clara claudia colleen cynthia daniela danielle debbie deborah debra denise diana diane dolores
donna doris dorothy eileen elaine elena elizabeth ella ellen emily emma erica erin esther eva evelyn fatima
fiona frances gabriela gillian gina gloria grace gwen hannah harriet heather heidi helen holly ingrid irene
isabel isabella jacqueline jane janet janice jasmine jeanne jennifer jessica jill joan joanna josefina joy
joyce judith judy julia julie karen kate katherine kathleen kathryn kathy katie kay kelly kelsey kimberly
kirsten laura lauren leah leslie lily linda lisa loretta lori lucy lydia lynn madeleine madison maria mariana
marie marilyn marjorie martha mary maxine megan melanie melissa mia michelle mila miriam molly monica nadia
nancy natalia natalie nicole nina nora olga olivia paige pamela patricia paula pauline peggy penny priya
rachel rebecca rita roberta rosa rose ruth sabrina sally samantha sandra sara sarah sharon sheila shirley
sofia sonia sophia sophie stacey stephanie susan suzanne sylvia tamara tammy tanya teresa theresa tiffany tina
tracy ursula valerie vanessa vera veronica victoria virginia wanda wendy yolanda yvonne zoe
""".split())
