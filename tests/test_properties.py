"""Invariants of the extractor on any input."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extract.claim import KINDS, STATUSES

WORDS = ["Kia", "sold", "90,000", "units", "by 2030", "“", "”", '"', "will", "may", "$5 billion", "7%", "in",
         "April 9", "the first quarter of 2025", "said", "she", "nearly half", "F-150", "\n\n", ".", ",", "é", "👍"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))))
def test_claims_are_well_formed(nlp, text, published):
    from claimledger.extract import extract

    for claim in extract(text, published):
        row = claim.as_row()
        assert 0 <= row["span_start"] < row["span_end"] <= len(text)
        assert text[row["span_start"] : row["span_end"]] == row["surface"]
        assert row["sentence_start"] <= row["span_start"] or row["kind"] == "quote"
        assert row["kind"] in KINDS and row["status"] in STATUSES
        assert row["polarity"] in ("positive", "negative")
        for key in ("date_start", "date_end"):
            if row[key] is not None:
                date.fromisoformat(row[key])


# inputs benchmarks/fuzz.py found: an anchor across a paragraph break, and
# sentence breaks the parser put inside the tokens around an anchor
FOUND_BY_FUZZING = [
    ". \u200b $5 billion \ufeff next year \r\n \r\n next year will ' about up to \n\n 90,000 $5 billi",
    "é ' 7% \r\n 7% 7% FY2026 👩\u200d👩\u200d👧 last week ” “ sold last week \r\n ½ 7%",
    "Q3last week«April 9»«nearly half90,0003/4\ufeff\"“by 2030\r\nF-150\u200bApril 9about",
    "7% \r\n \r\n \r\n 7%",
]


@pytest.mark.parametrize("text", FOUND_BY_FUZZING)
def test_anchors_stay_in_their_paragraph_and_sentence(nlp, text):
    from claimledger.extract import extract

    for claim in extract(text):
        row = claim.as_row()
        assert text[row["span_start"]:row["span_end"]] == row["surface"]
        assert "\n\n" not in row["surface"].replace("\r", "").replace(" ", "") or row["kind"] == "quote"
        if row["kind"] != "quote":
            assert row["sentence_start"] <= row["span_start"] < row["span_end"] <= row["sentence_end"]
