"""A claim's signature: what it is about, in a form two claims from
different articles can be compared on (its entities, measure, period,
value and the words around it).  Built from the stored claim alone, so it
needs no spaCy."""
from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

import Stemmer

from ..normalize.numbers import MEASURE_SYMBOLS, MEASURES
from ..normalize.units import is_currency, split_unit

WINDOW_BEFORE, WINDOW_AFTER = 10, 8
SPAN_DAYS = 122  # a season or less: a span precise enough to be a word of its own claim's context

STOPWORDS = set(
    """a an the and or but of to in on at by for with from as is are was were be been being it its this that
    these those their his her he she they we our you your i has have had will would could should may might
    can do does did not no than then there here which who whom whose what when where while also about
    into over under after before up down out more most less such said says say told according per
    company firm year years month months week weeks day days quarter time next last first""".split()
)

# capitalised words that are not names: calendar words, abbreviations of periods,
# titles, which every article about someone shares with every other, and unit symbols
CAPITALISED_NOISE = {*calendar.month_name[1:], *calendar.day_name, "Q1", "Q2", "Q3", "Q4", "CEO", "U", "S",
                     "Mr", "Mrs", "Ms", "Dr", "Prof", "Sir", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Jr",
                     "Sr", "St", "Mt", "Rev", "President", "Vice", "Minister", "Prime", "Secretary", "Chairman",
                     "Chairwoman", "Chair", "Chief", "Executive", "Officer", "Director", "Senator", "Governor",
                     "Mayor", "Judge", "Justice", "Representative", "Spokesman", "Spokeswoman", "Spokesperson",
                     # words many bodies' names carry ("Calder Regional Transit", "Marrowick Regional Airport",
                     # "the Dunholt Taxpayers' Council"), which name no one of them
                     "Regional", "National", "Federal", "International", "Central", "County", "City", "State",
                     "Council", "Board", "Authority", "Department", "Taxpayers", "Watch", "Alliance", "Group",
                     "Fund",
                     *MEASURE_SYMBOLS}  # "MW", "GWh": units, which every figure of a story may carry
# a capitalised word after one of these may be capitalised only because a sentence starts there
SENTENCE_OPENERS = re.compile(r"(?:^|[.!?:;\"“”‘’(\[—–-]|\n)\s*$")
AFTER_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|St|Mt|Rev)\.\s*$")  # "Mr. Smith"

CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas|but|although|though)\s|;\s|\s(?:while|whereas)\s")

# a figure a rate is counted against: "2.2 beds per 1,000 people"
DENOMINATOR = re.compile(r"\b(?:per|every|each)\s+$", re.I)

# a figure that counts a part of a whole the sentence names: "1,100 staff, about 600 of them nurses",
# "19 of the 28 centres"
PART_OF = re.compile(r"\s+of\s+(?:(?:it|them|whom|which|those|these)\b|(?:the|its|their|our)\s+\d)", re.I)

# a figure set against another: "1.8 beds per 1,000, against 2.3 nationally"
COMPARISON_BREAK = re.compile(r"\b(?:against|compared (?:with|to)|versus|vs\.?|than)\s", re.I)
REACH_BEFORE, REACH_AFTER = 6, 5  # the words nearest a figure that say how far it reaches
# words that widen a figure's population past the place a story is about: "nationally", "across
# the country", "the world's": kept in the scope ("reach", and "reaches" its clause names), by populations_agree
REACHES = {"nation": {"nation", "nation's", "nations", "nationally", "nationwide", "country", "country's",
                      "countrywide", "countries"},
           "world": {"world", "world's", "worldwide", "global", "globally", "internationally"},
           "state": {"statewide"}}
REACH_OF = {word: name for name, words in REACHES.items() for word in words}

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")

# Words that name one predicate in different ways: a target is a target
# whether it is "targeted", "aimed at" or "wanted"; a sale is "sold".
PREDICATES = {
    "intend": {"target", "goal", "aim", "want", "plan", "intend", "objective", "ambition", "expect", "forecast",
               "project", "projection", "guidance", "outlook", "meant", "promise", "pledge", "seek", "estimate",
               "predict"},
    "sell": {"sell", "sale", "sold", "deliver", "delivery", "deliverie", "shipment", "ship"},
    "build": {"build", "built", "produce", "production", "manufacture", "assemble", "output", "capacity"},
    "price": {"price", "cost", "priced", "start", "fare", "charge", "bill", "budget"},
    "launch": {"launch", "arrive", "arrival", "debut", "release", "introduce", "unveil", "available", "begin"},
    "invest": {"invest", "investment", "spend", "spent", "spending", "fund", "funding"},
    "employ": {"employ", "employee", "job", "worker", "staff", "hire"},
    # an economy that "grew by 1.3%" had growth of 1.3%; inflation is no price of a thing ("house prices")
    "grow": {"grow", "growth", "grew", "expand", "expansion"},
    "inflation": {"inflation", "inflationary"},
}


