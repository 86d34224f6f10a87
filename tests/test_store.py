import sqlite3

from claimledger import store


def test_schema_has_contract_columns(tmp_path):
    db = store.connect(tmp_path / "s.db")
    assert {"id", "source", "text", "title", "url", "publisher", "published", "sha256", "ingested_at"} <= set(db["articles"].columns_dict)
    assert {"id", "article_id", "kind", "span_start", "span_end", "surface", "sentence_start", "sentence_end",
            "status", "cue", "polarity", "attributed_to", "subject", "date_start", "date_end", "number", "unit",
            "qualifier", "quote"} <= set(db["claims"].columns_dict)
    assert db["claims"].foreign_keys[0].other_table == "articles"
    assert {"unverified_claims", "projections_with_deadlines", "claims_by_source"} <= set(db.view_names())
    assert db.journal_mode == "wal"


def test_an_older_store_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    db = store.connect(path)
    db.execute("drop view unverified_claims")
    db.execute("delete from _sqlite_migrations where name = 'm002_views'")
    db.conn.commit()
    db.close()
    assert "unverified_claims" in store.connect(path).view_names()


def _article(text="Kia sold 5 trucks."):
    return {"source": "x.txt", "text": text, "published": None}


def _claim():
    return {"kind": "number", "span_start": 9, "span_end": 10, "surface": "5", "sentence_start": 0,
            "sentence_end": 18, "status": "confirmed", "polarity": "positive", "number": 5.0}


def test_save_article_is_all_or_nothing(tmp_path):
    db = store.connect(tmp_path / "s.db")
    broken = dict(_claim(), kind=None)  # violates NOT NULL
    try:
        store.save_article(db, _article(), [_claim(), broken])
    except sqlite3.IntegrityError:
        pass
    assert db["articles"].count == 0 and db["claims"].count == 0


def test_same_text_is_stored_once(tmp_path):
    db = store.connect(tmp_path / "s.db")
    assert store.save_article(db, _article(), [_claim()]) == 1
    assert store.save_article(db, dict(_article(), source="other.txt"), [_claim()]) is None
    assert db["articles"].count == 1


def test_sentence_text_is_stored_for_search(tmp_path):
    db = store.connect(tmp_path / "s.db")
    store.save_article(db, _article(), [_claim()])
    rows = store.list_claims(db, store.ClaimFilter(search="trucks"))
    assert [r["surface"] for r in rows] == ["5"]
    # FTS syntax in user input is treated as words, not operators
    assert store.list_claims(db, store.ClaimFilter(search='"trucks OR')) == []
