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
from dataclasses import dataclass, replace

from text_to_num import text2num

QUALIFIERS = {
    ">": ["just over", "just above", "slightly more than", "a little over", "well over", "well above",
          "more than", "over", "above", "topped", "exceeding", "in excess of", "upwards of", "north of"],
    "<": ["nearly", "almost", "just under", "just below", "just shy of", "slightly less than",
          "fewer than", "less than", "under", "below", "short of"],
    ">=": ["at least", "as low as", "no less than", "no fewer than", "a minimum of", "as few as"],
    "<=": ["up to", "as much as", "as many as", "as high as", "no more than", "at most", "a maximum of"],
    "~": ["about", "roughly", "around", "approximately", "some", "an estimated", "close to", "closer to",
          "toward", "towards", "circa", "an average of"],
}
QUALIFIER_OF = {phrase: q for q, phrases in QUALIFIERS.items() for phrase in phrases}

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "元": "CNY"}
# "US$", "C$", "HK $", "u.s $", "cad$": the letters before a dollar sign name the dollar
DOLLAR_PREFIXES = {"us": "USD", "u.s": "USD", "u.s.": "USD", "usd": "USD", "c": "CAD", "ca": "CAD",
                   "cad": "CAD", "a": "AUD", "au": "AUD", "aud": "AUD", "hk": "HKD", "hkd": "HKD",
                   "s": "SGD", "sgd": "SGD", "nz": "NZD", "nzd": "NZD", "mex": "MXN", "mxn": "MXN"}
CURRENCY_CODES = ["USD", "EUR", "GBP", "DKK", "SEK", "NOK", "CHF", "JPY", "CNY", "INR", "CAD", "AUD",
                  "KRW", "HKD", "SGD", "BRL", "MXN", "ZAR", "PLN", "NZD", "TRY", "RUB"]
CURRENCY_WORDS = {
    "danish kroner": "DKK", "swedish kronor": "SEK", "norwegian kroner": "NOK", "kroner": "DKK",
    "kronor": "SEK", "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "euros": "EUR", "euro": "EUR", "dollars": "USD", "dollar": "USD", "us dollars": "USD",
    "us dollar": "USD", "u.s. dollars": "USD", "canadian dollars": "CAD", "canadian dollar": "CAD",
    "australian dollars": "AUD", "australian dollar": "AUD", "hong kong dollars": "HKD",
    "new zealand dollars": "NZD", "singapore dollars": "SGD", "yen": "JPY", "rupees": "INR",
    "rupee": "INR", "won": "KRW", "swiss francs": "CHF", "francs": "CHF", "pounds sterling": "GBP",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "pesos": "MXN", "mexican pesos": "MXN",
    "reais": "BRL", "zloty": "PLN", "lira": "TRY", "turkish lira": "TRY", "rand": "ZAR",
    "roubles": "RUB", "rubles": "RUB",
    **{code.lower(): code for code in CURRENCY_CODES},
}
MULTIPLIERS = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "m": 1e6,
               "mn": 1e6, "mln": 1e6, "mil": 1e6, "crore": 1e7, "billion": 1e9, "bn": 1e9, "bln": 1e9,
               "b": 1e9, "trillion": 1e12, "tn": 1e12, "tln": 1e12, "dozen": 12, "dozens": 12}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "a dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1e6,
    "a billion": 1e9, "a": 1, "an": 1, "zero": 0, "nought": 0, "naught": 0,
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
# Measurement units stay in the anchor span, mapped to a canonical symbol.
MEASURES = {
    "mmhg": "mmHg", "mah": "mAh", "wh": "Wh", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
    "kw": "kW", "mw": "MW", "gw": "GW", "watts": "W", "kilowatts": "kW", "megawatts": "MW",
    "gigawatts": "GW", "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW", "gigawatt-hours": "GWh",
    "megawatt-hours": "MWh", "kilowatt-hours": "kWh", "terawatt-hours": "TWh",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "miles", "mile": "miles", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "feet": "feet", "foot": "feet", "square feet": "square feet", "square-foot": "square feet",
    "square metres": "m2", "square meters": "m2", "square kilometres": "km2", "acres": "acres",
    "hectares": "hectares", "inches": "inches", "inch": "inches", "cm": "cm", "mm": "mm",
    "kg": "kg", "kilograms": "kg", "tonnes": "tonnes", "tonne": "tonnes", "tons": "tons",
    "litres": "litres", "liters": "litres", "gallons": "gallons", "barrels": "barrels",
    "mph": "mph", "km/h": "km/h", "knots": "knots", "megapixels": "megapixels", "megapixel": "megapixels",
    "gb": "GB", "tb": "TB", "mb": "MB", "ghz": "GHz", "degrees": "degrees",
    "seconds": "seconds", "second": "seconds", "minutes": "minutes", "minute": "minutes",
    "hours": "hours", "hour": "hours", "days": "days", "day": "days", "weeks": "weeks", "week": "weeks",
    "months": "months", "month": "months", "years": "years", "year": "years", "decades": "decades",
    "decade": "decades", "percentage points": "percentage points", "percentage point": "percentage points",
    "basis points": "basis points",
}
TIME_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


