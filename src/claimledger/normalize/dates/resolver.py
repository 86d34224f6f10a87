"""What a date expression means against the article's present.

One resolver per rule of the grammar (:mod:`.grammar`), each turning the
rule's match into an interval; :func:`parse_date` finds the rule that reads
a surface whole, resolves it, then applies its edge (*the end of*) and its
bound (*by*, *since*…) as the conventions (:mod:`.conventions`) say.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Callable, Iterator

from dateutil.easter import easter

from . import conventions as cv
from .grammar import ORDINALS, PREFIXES, RANGE_RULES, RULES, SMALL_NUMBERS, SUFFIXES, WEEKDAYS, YEAR, HOLIDAY_NAMES, \
    month_number, whole_matches
from .intervals import DateContext, DateValue, Tense, add_units, nth_weekday, one_day, shift_months, shifted, \
    week_around, weeks_in, whole_month, whole_months, whole_year

Resolver = Callable[[re.Match, DateContext], DateValue | None]
RESOLVERS: dict[str, Resolver] = {}


def resolves(*names: str):
    def register(fn: Resolver) -> Resolver:
        for name in names:
            RESOLVERS[name] = fn
        return fn

    return register


def _year_number(text: str, ctx: DateContext) -> int:
    text = text.lower().removeprefix("of ")
    if text in ("that year", "the same year"):  # the year of the date named before
        base = _base(ctx)
        if base is None:
            raise ValueError("no date named before")
        return base.start.year
    if text in ("this year", "the year"):
        return ctx.ref.year
    if text == "next year":
        return ctx.ref.year + 1
    if text == "last year":
        return ctx.ref.year - 1
    return int(text)


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else SMALL_NUMBERS[word]


# --- days and months -------------------------------------------------------------------


@resolves("full_date", "day_month", "day_of_month")
def _full_date(m, ctx):
    month, day = month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())
    if m["y"] or m.groupdict().get("rel"):
        return one_day(date(_year_number(m["y"] or m["rel"], ctx), month, day))

    def build(y: int) -> DateValue:
        return one_day(date(y, month, min(day, calendar.monthrange(y, month)[1])))

    weekday = m.groupdict().get("wd")
    if weekday:  # "Monday, Oct. 26": the year in which that day is a Monday
        fits = [build(y) for y in (ctx.ref.year, ctx.ref.year - 1, ctx.ref.year + 1)
                if build(y).start.weekday() == [w[:3] for w in WEEKDAYS].index(weekday[:3].lower())]
        if len(fits) == 1:
            return fits[0]
    return cv.by_tense(build, ctx)


@resolves("time_on_day", "day_at_time")
def _time_on_day(m, ctx):
    # a time of day resolves to its day (CLAIMS.md)
    return _resolve(m["day"], ctx)


@resolves("month_year")
def _month_year(m, ctx):
    return whole_month(_year_number(m["y"], ctx), month_number(m["m"]))


@resolves("month_range")
def _month_range(m, ctx):
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    if m["y"]:
        y = int(m["y"])
        return DateValue(whole_month(y if m1 <= m2 else y - 1, m1).start, whole_month(y, m2).end)
    return cv.by_tense(lambda y: DateValue(whole_month(y, m1).start, whole_month(y if m1 <= m2 else y + 1, m2).end), ctx)


@resolves("month")
def _bare_month(m, ctx):
    month = month_number(m["m"])
    return cv.by_tense(lambda y: whole_month(y, month), ctx)


@resolves("part_of_month")
def _part_of_month(m, ctx):
    month = month_number(m["m"])

    def build(y: int) -> DateValue:
        return cv.part_of_month(y, month, m["part"])

    if m["which"]:  # "early last March": the part of the month "last March" is
        return build(_relative_month(m, ctx).start.year)
    return build(int(m["y"])) if m["y"] else cv.by_tense(build, ctx)


@resolves("part_of_year")
def _part_of_year(m, ctx):
    return cv.part_of_year(_year_number(m["y"], ctx), m["part"])


# --- quarters, halves, fiscal years ------------------------------------------------------


@resolves("quarter", "quarter_adj", "quarter_code", "year_quarter_code", "fiscal_quarter")
def _quarter(m, ctx):
    q = int(m["qn"][1]) if m.groupdict().get("qn") else ORDINALS[m["q"].lower()]

    y = m.groupdict().get("y") or m.groupdict().get("ly") or m.groupdict().get("ry")
    if y:
        return whole_months(_year_number(y, ctx), 3 * q - 2, 3 * q)
    if ctx.fiscal_start and ctx.fiscal_start != 1:
        # a bare quarter in an article that keeps a fiscal calendar is a fiscal quarter
        def build(y: int) -> DateValue:
            return cv.fiscal_quarter(y, q, ctx.fiscal_start, ctx.fiscal_naming)
    else:
        def build(y: int) -> DateValue:
            return whole_months(y, 3 * q - 2, 3 * q)
    return cv.by_tense(build, ctx, grace=cv.REPORTING_GRACE)


@resolves("half", "half_code", "year_half_code")
def _half(m, ctx):
    h = int(m["hn"][1]) if m.groupdict().get("hn") else {"first": 1}.get(m["h"].lower(), 2)

    def build(y: int) -> DateValue:
        return whole_months(y, 6 * h - 5, 6 * h)

    return build(_year_number(m["y"], ctx)) if m["y"] else cv.by_tense(build, ctx, grace=cv.REPORTING_GRACE)


@resolves("fiscal_year")
def _fiscal_year(m, ctx):
    # Without a stated fiscal calendar the calendar year is assumed (CLAIMS.md §5).
    y = int(m["y"])
    return cv.fiscal_year(y if y > 100 else 2000 + y, ctx.fiscal_start, ctx.fiscal_naming)


@resolves("this_fiscal_year")
def _this_fiscal_year(m, ctx):
    return cv.current_fiscal(ctx)


@resolves("year_range", "between_years")
def _year_range(m, ctx):
    y1, y2 = int(m["y1"]), int(m["y2"] or m.groupdict().get("yy"))
    if y2 < 100:
        y2 += y1 // 100 * 100
    if y2 < y1:
        return None
    return DateValue(date(y1, 1, 1), date(y2, 12, 31))


@resolves("sport_season")
def _sport_season(m, ctx):
    return cv.sport_season(int(m["y1"]))


@resolves("election_cycle")
def _election_cycle(m, ctx):
    return cv.election_cycle(int(m["y"]))


@resolves("year_to")
def _year_to(m, ctx):
    """The twelve months to a month's end (or a day of it): in the year named, else
    the last such end before the present, or the next one when the year "ends" or is
    "ending" (it still runs)."""
    month = month_number(m["m"])
    if m["y"]:
        end = whole_month(int(m["y"]), month).end
        if m["d"]:
            end = end.replace(day=int(re.match(r"\d+", m["d"]).group()))
    else:
        end = whole_month(ctx.ref.year, month).end
        if m["how"].lower() in ("ends", "ending", "closes"):
            end = end if end >= ctx.ref else whole_month(ctx.ref.year + 1, month).end
        elif end > ctx.ref:
            end = whole_month(ctx.ref.year - 1, month).end
    return DateValue(shift_months(end, -12) + timedelta(days=1), end)


@resolves("months_ended")
def _months_ended(m, ctx):
    n, month, day = _count(m["n"]), month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())

    def build(y: int) -> DateValue:
        end = date(y, month, day)
        return DateValue(shift_months(end + timedelta(days=1), -n), end)

    return build(int(m["y"])) if m["y"] else cv.by_tense(build, ctx)


# --- relative to the article's present ----------------------------------------------------


@resolves("relative")
def _relative(m, ctx):
    which = m["which"].lower().replace("the ", "")
    step = {"the": 0, "this": 0, "current": 0, "next": 1, "coming": 1, "following": 1, "last": -1, "previous": -1,
            "past": -1}[which]
    return cv.calendar_unit(m["unit"].lower(), step, ctx.ref)


@resolves("rolling")
def _rolling(m, ctx):
    """"the past year", "the last month": the rolling period up to the present (CLAIMS.md)."""
    return DateValue(add_units(ctx.ref, -1, m["unit"]), ctx.ref)


@resolves("month_of_year")
def _month_of_year(m, ctx):
    """"July last year", "March next year"."""
    step = {"last": -1, "next": 1, "this": 0}[m["which"].lower()]
    return whole_month(ctx.ref.year + step, month_number(m["m"]))


@resolves("the_weekend")
def _the_weekend(m, ctx):
    return cv.the_weekend(ctx)


@resolves("relative_month")
def _relative_month(m, ctx):
    month, which = month_number(m["m"]), m["which"].lower()
    if which == "this":  # "this September": the one of the present's year
        return whole_month(ctx.ref.year, month)
    tense = {"last": "past", "next": "future"}.get(which, ctx.tense)
    value = cv.by_tense(lambda y: whole_month(y, month), replace(ctx, tense=tense))
    if which == "next" and value.start <= ctx.ref:
        value = whole_month(value.start.year + 1, month)
    if which == "last" and value.end >= ctx.ref:
        value = whole_month(value.start.year - 1, month)
    return value


@resolves("season")
def _season_rule(m, ctx):
    name = m["s"].lower()
    if m["y"]:
        return cv.season(int(m["y"]), name)
    if m["ry"]:  # "the spring of next year"
        return cv.season(ctx.ref.year + {"last": -1, "next": 1, "this": 0}[m["ry"].lower()], name)
    which = (m["which"] or "").strip().lower().replace("this past", "last")
    if which == "this":
        return cv.season(ctx.ref.year if name != "winter" or ctx.ref.month == 12 else ctx.ref.year - 1, name)
    if which in ("next", "last"):
        step = 1 if which == "next" else -1
        y = ctx.ref.year
        candidate = cv.season(y, name)
        while (step > 0 and candidate.start <= ctx.ref) or (step < 0 and candidate.end >= ctx.ref):
            y += step
            candidate = cv.season(y, name)
        return candidate
    return cv.by_tense(lambda y: cv.season(y, name), ctx)


@resolves("earlier_later")
def _earlier_later(m, ctx):
    return cv.earlier_later(m["dir"].lower(), m["unit"].lower(), ctx.ref)


@resolves("next_n")
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
        return DateValue(ctx.ref, add_units(ctx.ref, n, unit))
    return DateValue(add_units(ctx.ref, -n, unit), ctx.ref)


@resolves("ago")
def _ago(m, ctx):
    """"two years ago": the year two years back, "a month ago" the month, "ten days
    ago" the day.  "A year ago" compares: after a period named in its sentence, or
    a period the article reports on ("profit rose in the third quarter from a year
    ago"), it is that period a year back; with neither, the day a year back.  "Two
    years earlier" in a narrative is two years before the date last named.  "More
    than 20 years ago" ends the day before the day 20 years back."""
    n, unit = _count(m["n"]), m["unit"].lower().rstrip("s")
    narrative = m["dir"].lower() != "ago"
    q = (m["q"] or "").lower()
    base = ctx.nearby or ctx.period
    if n == 1 and not q and base is not None and base.start is not None and base.end is not None and \
            (base.end - base.start).days < UNIT_DAYS.get(unit, 0):
        return shifted(base, -n, unit)  # a period shorter than the step back: "the quarter ... a year ago"
    previous = _base(ctx)
    if narrative and not q and previous is not None:
        return _unit_around(add_units(previous.start, -n, unit), unit if unit in ("year", "month") else "day")
    d = add_units(ctx.ref, -n, unit)
    if q in ("more than", "over", "just over"):
        return DateValue(None, d - timedelta(days=1))
    if q in ("less than", "just under"):
        return DateValue(d + timedelta(days=1), ctx.ref)
    if n == 1 and not q:
        return one_day(d)
    return _unit_around(d, unit if unit in ("year", "month") else "day")


UNIT_DAYS = {"year": 366, "quarter": 92, "month": 31, "week": 7, "day": 1}


def _unit_around(d: date, unit: str) -> DateValue:
    """The year, quarter, month, week or day ``d`` lies in."""
    unit = unit.lower().rstrip("s")
    if unit in ("year", "decade", "centurie", "century"):
        return whole_year(d.year)
    if unit == "quarter":
        return cv.calendar_unit("quarter", 0, d)
    if unit == "month":
        return whole_month(d.year, d.month)
    if unit in ("week", "weekend", "fortnight"):
        return week_around(d)
    return one_day(d)


# --- relative to the date named before --------------------------------------------------

_DAY_PARTS = {"day", "morning", "afternoon", "evening", "night", "date"}


def _base(ctx: DateContext) -> DateValue | None:
    prev = ctx.previous
    if prev is None or (prev.start is None and prev.end is None):
        return None
    return DateValue(prev.start or prev.end, prev.end or prev.start)


@resolves("step_from_previous")
def _step_from_previous(m, ctx):
    """"the following year", "the next day", "the previous month": a step from the
    date named before; with none named, from the present."""
    which, unit = m["which"].lower().split()[-1], m["unit"].lower()
    step = 1 if which in ("following", "next") else -1
    base = _base(ctx)
    if base is None:
        if unit in _DAY_PARTS:
            return one_day(ctx.ref + timedelta(days=step))
        return cv.calendar_unit(unit, step, ctx.ref)
    day = base.end if step > 0 else base.start
    if unit in _DAY_PARTS:
        return one_day(day + timedelta(days=step))
    return cv.calendar_unit(unit, step, day)


@resolves("later_n")
def _later_n(m, ctx):
    """"two years later": that far after the date named before (or the present)."""
    n, unit = _count(m["n"]), m["unit"].lower().rstrip("s")
    base = _base(ctx)
    if base is not None and (base.end - base.start).days <= 31 * (12 if unit == "year" else 1):
        return _unit_around(add_units(base.start, n, unit), unit) if unit != "day" else shifted(base, n, "day")
    return _unit_around(add_units(base.start if base else ctx.ref, n, unit), unit)


@resolves("day_before_after")
def _day_before_after(m, ctx):
    """"the day before", "the day after Christmas", "the year before"."""
    step = -1 if m["dir"].lower() == "before" else 1
    unit = m["unit"].lower()
    anchor = _resolve(m["anchor"], ctx) if m["anchor"] else _base(ctx) or one_day(ctx.ref)
    if anchor is None:
        return None
    day = anchor.start if step < 0 else anchor.end
    if unit in _DAY_PARTS:
        return one_day(day + timedelta(days=step))
    return _unit_around(add_units(day, step, unit), unit)


@resolves("earlier_later_that")
def _earlier_later_that(m, ctx):
    """"earlier that day" is that day; "later that year" the rest of it after the date
    named before, as "later this year" is the rest of this one."""
    base = _base(ctx)
    if base is None:
        return None
    unit = m["unit"].lower()
    if unit in _DAY_PARTS:
        return one_day(base.start)
    whole = _unit_around(base.start, unit)
    if m["dir"].lower() == "earlier":
        return DateValue(whole.start, base.start - timedelta(days=1)) if base.start > whole.start else whole
    return DateValue(base.end + timedelta(days=1), whole.end) if base.end < whole.end else whole


@resolves("year_earlier")
def _year_earlier(m, ctx):
    """"the year-earlier quarter", "year-ago": the period just named (or reported
    on), a year back."""
    base = ctx.nearby or ctx.period or _base(ctx)
    if base is None:
        return whole_year(ctx.ref.year - 1)
    return shifted(base, -1, "year")


def _is_quarter(value: DateValue, ctx: DateContext) -> bool:
    """A calendar quarter, or one of the fiscal year the article states (not a season)."""
    if not (85 <= (value.end - value.start).days <= 95) or value.start.day != 1:
        return False
    first_months = {((ctx.fiscal_start or 1) - 1 + 3 * q) % 12 + 1 for q in range(4)}
    return value.start.month in first_months | {1, 4, 7, 10}


@resolves("year_period")
def _year_period(m, ctx):
    """"the 1988 period": the period the article reports on, in that year."""
    base = ctx.period
    y = int(m["y"])
    if base is None or base.start.year != base.end.year:
        return whole_year(y)
    return shifted(base, y - base.start.year, "year")


@resolves("the_quarter")
def _the_quarter(m, ctx):
    """"the quarter", "that quarter": the quarter just named, unless it is older than
    the last one to have ended, which "the latest quarter" always is (the one a
    quarterly report is about)."""
    base = _base(ctx)
    latest = cv.calendar_unit("quarter", -1, ctx.ref)
    named = base is not None and _is_quarter(base, ctx)
    if named and (m.group().lower().startswith("that") or
                  not re.search(r"(?i)latest|recent|just", m.group()) and base.end >= latest.start):
        return base
    if ctx.fiscal_start and ctx.fiscal_start != 1:
        for label in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
            for q in (4, 3, 2, 1):
                value = cv.fiscal_quarter(label, q, ctx.fiscal_start, ctx.fiscal_naming)
                if value.end < ctx.ref and ctx.ref - value.end <= timedelta(days=92):
                    return value
    return latest


@resolves("deictic")
def _deictic(m, ctx):
    shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(m["w"].lower(), 0)
    return one_day(ctx.ref + timedelta(days=shift))


@resolves("weekday")
def _weekday(m, ctx):
    target = WEEKDAYS.index(m["wd"].lower())
    ref = ctx.ref
    day = ref - timedelta(days=ref.weekday()) + timedelta(days=target)
    which = (m["which"] or "").lower()
    if which in ("next", "following", "coming"):
        # the first such day after the reference day ("next Monday")
        return one_day(day if day > ref else day + timedelta(weeks=1))
    if which in ("last", "past"):
        return one_day(day if day < ref else day - timedelta(weeks=1))
    if ctx.tense == "past" and day > ref:
        day -= timedelta(weeks=1)
    elif ctx.tense == "future" and day < ref:
        day += timedelta(weeks=1)
    return one_day(day)


def _month_with_day(ctx: DateContext, day: int, offset: int = 0, weekday: int | None = None) -> DateValue | None:
    """A day of the month given no month: this month's (``offset`` months on),
    moved by the tense like a weekday is; with a weekday, the nearest month in
    which that day falls on it ("Wed 13th")."""
    ref = ctx.ref
    months = [offset] if weekday is None else sorted(range(-6, 7), key=abs)
    for shift in months:
        start = shift_months(ref.replace(day=1), shift)
        if day > calendar.monthrange(start.year, start.month)[1]:
            continue
        value = start.replace(day=day)
        if weekday is not None and value.weekday() != weekday:
            continue
        if weekday is None and not offset:
            if ctx.tense == "past" and value > ref:
                value = shift_months(start, -1).replace(day=day)
            elif ctx.tense == "future" and value < ref:
                value = shift_months(start, 1).replace(day=day)
        return one_day(value)
    return None


@resolves("ordinal_day")
def _ordinal_day(m, ctx):
    """"the 4th", "the 15th day of next month": a day of this month."""
    offset = {"next": 1, "last": -1}.get((m["which"] or "").lower(), 0)
    return _month_with_day(ctx, int(re.sub(r"\D", "", m["d"])), offset)


@resolves("weekday_day")
def _weekday_day(m, ctx):
    """"Wed 13th", "Monday 21.": the nearest month where that day is that weekday."""
    weekday = [w[:3] for w in WEEKDAYS].index(m["wd"][:3].lower())
    return _month_with_day(ctx, int(re.sub(r"\D", "", m["d"])), weekday=weekday)


@resolves("first_n_of")
def _first_n_of(m, ctx):
    """"the first six months of 2025", "the last four months of the year"."""
    period = whole_year(ctx.ref.year) if m["period"].lower() == "the year" else _resolve(m["period"], ctx)
    if period is None or period.start is None or period.end is None:
        return None
    n, unit = _count(m["n"]), m["unit"]
    if m["side"].lower() == "first":
        return DateValue(period.start, add_units(period.start, n, unit) - timedelta(days=1))
    return DateValue(add_units(period.end + timedelta(days=1), -n, unit), period.end)


@resolves("weekday_of_week")
def _weekday_of_week(m, ctx):
    """"Tuesday next week", "next week Wednesday": that day of the week named."""
    step = {"next": 1, "last": -1, "this": 0}[(m["which"] or m["which2"]).lower()]
    monday = ctx.ref - timedelta(days=ctx.ref.weekday()) + timedelta(weeks=step)
    return one_day(monday + timedelta(days=WEEKDAYS.index((m["wd"] or m["wd2"]).lower())))


@resolves("in_n")
def _in_n(m, ctx):
    # "in two weeks", "in three years": the day that far from the reference day; told in the past
    # ("has not won a trophy in twelve years"), the span that long up to the reference day
    if ctx.tense == "past":
        return DateValue(add_units(ctx.ref, -_count(m["n"]), m["unit"]), ctx.ref)
    return one_day(add_units(ctx.ref, _count(m["n"]), m["unit"]))


@resolves("numeric_date")
def _numeric_date(m, ctx):
    """``2018-07-06``; ``7/6/2018`` month first, as US news writes it, day
    first when the first number cannot be a month (``22/4/2018``).  Without a
    year a slash is far more often a fraction or *24/7* than a date."""
    if m["iy"]:
        month = int(m["im"]) if m["im"] else month_number(m["imn"])
        return one_day(date(int(m["iy"]), month, int(m["id"])))
    if m["dd"]:  # "22/Jan/2019"
        return one_day(date(int(m["dy"]), month_number(m["mn"]), int(m["dd"])))
    month, day = int(m["a"]), int(m["b"])
    if month > 12:
        month, day = day, month
    return one_day(date(int(m["y"]) if m["y"] else _two_figure_year(int(m["yy"]), ctx), month, day))


def _two_figure_year(yy: int, ctx: DateContext) -> int:
    """"12/12/30": the century that puts the year at most ten years after the present."""
    year = ctx.ref.year // 100 * 100 + yy
    return year - 100 if year > ctx.ref.year + 10 else year


@resolves("numeric_day")
def _numeric_day(m, ctx):
    """"11/20", "5.12", "Jan/3" given alone: month first, as US news writes it, day
    first when the first cannot be a month; the year by the tense."""
    if m["m"]:
        month, day = month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())
    else:
        month, day = int(m["a"]), int(m["b"])
        if month > 12:
            month, day = day, month
    return cv.by_tense(lambda y: one_day(date(y, month, day)), ctx)


