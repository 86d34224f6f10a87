"""The units a quantity is stated in, and the canonical name each is stored under.

CLAIMS.md section 5: money in the main unit of its currency under its ISO
code (``75 cents`` → 0.75 ``USD``, ``euros`` → ``EUR``); measurement units
under their standard symbol (``°C``, ``km/h``, ``mph``, ``GB``, ``MW``); a
count of calendar units in its unit (``two decades`` → 20 ``years``).

Unit *words* are read in any case (``Kilometres``); unit *symbols* are read
as written, because case is what tells them apart (``mW`` is a milliwatt,
``MW`` a megawatt), except for a few lower-case spellings news uses that
mean one thing only (``kwh``, ``mph``).
"""
from __future__ import annotations

import re
from functools import lru_cache

# --- money ------------------------------------------------------------------------------

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "元": "CNY",
                    "₪": "ILS", "₽": "RUB", "₺": "TRY", "₦": "NGN", "₱": "PHP", "฿": "THB", "₫": "VND",
                    "₴": "UAH", "₿": "BTC"}
# "US$", "C$", "HK $", "u.s $", "cad$": the letters before a dollar sign name the dollar
DOLLAR_PREFIXES = {"us": "USD", "u.s": "USD", "u.s.": "USD", "usd": "USD", "c": "CAD", "ca": "CAD",
                   "cad": "CAD", "a": "AUD", "au": "AUD", "aud": "AUD", "hk": "HKD", "hkd": "HKD",
                   "s": "SGD", "sgd": "SGD", "nz": "NZD", "nzd": "NZD", "mex": "MXN", "mxn": "MXN",
                   "nt": "TWD", "r": "BRL"}
CURRENCY_CODES = ["USD", "EUR", "GBP", "DKK", "SEK", "NOK", "CHF", "JPY", "CNY", "INR", "CAD", "AUD",
                  "KRW", "HKD", "SGD", "BRL", "MXN", "ZAR", "PLN", "NZD", "TRY", "RUB", "ILS", "CZK",
                  "HUF", "ISK", "THB", "IDR", "MYR", "PHP", "VND", "TWD", "AED", "SAR", "QAR", "EGP",
                  "NGN", "KES", "UAH", "ARS", "CLP", "PKR", "BDT"]  # not COP: the climate summits
# every currency a figure may be measured in
CURRENCIES = frozenset(CURRENCY_CODES) | frozenset(CURRENCY_SYMBOLS.values()) | frozenset(DOLLAR_PREFIXES.values())


def is_currency(unit: str | None) -> bool:
    """Whether a unit is a currency: one of CURRENCIES, or a code of the ISO shape read before a sum
    ("MVK 3.1 billion")."""
    return unit is not None and (unit in CURRENCIES or re.fullmatch(r"[A-Z]{3}", unit) is not None)


# codes also read in lower case before a figure ("usd 5"): the common ones, none an English word
LOWER_CASE_CODES = ["usd", "eur", "gbp", "dkk", "sek", "nok", "chf", "jpy", "cny", "inr", "cad", "aud", "krw",
                    "hkd", "sgd", "brl", "mxn", "zar", "pln", "nzd", "rub", "rmb"]