# longer words first, so "sixteen" is never read as "six" + "teen"
_NUMBER_WORD = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|zero|nought|naught|a dozen|dozen|a hundred|a thousand"
)
# thousands grouped by commas, or by spaces in the European way ("40 000", "1 234 567")
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?![\d.,])|\d+(?:\.\d+)?|\.\d+"
_DENOMINATOR = _alt(DENOMINATORS)
_SMALL_WORD = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten"
QUALIFIER = rf"(?i:{_alt(QUALIFIER_OF)})"
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion"
_WORD_RUN = (
    rf"(?:a |an )?(?:{_NUMBER_WORD}|{_SCALE_WORDS})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}|{_SCALE_WORDS}))*"
)
# a whole number with a fraction: "two and a half", "2 1/2", "2½", "½"
_WHOLE_FRACTION = (
    rf"(?:\d+|{_NUMBER_WORD})(?:\s+(?:{_SCALE_WORDS}))?\s+and\s+(?:a|an|one)[- ](?:half|third|quarter|fourth)"
    rf"|\d+\s+\d+/\d+|\d*[{VULGAR_FRACTIONS}]"
)
FRACTION = (
    rf"(?:{_SMALL_WORD})[- ](?:{_DENOMINATOR})"
    rf"|(?:\d+|{_SMALL_WORD}) (?:in|out of) (?:\d+|{_WORD_RUN})|(?:{_SMALL_WORD}) over (?:\d+|{_WORD_RUN})"
    r"|half"
)
NUM = rf"(?:{_WHOLE_FRACTION}|{DIGITS}|(?i:{_NUMBER_WORD}))"
# A one-letter dollar prefix must be capital and attached ("C$", not "a $5 fee"); a
# code written in lower case only counts before a figure, and never one that is
# also an English word ("try").
_DOLLAR_WORDS = _alt(p for p in DOLLAR_PREFIXES if len(p) > 1)
_LOWER_CODES = _alt([c.lower() for c in CURRENCY_CODES if c != "TRY"] + ["rmb"])
CURRENCY_PREFIX = (
    rf"(?:(?:[CAS]|(?i:{_DOLLAR_WORDS}))\$(?: (?=\d))?|(?i:{_DOLLAR_WORDS}|[cas]) \$ (?=\d)|(?i:{_LOWER_CODES}) (?=\d)"
    rf"|[{''.join(CURRENCY_SYMBOLS)}](?: (?=\d))?|(?:{'|'.join(CURRENCY_CODES)}|RMB)\s?)"
)
MULTIPLIER = (
    rf"(?:\s(?i:{_SCALE_WORDS}|lakh|crore|dozens?)(?:\s(?i:crore))?"
    r"|\s?(?i:bn|bln|mn|mln|tn|tln)(?![\w])|(?i:m|k|b|mil)(?![\w]))"
)
CURRENCY_SUFFIX = rf"(?:\s(?i:{_alt(CURRENCY_WORDS)})|\s?[{''.join(CURRENCY_SYMBOLS)}](?![\w]))"
PERCENT = r"(?:\s?%|\s(?i:percent|per cent|percents|percentage)(?![\w]))"
MEASURE = rf"(?:\s(?:(?i:full|straight|consecutive) )?(?i:{_alt(MEASURES)})|-(?i:{_alt(k for k in MEASURES if ' ' not in k)})(?:-old)?)"

