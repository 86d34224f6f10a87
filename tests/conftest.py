from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "kia-electric-pickup.txt"


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    """No test touches a real claims.db: the default store lives in tmp_path."""
    db = tmp_path / "claims.db"
    monkeypatch.setenv("CLAIMS_DB", str(db))
    monkeypatch.chdir(tmp_path)
    return db


@pytest.fixture(scope="session")
def nlp():
    from claimledger.extract import load_pipeline

    return load_pipeline()


@pytest.fixture
def extract(nlp):
    """Claims of a text, as dicts keyed like the store's rows."""
    from claimledger.extract import extract as run

    def run_rows(text, published=None):
        return [c.as_row() for c in run(text, published)]

    return run_rows


def find(rows, surface, kind=None):
    matches = [r for r in rows if r["surface"] == surface and (kind is None or r["kind"] == kind)]
    assert matches, f"no claim {surface!r} in {[r['surface'] for r in rows]}"
    return matches[0]