# Currency names; a bare *crowns* is settled by the country the article is
# about (see ``crown_of``).
CURRENCY_WORDS = {
    "danish kroner": "DKK", "danish krone": "DKK", "danish crowns": "DKK", "swedish kronor": "SEK",
    "swedish krona": "SEK", "swedish crowns": "SEK", "norwegian kroner": "NOK", "norwegian krone": "NOK",
    "norwegian crowns": "NOK", "icelandic kronur": "ISK", "icelandic kronas": "ISK", "icelandic crowns": "ISK",
    "czech korunas": "CZK", "czech koruna": "CZK", "czech crowns": "CZK", "kroner": "DKK", "krone": "DKK",
    "kronor": "SEK", "krona": "SEK", "crowns": "crowns", "korunas": "CZK", "koruna": "CZK",
    "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "euros": "EUR", "euro": "EUR", "dollars": "USD", "dollar": "USD", "us dollars": "USD",
    "us dollar": "USD", "u.s. dollars": "USD", "canadian dollars": "CAD", "canadian dollar": "CAD",
    "australian dollars": "AUD", "australian dollar": "AUD", "hong kong dollars": "HKD",
    "new zealand dollars": "NZD", "singapore dollars": "SGD", "taiwan dollars": "TWD", "yen": "JPY",
    "rupees": "INR", "rupee": "INR", "pakistani rupees": "PKR", "won": "KRW", "swiss francs": "CHF",
    "francs": "CHF", "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
    "pesos": "MXN", "mexican pesos": "MXN", "argentine pesos": "ARS", "chilean pesos": "CLP",
    "colombian pesos": "COP", "philippine pesos": "PHP", "reais": "BRL", "zloty": "PLN",
    "zlotys": "PLN", "lira": "TRY", "liras": "TRY", "turkish lira": "TRY", "rand": "ZAR", "roubles": "RUB",
    "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "shekels": "ILS", "shekel": "ILS", "new shekels": "ILS",
    "forints": "HUF", "forint": "HUF", "baht": "THB", "rupiah": "IDR", "ringgit": "MYR", "dong": "VND",
    "dirhams": "AED", "dirham": "AED", "riyals": "SAR", "riyal": "SAR", "naira": "NGN", "shillings": "KES",
    "hryvnias": "UAH", "hryvnia": "UAH", "bitcoins": "BTC", "bitcoin": "BTC",
    **{code.lower(): code for code in CURRENCY_CODES},
}
# Hundredths of a currency, stored in the main unit.
MINOR_UNITS = {"cents": "USD", "cent": "USD", "¢": "USD", "pence": "GBP", "penny": "GBP", "p": "GBP",
               "euro cents": "EUR", "eurocents": "EUR", "kopecks": "RUB", "paise": "INR", "centavos": "MXN"}
# *Crowns* (and Danish or Norwegian *kroner*) name the crown of the country
# the article is about.
CROWNS = {"DKK": ("danish", "denmark", "copenhagen"), "SEK": ("swedish", "sweden", "stockholm"),
          "NOK": ("norwegian", "norway", "oslo"), "ISK": ("icelandic", "iceland", "reykjavik"),
          "CZK": ("czech", "prague")}
BARE_CROWNS = re.compile(r"(?i)\b(?:crowns?|kroner|krone)\b")


def _dollar_marks() -> dict[str, re.Pattern]:
    """What names each currency written with "$" by its country: its letters before
    the sign ("C$", "US$", "HK $"), its code, its name ("Canadian dollars")."""
    marks: dict[str, list[str]] = {}
    for prefix, code in DOLLAR_PREFIXES.items():
        space = r"\s?" if len(prefix) > 1 else ""  # "HK $", not "A $5 grant"
        marks.setdefault(code, [rf"\b{code}\b"]).append(rf"(?<![\w.]){re.escape(prefix.upper())}{space}\$")
    for name, code in CURRENCY_WORDS.items():
        if code in marks and " " in name:  # "canadian dollars"; a bare "dollars" names no country
            marks[code].append(rf"(?i:\b{re.escape(name)}\b)")
    return {code: re.compile("|".join(found)) for code, found in marks.items()}


# A bare "$" or "dollars" is the dollar an article names by its country when it
# names only one: "C$3.3 billion ... half a billion dollars more" is Canadian.
_DOLLAR_MARKS = _dollar_marks()
NAMED_DOLLAR = _DOLLAR_MARKS["USD"]


@lru_cache(maxsize=8)
def dollar_of(text: str) -> str | None:
    """The dollar other than the US one that ``text`` names by its country, when it names that one alone."""
    named = [code for code, mark in _DOLLAR_MARKS.items() if mark.search(text)]
    return named[0] if len(named) == 1 and named[0] != "USD" else None


def crown_of(text: str) -> str | None:
    """The crown an article about Denmark, Sweden, Norway, Iceland or the
    Czech Republic means by *crowns*: the country it names most."""
    lowered = text.lower()
    counts = {code: sum(lowered.count(word) for word in words) for code, words in CROWNS.items()}
    code = max(counts, key=counts.get)
    return code if counts[code] else None


# --- measures ---------------------------------------------------------------------------

