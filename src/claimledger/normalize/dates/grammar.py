"""What is recognised as a date: the vocabulary, one named pattern per family
of expressions, and :func:`find_dates`, which scans a text with them.

A rule's pattern is its *core* (``the first quarter of 2025``); every core is
wrapped in the words around it that change its interval, a bound word before
(*by*, *since*, *no earlier than*), an edge (*the end of*) and a bound word
after (*or later*).  What each rule means is the resolver's business
(:mod:`.resolver`), what the bound words and edges mean the conventions'
(:mod:`.conventions`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

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
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
    "several": 3, "few": 3, "couple": 2, "a couple": 2, "a couple of": 2, "couple of": 2,
}
HOLIDAY_NAMES = (
    "christmas", "christmas day", "christmas eve", "new year's day", "new year's eve", "independence day",
    "the fourth of july", "fourth of july", "halloween", "valentine's day", "easter", "easter sunday",
    "easter monday", "good friday", "labor day", "memorial day", "thanksgiving", "thanksgiving day",
    "election day", "veterans day", "boxing day", "mother's day", "father's day", "columbus day",
    "presidents' day", "presidents day", "martin luther king day", "martin luther king jr. day",
    "st. patrick's day", "new year's",
)
# Years said in words: "nineteen ninety-six", "the year two thousand"
_UNITS_WORD = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_WORD = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_WORD = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TWO_FIGURES = rf"(?:{_TENS_WORD})(?:[- ](?:{_UNITS_WORD}))?|{_TEENS_WORD}"
# "nineteen ninety-six", "eighteen hundred", "nineteen o five" are years wherever they
# stand; "two thousand (and twenty)" only as "the year two thousand"
SPOKEN_YEAR = rf"(?i:(?:nineteen|eighteen) (?:hundred|{_TWO_FIGURES}|o[- ](?:{_UNITS_WORD})))"
SPOKEN_2000S = rf"(?i:two thousand(?: and (?:{_TWO_FIGURES}|{_UNITS_WORD}))?)"
# in a date, any century in words: "6 April seventeen hundred thirty three"
SPOKEN_YEAR_IN_DATE = (rf"(?i:(?:nineteen|eighteen|seventeen|sixteen) (?:hundred(?: (?:and )?(?:{_TWO_FIGURES}|{_UNITS_WORD}))?"
                       rf"|{_TWO_FIGURES}|o[- ](?:{_UNITS_WORD})))")
_ORDINAL_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
# a day of the month in words: "first", "twenty second", "thirty-first", "twenty five"
SPOKEN_DAY = (rf"(?i:(?:twenty|thirty)[- ](?:{_ORDINAL_UNITS}|{_UNITS_WORD})|twentieth|thirtieth|tenth|eleventh|twelfth"
              rf"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|{_ORDINAL_UNITS}"
              rf"|{_TEENS_WORD}|twenty|thirty|{_UNITS_WORD})")

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
# the year of the date named before: "on April 22 of that year", "in May the same year"
THAT_YEAR = r"(?i:(?:of )?(?:that|the same) year)"
YEARISH = rf"(?:{YEAR}|{REL_YEAR}|(?i:the) year)"
COUNT = rf"(?:\d+|(?i:{'|'.join(sorted(map(re.escape, SMALL_NUMBERS), key=len, reverse=True))}))"
UNITS = r"(?i:years?|months?|weeks?|days?|decades?|quarters?)"
PLURAL_UNITS = r"(?i:years|months|weeks|days|decades|quarters)"
# Clock times: "7 p.m.", "7 PM", "10:15", "noon", "4 in the morning", "1430 GMT" (a
# four-figure time only with its zone), each perhaps with its time zone.
ZONE = r"(?:GMT|UTC|[ECMP][SD]T|[ECMP]T|BST|CET|CEST|(?i:local time|Eastern|Pacific|Central)(?: time)?)"
TIME = (r"(?:(?:\d{1,2}(?::\d\d)?\s?(?:a\.m\.?|p\.m\.?|[AaPp][Mm]\b)|\d{1,2}:\d\d(?![\d:])"
        r"|\d{1,2} (?i:o'clock|in the (?:morning|afternoon|evening))|(?i:noon|midnight))(?:,? " + ZONE + r")?"
        r"|(?:[01]\d|2[0-3])[0-5]\d ?" + ZONE + ")")

# Bound words and the kind of bound each sets (what a kind means: conventions.apply_bounds).
PREFIXES = {
    "by": "by", "through": "by", "until": "by", "till": "by", "no later than": "by",
    "before": "before", "ahead of": "before", "prior to": "before",
    "since": "since",
    "from": "from", "no earlier than": "from", "as soon as": "from", "as early as": "from",
    "starting from": "from", "after": "after",
}
# (*starting in September*, *beginning in January 2017* date the start of something:
# the month itself, as CLAIMS.md lists no such bound word.)
SUFFIXES = {"or later": "from", "at the earliest": "from", "onwards": "from", "onward": "from",
            "and after": "from", "or after": "from", "and later": "from",
            "or earlier": "by", "at the latest": "by", "or before": "by", "and before": "by"}
_PREFIX = "|".join(sorted((re.escape(p) for p in PREFIXES), key=len, reverse=True))
_SUFFIX = "|".join(sorted((re.escape(s) for s in SUFFIXES), key=len, reverse=True))
EDGE = r"(?i:(?:the )?(?:very )?(?P<edge>end|close|start|beginning|middle) of)"


# --- the rules: one named pattern per family of expressions -------------------------
# Order matters where two rules read the same whole surface: the first one wins.

_QUARTER_OF = rf"(?: of (?P<y>{YEARISH}))?"
_ANCHOR_DAY = (rf"(?i:today|yesterday|tomorrow)|(?:{MONTH}) {DAY}(?:,? {YEAR})?|Christmas(?: Day)?|New Year's Day"
               rf"|(?:(?i:next|this|last|coming) )?{WEEKDAY}|\d{{1,2}}/\d{{1,2}}/\d{{4}}")
_HOLIDAY = "|".join(sorted(map(re.escape, HOLIDAY_NAMES), key=len, reverse=True))

# (the longest first: a regular expression takes the first alternative that fits)
_DAY_EXPR = (rf"(?:(?:{WEEKDAY}),? )?(?:{MONTH}) {DAY}(?:,? {YEAR})?"
             rf"|(?:{WEEKDAY}|(?i:{WEEKDAY}))(?: (?i:morning|afternoon|evening|night))?|(?i:today|yesterday|tomorrow|tonight)")
_LATER = r"(?i:later(?! than)|afterwards?|after that|thereafter)"
_PREVIOUS = r"(?i:the (?:following|next|previous|preceding|prior)|following)"
_STEP_UNIT = r"(?i:day|morning|afternoon|evening|night|week|weekend|month|year|quarter|season)"

RULES: list[tuple[str, re.Pattern]] = [(name, re.compile(pattern)) for name, pattern in [
    # days and months
    ("day_of_month", rf"(?:(?i:the) )?(?P<d>{DAY}) (?i:of) (?P<m>{MONTH})(?:,? (?:of )?(?P<y>{YEAR}))?"),
    # "3 November last year": a day of a month of a year told from the article's
    ("day_month", rf"(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),? )?(?P<d>{DAY}) (?P<m>{MONTH})"
                  rf"(?:,? (?:in )?(?P<y>{YEAR})| (?P<rel>(?i:next|last) year|{THAT_YEAR}))?"),
    ("full_date", rf"(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),? )?(?P<m>{MONTH}) (?P<d>{DAY})"
                  rf"(?:,? (?P<y>{YEAR})| (?P<rel>(?i:next|last) year|{THAT_YEAR}))?"),
    # a time of day on a day: "7 p.m. on Monday, September 1", "0900 GMT on Friday", "noon Thursday",
    # "Friday at 7 p.m."; it is that day (CLAIMS.md)
    ("time_on_day", rf"(?P<time>{TIME}),? (?:(?i:on|this|last|next) )?(?P<day>{_DAY_EXPR})"),
    ("day_at_time", rf"(?P<day>{_DAY_EXPR}),? (?:(?i:at|from|by|around|about) )?(?P<time>{TIME})"),
    ("month_year", rf"(?P<m>{MONTH})(?:,? (?:of |in )?|/)(?P<y>{YEAR}|{REL_YEAR}|{THAT_YEAR})"),
    ("month_range", rf"(?P<m1>{MONTH})(?:-|–| to | and )(?P<m2>{MONTH})(?:,? (?P<y>{YEAR}))?"),
    ("month", rf"(?P<m>{MONTH})"),
    ("part_of_month", rf"(?P<part>{PART})[- ](?:(?P<which>(?i:last|next|this)) )?(?P<m>{MONTH})(?: (?P<y>{YEAR}))?"),
    ("part_of_year", rf"(?P<part>{PART})[- ](?P<y>{YEAR}|{REL_YEAR}|{THAT_YEAR})"),
    # quarters and halves
    ("year_quarter_code", rf"(?P<y>{YEAR})[\s-](?P<qn>[Qq][1-4])"),
    ("quarter_code", rf"(?P<qn>Q[1-4]|q[1-4](?=[\s-]\d| of \d))(?:(?:[\s-]| of )(?P<y>{YEAR}))?"),
    ("quarter_adj", r"(?P<q>(?i:first|second|third|fourth))-(?i:quarter)"),
    ("quarter", rf"(?i:the )?(?:(?P<ly>{YEAR}) |(?P<ry>(?i:this|last|next) year)'s )?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|last))(?:[- ](?i:fiscal))? (?i:quarter){_QUARTER_OF}"),
    ("fiscal_quarter", rf"(?i:the )?(?i:fiscal)[- ](?P<q>(?i:first|second|third|fourth))[- ](?i:quarter){_QUARTER_OF}"),
    ("year_half_code", rf"(?P<y>{YEAR})[\s-](?P<hn>[Hh][12])"),
    ("half_code", rf"(?P<hn>H[12])[\s-](?P<y>{YEAR})"),
    ("half", rf"(?i:the )?(?P<h>(?i:first|second|last|latter))[- ](?i:half){_QUARTER_OF}"),
    # fiscal years, spans of years, seasons of sport, election cycles
    ("fiscal_year", rf"(?i:fiscal(?: year)?|financial year|FY) ?(?P<y>{YEAR}|\d\d(?!\d))"),
    ("calendar_year", rf"(?i:calendar year|CY) ?(?P<y>{YEAR}|\d\d(?!\d))"),
    ("this_fiscal_year", r"(?i:(?:its|the|this|the current) (?:fiscal|financial) year|full-year|full year)"),
    ("between_years", rf"(?i:between) (?P<y1>{YEAR}) (?i:and) (?P<y2>{YEAR})"),
    # a second year in two figures only after a dash or a slash: "2030 to 32 percent" is no range
    ("year_range", rf"(?P<y1>{YEAR})\s?(?:(?:-|–|—|/)\s?(?P<yy>\d\d)(?![\d%])|(?:-|–|—|/| to )\s?(?P<y2>{YEAR}))"),
    ("sport_season", rf"(?i:the )(?P<y1>{YEAR})(?:-|–|/)(?P<y2>\d\d(?!\d)) (?i:season|campaign|term)"),
    ("election_cycle", rf"(?i:the )?(?P<y>{YEAR}) (?i:election|electoral|campaign) (?i:cycle)"),
    # a year named by its end: "the year to March 31, 2024", "the fiscal year that ended in March", "the 12
    # months to September"; without a year no day ("the year ended Sept. 30" is two dates, as news annotation has it)
    ("year_to", rf"(?i:the|its) (?:(?i:fiscal |financial )?(?i:year)|(?:12|(?i:twelve)) (?i:months))"
                rf" (?:(?i:that|which) )?(?P<how>(?i:to|ended|ending|ends|closed|closes|through)) (?:(?i:in|on) )?"
                rf"(?P<m>{MONTH})(?:(?: (?P<d>{DAY}))?,? (?P<y>{YEAR})|(?!\.?\s?\d))"),
    ("months_ended", rf"(?i:the) (?P<n>{COUNT}) (?i:months) (?i:ended|ending|to|through) (?P<m>{MONTH}) (?P<d>{DAY})(?:,? (?P<y>{YEAR}))?"),
    # relative to the date named before: "the following year", "two years later", "the day before"
    ("step_from_previous", rf"(?P<which>{_PREVIOUS}) (?P<unit>{_STEP_UNIT})"),
    ("later_n", rf"(?P<n>{COUNT}) (?P<unit>{UNITS}) {_LATER}"),
    ("day_before_after", rf"(?i:the) (?P<unit>(?i:day|night|week|month|year)) (?P<dir>(?i:before|after))(?: (?P<anchor>{_ANCHOR_DAY}))?"),
    ("earlier_later_that", r"(?P<dir>(?i:earlier|later)) (?i:that|the same) (?P<unit>(?i:day|morning|afternoon|evening|night|week|month|year))"),
    # the comparable period of a year before: "the year-earlier quarter", "year-ago"
    ("year_earlier", r"(?i:the )?(?:(?i:comparable|corresponding|same) )?(?i:year)[- ](?i:earlier|ago|before)(?: (?P<what>(?i:quarter|period|months|month|half|year|week|level|results)))?"),
    # the quarter being reported: "the quarter", "the latest quarter", "that quarter"
    ("year_period", rf"(?i:the) (?P<y>{YEAR}) (?i:period)"),
    ("the_quarter", r"(?i:the|that) (?:(?i:latest|most recent|recent|just-ended|just-completed|comparable) (?i:quarter|period)|(?i:quarter))"),
    # relative to the article's present
    ("rolling", r"(?i:the) (?P<which>(?i:past|last)) (?P<unit>(?i:year|month|week|decade|century|fortnight))"),
    ("relative", r"(?P<which>(?i:this|next|last|(?:the )?current|the coming|the past)) (?P<unit>(?i:year|month|week|quarter|decade|century|season|term|weekend|working week|work week|business week))"),
    ("relative_month", rf"(?P<which>(?i:last|next|this)) (?P<m>{MONTH})"),
    ("month_of_year", rf"(?P<m>{MONTH}) (?P<which>(?i:last|next|this)) (?i:year)"),
    # (a season word before a figure is a verb: "emissions fall 32 percent")
    ("season", rf"(?P<which>(?i:this|next|last|the|this past) )?(?P<s>(?i:spring|summer|autumn|fall|winter))"
               rf"(?: (?:of )?(?:(?P<y>{YEAR})|(?P<ry>(?i:this|next|last)) (?i:year)))?(?!\s\d)"),
    ("the_weekend", r"(?i:the|this past) (?i:weekend)"),
    ("earlier_later", r"(?P<dir>(?i:earlier|later)) (?i:this|in the) (?P<unit>(?i:week|month|year))"),
    ("next_n", rf"(?:(?i:the) )?(?P<dir>(?i:next|past|last|coming|previous|following|upcoming)) (?P<n>{COUNT}) (?P<unit>{UNITS}|(?i:business|working) days?)"
               # "two coming weeks", never the end of a larger figure: "about 1,100 next year" is a count and a year
               rf"|(?<![\d,.])(?P<n2>{COUNT}) (?P<dir2>(?i:next|upcoming|coming|past|previous)) (?P<unit2>{PLURAL_UNITS})"),
    ("ago", rf"(?:(?P<q>(?i:more than|over|nearly|almost|less than|about|some|roughly|around|just over|just under)) )?"
            rf"(?P<n>{COUNT}) (?P<unit>{UNITS}) (?P<dir>(?i:ago|earlier|before|previously))(?! (?i:{_ANCHOR_DAY}))"),
    ("deictic", r"(?P<w>(?i:today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|last night))"),
    ("weekday", rf"(?:(?P<which>(?i:next|last|this|past|following|coming)) )?(?P<wd>{WEEKDAY}|(?i:{WEEKDAY}))(?: (?i:morning|afternoon|evening|night))?"),
    ("ordinal_day", rf"(?i:the) (?P<d>{ORDINAL_DAY})(?: (?i:day))?(?:(?: (?i:of))? (?P<which>(?i:this|next|last)) (?i:month))?(?![ ]?\w)"),
    ("weekday_day", rf"(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),? (?:the )?(?P<d>{ORDINAL_DAY}|{_DAY_NUMBER}(?=[.,;:]|$))(?![ ]?\w)"),
    ("first_n_of", rf"(?i:the )?(?P<side>(?i:first|last|final)) (?P<n>{COUNT}) (?P<unit>(?i:months|weeks|days|quarters)) (?i:of|in) (?P<period>{YEARISH}|(?:{MONTH})(?: {YEAR})?)"),
    ("weekday_of_week", rf"(?P<wd>{WEEKDAY}|(?i:{WEEKDAY}))(?: (?i:of))? (?P<which>(?i:next|last|this)) (?i:week)"
                        rf"|(?P<which2>(?i:next|last|this)) (?i:week),? (?:(?i:on) )?(?P<wd2>{WEEKDAY}|(?i:{WEEKDAY}))"),
    ("in_n", rf"(?i:in|within) (?P<n>{COUNT}) (?P<unit>(?i:days?|weeks?|months?|years?))(?: (?i:time))?"),
    # 7/6/2018, 7-6-2018, 12/12/30, 2018-07-06, 2019-aug-01, 22/Jan/2019
    ("numeric_date", rf"(?:{WEEKDAY},? )?"
                     r"(?:(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?:(?P<y>\d{4})|(?P<yy>\d\d)(?![\d/]))"
                     r"|(?P<iy>\d{4})-(?:(?P<im>\d{1,2})|(?P<imn>(?i:[a-z]{3})))-(?P<id>\d{1,2})"
                     r"|(?P<dd>\d{1,2})/(?P<mn>(?i:[a-z]{3,9}))/(?P<dy>\d{4}))"),
    # the rest of a unit from today on: "the rest of the week", "remaining of the week"
    ("rest_of", r"(?:(?i:the) )?(?i:rest|remainder|remaining) (?i:of) (?i:the|this) (?P<unit>(?i:week|month|year))"),
    # a date in words: "February twenty second", "the twenty third day of September",
    # "January first two thousand and thirty two", "twenty five January nineteen eighty six"
    ("spoken_date", rf"(?P<m>{MONTH}) (?P<dw>{SPOKEN_DAY})(?:,? (?P<yw>{SPOKEN_YEAR_IN_DATE}|{SPOKEN_2000S}|{YEAR}))?"
                    rf"|(?:(?i:the) )?(?P<dw2>{SPOKEN_DAY})(?: (?i:day))?(?: (?i:of))? (?P<m2>{MONTH})(?:,? (?P<yw2>{SPOKEN_YEAR_IN_DATE}|{SPOKEN_2000S}|{YEAR}))?"
                    rf"|(?P<dd>{DAY}) (?P<m4>{MONTH}),? (?P<yw4>{SPOKEN_YEAR_IN_DATE}|{SPOKEN_2000S})"
                    rf"|(?P<m3>{MONTH}),? (?P<yw3>{SPOKEN_YEAR_IN_DATE}|{SPOKEN_2000S})"),
    ("this_decade", r"(?P<w>(?i:this|the|the current|next)) (?i:decade)"),
    ("decade", rf"(?:(?i:the) )?(?:(?P<part>{PART})[- ])?(?:(?P<d>(?:1[89]|20)\d0)'?s|'(?P<dd>\d0)s)"),
    ("holiday", rf"(?:(?P<which>(?i:last|next|this)) )?(?P<h>(?i:{_HOLIDAY}))(?P<weekend> (?i:weekend))?(?: (?P<y>{YEAR}))?"),
    # back-references to a date named before
    ("same_period", rf"(?i:(?:the |that )?same) (?P<unit>(?i:period|quarter|month|week|year|day|morning|evening|night|months|weeks|days|stretch)|(?i:time)(?= (?i:a|one|last|of)\b))"
                    rf"(?: (?:(?i:of|in) (?P<y>{YEAR})|(?P<back>(?i:a|one) year (?:earlier|before|ago))|(?P<last>(?i:last year))))?"),
    ("then", r"(?P<w>(?i:then))"),
    ("back_reference", r"(?P<w>(?i:that (?P<unit>day|week|month|year|date|morning|evening|night|weekend)))"),
    ("the_unit", r"(?P<which>(?i:the)) (?P<unit>(?i:year|month|week|quarter|decade|day))"),
    ("time_of_day", rf"(?P<time>{TIME})"),
    # weeks, centuries, offsets, years
    ("nth_week", rf"(?i:the )?(?P<nth>{ORDINAL}) (?i:week) (?i:of|in) (?P<period>(?:{MONTH})(?: {YEAR})?|{YEARISH})"),
    ("week_number", rf"(?i:week) (?P<n>[1-9]|[1-4]\d|5[0-3])(?: (?i:of) (?P<y>{YEARISH}))?"),
    ("week_of", rf"(?i:the )?(?i:week) (?i:of|beginning|commencing|starting) (?P<day>(?:{MONTH}) {DAY}(?:,? {YEAR})?)"),
    ("century", rf"(?i:the )?(?:(?P<part>{PART})[- ])?(?:(?P<n>1[0-9]|2[0-2])(?:st|nd|rd|th)|(?P<word>(?i:eighteenth|nineteenth|twentieth|twenty-first)))[- ](?i:century)"),
    ("year_to_date", r"(?i:year[- ]to[- ]date|so far this year)"),
    ("year_end", r"(?i:year[- ]end)"),
    # so many days from a day on: "for 3 days from today", "3 days starting from next Monday"
    # (without "for" or "starting", "3 days from Tuesday" is the one day three days on: an offset)
    ("span_from", rf"(?:(?i:for) (?P<n>{COUNT}) (?P<unit>(?i:days|weeks|months|years)) (?i:from|starting(?: from| on)?|beginning(?: on)?)"
                  rf"|(?P<n2>{COUNT}) (?P<unit2>(?i:days|weeks|months|years)) (?i:starting(?: from| on)?|beginning(?: on)?)) (?P<anchor>{_ANCHOR_DAY})"),
    ("offset", rf"(?:(?P<q>(?i:more than|over|less than|within)) )?(?P<n>{COUNT}) (?P<unit>(?i:years?|months?|weeks?|days?)) (?P<dir>(?i:before|after|from)) (?P<anchor>{_ANCHOR_DAY})"),
    ("spoken_year", rf"(?:(?i:the year) )?(?P<words>{SPOKEN_YEAR})|(?i:the year) (?P<words2>{SPOKEN_2000S})"),
    ("year", rf"(?:(?i:the )?(?i:year) )?(?P<y>{YEAR})"),
    # a unit after an edge, without its article: "by the end of year", "at the start of month"
    # a day and month in figures, read only as a whole surface (PARSE_ONLY): "11/20", "5.12", "Jan/3"
    # a year in words given alone: "two thousand and twenty" (in running text a number)
    ("spoken_2000s", rf"(?P<words2>{SPOKEN_2000S})"),
    ("numeric_day", rf"(?:(?:{WEEKDAY}|{WEEKDAY_ABBR}),? )?(?:(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})|(?P<m>{MONTH}|(?i:{_MONTH_ABBR}))/(?P<d>{DAY}))"),
    ("bare_unit", r"(?:(?i:the) )?(?P<edge2>(?i:end|close|start|beginning|middle)) (?i:of) (?P<unit>(?i:year|month|week|quarter))"),
]]

# Rules that read both ends of a range themselves.
RANGE_RULES = {"month_range", "year_range", "between_years"}
# Expressions that are only dates with a preposition in front of them.
NEEDS_PREFIX = {"then", "the_unit"}

_WRAP = (
    r"(?:(?P<pre>(?i:{prefix}))\s+)?(?:{edge}\s+)?(?P<core>{core})(?:,?\s+(?P<suf>(?i:{suffix})))?"
)
# (name, core, scanner): the core alone is a quick test that a text can hold
# the rule at all; the scanner, with its optional prefix and edge words,
# costs the same on every text, so it only runs where the core is found
SCANNERS: list[tuple[str, re.Pattern, re.Pattern]] = [
    (name, rx, re.compile(r"(?<![\w$€£¥-])" + _WRAP.format(prefix=_PREFIX, edge=EDGE, suffix=_SUFFIX, core=rx.pattern) + r"(?![\w-]|\.\d)"))
    for name, rx in RULES
]


# Words (lower case) at least one of which a rule's core cannot match
# without: finding none of them in a text is a much cheaper way to skip the
# rule than searching for its core.  Rules not listed are always searched.
NEEDS = {
    "ago": ("ago", "earlier"),
    "offset": ("before", "after", "from"),
    "span_from": ("from", "starting", "beginning"),
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
    "this_fiscal_year": ("fiscal", "financial", "full"),
    "fiscal_year": ("fiscal", "financial", "fy"),
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
                "easter", "good friday", "labor day", "memorial day", "thanksgiving", "election day", "veterans day",
                "boxing day", "mother's day", "father's day", "columbus day", "presidents", "martin luther king",
                "patrick's day"),
    "sport_season": ("season", "campaign", "term"),
    "year_to": ("year", "months"),
    "months_ended": ("months",),
    "between_years": ("between",),
    "in_n": ("day", "week", "month", "year"),
    "ordinal_day": ("st", "nd", "rd", "th"),
    "weekday_day": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "weekday_of_week": ("next week", "last week", "this week"),
    "first_n_of": ("first", "last", "final"),
    "step_from_previous": ("following", "next", "previous", "preceding", "prior"),
    "day_before_after": ("before", "after"),
    "earlier_later_that": ("that", "same"),
    "year_earlier": ("year-", "year earlier", "year ago", "year before"),
    "the_quarter": ("quarter", "period"),
    "year_period": ("period",),
    "fiscal_quarter": ("fiscal",),
    "rolling": ("past", "last"),
    "month_of_year": ("last year", "next year", "this year"),
    "the_weekend": ("weekend",),
    "year_end": ("year-end", "year end"),
    "spoken_year": ("nineteen", "eighteen", "two thousand"),
    "election_cycle": ("cycle",),
    "bare_unit": ("end of", "close of", "start of", "beginning of", "middle of"),
    "rest_of": ("rest of", "remainder of", "remaining of"),
    "calendar_year": ("calendar year", "cy"),
}
# Rules read only where a whole surface is given to be read ("11/20", "Jan/3"): in running
# text a slash without a year is far more often a fraction or "24/7" than a date, "two
# thousand" a number, and dates in words ("February twenty second") are rare enough in
# print not to search every text for them.
PARSE_ONLY = {"numeric_day", "spoken_2000s", "spoken_date"}


# For rules whose core starts with a count ("three years ago"), which makes
# searching for it slow: a pattern the text must hold for the rule to match,
# built around the words that follow the count.  Where it is absent, the
# rule is skipped; where present, the scanner runs directly.
_UNIT_WORD = r"(?:years?|months?|weeks?|days?|decades?|quarters?)"
HINTS = {
    "ago": re.compile(rf"(?i){_UNIT_WORD} (?:ago|earlier|before|previously)"),
    "later_n": re.compile(rf"(?i){_UNIT_WORD} (?:later|afterwards?|after that|thereafter)"),
    "offset": re.compile(rf"(?i){_UNIT_WORD} (?:before|after|from) "),
    "span_from": re.compile(rf"(?i){_UNIT_WORD} (?:from|starting|beginning) "),
    "next_n": re.compile(rf"(?i)(?:next|past|last|coming|previous|following|upcoming) (?:\S+ ){{0,3}}(?:{_UNIT_WORD}|business|working)"),
}


# For rules whose core is slow to search for but rarely found: a pattern the text
# must hold for the rule to be worth searching at all (a clock time, an edge).
_CLOCK = re.compile(r"\d\s?(?:[ap]\.m|[AaPp][Mm]\b)|\d:\d\d|(?i:noon|midnight|o'clock|\d in the (?:morning|afternoon|evening))"
                    r"|\d\d\d\d ?(?:GMT|UTC|[ECMP][SD]T|[ECMP]T|BST|CET)")
GATES = {"time_of_day": _CLOCK}
# A time of day and the day it is on ("7 p.m. on Monday, September 1", "Friday at
# noon") are found as two expressions and joined, not searched for as one.
JOINED = {"time_on_day": re.compile(r",? (?:(?i:on|this|last|next) )?"),
          "day_at_time": re.compile(r",? (?:(?i:at|from|by|around|about) )?")}
DAY_RULES = {"weekday", "full_date", "deictic", "day_month", "day_of_month", "numeric_date", "holiday"}


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
    for name, core, scanner in SCANNERS:
        if name in JOINED or name in PARSE_ONLY:
            continue
        needs = NEEDS.get(name)
        if needs and not any(word in lowered for word in needs):
            continue
        gate = GATES.get(name)
        if gate is not None and not gate.search(text):
            continue
        hint = HINTS.get(name)
        if hint is not None:  # a core that starts with a count is slow to search for
            first = hint.search(text)
            if first is None:
                continue
            matches = _scan_hinted(hint, scanner, text, first) if near_cores else scanner.finditer(text)
        else:
            first = core.search(text)
            if first is None:
                continue
            matches = _scan(core, scanner, text, first) if near_cores else scanner.finditer(text)
        for m in matches:
            if not _framed(name, m):
                continue
            start = m.start()
            if m["pre"] and m["pre"].lower() == "from" and CHANGE_BEFORE.search(text, max(0, start - 60), start):
                # "fell from a year earlier": the date a change is measured from, no open start
                if name in NEEDS_PREFIX and not m["edge"]:
                    continue
                start = m.end("pre") + len(text[m.end("pre"):m.end()]) - len(text[m.end("pre"):m.end()].lstrip())
            found.append(DateMatch(start, m.end(), name))
    found.sort(key=lambda d: (-(d.end - d.start), d.start))
    taken: list[DateMatch] = []
    for d in found:
        if all(d.end <= t.start or d.start >= t.end for t in taken):
            taken.append(d)
    return _join_times(text, sorted(taken, key=lambda d: d.start))


_SCANNER_OF = {name: scanner for name, _, scanner in SCANNERS}
# Words after which "from" names the date a change is measured from, not a start:
# "profit fell from a year earlier", "up from 2019".
CHANGE_BEFORE = re.compile(
    r"(?i)\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|(?:in|de)creas(?:e|ed|es|ing)|drop(?:s|ped|ping)?|grew|"
    r"grow(?:s|n|ing)?|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|slip(?:s|ped)?|declin(?:e|es|ed|ing)|up|down|gain(?:s|ed)?|"
    r"compared|improv(?:e|es|ed)|slump(?:s|ed)?|plung(?:e|es|ed)|surg(?:e|es|ed)|soar(?:s|ed)|swung|dipped|edged|"
    r"advanc(?:e|es|ed)|retreat(?:s|ed)?|recover(?:s|ed)?|rebound(?:s|ed)?)\b(?:\s+[^\s;:!?]*[^\s.;:!?]){0,6}?\s+$")


def _join_times(text: str, dates: list[DateMatch]) -> list[DateMatch]:
    """Each time of day joined to the day just after ("7 p.m. on Monday") or just
    before it ("Friday at noon"), where the two read as one expression."""
    joined: list[DateMatch] = []
    i = 0
    while i < len(dates):
        d = dates[i]
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if d.rule == "time_of_day" and nxt is not None and nxt.rule in DAY_RULES and \
                JOINED["time_on_day"].fullmatch(text, d.end, nxt.start) and \
                _SCANNER_OF["time_on_day"].fullmatch(text, d.start, nxt.end):
            joined.append(DateMatch(d.start, nxt.end, "time_on_day"))
            i += 2
            continue
        if nxt is not None and nxt.rule == "time_of_day" and d.rule in DAY_RULES and \
                JOINED["day_at_time"].fullmatch(text, d.end, nxt.start) and \
                _SCANNER_OF["day_at_time"].fullmatch(text, d.start, nxt.end):
            joined.append(DateMatch(d.start, nxt.end, "day_at_time"))
            i += 2
            continue
        joined.append(d)
        i += 1
    return joined


# How far before the end of its hint a match of a hinted rule can start, and how
# far after it end: a prefix, a count in words ("twenty-five"), an edge and a suffix.
HINT_REACH = REACH + 40
HINT_AHEAD = 40


def _scan_hinted(hint: re.Pattern, scanner: re.Pattern, text: str, first: re.Match) -> Iterator[re.Match]:
    """``scanner.finditer(text)`` for a rule whose every match holds a match of
    its hint: searched only around the hint's matches."""
    pos, h = 0, first
    while h is not None:
        endpos = min(len(text), h.end() + HINT_AHEAD)
        m = scanner.search(text, max(pos, h.end() - HINT_REACH), endpos)
        if m is not None and endpos < len(text) and m.end() >= endpos - 2:
            m = scanner.search(text, max(pos, h.end() - HINT_REACH))  # it may run on: read it whole
        if m is not None and m.start() < h.end():
            yield m
            pos = m.end()
        else:
            pos = max(pos, h.start() + 1)
        h = hint.search(text, pos)