@resolves("calendar_year")
def _calendar_year(m, ctx):
    y = int(m["y"])
    return whole_year(y if y > 100 else _two_figure_year(y, ctx))


@resolves("rest_of")
def _rest_of(m, ctx):
    """"the rest of the week": from today to the unit's end."""
    return DateValue(ctx.ref, cv.calendar_unit(m["unit"].lower(), 0, ctx.ref).end)


_DAY_WORDS = {w: i for i, w in enumerate(
    "zero first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_DAY_WORDS.update({"thirtieth": 30})


def _words_number(words: str) -> int:
    """A whole number or day said in words: "twenty second" 22, "twenty five" 25."""
    total = 0
    for word in re.split(r"[\s-]+", words.lower()):
        total += _DAY_WORDS.get(word, _YEAR_WORDS.get(word, 0))
    return total


def _words_year(words: str) -> int:
    words = re.split(r"[\s-]+", words.lower().replace(" and ", " "))
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(_YEAR_WORDS[w] for w in words[2:])
    if words[1] == "hundred":
        return _YEAR_WORDS[words[0]] * 100 + sum(_YEAR_WORDS.get(w, 0) for w in words[2:])
    return _YEAR_WORDS[words[0]] * 100 + sum(_YEAR_WORDS.get(w, 0) for w in words[1:])


@resolves("spoken_date")
def _spoken_date(m, ctx):
    """"February twenty second", "twenty five January nineteen eighty six"."""
    month = month_number(m["m"] or m["m2"] or m["m3"] or m["m4"])
    year_words = m["yw"] or m["yw2"] or m["yw3"] or m["yw4"]
    year = (int(year_words) if year_words.isdigit() else _words_year(year_words)) if year_words else None
    if m["m3"]:
        return whole_month(year, month)
    day = int(re.match(r"\d+", m["dd"]).group()) if m["dd"] else _words_number(m["dw"] or m["dw2"])
    if year:
        return one_day(date(year, month, day))
    return cv.by_tense(lambda y: one_day(date(y, month, day)), ctx)


@resolves("decade", "this_decade")
def _decade(m, ctx):
    groups = m.groupdict()
    if groups.get("d"):
        d0 = int(m["d"])
    elif groups.get("dd"):  # "the '80s": of the century the present is in, or the one before
        d0 = ctx.ref.year // 100 * 100 + int(m["dd"])
        d0 -= 100 if d0 > ctx.ref.year else 0
    else:
        d0 = ctx.ref.year // 10 * 10 + (10 if m["w"].lower() == "next" else 0)
    if groups.get("part"):  # "the mid-1990s": a third of the decade
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[m["part"].lower()]
        return DateValue(date(d0 + lo, 1, 1), date(d0 + hi, 12, 31))
    return DateValue(date(d0, 1, 1), date(d0 + 9, 12, 31))


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
    "labor day": lambda y: nth_weekday(y, 9, 0, 1), "memorial day": lambda y: nth_weekday(y, 5, 0, -1),
    "thanksgiving": lambda y: nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: nth_weekday(y, 11, 3, 4),
    # the Tuesday after the first Monday of November
    "election day": lambda y: nth_weekday(y, 11, 0, 1) + timedelta(days=1), "veterans day": lambda y: date(y, 11, 11),
    "boxing day": lambda y: date(y, 12, 26), "mother's day": lambda y: nth_weekday(y, 5, 6, 2),
    "father's day": lambda y: nth_weekday(y, 6, 6, 3), "columbus day": lambda y: nth_weekday(y, 10, 0, 2),
    "presidents' day": lambda y: nth_weekday(y, 2, 0, 3), "presidents day": lambda y: nth_weekday(y, 2, 0, 3),
    "martin luther king day": lambda y: nth_weekday(y, 1, 0, 3),
    "martin luther king jr. day": lambda y: nth_weekday(y, 1, 0, 3),
    "st. patrick's day": lambda y: date(y, 3, 17), "new year's": lambda y: date(y, 1, 1),
}
assert set(HOLIDAYS) == set(HOLIDAY_NAMES)


@resolves("holiday")
def _holiday(m, ctx):
    """A holiday's day; with *weekend*, the weekend it falls in or next to
    (Labor Day weekend: Saturday to Monday)."""
    on = HOLIDAYS[" ".join(m["h"].lower().split())]

    def build(y: int) -> DateValue:
        day = on(y)
        if not m["weekend"]:
            return one_day(day)
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
    return cv.by_tense(build, ctx)


# --- back-references ---------------------------------------------------------------------


@resolves("same_period")
def _same_period(m, ctx):
    prev = ctx.previous
    unit = m["unit"].lower()
    if prev is None or prev.start is None or prev.end is None:
        # nothing named before: the same week (month, year) as the article's own day
        if m["back"] or m["last"]:
            return _unit_around(add_units(ctx.ref, -1, "year"), unit) if unit in ("week", "month", "year", "quarter") \
                else one_day(add_units(ctx.ref, -1, "year"))
        if m["y"] or unit not in ("week", "month", "year", "quarter"):
            return None
        return cv.calendar_unit(unit, 0, ctx.ref)
    if m["y"]:
        shift = int(m["y"]) - prev.start.year
    elif m["back"] or m["last"]:
        shift = -1
    else:
        return prev
    return shifted(prev, shift, "year")


@resolves("back_reference")
def _back_reference(m, ctx):
    """"that day", "that year": the day, year... of the date named before."""
    base = _base(ctx)
    if base is None:
        return None
    unit = m["unit"].lower()
    if unit == "date" or (unit in _DAY_PARTS and base.start != base.end):
        return ctx.previous
    if unit == "weekend":
        return cv.the_weekend(DateContext(ref=base.start))
    return _unit_around(base.start, unit)


@resolves("then")
def _then(m, ctx):
    return ctx.previous


@resolves("the_unit")
def _the_unit(m, ctx):
    if m["unit"].lower() == "day":  # "the day" given alone: the present's
        return one_day(ctx.ref)
    return _relative(m, ctx)


@resolves("time_of_day")
def _time_of_day(m, ctx):
    prev = ctx.previous
    if prev is not None and prev.start is not None and prev.start == prev.end:
        return prev
    return one_day(ctx.ref)


# --- weeks, centuries, offsets, years ---------------------------------------------------------


@resolves("nth_week")
def _nth_week(m, ctx):
    period = _resolve(m["period"], ctx)
    weeks = weeks_in(period)
    nth = m["nth"].lower()
    if nth in ("last", "final"):
        return weeks[-1]
    index = ORDINALS.get(nth) or int(re.sub(r"\D", "", nth))
    return weeks[index - 1] if index <= len(weeks) else None


@resolves("week_number")
def _week_number(m, ctx):
    y = _year_number(m["y"], ctx) if m["y"] else ctx.ref.year
    return week_around(date.fromisocalendar(y, int(m["n"]), 1))


@resolves("week_of")
def _week_of(m, ctx):
    return week_around(_resolve(m["day"], ctx).start)


CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


@resolves("century")
def _century(m, ctx):
    n = int(m["n"]) if m["n"] else CENTURY_WORDS[m["word"].lower()]
    first = (n - 1) * 100
    if m["part"]:  # "the early 20th century": a third of it
        lo, hi = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}[m["part"].lower()]
        return DateValue(date(first + lo, 1, 1), date(first + hi, 12, 31))
    return DateValue(date(first, 1, 1), date(first + 99, 12, 31))


