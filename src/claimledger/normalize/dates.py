"""Find date expressions in text and resolve them to calendar intervals.

One grammar serves both jobs: :func:`find_dates` scans text with it and
:func:`parse_date` resolves a single expression, so whatever is found can be
normalised.  The conventions are those of ``CLAIMS.md`` section 5: intervals
are closed ``[start, end]``, an open side is ``None`` (``by 2030`` has no
start), relative expressions resolve against a reference date, and
``early / mid / late`` split a year into Jan–Apr / May–Aug / Sep–Dec and a month
into 1–10 / 11–20 / 21–end.

Nothing here knows about spaCy or SQLite: everything takes strings and dates.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Iterator, Literal

from dateutil.easter import easter

Tense = Literal["past", "future"] | None


@dataclass(frozen=True)
class DateValue:
    """A closed interval of days; ``None`` marks an open side."""

    start: date | None
    end: date | None

    def iso(self) -> tuple[str | None, str | None]:
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
        )


@dataclass(frozen=True)
class DateContext:
    """What a relative expression is resolved against."""

    ref: date
    tense: Tense = None
    previous: DateValue | None = None
    fiscal_start: int | None = None  # month the article's fiscal year starts in, when it says


# --- vocabulary -------------------------------------------------------------

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "fifth": 5, "5th": 5, "last": 4, "final": 4}
ORDINAL = r"(?i:first|second|third|fourth|fifth|last|final|\d{1,2}(?:st|nd|rd|th))"
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
    "several": 3, "few": 3, "couple": 2, "a couple": 2, "a couple of": 2, "couple of": 2,
}

_MONTH_FULL = "|".join(n for n in MONTHS if len(n) > 4 or n in ("May", "June", "July"))
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Lower-case month names are read too, except *may* and *march*, which are
# far more often a modal and a verb.
_MONTH_LOWER = "|".join(n.lower() for n in MONTHS if len(n) > 4 and n not in ("March",)) + "|june|july"
# an abbreviation needs its full stop unless a number follows it: "Jan. 4", "Jan 2019", "Dec/2018"
MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_LOWER}|(?:{_MONTH_ABBR})(?:\.|(?=[ /]\d)))"
_DAY_NUMBER = r"(?:3[01]|[12]\d|0?[1-9])"
DAY = rf"{_DAY_NUMBER}(?:st|nd|rd|th)?(?!\d)"
ORDINAL_DAY = rf"{_DAY_NUMBER}(?:st|nd|rd|th)"
YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d])"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY_ABBR = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
PART = r"(?:[Ee]arly|[Mm]id|[Ll]ate)"
REL_YEAR = r"(?i:this|next|last) year"
YEARISH = rf"(?:{YEAR}|{REL_YEAR}|(?i:the) year)"
COUNT = rf"(?:\d+|(?i:{'|'.join(sorted(map(re.escape, SMALL_NUMBERS), key=len, reverse=True))}))"
UNITS = r"(?i:years?|months?|weeks?|days?|decades?|quarters?)"
TIME = r"(?:\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|(?i:noon|midnight))"

PREFIXES = {
    "by": "by", "through": "by", "until": "by", "till": "by", "no later than": "by",
    "before": "before", "ahead of": "before", "prior to": "before",
    "since": "since",
    "from": "from", "no earlier than": "from", "as soon as": "from", "as early as": "from",
    "starting": "from", "starting in": "from", "starting on": "from", "starting from": "from",
    "beginning": "from", "beginning in": "from", "beginning on": "from", "after": "after",
}
SUFFIXES = {"or later": "from", "at the earliest": "from", "onwards": "from", "onward": "from",
            "and after": "from", "or after": "from", "and later": "from",
            "or earlier": "by", "at the latest": "by", "or before": "by", "and before": "by"}
_PREFIX = "|".join(sorted((re.escape(p) for p in PREFIXES), key=len, reverse=True))
_SUFFIX = "|".join(sorted((re.escape(s) for s in SUFFIXES), key=len, reverse=True))
EDGE = r"(?i:(?:the )?(?:very )?(?P<edge>end|close|start|beginning|middle) of)"


# --- interval helpers ---------------------------------------------------------


def _month(y: int, m: int) -> DateValue:
    return DateValue(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def _months(y: int, m1: int, m2: int) -> DateValue:
    return DateValue(_month(y, m1).start, _month(y, m2).end)


def _year(y: int) -> DateValue:
    return DateValue(date(y, 1, 1), date(y, 12, 31))


def _day(d: date) -> DateValue:
    return DateValue(d, d)


def _week(d: date) -> DateValue:
    """The Monday-to-Sunday week ``d`` lies in."""
    monday = d - timedelta(days=d.weekday())
    return DateValue(monday, monday + timedelta(days=6))


def _shift_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _season(y: int, name: str) -> DateValue:
    m1, m2 = SEASONS[name.lower()]
    if m1 > m2:  # winter runs December to February
        return DateValue(date(y, 12, 1), _month(y + 1, 2).end)
    return _months(y, m1, m2)


def _month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").title()]


def _year_number(text: str, ctx: DateContext) -> int:
    text = text.lower()
    if text in ("this year", "the year"):
        return ctx.ref.year
    if text == "next year":
        return ctx.ref.year + 1
    if text == "last year":
        return ctx.ref.year - 1
    return int(text)


def _by_tense(build: Callable[[int], DateValue], ctx: DateContext) -> DateValue:
    """A period named without its year: the one in the reference year, moved a
    year back when told of in the past but lying ahead, and a year on when
    told of in the future but already over."""
    value = build(ctx.ref.year)
    if ctx.tense == "past" and value.start > ctx.ref:
        return build(ctx.ref.year - 1)
    if ctx.tense == "future" and value.end < ctx.ref:
        return build(ctx.ref.year + 1)
    return value


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else SMALL_NUMBERS[word]


def _add(d: date, n: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    return _shift_months(d, n * months)


# --- the grammar: one rule per family of expressions ----------------------------

Resolver = Callable[[re.Match, DateContext], DateValue | None]
RULES: list[tuple[str, re.Pattern, Resolver]] = []


def rule(name: str, pattern: str):
    def register(fn: Resolver) -> Resolver:
        RULES.append((name, re.compile(pattern), fn))
        return fn

    return register


@rule("time_on_day", rf"(?P<time>{TIME}) on (?:{WEEKDAY},? )?(?P<m>{MONTH}) (?P<d>{DAY})(?:,? (?P<y>{YEAR}))?")
@rule("full_date", rf"(?:(?:{WEEKDAY}|{WEEKDAY_ABBR}),? )?(?P<m>{MONTH}) (?P<d>{DAY})(?:,? (?P<y>{YEAR}))?")
@rule("day_month", rf"(?P<d>{DAY}) (?P<m>{MONTH})(?:,? (?:in )?(?P<y>{YEAR}))?")
@rule("day_of_month", rf"(?:(?i:the) )?(?P<d>{DAY}) (?i:of) (?P<m>{MONTH})(?:,? (?:of )?(?P<y>{YEAR}))?")
def _full_date(m, ctx):
    month, day = _month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())
    if m["y"]:
        return _day(date(int(m["y"]), month, day))
    return _by_tense(lambda y: _day(date(y, month, min(day, calendar.monthrange(y, month)[1]))), ctx)


@rule("month_year", rf"(?P<m>{MONTH})(?:,? (?:of |in )?|/)(?P<y>{YEAR}|(?i:this|next|last) year)")
def _month_year(m, ctx):
    return _month(_year_number(m["y"], ctx), _month_number(m["m"]))


@rule("month_range", rf"(?P<m1>{MONTH})(?:-|–| to | and )(?P<m2>{MONTH})(?:,? (?P<y>{YEAR}))?")
def _month_range(m, ctx):
    m1, m2 = _month_number(m["m1"]), _month_number(m["m2"])
    if m["y"]:
        y = int(m["y"])
        return DateValue(_month(y if m1 <= m2 else y - 1, m1).start, _month(y, m2).end)
    return _by_tense(lambda y: DateValue(_month(y, m1).start, _month(y if m1 <= m2 else y + 1, m2).end), ctx)


@rule("month", rf"(?P<m>{MONTH})")
def _bare_month(m, ctx):
    month = _month_number(m["m"])
    return _by_tense(lambda y: _month(y, month), ctx)


@rule("part_of_month", rf"(?P<part>{PART})[- ](?P<m>{MONTH})(?: (?P<y>{YEAR}))?")
def _part_of_month(m, ctx):
    month = _month_number(m["m"])
    part = m["part"].lower()

    def build(y: int) -> DateValue:
        last = calendar.monthrange(y, month)[1]
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
        return DateValue(date(y, month, lo), date(y, month, hi))

    return build(int(m["y"])) if m["y"] else _by_tense(build, ctx)


@rule("part_of_year", rf"(?P<part>{PART})[- ](?P<y>{YEAR}|(?i:this|next|last) year)")
def _part_of_year(m, ctx):
    y = _year_number(m["y"], ctx)
    lo, hi = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[m["part"].lower()]
    return _months(y, lo, hi)


_QUARTER_OF = rf"(?: of (?P<y>{YEARISH}))?"


@rule("quarter", rf"(?i:the )?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|last)) (?i:quarter){_QUARTER_OF}")
@rule("quarter_adj", r"(?P<q>(?i:first|second|third|fourth))-(?i:quarter)")
@rule("quarter_code", rf"(?P<qn>Q[1-4]|q[1-4](?=[\s-]\d))(?:[\s-](?P<y>{YEAR}))?")
@rule("year_quarter_code", rf"(?P<y>{YEAR})[\s-](?P<qn>[Qq][1-4])")
def _quarter(m, ctx):
    q = int(m["qn"][1]) if m.groupdict().get("qn") else ORDINALS[m["q"].lower()]

    y = m.groupdict().get("y")
    if y:
        return _months(_year_number(y, ctx), 3 * q - 2, 3 * q)
    if ctx.fiscal_start and ctx.fiscal_start != 1:
        # a bare quarter in an article that keeps a fiscal calendar is a fiscal quarter
        def build(y: int) -> DateValue:
            start = _shift_months(fiscal_year(y, ctx.fiscal_start).start, 3 * (q - 1))
            return DateValue(start, _shift_months(start, 3) - timedelta(days=1))
    else:
        def build(y: int) -> DateValue:
            return _months(y, 3 * q - 2, 3 * q)
    return _by_tense(build, ctx)


@rule("half", rf"(?i:the )?(?P<h>(?i:first|second)) (?i:half){_QUARTER_OF}")
@rule("half_code", rf"(?P<hn>H[12])[\s-](?P<y>{YEAR})")
@rule("year_half_code", rf"(?P<y>{YEAR})[\s-](?P<hn>[Hh][12])")
def _half(m, ctx):
    h = int(m["hn"][1]) if m.groupdict().get("hn") else ORDINALS[m["h"].lower()]

    def build(y: int) -> DateValue:
        return _months(y, 6 * h - 5, 6 * h)

    return build(_year_number(m["y"], ctx)) if m["y"] else _by_tense(build, ctx)


def fiscal_year(label: int, start_month: int | None) -> DateValue:
    """The fiscal year called ``label``.  A fiscal year is named by the
    calendar year holding most of its months, and by the year it ends in when
    the split is even: July 2025 – June 2026 is fiscal 2026, February 2026 –
    January 2027 is fiscal 2026.  Unknown calendars are calendar years."""
    if not start_month or start_month == 1:
        return _year(label)
    first = label if 13 - start_month > 6 else label - 1
    end = _shift_months(date(first, start_month, 1), 12) - timedelta(days=1)
    return DateValue(date(first, start_month, 1), end)


def _current_fiscal(ctx: DateContext) -> DateValue:
    for label in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
        value = fiscal_year(label, ctx.fiscal_start)
        if value.start <= ctx.ref <= value.end:
            return value
    return _year(ctx.ref.year)


FISCAL_STATED = re.compile(
    rf"fiscal (?:year|{YEAR})\b[^.;]{{0,40}}?\b(?P<how>begins|began|starts|started|beginning|starting|ends|ended|ending|closes|runs through|running through)"
    rf"\s+(?:on\s+|in\s+)?(?P<month>{MONTH}|May|June|July)\.?(?:\s+(?P<day>\d{{1,2}}))?",
    re.IGNORECASE,
)


def stated_fiscal_start(text: str) -> int | None:
    """The month an article's fiscal year starts in, when the article says
    ("whose fiscal year ends Jan. 31", "fiscal 2026, which begins July 1")."""
    m = FISCAL_STATED.search(text)
    if not m:
        return None
    month = _month_number(m["month"].rstrip(".").title())
    if m["how"].lower().startswith(("begin", "began", "start")):
        return month if int(m["day"] or 1) <= 15 else month % 12 + 1
    return month % 12 + 1  # ends Jan. 31 → starts in February


@rule("fiscal_year", rf"(?i:fiscal(?: year)?|FY) ?(?P<y>{YEAR}|\d\d(?!\d))")
def _fiscal_year(m, ctx):
    # Without a stated fiscal calendar the calendar year is assumed (CLAIMS.md §5).
    y = int(m["y"])
    return fiscal_year(y if y > 100 else 2000 + y, ctx.fiscal_start)


@rule("this_fiscal_year", r"(?i:(?:its|the|this|the current) fiscal year|full-year|full year)")
def _this_fiscal_year(m, ctx):
    return _current_fiscal(ctx)


@rule("year_range", rf"(?P<y1>{YEAR})\s?(?:-|–|—|/| to )\s?(?P<y2>{YEAR}|\d\d(?!\d))")
@rule("between_years", rf"(?i:between) (?P<y1>{YEAR}) (?i:and) (?P<y2>{YEAR})")
def _year_range(m, ctx):
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 < 100:
        y2 += y1 // 100 * 100
    if y2 < y1:
        return None
    return DateValue(date(y1, 1, 1), date(y2, 12, 31))


@rule("sport_season", rf"(?i:the )(?P<y1>{YEAR})(?:-|–|/)(?P<y2>\d\d(?!\d)) (?i:season|campaign|term)")
def _sport_season(m, ctx):
    # A season named by two years runs from July to June (football, academic terms).
    y1 = int(m["y1"])
    return DateValue(date(y1, 7, 1), date(y1 + 1, 6, 30))


@rule("year_to", rf"(?i:the (?:year|12 months|twelve months)) (?i:to|ended|ending) (?P<m>{MONTH})(?: (?P<d>{DAY}))?,? (?P<y>{YEAR})")
def _year_to(m, ctx):
    end = _month(int(m["y"]), _month_number(m["m"])).end
    if m["d"]:
        end = end.replace(day=int(re.match(r"\d+", m["d"]).group()))
    return DateValue(_shift_months(end, -12) + timedelta(days=1), end)


@rule("months_ended", rf"(?i:the) (?P<n>{COUNT}) (?i:months) (?i:ended|ending|to|through) (?P<m>{MONTH}) (?P<d>{DAY})(?:,? (?P<y>{YEAR}))?")
def _months_ended(m, ctx):
    n, month, day = _count(m["n"]), _month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())

    def build(y: int) -> DateValue:
        end = date(y, month, day)
        return DateValue(_shift_months(end + timedelta(days=1), -n), end)

    return build(int(m["y"])) if m["y"] else _by_tense(build, ctx)


@rule("relative", r"(?P<which>(?i:this|next|last|(?:the )?current|the coming|the previous|the past|(?:the )?following)) (?P<unit>(?i:year|month|week|quarter|decade|season|term|weekend|working week|work week|business week))")
def _relative(m, ctx):
    which = m["which"].lower().replace("the ", "")
    step = {"the": 0, "this": 0, "current": 0, "next": 1, "coming": 1, "following": 1, "last": -1, "previous": -1,
            "past": -1}[which]
    return _calendar_unit(m["unit"].lower(), step, ctx.ref)


def _calendar_unit(unit: str, step: int, ref: date) -> DateValue:
    """The year, month, week, quarter... ``step`` units from the one ``ref`` lies in."""
    if unit == "year":
        return _year(ref.year + step)
    if unit == "month":
        first = _shift_months(ref.replace(day=1), step)
        return _month(first.year, first.month)
    if unit.endswith("week") or unit == "weekend":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            return DateValue(monday + timedelta(days=4), monday + timedelta(days=6))
        if unit != "week":  # the working week: Monday to Friday
            return DateValue(monday, monday + timedelta(days=4))
        return _week(monday)
    if unit == "quarter":
        q0 = (ref.month - 1) // 3 + step
        y, q = ref.year + q0 // 4, q0 % 4
        return _months(y, 3 * q + 1, 3 * q + 3)
    if unit == "decade":
        d0 = ref.year // 10 * 10 + 10 * step
        return DateValue(date(d0, 1, 1), date(d0 + 9, 12, 31))
    # season / term: July-to-June sporting and academic years
    y0 = ref.year if ref.month >= 7 else ref.year - 1
    y0 += step
    return DateValue(date(y0, 7, 1), date(y0 + 1, 6, 30))


@rule("relative_month", rf"(?P<which>(?i:last|next|this)) (?P<m>{MONTH})")
def _relative_month(m, ctx):
    month, which = _month_number(m["m"]), m["which"].lower()
    tense = {"last": "past", "next": "future"}.get(which, ctx.tense)
    value = _by_tense(lambda y: _month(y, month), replace(ctx, tense=tense))
    if which == "next" and value.start <= ctx.ref:
        value = _month(value.start.year + 1, month)
    if which == "last" and value.end >= ctx.ref:
        value = _month(value.start.year - 1, month)
    return value


@rule("season", rf"(?P<which>(?i:this|next|last|the) )?(?P<s>(?i:spring|summer|autumn|fall|winter))(?: (?:of )?(?P<y>{YEAR}))?")
def _season_rule(m, ctx):
    name = m["s"].lower()
    if m["y"]:
        return _season(int(m["y"]), name)
    which = (m["which"] or "").strip().lower()
    if which == "this":
        return _season(ctx.ref.year if name != "winter" or ctx.ref.month == 12 else ctx.ref.year - 1, name)
    if which in ("next", "last"):
        step = 1 if which == "next" else -1
        y = ctx.ref.year
        candidate = _season(y, name)
        while (step > 0 and candidate.start <= ctx.ref) or (step < 0 and candidate.end >= ctx.ref):
            y += step
            candidate = _season(y, name)
        return candidate
    return _by_tense(lambda y: _season(y, name), ctx)


@rule("earlier_later", r"(?P<dir>(?i:earlier|later)) (?i:this|in the) (?P<unit>(?i:week|month|year))")
def _earlier_later(m, ctx):
    unit, ref = m["unit"].lower(), ctx.ref
    first = {"week": ref - timedelta(days=ref.weekday()), "month": ref.replace(day=1),
             "year": ref.replace(month=1, day=1)}[unit]
    last = {"week": first + timedelta(days=6), "month": _month(ref.year, ref.month).end,
            "year": date(ref.year, 12, 31)}[unit]
    if m["dir"].lower() == "earlier":
        return DateValue(first, ref - timedelta(days=1)) if ref > first else None
    return DateValue(ref + timedelta(days=1), last) if ref < last else None


@rule("next_n", rf"(?:(?i:the) )?(?P<dir>(?i:next|past|last|coming|previous|following|upcoming)) (?P<n>{COUNT}) (?P<unit>{UNITS}|(?i:business|working) days?)"
               rf"|(?P<n2>{COUNT}) (?P<dir2>(?i:next|upcoming|coming|past|previous)) (?P<unit2>{UNITS})")
def _next_n(m, ctx):
    """The N units from today (CLAIMS.md: "the next 18 months" starts on the
    article's day), or the N before it up to today; N business days are
    counted from the next one."""
    n, unit, direction = _count(m["n"] or m["n2"]), m["unit"] or m["unit2"], (m["dir"] or m["dir2"]).lower()
    if " " in unit:  # business days: Monday to Friday
        step = 1 if direction in ("next", "coming", "following", "upcoming") else -1
        days, day = [], ctx.ref
        while len(days) < n:
            day += timedelta(days=step)
            if day.weekday() < 5:
                days.append(day)
        return DateValue(min(days), max(days))
    if direction in ("next", "coming", "following", "upcoming"):
        return DateValue(ctx.ref, _add(ctx.ref, n, unit))
    return DateValue(_add(ctx.ref, -n, unit), ctx.ref)



@rule("ago", rf"(?P<n>{COUNT}) (?P<unit>{UNITS}) (?i:ago|earlier)")
def _ago(m, ctx):
    n, unit = _count(m["n"]), m["unit"].lower().rstrip("s")
    d = _add(ctx.ref, -n, unit)
    if unit == "year":
        return _year(d.year)
    if unit == "month":
        return _month(d.year, d.month)
    return _day(d)


@rule("deictic", r"(?P<w>(?i:today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening))")
def _deictic(m, ctx):
    shift = {"yesterday": -1, "tomorrow": 1}.get(m["w"].lower(), 0)
    return _day(ctx.ref + timedelta(days=shift))


@rule("weekday", rf"(?:(?P<which>(?i:next|last|this|past|following|coming)) )?(?P<wd>{WEEKDAY}|(?i:{WEEKDAY}))(?: (?i:morning|afternoon|evening|night))?")
def _weekday(m, ctx):
    target = WEEKDAYS.index(m["wd"].lower())
    ref = ctx.ref
    day = ref - timedelta(days=ref.weekday()) + timedelta(days=target)
    which = (m["which"] or "").lower()
    if which in ("next", "following", "coming"):
        # the first such day after the reference day ("next Monday")
        return _day(day if day > ref else day + timedelta(weeks=1))
    if which in ("last", "past"):
        return _day(day if day < ref else day - timedelta(weeks=1))
    if ctx.tense == "past" and day > ref:
        day -= timedelta(weeks=1)
    elif ctx.tense == "future" and day < ref:
        day += timedelta(weeks=1)
    return _day(day)


def _month_with_day(ctx: DateContext, day: int, offset: int = 0, weekday: int | None = None) -> DateValue | None:
    """A day of the month given no month: this month's (``offset`` months on),
    moved by the tense like a weekday is; with a weekday, the nearest month in
    which that day falls on it ("Wed 13th")."""
    ref = ctx.ref
    months = [offset] if weekday is None else sorted(range(-6, 7), key=abs)
    for shift in months:
        start = _shift_months(ref.replace(day=1), shift)
        if day > calendar.monthrange(start.year, start.month)[1]:
            continue
        value = start.replace(day=day)
        if weekday is not None and value.weekday() != weekday:
            continue
        if weekday is None and not offset:
            if ctx.tense == "past" and value > ref:
                value = _shift_months(start, -1).replace(day=day)
            elif ctx.tense == "future" and value < ref:
                value = _shift_months(start, 1).replace(day=day)
        return _day(value)
    return None


@rule("ordinal_day", rf"(?i:the) (?P<d>{ORDINAL_DAY})(?: (?i:day))?(?:(?: (?i:of))? (?P<which>(?i:this|next|last)) (?i:month))?(?![ ]?\w)")
def _ordinal_day(m, ctx):
    """"the 4th", "the 15th day of next month": a day of this month."""
    offset = {"next": 1, "last": -1}.get((m["which"] or "").lower(), 0)
    return _month_with_day(ctx, int(re.sub(r"\D", "", m["d"])), offset)


@rule("weekday_day", rf"(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),? (?:the )?(?P<d>{ORDINAL_DAY}|{_DAY_NUMBER}(?=[.,;:]|$))(?![ ]?\w)")
def _weekday_day(m, ctx):
    """"Wed 13th", "Monday 21.": the nearest month where that day is that weekday."""
    weekday = [w[:3] for w in WEEKDAYS].index(m["wd"][:3].lower())
    return _month_with_day(ctx, int(re.sub(r"\D", "", m["d"])), weekday=weekday)


@rule("first_n_of", rf"(?i:the )?(?P<side>(?i:first|last|final)) (?P<n>{COUNT}) (?P<unit>(?i:months|weeks|days|quarters)) (?i:of|in) (?P<period>{YEARISH}|(?:{MONTH})(?: {YEAR})?)")
def _first_n_of(m, ctx):
    """"the first six months of 2025", "the last four months of the year"."""
    period = _year(ctx.ref.year) if m["period"].lower() == "the year" else _resolve(m["period"], ctx)
    if period is None or period.start is None or period.end is None:
        return None
    n, unit = _count(m["n"]), m["unit"]
    if m["side"].lower() == "first":
        return DateValue(period.start, _add(period.start, n, unit) - timedelta(days=1))
    return DateValue(_add(period.end + timedelta(days=1), -n, unit), period.end)


@rule("weekday_of_week", rf"(?P<wd>{WEEKDAY}|(?i:{WEEKDAY}))(?: (?i:of))? (?P<which>(?i:next|last|this)) (?i:week)"
                         rf"|(?P<which2>(?i:next|last|this)) (?i:week),? (?:(?i:on) )?(?P<wd2>{WEEKDAY}|(?i:{WEEKDAY}))")
def _weekday_of_week(m, ctx):
    """"Tuesday next week", "next week Wednesday": that day of the week named."""
    step = {"next": 1, "last": -1, "this": 0}[(m["which"] or m["which2"]).lower()]
    monday = ctx.ref - timedelta(days=ctx.ref.weekday()) + timedelta(weeks=step)
    return _day(monday + timedelta(days=WEEKDAYS.index((m["wd"] or m["wd2"]).lower())))


@rule("in_n", rf"(?i:in|within) (?P<n>{COUNT}) (?P<unit>(?i:days?|weeks?|months?|years?))(?: (?i:time))?")
def _in_n(m, ctx):
    # "in two weeks", "in three years": the day that far from the reference day
    return _day(_add(ctx.ref, _count(m["n"]), m["unit"]))


@rule("numeric_date", rf"(?:{WEEKDAY},? )?"
      r"(?:(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))")
def _numeric_date(m, ctx):
    """``2018-07-06``; ``7/6/2018`` month first, as US news writes it, day
    first when the first number cannot be a month (``22/4/2018``).  Without a
    year a slash is far more often a fraction or *24/7* than a date."""
    if m["iy"]:
        return _day(date(int(m["iy"]), int(m["im"]), int(m["id"])))
    month, day = int(m["a"]), int(m["b"])
    if month > 12:
        month, day = day, month
    return _day(date(int(m["y"]), month, day))


@rule("decade", r"(?i:the) (?P<d>(?:1[89]|20)\d0)(?:'?s)")
@rule("this_decade", r"(?P<w>(?i:this|the|the current|next)) (?i:decade)")
def _decade(m, ctx):
    if m.groupdict().get("d"):
        d0 = int(m["d"])
    else:
        d0 = ctx.ref.year // 10 * 10 + (10 if m["w"].lower() == "next" else 0)
    return DateValue(date(d0, 1, 1), date(d0 + 9, 12, 31))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (from 1; -1 for the last) given weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _month(year, month).end
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Holidays that news dates things by: fixed days, and those computed each
# year (Easter from dateutil; US holidays on the n-th weekday of a month).
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "independence day": lambda y: date(y, 7, 4),
    "the fourth of july": lambda y: date(y, 7, 4), "fourth of july": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31), "valentine's day": lambda y: date(y, 2, 14),
    "easter": lambda y: easter(y), "easter sunday": lambda y: easter(y),
    "easter monday": lambda y: easter(y) + timedelta(days=1), "good friday": lambda y: easter(y) - timedelta(days=2),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
}


@rule("holiday", rf"(?:(?P<which>(?i:last|next|this)) )?(?P<h>(?i:{'|'.join(sorted(map(re.escape, HOLIDAYS), key=len, reverse=True))}))"
                 rf"(?P<weekend> (?i:weekend))?(?: (?P<y>{YEAR}))?")
def _holiday(m, ctx):
    """A holiday's day; with *weekend*, the weekend it falls in or next to
    (Labor Day weekend: Saturday to Monday)."""
    on = HOLIDAYS[" ".join(m["h"].lower().split())]

    def build(y: int) -> DateValue:
        day = on(y)
        if not m["weekend"]:
            return _day(day)
        saturday = day - timedelta(days=(day.weekday() - 5) % 7)
        return DateValue(saturday, max(day, saturday + timedelta(days=1)))

    if m["y"]:
        return build(int(m["y"]))
    which = (m["which"] or "").lower()
    if which in ("last", "next"):
        value = build(ctx.ref.year)
        if which == "last":
            return value if value.end < ctx.ref else build(ctx.ref.year - 1)
        return value if value.start > ctx.ref else build(ctx.ref.year + 1)
    return _by_tense(build, ctx)


@rule("same_period", rf"(?i:(?:the )?same) (?P<unit>(?i:period|quarter|month|week|year|time|months|weeks|days|stretch))(?: (?:(?i:of|in) (?P<y>{YEAR})|(?P<back>(?i:a|one) year (?:earlier|before|ago))))?")
def _same_period(m, ctx):
    prev = ctx.previous
    if prev is None or prev.start is None or prev.end is None:
        # nothing named before: the same week (month, year) as the article's own day
        unit = m["unit"].lower()
        if m["y"] or m["back"] or unit not in ("week", "month", "year", "quarter"):
            return None
        return _calendar_unit(unit, 0, ctx.ref)
    if m["y"]:
        shift = int(m["y"]) - prev.start.year
    elif m["back"]:
        shift = -1
    else:
        return prev
    return DateValue(_shift_months(prev.start, 12 * shift), _shift_months(prev.end, 12 * shift))


@rule("back_reference", r"(?P<w>(?i:that (?:day|week|month|year|date)))")
@rule("then", r"(?P<w>(?i:then))")
def _back_reference(m, ctx):
    return ctx.previous


@rule("the_unit", r"(?P<which>(?i:the)) (?P<unit>(?i:year|month|week|quarter|decade))")
def _the_unit(m, ctx):
    return _relative(m, ctx)


@rule("time_of_day", rf"(?P<time>{TIME})")
def _time_of_day(m, ctx):
    prev = ctx.previous
    if prev is not None and prev.start is not None and prev.start == prev.end:
        return prev
    return _day(ctx.ref)


def _weeks_in(period: DateValue) -> list[DateValue]:
    """The Monday-to-Sunday weeks of a period, counted as ISO 8601 counts
    them: a week belongs to the period its Thursday falls in."""
    monday = _week(period.start).start
    weeks = []
    while monday <= period.end:
        if period.start <= monday + timedelta(days=3) <= period.end:
            weeks.append(_week(monday))
        monday += timedelta(weeks=1)
    return weeks


@rule("nth_week", rf"(?i:the )?(?P<nth>{ORDINAL}) (?i:week) (?i:of|in) (?P<period>(?:{MONTH})(?: {YEAR})?|{YEARISH})")
def _nth_week(m, ctx):
    period = _resolve(m["period"], ctx)
    weeks = _weeks_in(period)
    nth = m["nth"].lower()
    if nth in ("last", "final"):
        return weeks[-1]
    index = ORDINALS.get(nth) or int(re.sub(r"\D", "", nth))
    return weeks[index - 1] if index <= len(weeks) else None


@rule("week_number", rf"(?i:week) (?P<n>[1-9]|[1-4]\d|5[0-3])(?: (?i:of) (?P<y>{YEARISH}))?")
def _week_number(m, ctx):
    y = _year_number(m["y"], ctx) if m["y"] else ctx.ref.year
    return _week(date.fromisocalendar(y, int(m["n"]), 1))


@rule("week_of", rf"(?i:the )?(?i:week) (?i:of|beginning|commencing|starting) (?P<day>(?:{MONTH}) {DAY}(?:,? {YEAR})?)")
def _week_of(m, ctx):
    return _week(_resolve(m["day"], ctx).start)


@rule("century", r"(?i:the )?(?P<n>1[0-9]|2[0-2])(?:st|nd|rd|th) (?i:century)")
def _century(m, ctx):
    first = (int(m["n"]) - 1) * 100
    return DateValue(date(first, 1, 1), date(first + 99, 12, 31))


@rule("year_to_date", r"(?i:year[- ]to[- ]date|so far this year)")
def _year_to_date(m, ctx):
    return DateValue(date(ctx.ref.year, 1, 1), ctx.ref)


_ANCHOR_DAY = rf"(?i:today|yesterday|tomorrow)|(?:{MONTH}) {DAY}(?:,? {YEAR})?|Christmas(?: Day)?|New Year's Day|{WEEKDAY}"


@rule("offset", rf"(?P<n>{COUNT}) (?P<unit>(?i:years?|months?|weeks?|days?)) (?P<dir>(?i:before|after|from)) (?P<anchor>{_ANCHOR_DAY})")
def _offset(m, ctx):
    anchor = _resolve(m["anchor"], ctx).start
    n = _count(m["n"]) * (-1 if m["dir"].lower() == "before" else 1)
    return _day(_add(anchor, n, m["unit"]))


@rule("year", rf"(?:(?i:the )?(?i:year) )?(?P<y>{YEAR})")
def _bare_year(m, ctx):
    return _year(int(m["y"]))


# Rules that read both ends of a range themselves.
RANGE_RULES = {"month_range", "year_range", "between_years"}
# Expressions that are only dates with a preposition in front of them.
NEEDS_PREFIX = {"then", "the_unit"}

_WRAP = (
    r"(?:(?P<pre>(?i:{prefix}))\s+)?(?:{edge}\s+)?(?P<core>{core})(?:,?\s+(?P<suf>(?i:{suffix})))?"
)
# (name, core, scanner, resolve): the core alone is a quick test that a text can hold
# the rule at all; the scanner, with its optional prefix and edge words,
# costs the same on every text, so it only runs where the core is found
_SCANNERS = [
    (name, rx, re.compile(r"(?<![\w$€£¥-])" + _WRAP.format(prefix=_PREFIX, edge=EDGE, suffix=_SUFFIX, core=rx.pattern) + r"(?![\w-]|\.\d)"), fn)
    for name, rx, fn in RULES
]


# Words (lower case) at least one of which a rule's core cannot match
# without: finding none of them in a text is a much cheaper way to skip the
# rule than searching for its core.  Rules not listed are always searched.
NEEDS = {
    "ago": ("ago", "earlier"),
    "offset": ("before", "after", "from"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "weekday": ("day",),
    "relative": ("this", "next", "last", "current", "coming", "previous", "past", "following"),
    "relative_month": ("last", "next", "this"),
    "quarter": ("quarter",),
    "quarter_adj": ("quarter",),
    "half": ("half",),
    "next_n": ("next", "past", "last", "coming", "previous", "following"),
    "nth_week": ("week",),
    "week_number": ("week",),
    "week_of": ("week",),
    "this_decade": ("decade",),
    "decade": ("0s", "0's"),
    "this_fiscal_year": ("fiscal", "full"),
    "fiscal_year": ("fiscal", "fy"),
    "deictic": ("today", "yesterday", "tomorrow", "tonight", "this"),
    "earlier_later": ("earlier", "later"),
    "part_of_year": ("early", "mid", "late"),
    "part_of_month": ("early", "mid", "late"),
    "century": ("century",),
    "year_to_date": ("date", "so far"),
    "same_period": ("same",),
    "back_reference": ("that",),
    "then": ("then",),
    "the_unit": ("the",),
    "holiday": ("christmas", "new year's", "independence day", "fourth of july", "halloween", "valentine",
                "easter", "good friday", "labor day", "memorial day", "thanksgiving"),
    "sport_season": ("season", "campaign", "term"),
    "year_to": ("year", "months"),
    "months_ended": ("months",),
    "between_years": ("between",),
    "in_n": ("day", "week", "month", "year"),
    "ordinal_day": ("st", "nd", "rd", "th"),
    "weekday_day": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "weekday_of_week": ("next week", "last week", "this week"),
    "first_n_of": ("first", "last", "final"),
}


# For rules whose core starts with a count ("three years ago"), which makes
# searching for it slow: a pattern the text must hold for the rule to match,
# built around the words that follow the count.  Where it is absent, the
# rule is skipped; where present, the scanner runs directly.
_UNIT_WORD = r"(?:years?|months?|weeks?|days?|decades?|quarters?)"
HINTS = {
    "ago": re.compile(rf"(?i){_UNIT_WORD} (?:ago|earlier)"),
    "offset": re.compile(rf"(?i){_UNIT_WORD} (?:before|after|from) "),
    "next_n": re.compile(rf"(?i)(?:next|past|last|coming|previous|following|upcoming) (?:\S+ ){{0,3}}(?:{_UNIT_WORD}|business|working)"),
}


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    rule: str


# How far before its core a scanner's match can start: the longest prefix,
# "the very beginning of" and the spaces after each, when no run of spaces
# in the text is longer than LONGEST_SPACE.
LONGEST_SPACE = 8
REACH = max(map(len, PREFIXES)) + len("the very beginning of") + 2 * LONGEST_SPACE
_LONG_SPACE = re.compile(rf"\s{{{LONGEST_SPACE + 1},}}")


def _scan(core: re.Pattern, scanner: re.Pattern, text: str, first: re.Match) -> Iterator[re.Match]:
    """``scanner.finditer(text)``, searching only near the core's matches.

    Each match of the scanner holds a match of its core at most REACH
    characters after its start.  So when the last match ended at ``pos``
    and the core next matches at ``c``, the scanner's next match (the
    leftmost at or after ``pos``) starts at or after ``c - REACH``, and
    searching from there finds the same one."""
    pos, c = 0, first
    while c is not None:
        m = scanner.search(text, max(pos, c.start() - REACH))
        if m is None:
            return
        yield m
        pos = m.end()
        c = core.search(text, pos)


def find_dates(text: str) -> list[DateMatch]:
    """All date expressions in ``text``, longest first where they overlap."""
    found: list[DateMatch] = []
    lowered = text.lower()
    near_cores = not _LONG_SPACE.search(text)
    for name, core, scanner, _ in _SCANNERS:
        needs = NEEDS.get(name)
        if needs and not any(word in lowered for word in needs):
            continue
        hint = HINTS.get(name)
        if hint is not None:  # a core that starts with a count is slow to search for
            if not hint.search(text):
                continue
            matches = scanner.finditer(text)
        else:
            first = core.search(text)
            if first is None:
                continue
            matches = _scan(core, scanner, text, first) if near_cores else scanner.finditer(text)
        for m in matches:
            if name in NEEDS_PREFIX and not (m["pre"] or m["edge"]):
                continue
            found.append(DateMatch(m.start(), m.end(), name))
    found.sort(key=lambda d: (-(d.end - d.start), d.start))
    taken: list[DateMatch] = []
    for d in found:
        if all(d.end <= t.start or d.start >= t.end for t in taken):
            taken.append(d)
    return sorted(taken, key=lambda d: d.start)


def _apply_bounds(value: DateValue, prefix: str | None, suffix: str | None, ctx: DateContext, core: str) -> DateValue:
    how = PREFIXES.get((prefix or "").lower()) or SUFFIXES.get((suffix or "").lower())
    if how is None:
        return value
    # a back-reference ("since then") can point at an interval with one open
    # side; the bound is then read from the side that is known
    first = value.start or value.end
    last = value.end or value.start
    if first is None:
        return value
    if how == "by":
        return DateValue(None, last)
    if how == "before":
        # "before then" points at a moment inside the day it refers to
        end = first if core.lower() == "then" else first - timedelta(days=1)
        return DateValue(None, end)
    if how == "since":
        return DateValue(first, max(ctx.ref, first))
    if how == "from":
        return DateValue(first, None)
    if how == "after":
        return DateValue(last + timedelta(days=1), None)
    return value


def _apply_edge(value: DateValue, edge: str | None) -> DateValue:
    if not edge or value.start is None or value.end is None:
        return value
    edge = edge.lower()
    if edge in ("end", "close"):
        return _day(value.end)
    if edge in ("start", "beginning"):
        return _day(value.start)
    span = (value.end - value.start).days
    if 364 <= span <= 365:  # "the middle of 2000" is mid-2000, as "mid-2000" reads
        return DateValue(value.start.replace(month=5, day=1), value.start.replace(month=8, day=31))
    if 27 <= span <= 30:  # "the middle of March": its middle ten days
        return DateValue(value.start.replace(day=11), value.start.replace(day=20))
    middle = value.start + (value.end - value.start) / 2
    return _day(middle)


def parse_date(surface: str, ref: date, *, tense: Tense = None, previous: DateValue | None = None,
               fiscal_start: int | None = None) -> DateValue | None:
    """Resolve one date expression, or ``None`` when it is not one we read.

    >>> parse_date("by the end of this decade", date(2025, 4, 9)).iso()
    (None, '2029-12-31')
    """
    ctx = DateContext(ref=ref, tense=tense, previous=previous, fiscal_start=fiscal_start)
    surface = " ".join(surface.split())
    return _resolve(surface, ctx) or _parse_range(surface, ctx)


def _resolve(surface: str, ctx: DateContext) -> DateValue | None:
    """One expression the grammar reads whole; rules that contain another
    date ("the week of April 10", "two weeks before May 13") read it with this."""
    for name, _, scanner, resolve in _SCANNERS:
        m = scanner.fullmatch(surface)
        if not m or (name in NEEDS_PREFIX and not (m["pre"] or m["edge"])):
            continue
        try:
            value = resolve(m, ctx)
        except (ValueError, KeyError, OverflowError):
            return None
        if value is None:
            return None
        prefix = m["pre"]
        if name in RANGE_RULES and prefix and prefix.lower() == "from":
            prefix = None  # "from 2014 to 2018" is the range itself, not an open start
        if m["edge"] and prefix and PREFIXES.get(prefix.lower()) == "before":
            prefix = "by"  # "before the end of the year" is a deadline at the year's end
        value = _apply_edge(value, m["edge"])
        return _apply_bounds(value, prefix, m["suf"], ctx, m["core"])
    return None


RANGE_SEPARATOR = re.compile(r"\s*[-–—]\s*|\s+(?i:to|till|until|through|and)\s+")
RANGE_OPENER = re.compile(r"(?i:from|between|in)\s+")
NOW = {"now", "today", "date", "current date", "the present", "present"}


def _parse_range(surface: str, ctx: DateContext) -> DateValue | None:
    """Two dates joined into one interval: "from March to May 2020",
    "between Jan 22 and now", "Nov 18 2014-Dec 19 2015".  The first end
    borrows the second's year when it names none.  Each end is one
    expression, never itself a range, so the work stays linear."""
    opener = RANGE_OPENER.match(surface)
    body = surface[opener.end():] if opener else surface
    for sep in RANGE_SEPARATOR.finditer(body):
        left, right = body[: sep.start()], body[sep.end():]
        if not left or not right:
            continue
        if right.lower() in NOW:
            last = DateValue(ctx.ref, ctx.ref)
        else:
            last = _resolve(right, ctx)
        if last is None or last.end is None:
            continue
        year = re.search(YEAR, right)
        if year and not re.search(YEAR, left):
            left = f"{left} {year[0]}"
        first = _resolve(left, ctx)
        if first is not None and first.start is not None and first.start <= last.end:
            return DateValue(first.start, last.end)
    return None

