"""The conventions of CLAIMS.md section 5: what an expression means where
the calendar alone does not say.

Each choice here is one the annotation guideline makes (and the tests hold
a table of cases for): how a year or a month splits into early, mid and
late; which months a season is; where a week, a weekend or a working week
starts; which of two years a date named without one is; what a bound word
(*by*, *before*, *since*, *from*, *after*) leaves open; which day *the end
of* a period is; how a fiscal year is named.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Callable

from .intervals import DateContext, DateValue, one_day, shift_months, week_around, whole_month, whole_months, whole_year

# early / mid / late 2027 = Jan–Apr / May–Aug / Sep–Dec
PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
# early / mid / late October = 1–10 / 11–20 / 21–31 (None: the month's last day)
PARTS_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, None)}
# a quarter or half that ended this long ago is still the one a report "will" be about
REPORTING_GRACE = 95
# meteorological seasons of the northern hemisphere; winter runs into the next year
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def part_of_year(y: int, part: str) -> DateValue:
    lo, hi = PARTS_OF_YEAR[part.lower()]
    return whole_months(y, lo, hi)


def part_of_month(y: int, month: int, part: str) -> DateValue:
    lo, hi = PARTS_OF_MONTH[part.lower()]
    return DateValue(date(y, month, lo), date(y, month, hi or calendar.monthrange(y, month)[1]))


def season(y: int, name: str) -> DateValue:
    m1, m2 = SEASONS[name.lower()]
    if m1 > m2:  # winter runs December to February
        return DateValue(date(y, 12, 1), whole_month(y + 1, 2).end)
    return whole_months(y, m1, m2)


def by_tense(build: Callable[[int], DateValue], ctx: DateContext, grace: int = 0) -> DateValue:
    """A period named without its year: the one in the reference year, moved a
    year back when told of in the past but lying ahead, and a year on when
    told of in the future but already over.  With no tense to go by, the one
    nearest the present ("late November" in an article of 6 January is the
    November just past, "March" in one of 10 February the March to come); in
    a ``narrative`` (a date in a story whose clause gives no tense: "the Feb.
    13 death of Justice Scalia"), one ahead counts as twice as far.  A period that ended less than ``grace`` days ago is
    still the one meant in the future tense: a company "will report
    third-quarter results" in October."""
    value = build(ctx.ref.year)
    if ctx.tense == "past" and value.start > ctx.ref:
        return build(ctx.ref.year - 1)
    if ctx.tense == "future" and value.end < ctx.ref - timedelta(days=grace):
        return build(ctx.ref.year + 1)
    if ctx.tense is None:
        return min((build(ctx.ref.year + step) for step in (0, -1, 1)), key=lambda v: _distance(v, ctx.ref))
    if ctx.tense == "narrative":  # a story mostly tells what has happened: one ahead counts twice as far
        return min((build(ctx.ref.year + step) for step in (0, -1, 1)),
                   key=lambda v: _distance(v, ctx.ref) * (2 if v.start > ctx.ref else 1))
    return value


def _distance(value: DateValue, day: date) -> int:
    """Days from ``day`` to the nearest day of ``value`` (0 inside it)."""
    if value.start <= day <= value.end:
        return 0
    return min(abs((value.start - day).days), abs((value.end - day).days))


def calendar_unit(unit: str, step: int, ref: date) -> DateValue:
    """The year, month, week, quarter... ``step`` units from the one ``ref``
    lies in: weeks run Monday to Sunday, the weekend Friday to Sunday, the
    working week Monday to Friday, a season or term July to June."""
    if unit == "year":
        return whole_year(ref.year + step)
    if unit == "month":
        first = shift_months(ref.replace(day=1), step)
        return whole_month(first.year, first.month)
    if unit.endswith("week") or unit == "weekend":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            return DateValue(monday + timedelta(days=4), monday + timedelta(days=6))
        if unit != "week":  # the working week: Monday to Friday
            return DateValue(monday, monday + timedelta(days=4))
        return week_around(monday)
    if unit == "quarter":
        q0 = (ref.month - 1) // 3 + step
        y, q = ref.year + q0 // 4, q0 % 4
        return whole_months(y, 3 * q + 1, 3 * q + 3)
    if unit == "decade":
        d0 = ref.year // 10 * 10 + 10 * step
        return DateValue(date(d0, 1, 1), date(d0 + 9, 12, 31))
    # season / term: July-to-June sporting and academic years
    y0 = ref.year if ref.month >= 7 else ref.year - 1
    y0 += step
    return DateValue(date(y0, 7, 1), date(y0 + 1, 6, 30))


def earlier_later(direction: str, unit: str, ref: date) -> DateValue | None:
    """*earlier this week* = Monday … the day before; *later this year* = the
    day after … 31 December: the rest of the unit on one side of today."""
    first = {"week": ref - timedelta(days=ref.weekday()), "month": ref.replace(day=1),
             "year": ref.replace(month=1, day=1)}[unit]
    last = {"week": first + timedelta(days=6), "month": whole_month(ref.year, ref.month).end,
            "year": date(ref.year, 12, 31)}[unit]
    if direction == "earlier":
        return DateValue(first, ref - timedelta(days=1)) if ref > first else None
    return DateValue(ref + timedelta(days=1), last) if ref < last else None


def election_cycle(year: int) -> DateValue:
    """A US election cycle is the two years up to the election: "the 2012 election cycle"
    is 2011 and 2012."""
    return DateValue(date(year - 1, 1, 1), date(year, 12, 31))


def the_weekend(ctx: DateContext) -> DateValue:
    """*The weekend* (Friday to Sunday): the one of the present's week, the one
    before when told of in the past, the one after in the future."""
    weekend = calendar_unit("weekend", 0, ctx.ref)
    if ctx.tense == "past" and weekend.start > ctx.ref:
        return calendar_unit("weekend", -1, ctx.ref)
    if ctx.tense == "future" and weekend.end < ctx.ref:
        return calendar_unit("weekend", 1, ctx.ref)
    return weekend


def sport_season(first_year: int) -> DateValue:
    """A season named by two years runs from July to June (football, academic terms)."""
    return DateValue(date(first_year, 7, 1), date(first_year + 1, 6, 30))


# --- fiscal years -----------------------------------------------------------------


def fiscal_year(label: int, start_month: int | None, named_by: str | None = None) -> DateValue:
    """The fiscal year called ``label``.  As the article names its fiscal years
    when it says (``named_by`` the year they ``end`` or ``start`` in: fiscal
    2028 ending 31 January 2028 is February 2027 – January 2028); otherwise by
    the calendar year holding most of its months, and by the year it ends in
    when the split is even: July 2025 – June 2026 is fiscal 2026, February
    2026 – January 2027 is fiscal 2026.  Unknown calendars are calendar years."""
    if not start_month or start_month == 1:
        return whole_year(label)
    if named_by == "end":
        first = label - 1
    elif named_by == "start":
        first = label
    else:
        first = label if 13 - start_month > 6 else label - 1
    end = shift_months(date(first, start_month, 1), 12) - timedelta(days=1)
    return DateValue(date(first, start_month, 1), end)


def current_fiscal(ctx: DateContext) -> DateValue:
    for label in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
        value = fiscal_year(label, ctx.fiscal_start, ctx.fiscal_naming)
        if value.start <= ctx.ref <= value.end:
            return value
    return whole_year(ctx.ref.year)


def fiscal_quarter(y: int, q: int, start_month: int, named_by: str | None = None) -> DateValue:
    """Quarter ``q`` of the fiscal year named ``y``."""
    start = shift_months(fiscal_year(y, start_month, named_by).start, 3 * (q - 1))
    return DateValue(start, shift_months(start, 3) - timedelta(days=1))


# --- bounds and edges -----------------------------------------------------------------
# The grammar maps each bound word to one of these kinds (``until`` → ``by``,
# ``no earlier than`` → ``from``); here is what each kind leaves of an interval.


def apply_bounds(value: DateValue, how: str | None, ctx: DateContext, core: str) -> DateValue:
    """``by X`` and ``through X`` = open start … end of X; ``before X`` = open
    start … the day before X; ``since X`` = start of X … the article's present;
    ``from X`` (``no earlier than``, ``or later``…) = start of X … open end;
    ``after X`` = the day after X … open end."""
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


def apply_edge(value: DateValue, edge: str | None) -> DateValue:
    """*the end of X* is X's last day, *the start of X* its first; *the middle
    of* a year is mid-year (May–Aug), of a month its middle ten days, of
    anything else its middle day."""
    if not edge or value.start is None or value.end is None:
        return value
    edge = edge.lower()
    if edge in ("end", "close"):
        return one_day(value.end)
    if edge in ("start", "beginning"):
        return one_day(value.start)
    span = (value.end - value.start).days
    if 364 <= span <= 365:  # "the middle of 2000" is mid-2000, as "mid-2000" reads
        return DateValue(value.start.replace(month=5, day=1), value.start.replace(month=8, day=31))
    if 27 <= span <= 30:  # "the middle of March": its middle ten days
        return DateValue(value.start.replace(day=11), value.start.replace(day=20))
    middle = value.start + (value.end - value.start) / 2
    return one_day(middle)