@resolves("year_end")
def _year_end(m, ctx):
    # the end of a year is its last day (CLAIMS.md); "at year-end" in January is the one just past
    return cv.by_tense(lambda y: one_day(date(y, 12, 31)), ctx)


@resolves("bare_unit")
def _bare_unit(m, ctx):
    # "by the end of year": the edge of this year
    return cv.apply_edge(cv.calendar_unit(m["unit"].lower(), 0, ctx.ref), m["edge2"])


_YEAR_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_YEAR_WORDS.update({w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})


@resolves("spoken_year", "spoken_2000s")
def _spoken_year(m, ctx):
    return whole_year(_words_year(m.groupdict().get("words") or m["words2"]))


@resolves("year_to_date")
def _year_to_date(m, ctx):
    return DateValue(date(ctx.ref.year, 1, 1), ctx.ref)


@resolves("offset")
def _offset(m, ctx):
    anchor = _resolve(m["anchor"], ctx).start
    step = -1 if m["dir"].lower() == "before" else 1
    day = add_units(anchor, _count(m["n"]) * step, m["unit"])
    q = (m["q"] or "").lower()
    if q in ("more than", "over"):  # "more than 2 weeks before today": before that day
        return DateValue(None, day - timedelta(days=1)) if step < 0 else DateValue(day + timedelta(days=1), None)
    if q in ("less than", "within"):  # between that day and the anchor
        return DateValue(day + timedelta(days=1), anchor) if step < 0 else DateValue(anchor, day - timedelta(days=1))
    return one_day(day)