# days past its article's date a period may end and still be what is already so
AHEAD_SLACK = 31
# frames of a figure about what is already so; the others are about the future
ACTUAL_FRAMES = {"actual", "capacity"}


def year_end(day: int) -> bool:
    """Whether a day number is a 31 December."""
    end = date.fromordinal(day)
    return (end.month, end.day) == (12, 31)


@dataclass(slots=True)
class Signature:
    """What a claim is about, in a form two claims can be compared on."""

    claim_id: int
    article_id: int
    kind: str
    status: str
    measure: str | None
    period: str | None
    low: Any
    high: Any
    entities: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    quote: str | None = None
    qualifier: str = "="
    scope: dict[str, Any] | None = None  # what a figure measures: claimledger.extract.scope
    frame: str = field(init=False, default="")
    when: tuple[int | None, int | None] | None = field(init=False, default=None)
    as_of: int | None = field(init=False, default=None)  # the day its article was published

    def __post_init__(self) -> None:
        # a date's ends are compared as day numbers, read once here rather than in every comparison
        if self.kind == "date":
            self.low, self.high = day_number(self.low), day_number(self.high)
        scope = self.scope or {}
        self.frame = scope.get("frame") or ("actual" if self.status == "confirmed" else "plan")
        period = scope.get("period")
        # a figure is not measured over one day: a day beside it is when something was done or said
        # ("approved a $640 million plan on Tuesday"), not the period the figure is of
        self.when = (day_number(period[0]), day_number(period[1])) if period and period[0] != period[1] else None
        self.as_of = day_number(scope.get("as_of"))
        if self.frame == "actual" and self.when and self.as_of is not None and (
                (self.when[0] if self.when[0] is not None else self.when[1]) > self.as_of + AHEAD_SLACK):
            # what is to be so by a day still to come is promised, however firmly told ("approved a plan to
            # build 2,400 homes by the end of 2037")
            self.frame = "target"
        if (self.kind == "number" and is_currency(self.measure) and self.frame not in ACTUAL_FRAMES
                and self.when and self.when[1] is not None and self.as_of is not None and self.when[1] < self.as_of):
            # a sum put forward as an estimate or a plan beside a period over before its article was written:
            # the period is when it was put forward ("put the scheme at £128 million in March last year"),
            # not one it measures
            self.when = None

    @property
    def settled(self) -> bool:
        """Told as already so.  A date's article decides by its day: a date
        wholly before it is past however it is told ("the alliance
        estimated in March"), and one told as done but later than it is a
        schedule ("has pushed the opening back to the autumn of 2025",
        written in 2024)."""
        if self.kind != "date" or self.as_of is None or self.low is None or self.high is None:
            return self.status == "confirmed"
        return self.high < self.as_of or (self.status == "confirmed" and self.low <= self.as_of)


_ENGLISH = Stemmer.Stemmer("english")  # PyStemmer: Snowball's English stemmer, compiled


@lru_cache(maxsize=4_096)
def stem(word: str) -> str:
    """A word's Snowball stem, a possessive dropped: "voted" and "vote",
    "city's" and "cities" are one word to compare contexts by."""
    word = word.lower().strip("'’-")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return _ENGLISH.stemWord(word)


PREDICATE_OF = {stem(word): name for name, words in PREDICATES.items() for word in words}

# events told in other words: a bridge that opens is in use, work that starts begins
EVENT_CLASSES = {"open": {"open", "reopen", "launch", "debut", "use", "servic", "operat"},
                 "begin": {"start", "begin", "commenc", "break"},
                 "finish": {"finish", "complet", "end"},
                 # a decision: the day a plan was approved is the day it was voted on, or its price set
                 "decide": {"approv", "vote", "set", "revis", "decid", "adopt", "pass", "agre", "endors", "meet"}}
