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
    ("200lbs", 200, "lbs"),
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


@pytest.mark.parametrize("text, anchor", [("she told us $5 million was spent", "$5 million"),
                                          ("a $5 fee", "$5"), ("they try 5 times", "5")])
def test_words_before_a_figure_are_not_read_as_currency_prefixes(text, anchor):
    assert [text[n.start:n.end] for n in find_numbers(text)] == [anchor]
    assert parse_number(anchor).unit in ("USD", None)


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
    ("-78-0 degrees Celsius", -78, 0, "degrees celsius"),
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