@resolves("span_from")
def _span_from(m, ctx):
    """"for 3 days from today": those days, the anchor day the first of them."""
    anchor = _resolve(m["anchor"], ctx).start
    return DateValue(anchor, add_units(anchor, _count(m["n"] or m["n2"]), m["unit"] or m["unit2"]) - timedelta(days=1))


@resolves("year")
def _bare_year(m, ctx):
    return whole_year(int(m["y"]))


assert set(RESOLVERS) == {name for name, _ in RULES}, "every rule of the grammar needs its resolver"


# --- reading one expression -----------------------------------------------------------------


def parse_date(surface: str, ref: date, *, tense: Tense = None, previous: DateValue | None = None,
               fiscal_start: int | None = None, nearby: DateValue | None = None,
               fiscal_naming: str | None = None, period: DateValue | None = None) -> DateValue | None:
    """Resolve one date expression, or ``None`` when it is not one we read.

    >>> parse_date("by the end of this decade", date(2025, 4, 9)).iso()
    (None, '2029-12-31')
    """
    ctx = DateContext(ref=ref, tense=tense, previous=previous, fiscal_start=fiscal_start, nearby=nearby,
                      fiscal_naming=fiscal_naming, period=period)
    surface = " ".join(surface.split())
    value = _resolve(surface, ctx, framed=False) or _parse_range(surface, ctx)
    if value is not None:
        return value
    # a surface given alone may be written as running text would not have it found
    for variant, tense_of in _variants(surface):
        variant_ctx = replace(ctx, tense=tense_of or ctx.tense)
        value = _resolve(variant, variant_ctx, framed=False) or _parse_range(variant, variant_ctx)
        if value is not None:
            return value
    return None