_CORE = (
    rf"(?P<cur>{CURRENCY_PREFIX})?(?P<num>{NUM})(?P<mult>{MULTIPLIER})?"
    rf"(?:(?P<cursuf>{CURRENCY_SUFFIX})|(?P<pct>{PERCENT})|(?P<measure>{MEASURE}))?"
)
# a share: "two-thirds", "one in five"; with a scale it is a plain number: "half a million"
_FRACTION_CORE = rf"(?P<frac>(?i:{FRACTION}))(?P<fmult>\s(?i:(?:of )?a (?:{_SCALE_WORDS}|dozen)|{_SCALE_WORDS}))?"
_DURATION_CORE = r"(?P<article>(?i:a|an)) (?P<measure>(?i:year|month|week|day|decade|hour))"

NUMBER_PATTERN = re.compile(
    rf"(?<![\w.,$€£¥-])(?:(?P<qual>{QUALIFIER})\s+)?(?P<sign>(?i:minus|negative) )?(?:{_CORE})(?![\w]|[.,]\d|-\d)"
)
# A range keeps both ends: "between 5 and 7", "5-7%", "$5-7 million".  The
# second end is a full quantity; the first borrows its unit and multiplier.
RANGE_HEAD = re.compile(
    rf"(?<![\w.,$€£¥-])(?:(?P<between>(?i:between))\s+)?(?P<cur>{CURRENCY_PREFIX})?"
    rf"(?P<num>{DIGITS}|(?i:{_NUMBER_WORD}))(?P<mult>{MULTIPLIER})?(?P<pct>{PERCENT})?(?P<measure>{MEASURE})?"
    rf"(?P<sep>[-–]|\s+(?i:and|to)\s+)"
)
RANGE_TAIL = re.compile(rf"{_CORE}(?![\w]|[.,]\d|-\d)")
FRACTION_PATTERN = re.compile(rf"(?<![\w-])(?:(?P<qual>{QUALIFIER})\s+)?{_FRACTION_CORE}(?![\w-])")
DURATION_PATTERN = re.compile(rf"(?<![\w-])(?P<qual>{QUALIFIER})\s+{_DURATION_CORE}(?![\w-])")


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


def _word_value(word: str) -> float:
    word = word.lower()
    if word in WORD_NUMBERS:
        return WORD_NUMBERS[word]
    tens, _, unit = word.partition("-")
    return WORD_NUMBERS[tens] + (WORD_NUMBERS[unit] if unit else 0)  # "ninety-five hundred" is no word


def _fraction_value(text: str) -> float:
    """The ratio a fraction names: "two-thirds" → 0.667, "one in five" → 0.2."""
    text = text.lower()
    m = re.fullmatch(r"(\S+) (?:in|out of|over) (.+)", text)
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


def find_numbers(text: str) -> list[NumberMatch]:
    """Every quantity in ``text``; where two overlap, the longer wins."""
    found = []
    for pattern in (NUMBER_PATTERN, FRACTION_PATTERN, DURATION_PATTERN):
        for m in pattern.finditer(text):
            num = m.groupdict().get("num")
            found.append(NumberMatch(m.start(), m.end(), bool(m["qual"]), bool(num and not num[0].isdigit() and num[0] != ".")))
    for m in RANGE_HEAD.finditer(text):
        end = _range_end(text, m)
        if end is not None:
            found.append(NumberMatch(m.start(), end, False, not m["num"][0].isdigit()))
    found.sort(key=lambda n: (-(n.end - n.start), n.start))
    taken: list[NumberMatch] = []
    for n in found:
        if all(n.end <= t.start or n.start >= t.end for t in taken):
            taken.append(n)
    return sorted(taken, key=lambda n: n.start)


def _range_end(text: str, head: re.Match) -> int | None:
    """Where the range starting with ``head`` ends, if it is one: *and* only
    after *between*, *to* only after *between* or a currency, a hyphen only
    between digits, and the second end larger than the first."""
    sep = head["sep"].strip().lower()
    if sep == "and" and not head["between"] or sep == "to" and not (head["between"] or head["cur"]):
        return None
    if sep == "to" and not head["between"] and text[: head.start()].rstrip().lower().endswith("from"):
        return None  # "rose from $5 million to $7 million" is a change, not a range
    tail = RANGE_TAIL.match(text, head.end())
    if tail is None or (sep in "-–" and not (head["num"][0].isdigit() and tail["num"][0].isdigit())):
        return None
    low, high = _range_values(head, tail)
    return tail.end() if high > low else None