EVENT_OF = {word: name for name, words in EVENT_CLASSES.items() for word in words}


def event_class(event: str) -> str:
    """An event word as its stem, or as the name of its class ("opening" and "launch" are "open")."""
    word = stem(event)
    return EVENT_OF.get(word, word)


# words of addressing a meeting, which on the day an article reports is the day of what it reports
ADDRESSES = {"tell", "address", "speak"}
REPORTED_DAYS = 7  # days before its article's day a date may lie and be the day it reports


FIGURE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")


def figures_in(text: str) -> set[str]:
    """The figures written beside an anchor, as words of its context ("42,000
    by 2030": the date's context holds 42000, the number's 2030): two
    articles that give one figure for one date say one thing."""
    return {"#" + m.group().replace(",", "").rstrip(".") for m in FIGURE.finditer(text)}


def context_words(text: str) -> set[str]:
    words = {stem(w) for w in WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 2}
    return {PREDICATE_OF.get(w, w) for w in words}


# the words of the prices whose rise is inflation: "consumer prices would rise by 3.4%" (not house prices)
CONSUMER_PRICES = context_words("consumer prices")


def _names(text: str) -> Iterable[str]:
    """Capitalised words that are not function words: the names in ``text``."""
    for m in WORD.finditer(text):
        word = m.group()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        word = word.rstrip("'’")  # "the Taxpayers' Alliance"
        if word[0].isupper() and word not in CAPITALISED_NOISE and word.lower() not in STOPWORDS:
            yield word.lower()


@lru_cache(maxsize=4_096)  # claims of one sentence share it
def names_in(text: str) -> frozenset[str]:
    return frozenset(_names(text))


def supported_names(text: str, title: str | None = None) -> frozenset[str]:
    """The names an article supports: words it capitalises somewhere a
    sentence does not start.  "Revenue" opening a sentence is not a name
    unless the article writes it capitalised mid-sentence too; and a word
    the article also writes in lower case is a common noun inside names
    ("the Dunmere Health Board" ... "the board"), not a name of its own.
    A word capitalised only where sentences start is a name when the
    article also gives it in its ``title`` or writes it in capitals, and
    twice in all, never in lower case: a city named in the headline and
    once more, opening the first sentence; "CRT said", twice."""
    found, lowered, opening = set(), set(), Counter()
    for part, words in ((text, WORD.finditer(text)), (title or "", WORD.finditer(title or ""))):
        for m in words:
            word = m.group()
            if not word[0].isupper():
                if word.islower():
                    lowered.add(word)
                continue
            name = (word[:-2] if word.endswith(("'s", "’s")) else word).lower()
            before = part[max(0, m.start() - 8): m.start()]
            if part is text and not (SENTENCE_OPENERS.search(before[-3:]) and not AFTER_TITLE.search(before)):
                found.add(name)
            elif name not in STOPWORDS and word not in CAPITALISED_NOISE:
                opening[name] += 1 + (part is title or word.isupper())
    return frozenset((found | {w for w, n in opening.items() if n > 2}) - lowered)


TOPICS = 2  # names an article mentions most, each a name of every claim it makes
# and up to this many in all of those it names more than once: a story's trade report may mention
# its contractor most, but also names the project's owner and place again
MORE_TOPICS = 3


def article_entity(text: str, supported: frozenset[str] | None = None, title: str | None = None) -> frozenset[str]:
    """The names an article mentions most: what it is about.  Names it
    writes capitalised mid-sentence count first; an article that writes
    its main name only where sentences start ("Tesla sold… Tesla expects…")
    is about the names it opens its sentences with.  It is about the names
    its ``title`` gives too, those the body writes as names (a headline in
    Title Case capitalises every word)."""
    names = list(_names(text))
    counts = Counter(n for n in names if supported is None or n in supported) or Counter(names)
    ranked = counts.most_common()
    # a name mentioned again as often as the last one kept is kept too: a tie's order is only the order of mention
    least = max(2, ranked[min(MORE_TOPICS, len(ranked)) - 1][1]) if ranked else 0
    named = names_in(" " + title) & (supported or frozenset()) if title else frozenset()
    return frozenset(name for i, (name, count) in enumerate(ranked) if i < TOPICS or count >= least) | named