# words, read in any case
MEASURE_WORDS = {
    "watts": "W", "watt": "W", "kilowatts": "kW", "megawatts": "MW", "gigawatts": "GW", "terawatts": "TW",
    "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW", "gigawatt-hours": "GWh", "megawatt-hours": "MWh",
    "kilowatt-hours": "kWh", "terawatt-hours": "TWh", "gigawatt hours": "GWh", "megawatt hours": "MWh",
    "kilowatt hours": "kWh", "terawatt hours": "TWh", "kilometres": "km", "kilometers": "km",
    "kilometre": "km", "kilometer": "km", "miles": "miles", "mile": "miles", "metres": "m", "meters": "m",
    "metre": "m", "meter": "m", "centimetres": "cm", "centimeters": "cm", "millimetres": "mm",
    "millimeters": "mm", "feet": "feet", "foot": "feet", "square feet": "square feet", "square-foot": "square feet",
    "square metres": "m2", "square meters": "m2", "square kilometres": "km2", "square kilometers": "km2",
    "square miles": "square miles", "acres": "acres", "hectares": "hectares", "inches": "inches", "inch": "inches",
    "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "grams": "g", "milligrams": "mg", "tonnes": "tonnes",
    "tonne": "tonnes", "metric tons": "tonnes", "tons": "tons", "ton": "tons", "litres": "litres", "liters": "litres",
    "litre": "litres", "liter": "litres", "megalitres": "ML", "megaliters": "ML", "megalitre": "ML", "megaliter": "ML",
    "gigalitres": "GL", "gigaliters": "GL", "gigalitre": "GL", "gigaliter": "GL", "gigawatt-hour": "GWh",
    "megawatt-hour": "MWh", "kilowatt-hour": "kWh", "terawatt-hour": "TWh",
    "gallons": "gallons", "barrels": "barrels", "cubic metres": "m3", "cubic meters": "m3",
    "miles per hour": "mph", "miles an hour": "mph", "kilometres per hour": "km/h", "kilometers per hour": "km/h",
    "kilometres an hour": "km/h", "kilometers an hour": "km/h", "knots": "knots", "horsepower": "hp",
    "megapixels": "megapixels", "megapixel": "megapixels", "gigabytes": "GB", "megabytes": "MB",
    "terabytes": "TB", "gigabits": "Gb", "megabits": "Mb", "gigabit": "Gb", "megabit": "Mb", "gigahertz": "GHz", "megahertz": "MHz",
    "degrees celsius": "°C", "degrees centigrade": "°C", "degrees fahrenheit": "°F", "degrees c": "°C",
    "degrees f": "°F", "celsius": "°C", "fahrenheit": "°F", "degrees": "degrees", "degree": "degrees",
    "per mille": "‰", "parts per million": "ppm", "decibels": "dB",
    "seconds": "seconds", "second": "seconds", "minutes": "minutes", "minute": "minutes",
    "hours": "hours", "hour": "hours", "days": "days", "day": "days", "weeks": "weeks", "week": "weeks",
    "months": "months", "month": "months", "years": "years", "year": "years", "decades": "decades",
    "decade": "decades", "centuries": "centuries", "century": "centuries", "fortnights": "fortnights",
    "fortnight": "fortnights", "percentage points": "percentage points", "percentage point": "percentage points",
    "percent points": "percentage points", "basis points": "basis points", "basis point": "basis points",
    "points": "points", "point": "points",
}
# symbols, read as written
MEASURE_SYMBOLS = {
    "W": "W", "kW": "kW", "MW": "MW", "mW": "mW", "GW": "GW", "TW": "TW", "Wh": "Wh", "kWh": "kWh",
    "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "mAh": "mAh", "mmHg": "mmHg", "km": "km", "m": "m", "cm": "cm",
    "mm": "mm", "mi": "miles", "ft": "feet", "kg": "kg", "g": "g", "mg": "mg", "lb": "lb", "lbs": "lb",
    "oz": "oz", "t": "tonnes", "Mt": "Mt", "Gt": "Gt", "km/h": "km/h", "kph": "km/h", "km/hr": "km/h",
    "mph": "mph", "m.p.h.": "mph", "m/s": "m/s", "km/s": "km/s", "hp": "hp", "bhp": "hp", "GB": "GB",
    "MB": "MB", "TB": "TB", "kB": "kB", "KB": "kB", "Gb": "Gb", "Mb": "Mb", "Gbps": "Gbps", "Mbps": "Mbps",
    "GHz": "GHz", "MHz": "MHz", "kHz": "kHz", "Hz": "Hz", "°C": "°C", "°F": "°F", "ºC": "°C", "ºF": "°F",
    "° C": "°C", "° F": "°F", "‰": "‰", "ppm": "ppm", "ppb": "ppb", "dB": "dB", "km2": "km2", "km²": "km2",
    "m2": "m2", "m²": "m2", "m3": "m3", "m³": "m3", "sq ft": "square feet", "ha": "hectares", "bpd": "barrels/day",
    "b/d": "barrels/day", "mpg": "mpg", "nm": "nm", "µm": "µm", "μm": "µm", "µg": "µg", "μg": "µg",
    "mL": "ml", "ml": "ml", "kt": "kt", "MtCO2": "MtCO2", "GtCO2": "GtCO2",
}
# lower- or upper-case spellings news uses that mean one unit only
SYMBOL_SPELLINGS = {"kwh": "kWh", "gwh": "GWh", "twh": "TWh", "kw": "kW", "gw": "GW", "mah": "mAh",
                    "mmhg": "mmHg", "ghz": "GHz", "mhz": "MHz", "khz": "kHz", "gb": "GB", "tb": "TB",
                    "MPH": "mph", "KM": "km", "KG": "kg", "HP": "hp", "KPH": "km/h", "kmh": "km/h", "kmph": "km/h",
                    "Km": "km", "Kg": "kg", "Kw": "kW"}
