"""Find quantities in text and read their value, unit and qualifier.

As with dates, one grammar both finds (:func:`find_numbers`) and reads
(:func:`parse_number`) an expression.  The anchor is the smallest span that
carries the value and its qualifier: ``just over 7,100``, ``$14.5 billion``,
``3.5 GWh``, ``about two-thirds``.  Measurement units and currencies belong to
the span; plain counted nouns (``units``, ``trucks``) do not — the extractor
reads those from the parse.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from text_to_num import text2num

from .units import (CALENDAR_UNITS, COMPOUND, CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, DOLLAR_PREFIXES,
                    LOWER_CASE_CODES, MEASURE_SYMBOLS, MEASURE_WORDS, MEASURES, MINOR_UNITS, SYMBOL_SPELLINGS, _alt,
                    measure_unit)

QUALIFIERS = {
    ">": ["just over", "just above", "slightly more than", "a little over", "well over", "well above",
          "more than", "over", "above", "topped", "topping", "tops", "exceeding", "exceeded", "exceeds",
          "surpassed", "surpassing", "past", "in excess of", "upwards of", "north of", ">"],
    "<": ["nearly", "almost", "just under", "just below", "just shy of", "slightly less than",
          "fewer than", "less than", "under", "below", "short of", "<"],
    ">=": ["at least", "as low as", "no less than", "no fewer than", "a minimum of", "as few as", "≥", ">="],
    "<=": ["up to", "as much as", "as many as", "as high as", "no more than", "at most", "a maximum of", "≤", "<="],
    "~": ["about", "roughly", "around", "approximately", "some", "an estimated", "close to", "closer to",
          "toward", "towards", "circa", "an average of", "~", "∼", "≈", "c.", "ca."],
}
QUALIFIER_OF = {phrase: q for q, phrases in QUALIFIERS.items() for phrase in phrases}
# After the figure: "$200 or less", "$100,000 or more"
SUFFIX_QUALIFIERS = {"or more": ">=", "or higher": ">=", "or above": ">=", "and above": ">=", "or over": ">=",
                     "and up": ">=", "or greater": ">=", "or less": "<=", "or fewer": "<=", "or lower": "<=",
                     "or below": "<=", "or under": "<="}
# A margin of error is a point change either way: "plus or minus 4 percentage points", "±3%"
MARGIN = r"(?:\+/-|±|\+-|(?i:plus or minus))"

MULTIPLIERS = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "m": 1e6,
               "mn": 1e6, "mln": 1e6, "mil": 1e6, "mm": 1e6, "crore": 1e7, "billion": 1e9, "bn": 1e9, "bln": 1e9,
               "b": 1e9, "trillion": 1e12, "tn": 1e12, "tln": 1e12, "t": 1e12, "dozen": 12, "dozens": 12}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "a dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1e6,
    "a billion": 1e9, "a trillion": 1e12, "a": 1, "an": 1, "zero": 0, "nought": 0, "naught": 0,
}
_ORDINALS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
             "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
             "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
             "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
             "thousandth": 1000, "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12}
# a denominator word, singular or plural: "a third", "two thirds", "three halves"
DENOMINATORS = {**_ORDINALS, **{w + "s": d for w, d in _ORDINALS.items()}, "halves": 2}
VULGAR_FRACTIONS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
# Multiples: "twice", "double the rate", "more than tripled", "3.4 times", "a fivefold rise"
MULTIPLE_WORDS = {"twice": 2, "double": 2, "doubled": 2, "doubling": 2, "triple": 3, "tripled": 3, "tripling": 3,
                  "treble": 3, "trebled": 3, "quadruple": 4, "quadrupled": 4, "quintuple": 5, "quintupled": 5}


# longer words first, so "sixteen" is never read as "six" + "teen"
_NUMBER_WORD = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|zero|nought|naught|a dozen|dozen|a hundred|a thousand"
    r"|a million|a billion|a trillion"
)
# Spaces that can stand inside a figure or between a figure and its unit:
# the plain one, the no-break space and the thin ones typesetting puts there.
_SP = "[ \u00a0\u202f\u2009]"
# thousands grouped by commas, by spaces in the European way ("40 000",
# "1 234 567"), by full stops with a decimal comma ("1.234,5"), or in lakhs
# and crores ("12,34,567")
DIGITS = (rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{_SP}\d{{3}})+(?:\.\d+)?(?![\d.,])"
          rf"|\d{{1,3}}(?:\.\d{{3}})+,\d+(?![\d.,])|\d{{1,2}}(?:,\d\d)+,\d{{3}}(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|\.\d+")
_DENOMINATOR = _alt(DENOMINATORS)
_SMALL_WORD = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten"
# a qualifier in words takes a space before the figure; a symbol may touch it ("~5,000", "≥ 3")
_QUALIFIER_WORDS = [q for q in QUALIFIER_OF if q[0].isalpha()]
# *past* is a qualifier where something goes past a figure ("surged past $1B"), not in
# "the past three years" or "its past two quarters"
_PAST = "".join(rf"(?<!{w[0]}{w[1:]} )(?<!{w[0].upper()}{w[1:]} )" for w in
                ("the", "its", "his", "her", "our", "their", "this", "these", "for")) + "past"
QUALIFIER = (rf"(?:(?i:{_alt(q for q in _QUALIFIER_WORDS if q != 'past')})(?=\s)|{_PAST}(?=\s)"
             rf"|{_alt(q for q in QUALIFIER_OF if not q[0].isalpha())}|{MARGIN}(?=\s?[\d$€£]))")
SUFFIX_QUALIFIER = rf"(?:,?\s(?P<qsuf>(?i:{_alt(SUFFIX_QUALIFIERS)})))"
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion"
_WORD_RUN = (
    rf"(?:a |an )?(?:{_NUMBER_WORD}|{_SCALE_WORDS})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}|{_SCALE_WORDS}))*"
)
# a whole number with a fraction: "two and a half", "2 1/2", "2½", "½"
_WHOLE_FRACTION = (
    rf"(?:\d+|{_NUMBER_WORD})(?:\s+(?:{_SCALE_WORDS}))?\s+and\s+(?:a|an|one)[- ](?:half|third|quarter|fourth)"
    rf"|\d+\s+\d+/\d+|\d*[{VULGAR_FRACTIONS}]"
)
# spans of time and occasions something is counted over, which make "one goal in two games" a rate
_OCCASIONS = r"(?:day|week|month|year|quarter|time|hour|minute|season|game|match)(?:s|es)?\b"
FRACTION = (
    rf"(?:{_SMALL_WORD})[- ](?:{_DENOMINATOR})"
    rf"|(?:\d+|{_SMALL_WORD}) (?:in|out of) (?:\d+|{_WORD_RUN})|(?:{_SMALL_WORD}) over (?:\d+|{_WORD_RUN})"
    # "one firm in five": the noun counted between the two (not a span of time: "one month in 2024")
    rf"|(?:one|two|three) (?!{_OCCASIONS})[a-z]+ (?:in|out of) (?:two|three|four|five|six|seven|eight|nine|ten"
    rf"|\d{{1,2}}(?![\d,.]))(?! {_OCCASIONS})"
    r"|half"
)
# a number in several words: "three hundred and sixty-five", "two thousand five hundred"; a word
# followed by a scale of its own starts another number ("between one hundred and two hundred")
_SMALL_NUMBER = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten"
)
_NEXT_SCALE = r"(?![\s-]+(?i:hundred|thousand|million|billion))"
_HUNDREDS = rf"(?:a|{_SMALL_NUMBER})\s+hundred(?:(?:\s+and\s+|\s+)(?:{_SMALL_NUMBER}){_NEXT_SCALE})?"
_AFTER_THOUSAND = rf"(?:\s+and\s+|\s+)(?:{_HUNDREDS}|{_SMALL_NUMBER}){_NEXT_SCALE}"
_WORD_COMPOUND = rf"(?:(?:a|{_HUNDREDS}|{_SMALL_NUMBER})\s+thousand(?:{_AFTER_THOUSAND})?|{_HUNDREDS})(?![\w-])"
NUM = rf"(?:{_WHOLE_FRACTION}|{DIGITS}|(?i:{_WORD_COMPOUND}|{_NUMBER_WORD}))"
# A one-letter dollar prefix must be capital and attached ("C$", not "a $5 fee"); a
# code written in lower case only counts before a figure, and never one that is
# also an English word ("try").
_DOLLAR_WORDS = _alt(p for p in DOLLAR_PREFIXES if len(p) > 1)
_LOWER_CODES = _alt(LOWER_CASE_CODES)
_SYMBOLS = "".join(CURRENCY_SYMBOLS)
# a code of the ISO shape not in CURRENCY_CODES ("KZT 500 billion", "MVK 3.1 billion"): read as a
# currency only before a sum written as one, in thousands or with its scale word, not before a
# bare figure ("Model 3", "ABC 7")
_OTHER_CODE = (r"(?<![\w$])[A-Z]{3} (?=\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?"
               r" ?(?:billion|million|thousand|trillion|bn|mn)\b)")


OTHER_CODE_USES = 2  # sums a code the lists lack stands before to be a currency whatever follows them
# a noun a sum counts, not a word that goes on the sentence: "1.5 million staff", not "3.1 billion this year"
_COUNTED_AFTER = re.compile(
    r"\s+(?!(?:in|of|to|for|and|or|on|at|by|from|this|last|next|a|an|the|was|is|were|are|will|would|could|"
    r"after|before|over|than|with|per|each|every|as|its|their|into|since|until|up|down)\b)[a-z]{3,}")


@lru_cache(maxsize=8)  # read for each "crowns" of one article
def unlisted_code(text: str) -> str | None:
    """The one currency code of the ISO shape, not in CURRENCY_CODES, that ``text`` writes before its
    sums ("MVK 3.1 billion", :func:`_read_as_currency`), when it writes just one: the currency its bare
    "crowns" are in."""
    counts = _unlisted_codes(text)
    codes = {m["cur"].strip() for m in NUMBER_PATTERN.finditer(text)
             if m["cur"] and m["cur"].strip() in counts and _read_as_currency(m, text, counts)}
    return codes.pop() if len(codes) == 1 else None


def _read_as_currency(m: re.Match, text: str, codes: Counter) -> bool:
    """Whether a figure's mark, when it is a code the lists lack, is read as its currency: before
    OTHER_CODE_USES sums or more, or before a sum that counts no noun ("MVK 3.1 billion this year",
    not "the NHS 1.5 million staff")."""
    mark = (m["cur"] or "").strip()
    return mark not in codes or codes[mark] >= OTHER_CODE_USES or not _COUNTED_AFTER.match(text, m.end())


def _unlisted_codes(text: str) -> Counter:
    """How many sums each code of the ISO shape the lists lack stands before in ``text``."""
    return Counter(code for code in (m.group().strip() for m in re.finditer(_OTHER_CODE, text))
                   if code not in CURRENCY_CODES)


# (the lookahead at its start is only a quick test that a figure follows within a few
# characters, which spares trying every alternative at every word)
CURRENCY_PREFIX = (
    rf"(?=[^\s\d]{{0,4}}(?:\s?\$)?\s?\.?\d)(?:(?:[CASR]|(?i:{_DOLLAR_WORDS}))\${_SP}?(?=\d)|(?:[CASR]|(?i:{_DOLLAR_WORDS}))\$|(?i:{_DOLLAR_WORDS}|[cas]) \$ (?=\d)"
    rf"|(?i:{_LOWER_CODES}){_SP}(?=\d)|[{_SYMBOLS}](?:{_SP}(?=\d))?|(?:{'|'.join(CURRENCY_CODES)}|RMB)\s?"
    rf"|{_OTHER_CODE})"
)
# a scale word may touch the figure ("$846.8million"); "MM" is a million in finance
# and a "T" after a figure a trillion ("$2.174T")
MULTIPLIER = (
    rf"(?:{_SP}?(?i:{_SCALE_WORDS})(?:{_SP}(?i:crore))?|{_SP}(?i:lakh|crore|dozens?)(?:{_SP}(?i:crore))?"
    rf"|{_SP}?(?i:bn|bln|mn|mln|tn|tln)(?![\w])|(?i:m|k|b|mil)(?![\w])|(?:MM|T)(?![\w])|{_SP}M(?![\w]))"
)
CURRENCY_SUFFIX = rf"(?:\s(?i:{_alt(CURRENCY_WORDS)})(?![\w])|{_SP}?[{_SYMBOLS}](?![\w]))"
# cents and pence, read in the main unit: "75 cents", "64.3 pence", "50p"
MINOR = rf"(?:[{_SP[1:-1]}-](?i:{_alt(k for k in MINOR_UNITS if k != 'p')})(?![\w])|(?:p|¢)(?![\w]))"
PERCENT = rf"(?:{_SP}?%|{_SP}?‰|(?:\s(?i:percent|per cent|percents|percentage)|-(?i:percent|per-cent))(?![\w])(?!\s(?i:points?)\b))"
# "at one point" is no quantity: a single point stands after a space only as a percentage or basis point
_SPACED_MEASURE_WORDS = _alt(w for w in MEASURE_WORDS if w != "point")
_MEASURE_SYMBOLS = _alt([*MEASURE_SYMBOLS, *SYMBOL_SPELLINGS])
# A symbol may touch its figure ("20°C", "5km", "64GB") or stand after a space; a compound
# unit is built of symbols ("9.8 m s−2", "120 g/km").  Words are read in any case.
MEASURE = (
    rf"(?:{_SP}?(?:{COMPOUND.pattern})(?![\w])|{_SP}?(?:{_MEASURE_SYMBOLS})(?![\w²³])"
    rf"|\s(?:(?i:full|straight|consecutive) )?(?i:{_SPACED_MEASURE_WORDS})(?![\w])"
    rf"|-(?i:{_alt(k for k in MEASURE_WORDS if ' ' not in k)})(?:-old)?)"
)

_CORE = (
    rf"(?P<cur>{CURRENCY_PREFIX})?(?P<num>{NUM})(?P<mult>{MULTIPLIER})?"
    rf"(?:(?P<cursuf>{CURRENCY_SUFFIX})|(?P<minor>{MINOR})|(?P<pct>{PERCENT})|(?P<measure>{MEASURE}))?"
)
# a share: "two-thirds", "one in five"; with a scale it is a plain number: "half a million"
_FRACTION_CORE = rf"(?P<frac>(?i:{FRACTION}))(?P<fmult>\s(?i:(?:of )?a (?:{_SCALE_WORDS}|dozen)|{_SCALE_WORDS}))?"
_DURATION_CORE = r"(?P<article>(?i:a|an)) (?P<measure>(?i:year|month|week|day|decade|century|fortnight|hour))"
# where a figure cannot start: inside a word or another figure
_START = r"(?<![\w.,$€£¥-])"
# where a figure cannot end: before more of a word or of a figure
_END = r"(?![\w]|[.,]\d|-\d)"
# a sign is kept on a measurement ("-57 °C", "minus 40 degrees"); changes in words stay unsigned
_SIGN = r"(?P<sign>(?i:minus|negative)\s|[-−](?=\.?\d))"

NUMBER_PATTERN = re.compile(
    rf"{_START}(?:(?P<qual>{QUALIFIER})\s*)?{_SIGN}?(?:{_CORE}){SUFFIX_QUALIFIER}?{_END}"
)
# A range keeps both ends: "between 5 and 7", "from 310 miles to 340 miles", "5-7%",
# "$5-7 million".  The second end is a full quantity, perhaps with a qualifier of its
# own ("$500,000 to more than $1 million"); the first borrows its unit and multiplier.
RANGE_HEAD = re.compile(
    rf"{_START}(?:(?P<between>(?i:between|from))\s+)?(?P<cur>{CURRENCY_PREFIX})?"
    rf"(?P<num>{DIGITS}|(?i:{_NUMBER_WORD}))(?P<mult>{MULTIPLIER})?(?:(?P<pct>{PERCENT})|(?P<measure>{MEASURE}))?"
    rf"(?P<sep>[-–](?!\s)|\s[-–—]\s|\s+(?i:and|to|through)\s+)"
)
RANGE_TAIL = re.compile(rf"(?:(?P<qual>{QUALIFIER})\s*)?{_CORE}{_END}")

# The constructions beside a plain figure, each a core that the finder searches
# for and a qualifier that may stand before it ("about two-thirds"): searching
# for the core alone and then looking back for a qualifier is much cheaper than
# trying every qualifier at every word.
_LEFT = _START
_RIGHT = r"(?![\w-])"
SPECIAL_CORES = {
    # a share: "two-thirds", "one in five"; with a scale it is a plain number: "half a million"
    "fraction": _FRACTION_CORE,
    # "about a year": an article and a unit count as one only with a qualifier
    "duration": _DURATION_CORE,
    # a fraction of a point is a change in percentage points: "two-tenths of a point",
    # "a quarter of a percentage point", "half a point", "a quarter-point"
    "point_fraction": (
        rf"(?P<frac>(?i:(?:{_SMALL_WORD})[- ](?:{_DENOMINATOR})|half))"
        rf"(?i:(?: of)?(?: a| one)?[- ])(?P<point>(?i:percentage[- ]points?|points?|basis points?))"),
    # multiples: "3.4 times", "twice", "more than double", "a fivefold rise", "double the rate"
    "multiple": (
        rf"(?:(?P<num>{_WHOLE_FRACTION}|{DIGITS}|(?i:{_NUMBER_WORD}|a|an)){_SP}?-?(?P<times>(?i:times|fold))"
        rf"|(?P<word>(?i:{_NUMBER_WORD})fold)|(?P<mword>(?i:{_alt(MULTIPLE_WORDS)})))"),
    # a number of numbers, at least the smallest such count: "tens of thousands",
    # "hundreds of billions of dollars", "millions"
    "rough": (
        r"(?:(?P<times>(?i:tens|hundreds|dozens))\s+of\s+)?(?P<scale>(?i:hundreds|thousands|millions|billions|trillions|dozens))"
        r"(?:\s+of\s+(?P<cur>(?i:dollars|euros|pounds|yuan|yen|rupees)))?"),
    # a share given as so many of a whole: "eight of 10", "nine out of every 10",
    # "$4 of every $5", "37 cents out of each dollar"
    "share": (
        rf"(?P<cur>[$€£])?(?P<part>{DIGITS}|(?i:{_NUMBER_WORD}))(?P<minor>\s(?i:cents|pence))?"
        rf"\s(?i:out\s)?(?i:of)\s(?:(?i:every|each)\s(?:(?P<cur2>[$€£])?(?P<whole>{DIGITS}|(?i:{_NUMBER_WORD}))"
        rf"|(?P<unit>(?i:dollar|euro|pound)))|(?P<round>10|100|1,000|(?i:ten|a hundred|one hundred|a thousand))(?!,?\d))"),
    # part of a long calendar unit, in years: "half a century", "a quarter century"
    "part_of_unit": r"(?P<part>(?i:half|a quarter|three quarters))(?i:(?: of)? a|-a)?[ -](?P<unit>(?i:century|decade))",
    # a figure on the mark it passed: "past the $1 billion mark" (with a qualifier only)
    "mark": rf"the\s+(?P<figure>{_CORE})\s(?i:mark|threshold|level|barrier|milestone)",
}
# the constructions that are quantities only with a qualifier
QUALIFIED_ONLY = {"duration", "mark"}
SPECIAL_FINDERS = {name: re.compile(_LEFT + core + _RIGHT) for name, core in SPECIAL_CORES.items()}
SPECIAL_PATTERNS = {
    name: re.compile(rf"{_LEFT}(?:(?P<qual>{QUALIFIER})\s+){'' if name in QUALIFIED_ONLY else '?'}{core}{_RIGHT}")
    for name, core in SPECIAL_CORES.items()
}
FRACTION_PATTERN = SPECIAL_PATTERNS["fraction"]
DURATION_PATTERN = SPECIAL_PATTERNS["duration"]
QUALIFIER_BEFORE = re.compile(rf"(?<![\w-])(?:{QUALIFIER})\s+$")
ROUGH_SCALES = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
# "half" is a share before what it is half of: "half of all tomatoes", "half the voters"
_HALF_OF = re.compile(r"\s+(?:of|the|its|their|his|her|our|all|them|those|these)\b", re.IGNORECASE)
_IN_HALF = re.compile(r"(?i)\b(?:in|by)\s+$")  # "cut in half", "fell by half"
_QUARTERS = re.compile(r"(?i)(?:a|an|one|two|three)[- ]quarters?")  # a share only "of" something or "by" it
_BY = re.compile(r"(?i)\bby\s+$")
# The bare forms of a multiple are also words of their own ("a double room", "sales
# doubled"): they count with a qualifier, or when what they multiply follows.
_MULTIPLIED = re.compile(r"\s+(?:the|that|its|their|his|her|our|your|what|as|from|in|to|over|since)\b", re.IGNORECASE)
# What a figure can stand in without being a quantity: markup, addresses, telephone
# numbers, citation marks, long runs of digits (identifiers, timestamps) and clock
# times.  Each with a string a text must hold for it to be worth searching for.
_HOUR = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_CLOCK_PART = r"(?:half|(?:a\s+)?quarter|five|ten|twenty|twenty-five)"
NOT_QUANTITIES = [
    ("<", re.compile(r"<[^<>\n]{1,1000}>")),
    ("://", re.compile(r"https?://\S+")),
    ("www.", re.compile(r"www\.\S+")),
    ("@", re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")),
    ("", re.compile(
        r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[.-]\d{4}(?!\d)"
        r"|\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]"
        r"|(?<![\d$€£¥.,])\d{8,}(?![\d.,]\d)"
        r"|(?<![\d.,])\d{1,2}:\d\d(?::\d\d)?(?!\d)"
        r"|(?<![\d.,])\d{1,2}(?:[.:]\d\d)?\s?(?:[ap]\.m\.|[AaPp][Mm]\b)"
        r"|(?<![\d.,])(?:[01]\d|2[0-3])[0-5]\d\s?(?:GMT|UTC|[ECMP][SD]T|BST|CET|CEST|Z)\b")),
    # clock times in words: "at half past five", "at ten to six", "until seven o'clock" (but "voted ten to six")
    ("", re.compile(rf"(?i:\b(?:at|until|till|by|from|before|after|around)\s+"
                    rf"(?:{_CLOCK_PART}\s+(?:past|to)\s+{_HOUR}|{_HOUR}\s+o['’]clock)\b)")),
]


@dataclass(frozen=True)
class NumberValue:
    value: float
    unit: str | None
    qualifier: str = "="
    high: float | None = None  # the upper end of a range; ``value`` is the lower


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    has_qualifier: bool
    is_word: bool
    has_unit: bool = False  # a currency, percentage, measure or multiple: never a figure inside a name
    # a range written with a word or a spaced dash ("$500 to $2,000"): the spans of its
    # two ends, each a claim of its own
    ends: tuple[tuple[int, int], tuple[int, int]] | None = None


def _word_value(word: str) -> float:
    word = word.lower()
    if word in WORD_NUMBERS:
        return WORD_NUMBERS[word]
    tens, _, unit = word.partition("-")
    return WORD_NUMBERS[tens] + (WORD_NUMBERS[unit] if unit else 0)  # "ninety-five hundred" is no word


def _fraction_value(text: str) -> float:
    """The ratio a fraction names: "two-thirds" → 0.667, "one in five" → 0.2."""
    text = text.lower()
    m = re.fullmatch(r"(\S+)(?: [a-z]+)? (?:in|out of|over) (.+)", text)
    if m:
        return _value(m[1]) / _value(m[2])
    parts = re.split(r"[- ]", text)
    if len(parts) == 1:
        return 1 / DENOMINATORS[parts[0]]
    return _value(parts[0]) / DENOMINATORS[parts[1]]


# The unit ordinals that compound ones end with ("three twenty-firsts"):
# "first" counts only there, and "second" not at all ("two seconds" is a
# duration, not a whole).
_UNIT_ORDINALS = {"first": 1, **{w: d for w, d in _ORDINALS.items() if d < 10 and w not in ("half", "quarter")}}
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_SMALL_NUMBERS = {w for w, n in WORD_NUMBERS.items() if " " not in w and n < 100} | {"a", "an"}
_BIG_SCALES = {w: MULTIPLIERS[w] for w in ("thousand", "million", "billion", "trillion")}


def _ordinal(word: str) -> float | None:
    word = word.lower()
    return DENOMINATORS.get(word) or _UNIT_ORDINALS.get(word[:-1] if word.endswith("s") else word)


def _cardinal(words: list[str]) -> float | None:
    """A whole number written in words (or digits), or None."""
    if not words or words[-1].lower() == "and" or words[0].lower() == "and":
        return None
    text = " ".join(words)
    try:
        return _value(text)
    except (ValueError, KeyError, IndexError):
        return None


def _common_fraction(words: list[str]) -> float | None:
    """Numerator then ordinal denominator: "three fifths", "twenty twenty-fifths"
    (20/25), "one hundred thirty-fifths" (100/35), "one one-hundred-fifth"
    (1/105).  The denominator takes the longest compound ordinal that leaves
    a whole number before it: a tens word before a unit ordinal, then a
    hundred or thousand before that."""
    if len(words) == 1 and "-" in words[0]:  # "one-fourth"
        words = words[0].split("-")
    if len(words) < 2:
        return None
    tens, _, unit = words[-1].lower().rpartition("-")
    if tens in _TENS and _ordinal(unit) in _UNIT_ORDINALS.values():  # "thirty-fifths"
        last = _word_value(tens) + _ordinal(unit)
    else:
        last = _ordinal(words[-1])
    if last is None:
        return None
    options = [(len(words) - 1, last)]
    stem = words[-1].lower().rstrip("s")
    i = len(words) - 1
    value = last
    if stem in _UNIT_ORDINALS and i >= 1 and words[i - 1].lower() in _TENS:
        i -= 1
        value += _word_value(words[i])
        options.append((i, value))
    if i >= 2 and words[i - 1].lower() in ("hundred", "thousand") and words[i - 2].lower() in _SMALL_NUMBERS:
        value += _value(" ".join(words[i - 2: i]))
        options.append((i - 2, value))
    for start, denominator in reversed(options):
        numerator = _cardinal(words[:start])
        if numerator is not None:
            return numerator / denominator
    return None


# what a spoken fraction ends with, or joins its parts with: a quick test before reading it
SPOKEN_FRACTION = re.compile(
    r"(?i)\s(?:over|out of)\s|(?:th|ths|st|sts|rd|rds|nd|nds|halves|half|quarters?)$"
    r"|\sand\s.*(?:half|quarters?|thirds?) (?:thousand|million|billion|trillion)$")


def spoken_fraction(surface: str) -> tuple[float, bool] | None:
    """A fraction said in words, with its value and whether it is a share
    (a proper fraction with no whole part): "two and fifty-four hundredths"
    (2.54), "six million and two thirds", "1 over 3", "two out of five
    hundreds".  A whole part joined by *and* takes only a proper fraction
    ("one hundred and three quarters" is 100.75, but "one hundred and thirty
    fifths" is 130/5), and a fraction after millions or more is of that
    scale ("five billion and three quarters")."""
    text = re.sub(r"\s+-\s+", "-", " ".join(surface.split()))
    sign = re.match(r"(?i)(?:minus|negative)\s+", text)
    if sign:
        found = spoken_fraction(text[sign.end():])
        return (-found[0], found[1]) if found else None
    m = re.fullmatch(r"(?i)(.+?) (?:over|out of) (.+)", text)
    if m:
        top, bottom = _cardinal(m[1].split()), _cardinal(re.sub(r"(?i)(hundred|thousand|million)s\b", r"\1", m[2]).split())
        if top is None or not bottom:
            return None
        return top / bottom, top < bottom
    words = text.split()
    parts = [i for i, w in enumerate(words) if w.lower() == "and"]
    for i in reversed(parts):
        scaled = SCALED_FRACTION.fullmatch(" ".join(words[i + 1:]))
        if scaled and not scaled["cur"]:  # "one billion and a half million"
            whole, part = _cardinal(words[:i]), _money(" ".join(words[i + 1:]))
            if whole is not None and part is not None and part.value < whole:
                return whole + part.value, False
        whole, fraction = _cardinal(words[:i]), _common_fraction(words[i + 1:])
        if whole is not None and fraction is not None and fraction < 1:
            scale = _BIG_SCALES.get(words[i - 1].lower(), 1.0)
            return whole + fraction * scale, False
    value = _common_fraction(words)
    return (value, value < 1) if value is not None else None


# Words one of which a text must hold for a construction to be worth searching for.
SPECIAL_NEEDS = {
    "duration": ("year", "month", "week", "day", "decade", "century", "fortnight", "hour"),
    "point_fraction": ("point",),
    "multiple": ("times", "fold", "twice", "doubl", "tripl", "trebl", "quadrupl", "quintupl"),
    "rough": ("hundreds", "thousands", "millions", "billions", "trillions", "dozens"),
    "share": ("of every", "of each", "of 10", "of ten", "of a hundred", "of one hundred", "of 1,000"),
    "mark": ("mark", "threshold", "level", "barrier", "milestone"),
    "part_of_unit": ("century", "decade"),
}


# For constructions built around a word ("3.4 times", "eight of every 10"): that word,
# and how far before and after it a match can reach.  Searching only around it is
# much cheaper than searching the whole text for a pattern that starts anywhere.
SPECIAL_KEYS = {
    "multiple": (re.compile(r"(?i)(?<![\w-])(?:times|\w*fold|twice|doubl\w*|tripl\w*|trebl\w*|quadrupl\w*|quintupl\w*)\b"),
                 60, 1),
    "share": (re.compile(r"(?i)\bof\s(?:every|each|10|100|1,000|ten|a hundred|one hundred|a thousand)\b"), 40, 40),
}


def _around_keys(finder: re.Pattern, key: re.Pattern, before: int, after: int, text: str):
    """``finder.finditer(text)`` where every match holds a match of ``key``
    that starts at most ``before`` characters after the match starts and
    ends at most ``after`` characters before it ends."""
    pos = 0
    for k in key.finditer(text):
        if k.end() <= pos:
            continue
        endpos = min(len(text), k.end() + after + 1)  # one more for the lookahead at a match's end
        for m in finder.finditer(text, max(pos, k.start() - before), endpos):
            if m.end() >= endpos - 1 and endpos < len(text):
                m = finder.match(text, m.start()) or m  # it may run on past the window: read it whole
            if m.start() >= pos:
                yield m
                pos = m.end()


# a part of the scaled amount that follows: "half a billion dollars", "a quarter of a million tonnes"
_PART_BEFORE = re.compile(r"(?i)(?<![\w-])(?:half|(?:a|one|three) quarters?|(?:a|one|two) thirds?)(?: of)? $")


def find_numbers(text: str) -> list[NumberMatch]:
    """Every quantity in ``text``; where two overlap, the longer wins."""
    found = []
    codes = _unlisted_codes(text)
    for m in NUMBER_PATTERN.finditer(text):
        num = m["num"]
        start = m.start()
        if not _read_as_currency(m, text, codes):
            # capitals before one sum of things counted name something else: "the NHS 1.5 million staff"
            found.append(NumberMatch(m.start("num"), m.end(), bool(m["qual"] or m["qsuf"]), False, False))
            continue
        if num[:2].lower() in ("a ", "an") and not m["qual"]:
            part = _PART_BEFORE.search(text, max(0, start - 20), start)
            start = part.start() if part else start  # "half a billion dollars": half of it
        found.append(NumberMatch(start, m.end(), bool(m["qual"] or m["qsuf"]),
                                 not num[0].isdigit() and num[0] != ".", _has_unit(m)))
    lowered = text.lower()
    for name, finder in SPECIAL_FINDERS.items():
        needs = SPECIAL_NEEDS.get(name)
        if needs and not any(word in lowered for word in needs):
            continue
        keyed = SPECIAL_KEYS.get(name)
        for m in _around_keys(finder, *keyed, text) if keyed else finder.finditer(text):
            qualifier = QUALIFIER_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if name in QUALIFIED_ONLY and not qualifier:
                continue
            if name == "multiple" and not _is_multiple(text, m, bool(qualifier)):
                continue
            if name == "fraction" and m.group().lower() == "half" and not (
                    qualifier or _HALF_OF.match(text, m.end()) or _IN_HALF.search(text, max(0, m.start() - 4), m.start())):
                continue  # "the first half", "half an hour": not a share
            if name == "fraction" and _QUARTERS.fullmatch(m.group()) and not (
                    qualifier or _HALF_OF.match(text, m.end()) or _BY.search(text, max(0, m.start() - 4), m.start())):
                continue  # "shrank for a quarter", "2% a quarter": three months, not a share
            start = qualifier.start() if qualifier else m.start()
            found.append(NumberMatch(start, m.end(), bool(qualifier), False, name != "duration"))
    for m in RANGE_HEAD.finditer(text):
        end = _range_end(text, m)
        if end is not None:
            # a qualifier before a range is of both its ends: "about 275 to 350"
            qualifier = None if m["between"] else QUALIFIER_BEFORE.search(text, max(0, m.start() - 30), m.start())
            ends = _range_ends(text, m, end)
            if qualifier and ends:
                ends = ((qualifier.start(), ends[0][1]), ends[1])
            found.append(NumberMatch(qualifier.start() if qualifier else m.start(), end, bool(qualifier),
                                     not m["num"][0].isdigit(), True, ends))
    found.sort(key=lambda n: (-(n.end - n.start), n.start))
    blocked = _not_quantities(text)
    taken: list[NumberMatch] = []
    for n in found:
        if all(n.end <= t.start or n.start >= t.end for t in taken) and not any(
                n.start < e and s < n.end for s, e in blocked):
            taken.append(n)
    return sorted(taken, key=lambda n: n.start)


def _has_unit(m: re.Match) -> bool:
    return any(m[g] for g in ("cur", "cursuf", "minor", "pct", "measure"))


def _is_multiple(text: str, m: re.Match, qualified: bool) -> bool:
    """"twice", "3.4 times", "tenfold" always; "double", "doubled" with a
    qualifier ("more than doubled") or before what they multiply ("double the rate")."""
    word = (m["mword"] or "").lower()
    if not word or word == "twice" or qualified:
        return True
    return not word.endswith(("ed", "ing")) and bool(_MULTIPLIED.match(text, m.end()))


def _not_quantities(text: str) -> list[tuple[int, int]]:
    return [m.span() for needs, pattern in NOT_QUANTITIES if needs in text for m in pattern.finditer(text)]


# Words after which "from X to Y" is a change, not a range: "rose from $5 million to $7 million".
CHANGE = re.compile(
    r"(?i)\b(?:ris(?:e|es|en|ing)|rose|f[ae]ll(?:s|en|ing)?|increas(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|"
    r"drop(?:s|ped|ping)?|gr[eo]w(?:s|n|ing)?|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|surg(?:e|es|ed|ing)|"
    r"soar(?:s|ed|ing)?|slip(?:s|ped)?|slid|declin(?:e|es|ed|ing)|plung(?:e|es|ed)|plummet(?:s|ed)?|"
    r"cut(?:s|ting)?|rais(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|boost(?:s|ed|ing)?|up|down|"
    r"expand(?:s|ed)?|shr[aiu]nk(?:s)?|went|gone|go(?:es)?|mov(?:e|es|ed)|chang(?:e|es|ed)|lift(?:s|ed)?|"
    r"widen(?:s|ed)?|narrow(?:s|ed)?|improv(?:e|es|ed)|slump(?:s|ed)?|tumbl(?:e|es|ed)|dip(?:s|ped)?|"
    r"edg(?:e|es|ed)|inch(?:es|ed)?|swell(?:s|ed)?|balloon(?:s|ed)?|doubl(?:e|es|ed)|tripl(?:e|es|ed)|"
    r"revis(?:e|es|ed)|adjust(?:s|ed)?|upgrad(?:e|es|ed)|downgrad(?:e|es|ed)|hik(?:e|es|ed)|trim(?:s|med)?|"
    r"slash(?:es|ed)?|increase|rebound(?:s|ed)?|recover(?:s|ed)?|swung|swing(?:s)?)"
    r"(?:\s+[^\s;:!?]*[^\s.;:!?]){0,3}\s*$"
)


def _range_end(text: str, head: re.Match) -> int | None:
    """Where the range starting with ``head`` ends, if it is one: *and* only
    after *between*; *to* after *between* or *from* (unless a change is told:
    "rose from 5% to 7%"), after a currency, or after a bare first end ("2 to
    2.5 degrees", not the score "47 percent to 41 percent"); a hyphen only
    between figures; and the second end larger than the first."""
    sep = head["sep"].strip().lower()
    opener = (head["between"] or "").lower()
    if sep == "and" and opener != "between" or opener == "from" and sep == "and":
        return None
    if sep != "and" and not (len(sep) == 1 and head["sep"] == sep):  # "to", "through" or a spaced dash
        if opener != "between" and CHANGE.search(text, max(0, head.start() - 60), head.start()):
            return None  # "rose from 5% to 7%", "dropped 2 1/2 to 37 3/4": a change
        if not opener and not head["cur"] and (head["pct"] or head["measure"] or sep == "through"):
            return None
    tail = RANGE_TAIL.match(text, head.end())
    if tail is None or (sep in "-–—" and not (head["num"][0].isdigit() and tail["num"][0].isdigit())):
        return None
    if not (opener or head["cur"] or len(sep) == 1 and head["sep"] == sep) and (
            tail["cur"] or re.fullmatch(r"1[89]\d\d|20\d\d", head["num"])):
        return None  # "in 2019 to just over $240 million": a year, then an amount
    try:
        low, high = _range_values(head, tail)
    except (ValueError, KeyError):
        return None
    return tail.end() if high > low else None


def _range_ends(text: str, head: re.Match, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The two ends of a range joined by a word or a spaced dash; a range in
    one piece ("5-7%", "$5-7 million") stays one claim."""
    if head["sep"] in ("-", "–"):
        return None
    low_start = head.start("cur") if head["cur"] else head.start("num")
    low_end = max(head.end(g) for g in ("num", "mult", "pct", "measure") if head[g])
    return (low_start, low_end), (head.end(), end)


def _range_values(head: re.Match, tail: re.Match) -> tuple[float, float]:
    # the first end borrows the second's multiplier ("$5-7 million"), unless it is a
    # figure of its own ("$500,000 to $1 million")
    high = _value(tail["num"], tail["mult"])
    borrow = not head["mult"] and _value(head["num"]) < _value(tail["num"])
    return _value(head["num"], tail["mult"] if borrow else head["mult"]), high


def _value(num: str, mult: str | None = None) -> float:
    """Digits, a number word or a run of them ("one hundred and six", read
    with text2num), a whole number with a fraction ("2 1/2", "two and a
    half"), times the multiplier.  Raises ValueError on words that are not a
    number, and on a fraction over zero."""
    num = " ".join(num.split())
    whole = re.fullmatch(rf"(.*?)\s*(?:and (?:a|an|one)[- ](half|third|quarter|fourth)|(\d+)/(\d+)|([{VULGAR_FRACTIONS}]))", num)
    if whole:
        base, _, scale = whole[1].rpartition(" ")
        if scale.lower() not in MULTIPLIERS:
            base, scale = whole[1], ""
        value = _value(base, scale) if base else 0.0
        if whole[2]:  # "three million and a half": the half is of a million
            value += _multiplier(scale) / DENOMINATORS[whole[2].lower()]
        elif whole[3]:
            if not int(whole[4]):
                raise ValueError(f"a fraction over zero: {num!r}")
            value += int(whole[3]) / int(whole[4])
        else:
            value += unicodedata.numeric(whole[5])
    elif num[0].isdigit() or num[0] == ".":
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", num):  # "1.234,5": full stops group, the comma is the point
            num = num.replace(".", "").replace(",", ".")
        value = float(re.sub(r"[, \u00a0\u202f\u2009]", "", num))
    elif " point " in num.lower():  # "five point five", "nought point nought three"
        integer, _, decimals = num.lower().partition(" point ")
        digits = "".join(str(int(_value(w))) for w in decimals.split())
        value = float(f"{int(_value(integer))}.{digits}")
    else:
        try:
            value = _word_value(num)
        except KeyError:
            words = re.sub(r"^(?:a|an) ", "one ", num.lower()).replace("-", " ")
            try:
                value = float(text2num(re.sub(r"\b(?:nought|naught)\b", "zero", words), "en"))
            except ValueError:
                if "trillion" not in words.split():
                    raise
                high, _, low = words.partition("trillion")  # beyond text2num: "twenty-one trillion three hundred"
                value = _value(high) * 1e12 + (_value(re.sub(r"^\s*and\s+", "", low)) if low.strip() else 0.0)
    return value * _multiplier(mult)


def _multiplier(mult: str | None) -> float:
    factor = 1.0
    for word in (mult or "").lower().split():  # "lakh crore" multiplies twice
        factor *= MULTIPLIERS[word]
    return factor


def _qualifier(m: re.Match) -> str:
    suffix = m.groupdict().get("qsuf")
    if suffix:
        return SUFFIX_QUALIFIERS[" ".join(suffix.lower().split())]
    q = m["qual"]
    if not q or re.fullmatch(MARGIN, q.strip()):
        return "="
    return QUALIFIER_OF[" ".join(q.lower().split())]


def _finish(value: float, unit: str | None, qualifier: str, m: re.Match | None = None) -> NumberValue:
    """A quantity in the unit CLAIMS.md stores it in: cents in dollars, decades
    in years, a margin of error on a percentage in percentage points."""
    if unit in CALENDAR_UNITS:
        unit, factor = CALENDAR_UNITS[unit]
        value *= factor
    if m is not None and m.groupdict().get("minor"):
        value /= 100
    if m is not None and unit == "%" and m["qual"] and re.fullmatch(MARGIN, m["qual"].strip()):
        unit = "percentage points"
    return NumberValue(value, unit, qualifier)


def parse_number(surface: str) -> NumberValue | None:
    """Read one quantity.

    >>> parse_number("just over $240 million")
    NumberValue(value=240000000.0, unit='USD', qualifier='>')

    None when no value can be given it: not a quantity, or a fraction over
    zero ("2 45/0").
    """
    try:
        return _parse(surface, ranges=True)
    except ValueError:
        return None


def _parse(surface: str, ranges: bool) -> NumberValue | None:
    """``parse_number``; each end of a range is read with ``ranges`` off, so
    a surface full of dashes is read in linear, not exponential, time."""
    surface = " ".join(surface.replace("\u2212", "-").split())  # the minus sign is a hyphen here
    negative = re.fullmatch(r"\((.+)\)|([$€£¥])-(\d.*)", surface)  # "($99.99)" in accounts, "$-99.99"
    if negative:
        positive = _parse(negative[1] or negative[2] + negative[3], ranges)
        return replace(positive, value=-positive.value) if positive and positive.high is None else positive
    special = _special(surface)
    if special is not None:
        return special
    m = FRACTION_PATTERN.fullmatch(surface)
    if m:
        ratio = _fraction_value(m["frac"])
        if m["fmult"]:  # "half a million" is a count, not a share
            return NumberValue(ratio * _multiplier(re.sub(r"(?i)\b(?:of|a)\b", "", m["fmult"])), None, _qualifier(m))
        # "one in ten" is a rate read off a sample: approximate unless qualified
        default = "~" if re.search(r" (in|out of) ", m["frac"]) else "="
        qualifier = _qualifier(m) if m["qual"] else default
        return NumberValue(round(ratio * 100, 2), "%", qualifier)
    spoken = spoken_fraction(surface) if SPOKEN_FRACTION.search(surface) else None
    if spoken is not None:
        value, share = spoken
        return NumberValue(float(f"{value * 100:.10g}"), "%") if share else NumberValue(value, None)
    m = DURATION_PATTERN.fullmatch(surface)
    if m:
        return _finish(1.0, MEASURES[m["measure"].lower()], _qualifier(m))
    qualified = re.match(rf"(?P<qual>{QUALIFIER})\s+", surface)
    if qualified and ranges:  # "about 275 to 350": the qualifier is of both ends
        whole = _parse(surface[qualified.end():], ranges=True)
        if whole is not None and whole.high is not None:
            return replace(whole, qualifier=_qualifier(qualified))
    head = RANGE_HEAD.match(surface)
    if head is not None and _range_end(surface, head) == len(surface):
        tail = RANGE_TAIL.match(surface, head.end())
        low, high = _range_values(head, tail)
        unit = _unit(tail) or _unit(head)
        low_end, high_end = _finish(low, unit, "=", tail), _finish(high, unit, "=", tail)
        return NumberValue(low_end.value, low_end.unit, "=", high_end.value)
    money = _money(surface) or _compound_measure(surface) or _one_unit(surface)
    if money is not None:
        return money
    m = NUMBER_PATTERN.fullmatch(surface)
    if not m:
        return (_two_ends(surface) if ranges else None) or _read_leading(surface)
    value = _value(m["num"], m["mult"])
    return _finish(-value if m["sign"] else value, _unit(m), _qualifier(m), m)


def _special(surface: str) -> NumberValue | None:
    """The constructions beside a plain figure: a fraction of a point, a
    multiple, a number of numbers, a share of a whole, a figure on a mark."""
    m = SPECIAL_PATTERNS["point_fraction"].fullmatch(surface)
    if m:
        return NumberValue(round(_fraction_value(m["frac"]), 4), _point_unit(m["point"]), _qualifier(m))
    m = SPECIAL_PATTERNS["multiple"].fullmatch(surface)
    if m:
        if m["mword"]:
            value = MULTIPLE_WORDS[m["mword"].lower()]
        elif m["word"]:
            value = _value(m["word"][:-4])
        else:
            value = 1.0 if m["num"].lower() in ("a", "an") else _value(m["num"])
        return NumberValue(value, "times", _qualifier(m))
    m = SPECIAL_PATTERNS["rough"].fullmatch(surface)
    if m:
        scale = ROUGH_SCALES[m["scale"].lower()]
        times = {"tens": 10, "": 2}.get((m["times"] or "").lower()) or ROUGH_SCALES[m["times"].lower()]
        unit = _currency(m["cur"]) if m["cur"] else None
        return NumberValue(times * scale, unit, _qualifier(m) if m["qual"] else ">=")
    m = SPECIAL_PATTERNS["share"].fullmatch(surface)
    if m:
        part = _value(m["part"]) / (100 if m["minor"] else 1)
        whole = _value(m["whole"]) if m["whole"] else 1.0 if m["unit"] else _value(m["round"].replace(",", ""))
        if not whole:
            return None
        return NumberValue(round(100 * part / whole, 2), "%", _qualifier(m))
    m = SPECIAL_PATTERNS["part_of_unit"].fullmatch(surface)
    if m:
        share = {"half": 0.5, "a quarter": 0.25, "three quarters": 0.75}[" ".join(m["part"].lower().split())]
        return _finish(share, MEASURES[m["unit"].lower()], _qualifier(m))
    m = SPECIAL_PATTERNS["mark"].fullmatch(surface)
    if m:
        figure = _parse(m["figure"], ranges=False)
        return replace(figure, qualifier=_qualifier(m)) if figure else None
    return None


def _point_unit(word: str) -> str:
    return "basis points" if word.lower().startswith("basis") else "percentage points"


_MAJOR = r"dollars?|euros?|pounds?|usd|eur|gbp|cad|aud|\$|€|£"
# an amount in a currency and its hundredths: "3 dollars 50 cents", "thirteen dollars and forty-five
# cents", "15 USD 50"
MONEY_WITH_MINOR = re.compile(
    rf"(?i)(?P<major>[\w,.-]+(?: [\w-]+)*?)\s?(?P<cur>{_MAJOR})\s+(?:and\s+)?(?P<minor>\d\d?|[a-z]+(?:[- ][a-z]+)?)"
    r"(?:\s+(?:cents?|pence|p))?")
# financial shorthand: "30 MUSD", "MAUD 60" (millions), "75 USD million", "dollar 22.5 million"
MONEY_CODED = re.compile(
    rf"(?P<num1>{DIGITS}|[a-z]+)\s?M(?P<code1>{'|'.join(CURRENCY_CODES)})|M(?P<code2>{'|'.join(CURRENCY_CODES)})\s?(?P<num2>{DIGITS})")
MONEY_SHUFFLED = re.compile(
    rf"(?i)(?P<num>{DIGITS}) (?P<code>{'|'.join(CURRENCY_CODES)}) (?P<mult>{_SCALE_WORDS})"
    rf"|(?P<word>dollars?|euros?|pounds?) (?P<amount>(?:{DIGITS})(?: (?:{_SCALE_WORDS}))?)")
# a fraction of a scale: "quarter million", "half a billion", "three quarters billion us dollars"
SCALED_FRACTION = re.compile(
    rf"(?i)(?P<frac>(?:(?:a|an|one|two|three) )?(?:half|halves|quarters?|thirds?))(?: of)?(?: a)? (?P<scale>{_SCALE_WORDS})"
    rf"(?P<cur>\s(?:{_alt(CURRENCY_WORDS)}))?")


RANGE_SEPARATOR = re.compile(r"\s*[-–—]\s*|\s+(?i:to|and|through)\s+")


def _two_ends(surface: str) -> NumberValue | None:
    """A surface that is a range as a whole, in the forms a running text
    leaves ambiguous ("44 mg to 50 mg", "8- to 16-meter", "-78-0 degrees"):
    both ends must read as quantities in the same unit (or one without)."""
    body = re.sub(r"(?i)^between\s+", "", surface)
    # every place a separator could be, overlapping ones too ("8- to 16-meter")
    for found in re.finditer(rf"(?=({RANGE_SEPARATOR.pattern}))", body):
        start, end = found.span(1)
        left, right = body[:start].rstrip("-– "), body[end:]
        word = found[1].strip().lower()
        # as when finding ranges: "and" only after "between" ("one hundred and six" is one
        # number), a dash only between figures ("fifty - two" is 52)
        if not left or not right or (word == "and" and body == surface) or (
                word in "-–—" and not (re.search(r"\d$", left) and re.match(r"-?\d", right))) or (
                re.search(r"[×x]\s?10\^?$", left)):  # "2.48×10-5" is a power of ten
            continue
        first, second = _parse(left, ranges=False), _parse(right, ranges=False)
        if first is None or second is None or first.high is not None or second.high is not None:
            continue
        if first.unit and second.unit and first.unit != second.unit:
            continue
        low, high = sorted((first.value, second.value))
        return NumberValue(low, second.unit or first.unit, "=", high)
    return None


# a measure given in two units: "5 feet 2 inches", "5 ft 2 in", "3 lb 4 oz"
COMPOUND_UNITS = {("feet", "inches"): 12, ("foot", "inches"): 12, ("ft", "in"): 12, ("feet", "inch"): 12,
                  ("pounds", "ounces"): 16, ("lb", "oz"): 16, ("lbs", "oz"): 16, ("hours", "minutes"): 60}
COMPOUND_MEASURE = re.compile(
    rf"(?i)(?P<a>{DIGITS}) (?P<u1>{_alt({u for u, _ in COMPOUND_UNITS})}) (?:and )?(?P<b>{DIGITS}) (?P<u2>{_alt({u for _, u in COMPOUND_UNITS})})")


def _compound_measure(surface: str) -> NumberValue | None:
    m = COMPOUND_MEASURE.fullmatch(surface)
    per = m and COMPOUND_UNITS.get((m["u1"].lower(), m["u2"].lower()))
    if not per:
        return None
    unit = m["u1"].lower()
    return NumberValue(_value(m["a"]) + _value(m["b"]) / per, MEASURES.get(unit, unit))


def _one_unit(surface: str) -> NumberValue | None:
    """"a gallon", "a half turn": one (or half) of a unit the grammar does not list."""
    m = re.fullmatch(r"(?i)(?:a|an|one)(?P<half>[ -]half)? (?P<unit>[a-z][a-z' -]*)", surface)
    if not m or m["unit"].split()[0].lower() in WORD_NUMBERS or m["unit"].split()[0].lower() in _BIG_SCALES:
        return None
    unit = m["unit"].lower()
    return NumberValue(0.5 if m["half"] else 1.0, MEASURES.get(unit, unit))


def _money(surface: str) -> NumberValue | None:
    """Amounts written in the less common ways: with cents, in financial
    shorthand, or as a fraction of a million."""
    m = SCALED_FRACTION.fullmatch(surface)
    if m:
        words = m["frac"].split()
        share = 1 / _ordinal(words[0]) if len(words) == 1 else _common_fraction(words)
        if share is None:
            return None
        return NumberValue(share * _multiplier(m["scale"]), _currency(m["cur"]) if m["cur"] else None)
    m = MONEY_CODED.fullmatch(surface)
    if m:
        try:
            value = _value(m["num1"] or m["num2"])
        except (ValueError, KeyError):
            return None
        return NumberValue(value * 1e6, m["code1"] or m["code2"])
    m = MONEY_SHUFFLED.fullmatch(surface)
    if m:
        if m["num"]:
            return NumberValue(_value(m["num"], m["mult"]), m["code"].upper())
        amount, _, scale = m["amount"].partition(" ")
        return NumberValue(_value(amount, scale or None), _currency(m["word"]))
    m = MONEY_WITH_MINOR.fullmatch(surface)
    if m:
        major, minor = _cardinal(m["major"].split()), _cardinal(m["minor"].replace("-", " ").split())
        if major is None or minor is None or not 0 <= minor < 100:
            return None
        return NumberValue(major + minor / 100, _currency(m["cur"]))
    return None


LEADING = re.compile(
    rf"(?:(?P<qual>{QUALIFIER})\s+)?(?P<sign>-\s?|(?i:minus|negative)\s)?(?P<cur>{CURRENCY_PREFIX})?"
    rf"(?P<num>{_WHOLE_FRACTION}|\d+/\d+|{DIGITS}|(?i:{_WORD_RUN}(?: point(?: (?:{_NUMBER_WORD}))+)?))"
    r"(?P<exp>[eE][-+]?\d+|\s?[×x]\s?(?P<base>10|2)\^?(?P<power>[-+]?\d+))?"
    rf"(?P<mult>{MULTIPLIER}(?![a-z]))?"
    rf"(?P<rest>.*)"
)


def _read_leading(surface: str) -> NumberValue | None:
    """A quantity whose unit is not in the grammar ("16.25 nanometers",
    "200lbs", "one hundred and six"): the leading value, the rest as the unit."""
    m = LEADING.fullmatch(surface)
    if not m:
        return None
    try:
        value = _value(m["num"], m["mult"])
    except (ValueError, ZeroDivisionError):
        return None
    if m["exp"]:  # "4e14", "2.48×10-5", "8x2^10"
        value = value * 10 ** int(m["exp"][1:]) if m["power"] is None else value * int(m["base"]) ** int(m["power"])
    written = re.sub(r"^[\s-]+", "", m["rest"]).rstrip(".'’")
    if written in LONE_SCALES and not m["mult"]:  # "2.33 k", "10G", "3 dzs": a scale on its own
        return NumberValue((-value if m["sign"] else value) * LONE_SCALES[written], None, _qualifier(m))
    rest = written.lower()
    unit = _unit(m) or CURRENCY_WORDS.get(rest) or MEASURES.get(rest, rest or None)
    return NumberValue(-value if m["sign"] else value, unit, _qualifier(m))


# Scales written after a figure on their own, as a whole surface gives them: thousands,
# billions (giga) and dozens.  (In running text "10 k" is as often ten kilometres.)
LONE_SCALES = {"k": 1e3, "K": 1e3, "G": 1e9, "dz": 12, "dzs": 12, "doz": 12, "dozs": 12}


def _unit(m: re.Match) -> str | None:
    groups = m.groupdict()
    unit = None
    if groups.get("cur"):
        unit = _currency(m["cur"])
    elif groups.get("cursuf"):
        unit = _currency(m["cursuf"])
        if unit == "GBP" and m["cursuf"].strip().lower() in ("pound", "pounds") and not groups.get("mult"):
            unit = "pounds"  # "7,700 pounds" of towing is a weight; "361 million pounds" is money
    if groups.get("minor"):
        mark = " ".join(m["minor"].split()).lower()
        unit = MINOR_UNITS.get(mark, "USD")
    if groups.get("pct"):
        unit = "‰" if "‰" in m["pct"] else "%"
    elif groups.get("measure"):
        words = re.sub(r"^[\s-]+|-old$", "", m["measure"])
        words = re.sub(r"(?i)^(full|straight|consecutive) ", "", words)
        unit = measure_unit(words)
    return unit


def _currency(mark: str) -> str:
    """ISO code of a currency sign, code or name: "$" "HK $" "usd" "pounds"."""
    mark = " ".join(mark.split())
    if mark in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[mark]
    if mark.endswith("$"):
        return DOLLAR_PREFIXES.get(mark[:-1].strip().lower(), "USD")
    return CURRENCY_WORDS.get(mark.lower(), mark.upper())