def _measure(claim: dict[str, Any]) -> tuple[str | None, str | None]:
    if claim["kind"] != "number":
        return claim["kind"], None
    base, period = split_unit(claim.get("unit"))
    # currencies (ISO codes), percentages and measurement units are measures;
    # anything else is a counted noun: units, sales, vehicles...
    if base in MEASURE_UNITS or base[:1].isupper():
        return base, period
    return "count", period


MEASURE_UNITS = {*MEASURES.values(), "%", "pounds"}

# units with a metric prefix, compared in their base unit: "150 megalitres" is "150 million litres"
# and "0.93 GW" is "930 MW"
PREFIXED = {"ML": ("litres", 1e6), "GL": ("litres", 1e9), "ml": ("litres", 1e-3),
            "kW": ("W", 1e3), "MW": ("W", 1e6), "GW": ("W", 1e9), "TW": ("W", 1e12),
            "kWh": ("Wh", 1e3), "MWh": ("Wh", 1e6), "GWh": ("Wh", 1e9), "TWh": ("Wh", 1e12),
            "km": ("m", 1e3), "cm": ("m", 1e-2), "mm": ("m", 1e-3), "kg": ("g", 1e3), "mg": ("g", 1e-3),
            "tonnes": ("g", 1e6), "kt": ("g", 1e9), "Mt": ("g", 1e12), "Gt": ("g", 1e15),
            "kB": ("B", 1e3), "MB": ("B", 1e6), "GB": ("B", 1e9), "TB": ("B", 1e12)}


def in_base_unit(measure: str | None, low: Any, high: Any) -> tuple[str | None, Any, Any]:
    """A figure's measure and ends in the base unit of a prefixed one."""
    base, factor = PREFIXED.get(measure or "", (measure, 1.0))
    if factor == 1.0:
        return measure, low, high
    return base, *(None if end is None else end * factor for end in (low, high))


def signature(claim: dict[str, Any], article_text: str, topic: frozenset[str] | None,
              supported: frozenset[str] | None = None, published: str | None = None) -> Signature:
    """What ``claim`` is about.  Its names are those of its sentence the
    article supports (:func:`supported_names`, when given), its speaker's
    and its subject's, and the article's topics.  A figure is stated as of
    the day its article was ``published`` (its scope's ``as_of``): "the
    region has 1,450 MW" in 2023 and "2,380 MW" in 2027 are two moments."""
    measure, period = _measure(claim)
    if claim["kind"] == "date":
        low, high = claim.get("date_start"), claim.get("date_end")
    else:
        measure, low, high = in_base_unit(measure, claim.get("number"),
                                          claim.get("number_high") or claim.get("number"))
    sentence_start = claim["sentence_start"]
    sentence = article_text[sentence_start: claim["sentence_end"]]
    # the words around the anchor, within its clause: "Ford sold 7,100 in Q1, while Tesla sold ..."
    before = CLAUSE_BREAK.split(article_text[sentence_start: claim["span_start"]])[-1].split()[-WINDOW_BEFORE:]
    after = CLAUSE_BREAK.split(article_text[claim["span_end"]: claim["sentence_end"]])[0].split()[:WINDOW_AFTER]
    def held(names: frozenset[str]) -> frozenset[str]:
        return names if supported is None else names & supported

    # a one-word subject is often a common noun opening its sentence ("Work on the crossing"): held
    # to the article's names like the sentence's; "Brindle Motors" and a speaker's name are names
    subject = names_in(" " + (claim.get("subject") or ""))
    entities = set().union(held(names_in(sentence)), names_in(" " + (claim.get("attributed_to") or "")),
                           held(subject) if len(subject) == 1 else subject)
    if topic:
        entities |= topic
    # a date carries its article's day too: one told as done but later than that is a schedule
    scope = json.loads(claim["scope"]) if claim.get("scope") else ({} if claim["kind"] == "date" else None)
    # the noun a figure measures is among its words, though the sentence names it only beside the figure
    # it is compared with ("the estimated cost to $2.9 billion, up from $2.4 billion")
    measured = " ".join(filter(None, (scope.get(key) for key in ("measured", "noun")))) if scope else ""
    signed = Signature(
        claim_id=claim["id"], article_id=claim["article_id"], kind=claim["kind"], status=claim["status"],
        measure=measure, period=period, low=low, high=high, entities=entities,
        context=(context_words(" ".join(before + after)) | context_words(claim.get("unit") or "")
                 | context_words(measured) | figures_in(" ".join(before + after))) - entities,
        quote=claim.get("quote") if claim["kind"] == "quote" else None,
        qualifier=claim.get("qualifier") or "=",
        scope=_as_of(scope, published) or None,
    )
    if signed.kind == "number" and CONSUMER_PRICES <= signed.context:
        signed.context.add("inflation")  # what "consumer prices rise by 3.4%" measures
    if signed.kind == "number" and signed.scope is not None:
        _read_around(signed.scope, article_text, claim, measure)
    if signed.kind == "quote" and claim.get("attributed_to"):
        signed.scope = {"by": sorted(names_in(" " + claim["attributed_to"]))}  # who said it, by name
    event = (signed.scope or {}).get("event") if signed.kind == "date" else None
    if (signed.kind == "date" and signed.scope is not None and (event is None or stem(event) in ADDRESSES)
            and reported_day(signed)):
        # the day an article reports, named with no event of its own or as the day somebody addressed
        # a meeting ("told the vote on Tuesday"), is the day of the decision it reports, which later
        # articles date by what was decided ("the $460 million programme the board approved in April 2034")
        event = signed.scope["event"] = "decide"
    if event and stem(event) in EVENT_OF and signed.settled:
        # what happened on a date is a word two reports of it share, however else they tell it
        signed.context.add("!" + EVENT_OF[stem(event)])
    if signed.kind == "date" and None not in (signed.low, signed.high) and signed.high - signed.low <= SPAN_DAYS:
        # a short span told alike is itself a word two reports of one event share, as a figure beside it is
        signed.context.add(f"@{signed.low}-{signed.high}")
        signed.context.add(f"@-{signed.high}")
    elif signed.kind == "date" and signed.low is None and signed.high is not None and not year_end(signed.high):
        # a deadline within a year ("by June 2048", "until June 2048") ends where the span it names does
        signed.context.add(f"@-{signed.high}")
    return signed


