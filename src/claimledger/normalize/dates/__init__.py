"""Find date expressions in text and resolve them to calendar intervals.

One grammar serves both jobs: :func:`find_dates` scans text with it and
:func:`parse_date` resolves a single expression, so whatever is found can be
normalised.  The parts, each with its own table of cases in the tests:

- :mod:`.grammar`: what is recognised — the vocabulary and one named pattern
  per family of expressions, wrapped in the bound words around them;
- :mod:`.resolver`: what each expression means against the article's present
  (its reference date, the tense of its clause, the date named before it);
- :mod:`.conventions`: the choices CLAIMS.md section 5 makes where the
  calendar does not (early / mid / late, seasons, weeks, bounds, fiscal years);
- :mod:`.intervals`: intervals of days and the calendar arithmetic on them.

Intervals are closed ``[start, end]``; an open side is ``None`` (``by 2030``
has no start).  Nothing here knows about spaCy or SQLite: everything takes
strings and dates.
"""
from __future__ import annotations

from .conventions import fiscal_year
from .grammar import MONTHS, YEAR, DateMatch, find_dates, stated_fiscal_naming, stated_fiscal_start
from .intervals import DateContext, DateValue, Tense
from .resolver import RANGE_SEPARATOR, parse_date

__all__ = [
    "DateContext", "DateMatch", "DateValue", "MONTHS", "RANGE_SEPARATOR", "Tense", "YEAR", "find_dates",
    "fiscal_year", "parse_date", "stated_fiscal_naming", "stated_fiscal_start",
]