def _range_values(head: re.Match, tail: re.Match) -> tuple[float, float]:
    # the first end borrows the second's multiplier: "$5-7 million"
    return _value(head["num"], head["mult"] or tail["mult"]), _value(tail["num"], tail["mult"])


def _value(num: str, mult: str | None = None) -> float:
    """Digits, a number word or a run of them ("one hundred and six", read
    with text2num), a whole number with a fraction ("2 1/2", "two and a
    half"), times the multiplier.  Raises ValueError on words that are not a
    number."""
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
            value += int(whole[3]) / int(whole[4])
        else:
            value += unicodedata.numeric(whole[5])
    elif num[0].isdigit() or num[0] == ".":
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
    q = m["qual"]
    return QUALIFIER_OF[" ".join(q.lower().split())] if q else "="


def parse_number(surface: str) -> NumberValue | None:
    """Read one quantity.

    >>> parse_number("just over $240 million")
    NumberValue(value=240000000.0, unit='USD', qualifier='>')
    """
    return _parse(surface, ranges=True)


def _parse(surface: str, ranges: bool) -> NumberValue | None:
    """``parse_number``; each end of a range is read with ``ranges`` off, so
    a surface full of dashes is read in linear, not exponential, time."""
    surface = " ".join(surface.replace("\u2212", "-").split())  # the minus sign is a hyphen here
    negative = re.fullmatch(r"\((.+)\)|([$€£¥])-(\d.*)", surface)  # "($99.99)" in accounts, "$-99.99"
    if negative:
        positive = _parse(negative[1] or negative[2] + negative[3], ranges)
        return replace(positive, value=-positive.value) if positive and positive.high is None else positive
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
        return NumberValue(1.0, MEASURES[m["measure"].lower()], _qualifier(m))
    head = RANGE_HEAD.match(surface)
    if head is not None and _range_end(surface, head) == len(surface):
        tail = RANGE_TAIL.match(surface, head.end())
        low, high = _range_values(head, tail)
        unit = _unit(tail) or _unit(head)
        return NumberValue(low, unit, "=", high)
    money = _money(surface) or _compound_measure(surface) or _one_unit(surface)
    if money is not None:
        return money
    m = NUMBER_PATTERN.fullmatch(surface)
    if not m:
        return (_two_ends(surface) if ranges else None) or _read_leading(surface)
    value = _value(m["num"], m["mult"])
    return NumberValue(-value if m["sign"] else value, _unit(m), _qualifier(m))


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
    rest = re.sub(r"^[\s-]+", "", m["rest"]).lower().rstrip(".'’")
    unit = _unit(m) or CURRENCY_WORDS.get(rest) or MEASURES.get(rest, rest or None)
    return NumberValue(-value if m["sign"] else value, unit, _qualifier(m))


def _unit(m: re.Match) -> str | None:
    groups = m.groupdict()
    unit = None
    if groups.get("cur"):
        unit = _currency(m["cur"])
    elif groups.get("cursuf"):
        unit = _currency(m["cursuf"])
        if unit == "GBP" and m["cursuf"].strip().lower() in ("pound", "pounds") and not groups.get("mult"):
            unit = "pounds"  # "7,700 pounds" of towing is a weight; "361 million pounds" is money
    if groups.get("pct"):
        unit = "%"
    elif groups.get("measure"):
        words = re.sub(r"^[\s-]+|-old$", "", m["measure"]).lower()
        words = re.sub(r"^(full|straight|consecutive) ", "", words)
        unit = MEASURES.get(words, words)
    return unit


def _currency(mark: str) -> str:
    """ISO code of a currency sign, code or name: "$" "HK $" "usd" "pounds"."""
    mark = " ".join(mark.split())
    if mark in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[mark]
    if mark.endswith("$"):
        return DOLLAR_PREFIXES.get(mark[:-1].strip().lower(), "USD")
    return CURRENCY_WORDS.get(mark.lower(), mark.upper())