def reported_day(date: Signature) -> bool:
    """Whether a date is the day (or days) its article reports: in the week before it was published."""
    return (date.settled and None not in (date.as_of, date.low, date.high)
            and date.as_of - REPORTED_DAYS <= date.low and date.high <= date.as_of)


def _read_around(scope: dict[str, Any], text: str, claim: dict[str, Any], measure: str | None) -> None:
    """What the words beside a figure say of it, into its ``scope``: what a rate is counted against
    ("per": the "1,000" of "2.2 beds per 1,000 people"), a part of a whole ("part": "about 600 of them
    nurses") and how far it reaches (:func:`reach`)."""
    start, end = claim["span_start"], claim["span_end"]
    if DENOMINATOR.search(text, max(claim["sentence_start"], start - 8), start):
        scope["per"] = True
    if measure != "%" and PART_OF.match(text, end):
        scope["part"] = True
    near, told = reach(text[claim["sentence_start"]: start], text[end: claim["sentence_end"]])
    if told:
        scope["reach"], scope["reaches"] = sorted(near), sorted(told)


def reach(before: str, after: str) -> tuple[set[str], set[str]]:
    """How far past the story's own place a figure reaches: the reaches
    named by the words nearest it, and those its clause names anywhere.
    "2.3 nationally" reaches the nation; the "1.8" of "1.8 beds per 1,000,
    against 2.3 nationally" does not, though its clause names the nation."""
    before, after = CLAUSE_BREAK.split(before)[-1], CLAUSE_BREAK.split(after)[0]
    near = (COMPARISON_BREAK.split(before)[-1].split()[-REACH_BEFORE:]
            + COMPARISON_BREAK.split(after)[0].split()[:REACH_AFTER])

    def reaches(words: list[str]) -> set[str]:
        return {REACH_OF[w] for w in (t.strip(".,;:()\"“”").replace("’", "'").lower() for t in words)
                if w in REACH_OF}

    return reaches(near), reaches(before.split() + after.split())


def _as_of(scope: dict[str, Any] | None, published: str | None) -> dict[str, Any] | None:
    """``scope`` with the day its article was published, when that is a day
    (a store written by other means may hold "March 2024")."""
    if scope is not None and published:
        try:
            scope["as_of"] = date.fromisoformat(str(published)[:10]).isoformat()
        except ValueError:
            pass
    return scope


def day_number(value: str | float | None) -> int | None:
    """An ISO date as its proleptic ordinal (days are then plain integers);
    a number is taken as an ordinal already (read back from the store)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    return date.fromisoformat(value[:10]).toordinal()