# the symbols a compound unit is built of ("m s−1", "W m−2", "g/km", "µg/m3")
BASE_SYMBOLS = ["m", "s", "h", "g", "kg", "km", "W", "J", "K", "mol", "L", "l", "m2", "m3", "kWh", "t", "cm", "mm", "yr"]
TIME_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"}
# a count of calendar units stands in a smaller unit: "two decades" are 20 years
CALENDAR_UNITS = {"decades": ("years", 10), "centuries": ("years", 100), "fortnights": ("weeks", 2)}

# Every canonical measure, for readers that tell measures from counted nouns.
MEASURES = {**{k.lower(): v for k, v in MEASURE_SYMBOLS.items()}, **MEASURE_WORDS}


def measure_unit(written: str) -> str:
    """The canonical unit of a measure as written: a symbol as written, else
    one of its known spellings, else a word in any case."""
    written = " ".join(written.split())
    if written in MEASURE_SYMBOLS:
        return MEASURE_SYMBOLS[written]
    if written in SYMBOL_SPELLINGS:
        return SYMBOL_SPELLINGS[written]
    compound = COMPOUND.fullmatch(written)
    if compound:
        return re.sub(r"[−–]", "-", written).replace("⁻¹", "-1").replace("⁻²", "-2").replace("⁻³", "-3")
    lowered = written.lower()
    return MEASURE_WORDS.get(lowered, SYMBOL_SPELLINGS.get(lowered, lowered))


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_BASE = _alt(BASE_SYMBOLS)
_EXPONENT = r"(?:[−–-]?[1-3]|⁻?[¹²³])"
# "m s−1", "W m−2", "kg m−3 s−1" (every part after the first with its power), or "g/km", "µg/m3"
COMPOUND = re.compile(rf"(?:{_BASE}|µg|μg|mg)(?:(?:[ ·⋅](?:{_BASE}){_EXPONENT})+|/(?:{_BASE})(?:{_EXPONENT})?)")


def split_unit(unit: str | None) -> tuple[str, str | None]:
    """A stored unit's measure and the period it is counted over: "USD/year" is ("USD", "year")."""
    base, _, period = (unit or "").partition("/")
    return base, period or None


# nouns that name an amount without saying of what: "the estimate of $1.38 billion", "a total of 1,100"
AMOUNT_NOUNS = frozenset({"estimate", "figure", "forecast", "projection", "total", "amount", "sum", "number",
                          "value", "target", "goal", "tally", "level"})

# nouns that name a sum of money by what it is, not a thing that costs it: "a $610 million contract"
MONEY_NOUNS = AMOUNT_NOUNS | {
    "contract", "grant", "loan", "fund", "subsidy", "contribution", "package", "deal", "award", "bond", "revenue",
    "profit", "income", "tax", "fee", "fine", "salary", "wage", "payment", "donation", "bailout", "settlement",
    "dividend", "deficit", "debt", "credit", "incentive", "rebate", "tariff", "sale", "saving", "surplus", "loss",
    "investment", "purchase", "order", "stake", "valuation", "share", "turnover", "earning", "allocation",
    "allowance", "bonus", "cut", "increase", "overrun", "premium", "reserve", "penalty", "compensation",
    "guarantee", "offer", "bid", "capital", "contingency", "support", "hit", "price", "cost", "budget", "charge",
    "bill", "fare"}
