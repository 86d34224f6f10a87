"""Intervals of days and the calendar arithmetic the resolver builds them with.

Nothing here decides what an expression means: these are the months, weeks
and years of the calendar, and the steps between them.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# "narrative": no tense of its own in a story that mostly tells what has happened
Tense = Literal["past", "future", "narrative"] | None


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
    previous: DateValue | None = None  # the interval of the date named before this one
    fiscal_start: int | None = None  # month the article's fiscal year starts in, when it says
    nearby: DateValue | None = None  # the interval of a date named before this one in its sentence
    fiscal_naming: str | None = None  # fiscal years named by the year they "end" or "start" in, when it says
    period: DateValue | None = None  # the last period (a month or longer) named, the one a comparison is with


def whole_month(y: int, m: int) -> DateValue:
    return DateValue(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def whole_months(y: int, m1: int, m2: int) -> DateValue:
    return DateValue(whole_month(y, m1).start, whole_month(y, m2).end)


def whole_year(y: int) -> DateValue:
    return DateValue(date(y, 1, 1), date(y, 12, 31))


def one_day(d: date) -> DateValue:
    return DateValue(d, d)


def week_around(d: date) -> DateValue:
    """The Monday-to-Sunday week ``d`` lies in."""
    monday = d - timedelta(days=d.weekday())
    return DateValue(monday, monday + timedelta(days=6))


def shift_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_units(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` days, weeks, fortnights, months, quarters, years, decades or centuries."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "fortnight"):
        return d + timedelta(weeks=n * (2 if unit == "fortnight" else 1))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200, "centurie": 1200}[unit]
    return shift_months(d, n * months)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (from 1; -1 for the last) given weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = whole_month(year, month).end
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def weeks_in(period: DateValue) -> list[DateValue]:
    """The Monday-to-Sunday weeks of a period, counted as ISO 8601 counts
    them: a week belongs to the period its Thursday falls in."""
    monday = week_around(period.start).start
    weeks = []
    while monday <= period.end:
        if period.start <= monday + timedelta(days=3) <= period.end:
            weeks.append(week_around(monday))
        monday += timedelta(weeks=1)
    return weeks


def shifted(value: DateValue, n: int, unit: str) -> DateValue:
    """The same stretch of the calendar ``n`` units on (back, when negative):
    the third quarter of 1989 a year back is the third quarter of 1988."""
    start = add_units(value.start, n, unit) if value.start else None
    end = add_units(value.end, n, unit) if value.end else None
    if value.end is not None and value.end == whole_month(value.end.year, value.end.month).end and unit.rstrip("s") != "day" \
            and unit.rstrip("s") != "week":
        end = whole_month(end.year, end.month).end  # a month's end stays its end (February)
    return DateValue(start, end)