_ABBREVIATION = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b(?![./])", re.IGNORECASE)
_PLAIN_LEAD = re.compile(r"(?i)(?:on|in|at|during|for|of|around|about|approximately|roughly|circa)\s+")
_STEP_LEAD = re.compile(r"(?i)(?P<which>next|last|this coming|this past)\s+")


def _variants(surface: str) -> Iterator[tuple[str, str | None]]:
    """Other readings of a whole surface: month abbreviations without their
    full stop ("from Sep to Nov"), without a plain preposition or an
    approximation before it ("on tuesday of next week", "around the 21st"),
    "next" or "last" before a date that has no such form ("next 6th of April")."""
    dotted = _ABBREVIATION.sub(r"\1.", surface)
    if dotted != surface:
        yield dotted, None
    lead = _PLAIN_LEAD.match(dotted)
    if lead:
        yield dotted[lead.end():], None
    step = _STEP_LEAD.match(dotted)
    if step:
        yield dotted[step.end():], "future" if step["which"].lower() in ("next", "this coming") else "past"


def _resolve(surface: str, ctx: DateContext, framed: bool = True) -> DateValue | None:
    """One expression the grammar reads whole; rules that contain another
    date ("the week of April 10", "two weeks before May 13") read it with this."""
    for name, m in whole_matches(surface, framed):
        try:
            value = RESOLVERS[name](m, ctx)
        except (ValueError, KeyError, OverflowError):
            return None
        if value is None:
            return None
        prefix = m["pre"]
        if name in RANGE_RULES and prefix and prefix.lower() == "from":
            prefix = None  # "from 2014 to 2018" is the range itself, not an open start
        if m["edge"] and prefix and PREFIXES.get(prefix.lower()) == "before":
            prefix = "by"  # "before the end of the year" is a deadline at the year's end
        value = cv.apply_edge(value, m["edge"])
        if name == "the_unit" and m["edge"] and not prefix and ctx.tense == "past" and value.start > ctx.ref:
            # told as done but lying ahead, the one just past: "flew to 44 cities at the end of the year" in
            # May; not a deadline ("its goal of $500 million by the end of the year")
            value = cv.apply_edge(cv.calendar_unit(m["unit"].lower(), -1, ctx.ref), m["edge"])
        # the bound after a date is the nearer to it: "until 2029 or later" starts in 2029
        how = SUFFIXES.get((m["suf"] or "").lower()) or PREFIXES.get((prefix or "").lower())
        return cv.apply_bounds(value, how, ctx, m["core"])
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
        now = right.lower() in NOW
        last = DateValue(ctx.ref, ctx.ref) if now else _resolve(right, ctx)
        if last is None or last.end is None:
            continue
        year = re.search(YEAR, right)
        if year and not re.search(YEAR, left):
            left = f"{left} {year[0]}"
        # "from March to date" began in the past
        first = _resolve(left, replace(ctx, tense="past") if now else ctx)
        if first is not None and first.start is not None and first.start > last.end and not re.search(YEAR, left):
            # "from April until the end of June": the April before that June
            first = shifted(first, -1, "year")
            first = first if first.end is not None and first.end >= add_units(last.end, -1, "year") else None
        if first is not None and first.start is not None and first.start <= last.end:
            return DateValue(first.start, last.end)
    return None
