"""Quotations: which marks pair up, and which quoted text is reported speech."""
import pytest

from claimledger.extract.quotes import find_quotations, find_quotes


def quoted(text):
    return [text[s:e] for s, e in find_quotes(text)]


# --- pairing marks: pure text, no model ---------------------------------------------

PAIRING_CASES = [
    # two apostrophes are a double mark, opening and closing
    ("''We are ready,'' said Ana Brook. ''The line opens in May.''", ["We are ready", "The line opens in May"]),
    # mixed straight and curly marks
    ("She said “the plan works\" and he said \"it does not” at all.", ["the plan works", "it does not"]),
    # TeX-style opening marks
    ("``Prices will rise,'' the broker said.", ["Prices will rise"]),
    # a quotation inside a quotation with other marks is part of the outer one
    ("\"People call it “too loud” or “too shrill,”\" she said.", ["People call it “too loud” or “too shrill,”"]),
    # a closing glyph typed for the opening one at the start of a paragraph
    ("” … we will not back down,” Ilse Marr wrote.", ["… we will not back down"]),
    # an inch mark opens nothing
    ("The screen is 12\" wide, he said \"and bright\".", ["and bright"]),
    # a mark left open with no paragraph after it to carry it is no quotation
    ("He said “this never closes and sold 500 units.\n\nThe end.", []),
]


@pytest.mark.parametrize("text,expected", PAIRING_CASES)
def test_marks_pair_into_quotations(text, expected):
    assert quoted(text) == expected


def test_a_quotation_over_several_paragraphs_is_one_segment_a_paragraph():
    text = ("The Daily Ledger reports:\n\n"
            "\"Fares rose 8 percent in March. Ridership fell.\n\n"
            "\"The board meets again in June.\"\n\nOther news.")
    quotes = find_quotations(text)
    assert [text[q.start:q.end] for q in quotes] == ["Fares rose 8 percent in March. Ridership fell",
                                                     "The board meets again in June"]
    assert quotes[0].close is None and quotes[1].close is not None


def test_a_paragraph_of_one_line_that_opens_while_a_quotation_runs_on():
    text = ("“We lost the vote,” Ola Ren said. “It was close, and we will appeal.\n"
            "“The ruling is wrong,” she added.")
    assert quoted(text) == ["We lost the vote", "It was close, and we will appeal", "The ruling is wrong"]


def test_a_run_on_needs_the_same_mark_in_the_next_paragraph():
    # the straight mark opened nothing: the curly quotation inside it stands alone
    text = "\"The crowd chanted “Yes we can!” all night.\n\n“It was loud,” a guard said."
    assert quoted(text) == ["Yes we can", "It was loud"]


def test_text_inside_markup_is_not_a_quotation():
    text = '<tweet pic="pic.twitter.com/x" author="janedoe">Rates are up.</tweet> He said "rates are up".'
    assert quoted(text) == ["rates are up"]


def test_titles_and_stage_directions_are_not_quotations():
    text = ('He spoke on "Face the Nation" and "State of the Union" on Sunday.\n\n'
            '"(CROSSTALK.)"\n\nShe said "the state of the union is strong."')
    assert quoted(text) == ["the state of the union is strong"]


# --- what the parse rules out ---------------------------------------------------------


def test_the_title_of_a_work_is_not_a_quote(extract):
    rows = extract('Lena Ortiz\' column, "Voters, hold your nerve," was widely shared. '
                   'Ortiz said voters were "tired of waiting."')
    assert [r["surface"] for r in rows if r["kind"] == "quote"] == ["tired of waiting"]


def test_scare_quotes_and_coinages_are_not_quotes(extract):
    text = ('The fund opened a "philanthropub" in Leeds. Critics mocked its “magic” growth pills. '
            'The rest went into a separate "liquidating trust." '
            'The minister called the deal “a betrayal.” Rowe said the accounts were “well-kept.”')
    assert [r["surface"] for r in extract(text) if r["kind"] == "quote"] == ["a betrayal", "well-kept"]


def test_a_short_quote_in_a_list_a_verb_of_saying_governs_is_kept(extract):
    rows = extract("The maker is promising “quiet cabins,” a “long range” and “fast charging.”")
    assert [r["surface"] for r in rows if r["kind"] == "quote"] == ["quiet cabins", "long range", "fast charging"]


def test_a_quotation_used_as_a_label_is_not_a_quote(extract):
    rows = extract('The county adopted a "pay as you go" policy in 2019. '
                   'Ruiz said the board expects a "slow but steady" recovery.')
    assert [r["surface"] for r in rows if r["kind"] == "quote"] == ["slow but steady"]


def test_a_quotation_closed_past_the_end_of_its_paragraph_does_not_stop_extraction(extract):
    # an opening mark never closed, then two apostrophes further on: found by
    # mutating a real article in the robustness benchmark
    text = ("We're off \"in search of an ancient city.\n"
            "The people here are famous for pottery. Some families have kept their glass "
            "''working secrets for more'' than two thousand years.\n"
            "The city could have used protection in 1979.")
    rows = extract(text)
    assert {r["kind"] for r in rows} >= {"number", "date"}
    assert all(text[r["span_start"]:r["span_end"]] == r["surface"] for r in rows)