def whole_matches(surface: str, framed: bool = True) -> Iterator[tuple[str, re.Match]]:
    """Each rule that reads ``surface`` whole, in the order of RULES; with
    ``framed`` off, also those that in running text need a preposition ("the
    year" given alone is this year)."""
    for name, _, scanner in SCANNERS:
        m = scanner.fullmatch(surface)
        if m and (not framed or _framed(name, m)):
            yield name, m


def _framed(name: str, m: re.Match) -> bool:
    """Whether a match has the words its rule needs around its core."""
    return name not in NEEDS_PREFIX or bool(m["pre"] or m["edge"])


def month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").title()]


# --- statements about the article's own calendar ------------------------------------

FISCAL_STATED = re.compile(
    rf"(?:fiscal|financial) (?:year|{YEAR})\b[^.;]{{0,40}}?\b(?P<how>begins|began|starts|started|beginning|starting|ends|ended|ending|closes|runs through|running through)"
    rf"\s+(?:on\s+|in\s+)?(?P<month>{MONTH}|May|June|July)\.?(?:\s+(?P<day>\d{{1,2}}))?",
    re.IGNORECASE,
)
# A fiscal year named with the day it ends: "fiscal 2028, which ends January 31, 2028",
# "the fiscal year ending Jan. 31, 2028 (fiscal 2028)".
FISCAL_NAMED = re.compile(
    rf"(?i:fiscal|financial)(?: year)? (?P<label>{YEAR})\b[^.;]{{0,40}}?\b(?i:ends|ended|ending|closes|closed|runs through)"
    rf"\s+(?:(?i:on)\s+)?(?:{MONTH}|May|June|July)\.? \d{{1,2}},? (?P<end>{YEAR})"
    rf"|(?i:fiscal|financial) year (?i:ending|ended|that ends|which ends|to) (?:{MONTH}|May|June|July)\.? \d{{1,2}},? (?P<end2>{YEAR})"
    rf"[^.;]{{0,40}}?(?i:fiscal|financial)(?: year)? (?P<label2>{YEAR})\b"
)


def stated_fiscal_naming(text: str) -> str | None:
    """How an article names its fiscal years, when it says: by the calendar
    year they ``end`` in ("fiscal 2028, which ends January 31, 2028") or
    ``start`` in ("fiscal 2027, which ends January 31, 2028")."""
    m = FISCAL_NAMED.search(text)
    if not m:
        return None
    label, end = int(m["label"] or m["label2"]), int(m["end"] or m["end2"])
    return {0: "end", 1: "start"}.get(end - label)


def stated_fiscal_start(text: str) -> int | None:
    """The month an article's fiscal year starts in, when the article says
    ("whose fiscal year ends Jan. 31", "fiscal 2026, which begins July 1")."""
    m = FISCAL_STATED.search(text)
    if not m:
        return None
    month = month_number(m["month"].rstrip(".").title())
    if m["how"].lower().startswith(("begin", "began", "start")):
        return month if int(m["day"] or 1) <= 15 else month % 12 + 1
    return month % 12 + 1  # ends Jan. 31 → starts in February
