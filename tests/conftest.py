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


def as_if_large(db) -> None:
    """Give ``db`` (a sqlite-utils Database) the planner statistics of a
    store with 50,000 articles and a million claims, so a test sees the
    query plans SQLite chooses at that size."""
    db.execute("analyze")
    db.execute("delete from sqlite_stat1")
    db.conn.executemany("insert into sqlite_stat1 values (?, ?, ?)", [
        ("articles", "idx_articles_sha256", "50000 1"),
        ("articles", "idx_articles_ingested_at_id", "50000 1 1"),
        ("claims", "idx_claims_article_id_span_start", "1000000 20 1"),
        ("reviews", "idx_reviews_claim_id", "100000 1"),
    ])
    db.conn.commit()
    db.execute("analyze sqlite_schema")  # reload them
