import pytest

from claimledger.normalize.numbers import find_numbers, parse_number

CASES = [
    ("90,000", 90000, None, "="),
    ("7%", 7, "%", "="),
    ("just over 7,100", 7100, None, ">"),
    ("fewer than 12,000", 12000, None, "<"),
    ("1.26 million", 1_260_000, None, "="),
    ("$50,000", 50000, "USD", "="),
    ("$14.5 billion", 14.5e9, "USD", "="),
    ("roughly $6 billion", 6e9, "USD", "~"),
    ("as much as €500 million", 5e8, "EUR", "<="),
    ("£68 million", 68e6, "GBP", "="),
    ("DKK 1.9 billion", 1.9e9, "DKK", "="),
    ("11.3 billion Danish kroner", 11.3e9, "DKK", "="),
    ("5,999 yuan", 5999, "CNY", "="),
    ("$5m", 5e6, "USD", "="),
    ("£2bn", 2e9, "GBP", "="),
    ("3.5 GWh", 3.5, "GWh", "="),
    ("15 megawatts", 15, "MW", "="),
    ("at least 43 gigawatts", 43, "GW", ">="),
    ("6,100 mAh", 6100, "mAh", "="),
    ("14.2 mmHg", 14.2, "mmHg", "="),
    ("6.8-inch", 6.8, "inches", "="),
    ("1.4-gigawatt", 1.4, "GW", "="),
    ("150 megalitres", 150, "ML", "="),
    ("150-megalitre", 150, "ML", "="),
    ("8 gigawatt-hour", 8, "GWh", "="),
    ("1.1 million-square-foot", 1.1e6, "square feet", "="),
    ("five-year", 5, "years", "="),
    ("24 weeks", 24, "weeks", "="),
    ("two full days", 2, "days", "="),
    ("roughly a year", 1, "years", "~"),
    ("about 0.6 percentage points", 0.6, "percentage points", "~"),
    ("up to 5 percentage points", 5, "percentage points", "<="),
    ("a dozen", 12, None, "="),
    ("two", 2, None, "="),
    ("twenty-five", 25, None, "="),
    ("two-thirds", 66.67, "%", "="),
    ("about two-thirds", 66.67, "%", "~"),
    ("nearly half", 50, "%", "<"),
    ("just over a third", 33.33, "%", ">"),
    ("roughly one-fifth", 20, "%", "~"),
    ("one in ten", 10, "%", "~"),
    ("topped 61,000", 61000, None, ">"),
    ("just under 16 gigawatts", 16, "GW", "<"),
    ("no more than 40", 40, None, "<="),
    ("an estimated 400", 400, None, "~"),
    ("closer to £80 million", 80e6, "GBP", "~"),
    ("below 7%", 7, "%", "<"),
    ("3 percent", 3, "%", "="),
]


@pytest.mark.parametrize("surface,value,unit,qualifier", CASES)
def test_parse_number(surface, value, unit, qualifier):
    parsed = parse_number(surface)
    assert parsed is not None, surface
    assert parsed.value == pytest.approx(value, rel=0.001)
    assert parsed.unit == unit
    assert parsed.qualifier == qualifier


@pytest.mark.parametrize("text", ["F-150", "R1T", "COVID-19", "KV-18", "Z3"])
def test_numbers_inside_names_are_not_found(text):
    assert find_numbers(text) == []


def test_find_numbers_takes_the_qualifier_and_unit():
    text = "Ford sold just over 7,100 trucks, and the plant has 3.5 GWh of storage."
    assert [text[n.start : n.end] for n in find_numbers(text)] == ["just over 7,100", "3.5 GWh"]


@pytest.mark.parametrize("text, anchors", [
    ("At half past five on a Tuesday, 60 buses left.", ["60"]),
    ("The buses roll out at ten to six.", []),
    ("Doors open at seven o'clock.", []),
    ("The council voted ten to six for the plan.", ["ten", "six"]),  # a tally, not a time
])
def test_a_time_of_day_in_words_is_no_quantity(text, anchors):
    assert [text[n.start : n.end] for n in find_numbers(text)] == anchors


