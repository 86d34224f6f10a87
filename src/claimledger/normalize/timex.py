"""TIMEX3-style names for date intervals.

Pure date arithmetic, kept apart from the date grammar so the store can fill
in old rows without compiling it.
"""
from __future__ import annotations

import calendar
from datetime import date

SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def timex(start: date | None, end: date | None) -> str | None:
    """A TIMEX3-style value for an interval: the calendar unit it is when it
    is one (``2025-04-09``, ``2025-04``, ``2025-Q1``, ``2025-H2``, ``2025-SU``,
    ``2013-W11``, ``2025``, ``202X``), else the range ``(start,end,PnD)`` as
    Recognizers-Text writes it, with an open side left empty (``(,2030-12-31)``)."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        return f"({start.isoformat() if start else ''},{end.isoformat() if end else ''})"
    if start == end:
        return start.isoformat()
    last_of_month = date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
    if start.day == 1 and end == last_of_month:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 1:
            return f"{start.year:04d}-{start.month:02d}"
        if months == 3 and start.month in SEASON_CODES:  # meteorological seasons
            return f"{start.year:04d}-{SEASON_CODES[start.month]}"
        if months == 3 and start.month in (1, 4, 7, 10):
            return f"{start.year:04d}-Q{(start.month + 2) // 3}"
        if months == 6 and start.month in (1, 7):
            return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
        if months == 12 and start.month == 1:
            return f"{start.year:04d}"
        if months == 120 and start.month == 1 and start.year % 10 == 0:
            return f"{start.year // 10:03d}X"
    if (end - start).days == 6 and start.weekday() == 0:
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return f"({start.isoformat()},{end.isoformat()},P{(end - start).days + 1}D)"
