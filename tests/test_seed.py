"""End to end on the seed article: every claim the annotators found, with kind, status and value."""
import pytest

from claimledger.extract import extract

from conftest import SEED

# surface, occurrence, kind, status, value
SEED_CLAIMS = [
    ("April 9", 0, "date", "confirmed", ("2025-04-09", "2025-04-09")),
    ("both urban and outdoor use", 0, "quote", "projected", "both urban and outdoor use"),
    ("best-in-class interior and cargo space", 0, "quote", "projected", "best-in-class interior and cargo space"),
    ("robust towing system", 0, "quote", "projected", "robust towing system"),
    ("off-road capabilities", 0, "quote", "projected", "off-road capabilities"),
    ("advanced infotainment and safety features", 0, "quote", "projected", "advanced infotainment and safety features"),
    ("90,000", 0, "number", "projected", (90000, "=")),
    ("7%", 0, "number", "projected", (7, "=")),
    ("just over 7,100", 0, "number", "confirmed", (7100, ">")),
    ("the first quarter of 2025", 0, "date", "confirmed", ("2025-01-01", "2025-03-31")),
    ("fewer than 12,000", 0, "number", "confirmed", (12000, "<")),
    ("the same period", 0, "date", "confirmed", ("2025-01-01", "2025-03-31")),
    ("by the end of this decade", 0, "date", "projected", (None, "2029-12-31")),
    ("2026-2027", 0, "date", "projected", ("2026-01-01", "2027-12-31")),
    ("15", 2, "number", "projected", (15, "=")),
    ("by 2030", 0, "date", "projected", (None, "2030-12-31")),
    ("1.26 million", 0, "number", "projected", (1260000, "=")),
]


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED.read_text(encoding="utf-8")
    return text, extract(text)


def _at(text, surface, occurrence):
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(surface, at + 1)
    return at


@pytest.mark.parametrize("surface,occurrence,kind,status,value", SEED_CLAIMS)
def test_seed_claim(seed, surface, occurrence, kind, status, value):
    text, claims = seed
    start = _at(text, surface, occurrence)
    matches = [c for c in claims if c.kind == kind and c.start < start + len(surface) and start < c.end]
    assert matches, f"missed {kind} {surface!r}"
    claim = matches[0]
    assert (claim.start, claim.end) == (start, start + len(surface))
    assert claim.status == status
    row = claim.as_row()
    if kind == "date":
        assert (row["date_start"], row["date_end"]) == value
    elif kind == "number":
        assert (row["number"], row["qualifier"]) == (pytest.approx(value[0]), value[1])
    else:
        assert row["quote"] == value


def test_seed_has_no_spurious_claims(seed):
    text, claims = seed
    expected = {(_at(text, s, o), k) for s, o, k, _, _ in SEED_CLAIMS}
    # the year in "2025 CEO Investor Day" and the quoted deadline are optional in the annotation
    optional = {(_at(text, "2025", 0), "date"), (_at(text, "by the end of this decade", 0), "quote")}
    extra = {(c.start, c.kind) for c in claims} - expected - optional
    assert extra == set()


def test_seed_speakers(seed):
    text, claims = seed
    by_surface = {c.surface: c for c in claims}
    assert by_surface["by 2030"].attributed_to == "Kia"
    assert by_surface["2026-2027"].attributed_to == "industry watchers"


def test_seed_dates_carry_timex(seed):
    text, claims = seed
    timex = {c.surface: c.as_row()["timex"] for c in claims if c.kind == "date"}
    assert timex["April 9"] == "2025-04-09"
    assert timex["the first quarter of 2025"] == "2025-Q1"
    assert timex["by the end of this decade"] == "(,2029-12-31)"