@pytest.mark.parametrize("text, anchors, value", [
    ("Three hundred and sixty-five dollars is a third of that.", ["Three hundred and sixty-five dollars", "a third"],
     365),
    ("About two thousand five hundred people came.", ["About two thousand five hundred"], 2500),
    ("a hundred and fifty jobs", ["a hundred and fifty"], 150),
    ("one thousand two hundred and forty homes", ["one thousand two hundred and forty"], 1240),
    ("three hundred million dollars", ["three hundred million dollars"], 3e8),
    # a word with a scale of its own starts another number: here the range's other end
    ("between one hundred and two hundred jobs", ["between one hundred and two hundred"], 100),
])
def test_a_number_written_in_several_words_is_one_figure(text, anchors, value):
    found = find_numbers(text)
    assert [text[n.start : n.end] for n in found] == anchors
    assert parse_number(text[found[0].start : found[0].end]).value == pytest.approx(value)


def test_ordinals_are_not_numbers():
    assert find_numbers("the first truck and the 31st store") == []


RANGES = [
    # text, anchor, (low, high, unit)
    ("between 5 and 7 stores", "between 5 and 7", (5, 7, None)),
    ("a 5-7% rise", "5-7%", (5, 7, "%")),
    ("costs of $5-7 million", "$5-7 million", (5e6, 7e6, "USD")),
    ("between $2 billion and $3 billion", "between $2 billion and $3 billion", (2e9, 3e9, "USD")),
    ("between five and seven", "between five and seven", (5, 7, None)),
]


@pytest.mark.parametrize("text, anchor, expected", RANGES)
def test_a_range_keeps_both_ends(text, anchor, expected):
    found = [text[n.start:n.end] for n in find_numbers(text)]
    assert found == [anchor]
    value = parse_number(anchor)
    assert (value.value, value.high, value.unit) == expected


@pytest.mark.parametrize("text", ["the team won 3-1 on Sunday", "sales rose from $5 million to $7 million",
                                  "sales rose 12% to 15%", "the KV-18 chip"])
def test_scores_changes_and_names_are_not_ranges(text):
    assert all(parse_number(text[n.start:n.end]).high is None for n in find_numbers(text))


LENIENT = [
    ("one hundred and six", 106, None),
    ("a hundred and two", 102, None),
    ("16.25 nanometers", 16.25, "nanometers"),
    ("200lbs", 200, "lb"),
    ("€10M", 10e6, "EUR"),
    ("$ 75 million", 75e6, "USD"),
    ("-1.5", -1.5, None),
    ("one hundred and sixteen", 116, None),
    ("2 1/4", 2.25, None),
    ("2½ miles", 2.5, "miles"),
    ("two and a half miles", 2.5, "miles"),
    ("3 million and a half", 3.5e6, None),
    ("five point five", 5.5, None),
    ("minus five", -5, None),
    ("40 000", 40000, None),
    ("1\u202f234\u202f567.89", 1234567.89, None),
    ("13 lakh", 1.3e6, None),
    ("3 dozen", 36, None),
    ("half a million", 5e5, None),
    ("zero", 0, None),
]


CURRENCIES = [
    ("HK$10.05 billion", "HKD"),
    ("C$300 million", "CAD"),
    ("US$ 150 million", "USD"),
    ("50 dollar", "USD"),
    ("361 million pounds", "GBP"),
    ("7,700 pounds", "pounds"),
    ("125 million Australian dollars", "AUD"),
    ("10 €", "EUR"),
    ("50 million USD", "USD"),
    ("RMB 10", "CNY"),
    ("10 Turkish lira", "TRY"),
]


@pytest.mark.parametrize("surface, iso", CURRENCIES)
def test_currencies_are_read_to_iso_codes(surface, iso):
    assert parse_number(surface).unit == iso


@pytest.mark.parametrize("surface, share", [("one eighth", 12.5), ("three in twenty", 15), ("a hundredth", 1),
                                            ("one over four", 25)])
def test_a_fraction_on_its_own_is_a_share(surface, share):
    assert (parse_number(surface).value, parse_number(surface).unit) == (pytest.approx(share, abs=0.01), "%")


def test_a_fiscal_quarter_is_not_a_fraction():
    assert find_numbers("profit in the quarter rose") == []


@pytest.mark.parametrize("surface, value, unit", LENIENT)
def test_a_unit_outside_the_grammar_still_gives_the_value(surface, value, unit):
    parsed = parse_number(surface)
    assert (parsed.value, parsed.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text, anchor, unit", [("she told us $5 million was spent", "$5 million", "USD"),
                                                ("a $5 fee", "$5", "USD"), ("they try 5 times", "5 times", "times")])
def test_words_before_a_figure_are_not_read_as_currency_prefixes(text, anchor, unit):
    assert [text[n.start:n.end] for n in find_numbers(text)] == [anchor]
    assert parse_number(anchor).unit == unit


@pytest.mark.parametrize("surface, value, unit", [
    ("two and fifty-four hundredths", 2.54, None),
    ("one hundred and three quarters", 100.75, None),  # a whole and a proper fraction
    ("one hundred and thirty fifths", 26, None),  # 130/5: thirty fifths is no proper fraction
    ("one hundred thirty-fifths", 100 / 35, None),
    ("three twenty-firsts", 100 * 3 / 21, "%"),
    ("five billion and three quarters", 5.75e9, None),  # a fraction after billions is of a billion
    ("minus ninety - five hundred fifths", -1900, None),
    ("two out of five hundreds", 0.4, "%"),
    ("a hundred thousand trillionths", 1e-5, "%"),
])
def test_fractions_in_words(surface, value, unit):
    parsed = parse_number(surface)
    assert (parsed.value, parsed.unit) == (pytest.approx(value), unit)


def test_seconds_are_a_duration_not_halves():
    assert (parse_number("two seconds").value, parse_number("two seconds").unit) == (2, "seconds")


@pytest.mark.parametrize("surface, value, unit", [
    ("thirteen dollars and forty-five cents", 13.45, "USD"),
    ("15 USD 50", 15.5, "USD"),
    ("75 USD million", 75e6, "USD"),
    ("48.5 MGBP", 48.5e6, "GBP"),
    ("dollar 22.5 million", 22.5e6, "USD"),
    ("three quarters billion us dollars", 7.5e8, "USD"),
    ("quarter million", 250_000, None),
])
def test_money_in_less_common_forms(surface, value, unit):
    parsed = parse_number(surface)
    assert (parsed.value, parsed.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("surface, low, high, unit", [
    ("44 mg to 50 mg", 44, 50, "mg"),
    ("between 44 mg and 50 mg", 44, 50, "mg"),
    ("-78-0 degrees Celsius", -78, 0, "°C"),
    ("7 to 10", 7, 10, None),
])
def test_a_surface_that_is_a_range_keeps_both_ends(surface, low, high, unit):
    parsed = parse_number(surface)
    assert (parsed.value, parsed.high, parsed.unit) == (low, high, unit)


@pytest.mark.parametrize("surface, value", [("one hundred and six", 106), ("fifty - two", 52)])
def test_and_or_a_dash_inside_a_number_in_words_is_no_range(surface, value):
    parsed = parse_number(surface)
    assert (parsed.value, parsed.high) == (value, None)


def test_a_surface_full_of_dashes_is_read_once_per_dash():
    # each end of a range is read without looking for ranges inside it; an
    # exponential reading would not finish
    surface = " - ".join(f"{n} mg" for n in range(60))
    assert parse_number(surface) is not None


# --- numbers as news writes them ------------------------------------------------------------

NEWS_FORMS = [
    # surface, value, unit, qualifier
    ("5\u00a0%", 5, "%", "="),  # a no-break space before the unit
    ("40\u202f000 km", 40000, "km", "="),  # a thin space between thousands
    ("€\u00a05 million", 5e6, "EUR", "="),
    ("75 cents", 0.75, "USD", "="),  # money in the main unit of its currency
    ("64.3 pence", 0.643, "GBP", "="),
    ("50p", 0.5, "GBP", "="),
    ("12-cent", 0.12, "USD", "="),
    ("10,000 shekels", 10000, "ILS", "="),
    ("3 billion rupiah", 3e9, "IDR", "="),
    ("$846.8million", 846.8e6, "USD", "="),  # a scale word touching the figure
    ("$2.174T", 2.174e12, "USD", "="),
    ("1.234,5", 1234.5, None, "="),  # a decimal comma
    ("two-tenths of a point", 0.2, "percentage points", "="),
    ("a quarter of a percentage point", 0.25, "percentage points", "="),
    ("half a percentage point", 0.5, "percentage points", "="),
    ("a quarter-point", 0.25, "percentage points", "="),
    ("+/- 4 percent", 4, "percentage points", "="),  # a margin of error
    ("plus or minus 3 percentage points", 3, "percentage points", "="),
    ("ten-point", 10, "points", "="),
    ("3.4 times", 3.4, "times", "="),
    ("about twice", 2, "times", "~"),
    ("more than triple", 3, "times", ">"),
    ("more than doubled", 2, "times", ">"),
    ("two and a half times", 2.5, "times", "="),
    ("fivefold", 5, "times", "="),
    ("two decades", 20, "years", "="),  # a count of calendar units in its unit
    ("almost a decade", 10, "years", "<"),
    ("half a century", 50, "years", "="),
    ("a quarter century", 25, "years", "="),
    ("-57 °C", -57, "°C", "="),  # a negative measurement keeps its sign
    ("\u221257 \u00b0C", -57, "°C", "="),
    ("minus 40 degrees Fahrenheit", -40, "°F", "="),
    ("20°C", 20, "°C", "="),
    ("120 km/h", 120, "km/h", "="),
    ("80 kilometres per hour", 80, "km/h", "="),
    ("70 mph", 70, "mph", "="),
    ("70 m.p.h.", 70, "mph", "="),
    ("60 miles an hour", 60, "mph", "="),
    ("64GB", 64, "GB", "="),
    ("300 hp", 300, "hp", "="),
    ("0.8 ‰", 0.8, "‰", "="),
    ("9.8 m s\u22122", 9.8, "m s-2", "="),
    ("120 g/km", 120, "g/km", "="),
    ("5 mW", 5, "mW", "="),  # a milliwatt is no megawatt
    ("5 MW", 5, "MW", "="),
    ("~5,000", 5000, None, "~"),
    ("\u223c5,000", 5000, None, "~"),
    ("\u2248 5,000", 5000, None, "~"),
    ("≥ 30", 30, None, ">="),
    ("$200 or less", 200, "USD", "<="),
    ("$100,000 or more", 100000, "USD", ">="),
    ("past $1B", 1e9, "USD", ">"),
    ("past the $1billion mark", 1e9, "USD", ">"),
    ("more than a billion", 1e9, None, ">"),
    ("tens of thousands", 10000, None, ">="),
    ("hundreds of billions of dollars", 1e11, "USD", ">="),
    ("thousands", 2000, None, ">="),
    ("eight of 10", 80, "%", "="),
    ("nine out of every 10", 90, "%", "="),
    ("About $4 of every $5", 80, "%", "~"),
    ("37 cents out of each dollar", 37, "%", "="),
]


@pytest.mark.parametrize("surface, value, unit, qualifier", NEWS_FORMS)
def test_numbers_as_news_writes_them(surface, value, unit, qualifier):
    parsed = parse_number(surface)
    assert (parsed.value, parsed.unit, parsed.qualifier) == (pytest.approx(value), unit, qualifier)


@pytest.mark.parametrize("surface", [case[0] for case in NEWS_FORMS])
def test_each_news_form_is_found_whole(surface):
    text = f"It said {surface} on Monday."
    start = text.index(surface)
    assert [(n.start, n.end) for n in find_numbers(text)] == [(start, start + len(surface))]


def test_an_age_is_a_figure_in_years():
    text = "The victim, a 35-year-old nurse, was named."
    assert [text[n.start:n.end] for n in find_numbers(text)] == ["35-year-old"]
    parsed = parse_number("35-year-old")
    assert (parsed.value, parsed.unit) == (35, "years")


@pytest.mark.parametrize("text", [
    "The vote ended at 7 PM.",  # clock times belong to a date
    "Trading opens at 10:15.",
    "The talks resume at 1430 GMT.",
    "Call 555-123-4567 for tickets.",  # a telephone number
    "Follow tweet 778257943577919488 for details.",  # identifiers, timestamps
    'See <tweet id="783499116076687360" timestamp="1474387200"> here.',  # markup
    "As shown before [12], the effect holds.",  # a citation mark
    "Visit https://example.com/2016/09/20/report-5 for more.",
    "Delegates met at the COP30 summit.",
    "The 5G network, the MP3 player and the F-150 truck.",  # model names
])
def test_what_is_not_a_quantity(text):
    assert find_numbers(text) == []


RANGE_ENDS = [
    # text, the range, its two ends, (low, high, unit)
    ("making between $30,000 and $60,000 a year", "between $30,000 and $60,000", ("$30,000", "$60,000"),
     (30000, 60000, "USD")),
    ("a range from 310 miles to 340 miles", "from 310 miles to 340 miles", ("310 miles", "340 miles"), (310, 340, "miles")),
    ("warming of 2 to 2.5 degrees Celsius", "2 to 2.5 degrees Celsius", ("2", "2.5 degrees Celsius"), (2, 2.5, "°C")),
    ("paid $5,000 to $8,000 a year", "$5,000 to $8,000", ("$5,000", "$8,000"), (5000, 8000, "USD")),
    ("investing $500,000 to more than $1 million", "$500,000 to more than $1 million",
     ("$500,000", "more than $1 million"), (500000, 1e6, "USD")),
]


@pytest.mark.parametrize("text, anchor, ends, expected", RANGE_ENDS)
def test_a_range_written_out_has_two_ends(text, anchor, ends, expected):
    (found,) = find_numbers(text)
    assert text[found.start:found.end] == anchor
    assert tuple(text[s:e] for s, e in found.ends) == ends
    parsed = parse_number(anchor)
    assert (parsed.value, parsed.high, parsed.unit) == expected


@pytest.mark.parametrize("text", ["a 5-7% rise", "costs of $5-7 million"])
def test_a_range_in_one_piece_stays_one(text):
    (found,) = find_numbers(text)
    assert found.ends is None


@pytest.mark.parametrize("text, anchors", [
    ("Sales rose from $5 million to $7 million.", ["$5 million", "$7 million"]),  # a change, not a range
    ("Profit fell 2.5% from $5 million to $4 million.", ["2.5%", "$5 million", "$4 million"]),
    ("Trump leads Clinton 47.1 percent to 41.7 percent.", ["47.1 percent", "41.7 percent"]),  # a score
    ("It has raised money since 2019 to just over $240 million.", ["2019", "just over $240 million"]),
])
def test_two_figures_joined_by_to_are_not_always_a_range(text, anchors):
    assert [text[n.start:n.end] for n in find_numbers(text)] == anchors


KEYED_TEXTS = [
    "Profits more than doubled, to nearly three times the 2019 level and 2.5 times last year's; a fivefold rise.",
    "About $4 of every $5 and eight of 10 avocados, nine out of every 10 limes, 37 cents out of each dollar.",
    "twice twice twice " * 30 + "and 1,000,000,000,000,000,000,000,000,000,000,000 times more",
    "Of every 10, of each dollar, of ten " * 20,
]


@pytest.mark.parametrize("text", KEYED_TEXTS)
def test_searching_around_key_words_finds_what_scanning_the_whole_text_finds(text):
    from claimledger.normalize.numbers import SPECIAL_FINDERS, SPECIAL_KEYS, _around_keys

    for name, (key, before, after) in SPECIAL_KEYS.items():
        finder = SPECIAL_FINDERS[name]
        assert [m.span() for m in _around_keys(finder, key, before, after, text)] == [
            m.span() for m in finder.finditer(text)], name


@pytest.mark.parametrize("surface, value", [("2.33 k", 2330), ("- 10  k", -10000), ("10G", 1e10), ("3 dzs", 36),
                                            ("five dozs", 60)])
def test_a_scale_on_its_own_after_a_figure_given_whole(surface, value):
    assert parse_number(surface).value == pytest.approx(value)


@pytest.mark.parametrize("text, anchor, unit", [
    ("a deficit of KZT 500 billion", "KZT 500 billion", "KZT"),  # an ISO code not listed
    ("the median home sold for ESF 297,700", "ESF 297,700", "ESF"),
    ("a deficit of MVK 3.1 billion this year", "MVK 3.1 billion", "MVK"),
])
def test_an_unlisted_currency_code_before_a_sum_is_its_currency(text, anchor, unit):
    from claimledger.normalize.units import is_currency

    assert [text[n.start:n.end] for n in find_numbers(text)] == [anchor]
    assert parse_number(anchor).unit == unit and is_currency(unit)


@pytest.mark.parametrize("text", ["ABC 7 reported it", "the NATO 2 summit", "drove the A380 12 miles",
                                  "the NHS 1.5 million staff", "the USA 330 million people"])
def test_capitals_before_a_bare_figure_are_no_currency(text):
    assert all(not (parse_number(text[n.start:n.end]).unit or "").isupper() for n in find_numbers(text))
