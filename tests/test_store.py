import sqlite3
from datetime import date

import pytest

from claimledger import store
from claimledger.provenance.linking import link
from claimledger.store import articles

from conftest import ROOT, as_if_large


def test_schema_has_contract_columns(tmp_path):
    db = store.connect(tmp_path / "s.db")
    assert {"id", "source", "text", "title", "url", "publisher", "published", "sha256", "ingested_at"} <= set(db["articles"].columns_dict)
    assert {"id", "article_id", "kind", "span_start", "span_end", "surface", "sentence_start", "sentence_end",
            "status", "cue", "polarity", "attributed_to", "subject", "date_start", "date_end", "timex", "number",
            "unit", "qualifier", "quote"} <= set(db["claims"].columns_dict)
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


def test_schema_names_the_newest_migration():
    """The reading path trusts a store that has ``store.SCHEMA``; it must be the last migration."""
    import sqlite_utils

    from claimledger.store.schema import migrations

    assert migrations.pending(sqlite_utils.Database(memory=True))[-1].name == store.SCHEMA


def test_reading_an_up_to_date_store_needs_no_sqlite_utils(tmp_path):
    path = tmp_path / "s.db"
    store.connect(path).close()
    conn = store.open_for_reading(path)
    assert type(conn) is sqlite3.Connection
    assert store.list_claims(conn, store.ClaimFilter(unverified=True)) == []


def older_store(path, before: str):
    """A store with every migration up to ``before``, as an older version left it."""
    import sqlite_utils

    from claimledger.store.schema import migrations

    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=before)
    return db


def test_reading_an_older_store_leaves_it_as_it_is_and_says_how_to_upgrade(tmp_path):
    path = tmp_path / "old.db"
    older_store(path, store.SCHEMA).close()
    before = path.read_bytes()
    with pytest.raises(store.StoreError, match="older claimledger: upgrade it with 'claims migrate"):
        store.open_for_reading(path)
    assert path.read_bytes() == before
    store.open_existing(path).close()  # a command that writes upgrades it
    conn = store.open_for_reading(path)
    assert conn.execute("select count(*) from _sqlite_migrations where name = ?", [store.SCHEMA]).fetchone() == (1,)



def up_to_fragments(db) -> None:
    """Upgrade ``db`` up to m025, which forgets every link (and so what the migrations before it kept)."""
    from claimledger.store.schema import migrations

    migrations.apply(db, stop_before="m025_fragments_and_schedules")


def test_an_older_stores_block_names_are_numbered_in_the_order_they_appeared(tmp_path):
    path = tmp_path / "old.db"
    db = older_store(path, "m023_block_names")
    db["articles"].insert({"id": 1, "text": "t", "sha256": "1", "ingested_at": "2025-01-01"})
    db["claims"].insert_all({"id": c, "article_id": 1, "kind": "number", "surface": str(c), "span_start": c,
                             "span_end": c + 1, "status": "confirmed"} for c in (1, 2, 3))
    db["signature_names"].insert_all({"claim_id": c, "kind": "number", "measure": "count", "name": name}
                                     for c, name in ((1, "zeta"), (2, "acme"), (3, "zeta")))
    db.conn.commit()
    up_to_fragments(db)
    assert db.execute("select n.claim_id, b.name from signature_names n join block_names b on b.id = n.name_id "
                      "order by n.claim_id").fetchall() == [(1, "zeta"), (2, "acme"), (3, "zeta")]
    assert dict(db.execute("select name, id from block_names").fetchall()) == {"zeta": 1, "acme": 2}


def test_the_upgrade_drops_conflicts_between_a_date_and_one_inside_it(tmp_path):
    path = tmp_path / "old.db"
    db = older_store(path, "m024_nested_dates_agree")
    db["articles"].insert_all({"id": a, "text": "t", "sha256": str(a), "ingested_at": "2025-01-01"} for a in (1, 2))
    spans = {1: (100, 190), 2: (130, 160), 3: (100, 190), 4: (200, 230)}  # the autumn, October; again, December
    db["claims"].insert_all({"id": c, "article_id": 1 + c % 2, "kind": "date", "surface": str(c), "span_start": c,
                             "span_end": c + 1, "status": "projected", "group_id": c} for c in spans)
    db["claim_groups"].insert_all({"id": c, "kind": "date", "first_claim_id": c, "members": 1} for c in spans)
    db["claim_signatures"].insert_all({"claim_id": c, "article_id": 1 + c % 2, "kind": "date", "low": low,
                                       "high": high, "names": "[]", "words": "[]"} for c, (low, high) in spans.items())
    db["group_conflicts"].insert_all({"group_id": a, "other_group_id": b, "claim_id": a, "other_claim_id": b}
                                     for a, b in ((1, 2), (3, 4)))
    db.conn.commit()
    up_to_fragments(db)
    assert db.execute("select group_id, other_group_id from group_conflicts").fetchall() == [(3, 4)]


@pytest.mark.parametrize("migration", ["m025_fragments_and_schedules", "m026_reaches_parts_and_rates",
                                       "m027_rival_estimates_and_schedules", "m028_titles_and_milestones",
                                       "m029_names_in_headlines", "m030_promised_periods",
                                       "m031_projections_met", "m032_decision_days", "m033_one_event_a_group",
                                       "m034_rates_and_periods"])
def test_an_upgrade_that_changes_signatures_relinks_every_current_article(tmp_path, migration):
    path = tmp_path / "old.db"
    db = older_store(path, migration)
    db["articles"].insert_all({"id": a, "text": "t", "sha256": str(a), "ingested_at": "2025-01-01", "linked": 1}
                              for a in (1, 2))
    db["claims"].insert({"id": 1, "article_id": 1, "kind": "quote", "surface": "q", "span_start": 0, "span_end": 1,
                         "status": "confirmed", "group_id": 1})
    db["claim_groups"].insert({"id": 1, "kind": "quote", "first_claim_id": 1, "members": 1})
    db["claim_signatures"].insert({"claim_id": 1, "article_id": 1, "kind": "quote", "names": "[]", "words": "[]"})
    db.conn.commit()
    db.close()
    db = store.connect(path)
    assert db.execute("select count(*) from claim_signatures").fetchone() == (0,)
    assert db.execute("select group_id from claims").fetchall() == [(None,)]
    assert db.execute("select linked from articles order by id").fetchall() == [(0,), (0,)]

def foreign_database(path):
    conn = sqlite3.connect(path)
    conn.execute("create table notes (id integer primary key, body text)")
    conn.execute("insert into notes (body) values ('mine')")
    conn.commit()
    conn.close()


def test_a_database_of_something_else_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    foreign_database(path)
    before = path.read_bytes()
    for opening in (store.open_for_reading, store.open_existing, store.connect):
        with pytest.raises(store.StoreError, match="not a claims store"):
            opening(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]  # no journal, no WAL files
    assert sqlite3.connect(path).execute("pragma journal_mode").fetchone() == ("delete",)


def test_a_database_of_another_migration_set_is_not_a_claims_store(tmp_path):
    import sqlite_utils
    from sqlite_utils import Migrations

    other = Migrations("someone-else")

    @other()
    def m001(db):
        db["things"].create({"id": int}, pk="id")

    path = tmp_path / "other.db"
    other.apply(sqlite_utils.Database(path))
    with pytest.raises(store.StoreError, match="not a claims store"):
        store.connect(path)


def test_readers_find_no_store_in_an_empty_or_missing_file_and_create_nothing(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (empty, tmp_path / "missing.db"):
        with pytest.raises(store.StoreError, match="no store at"):
            store.open_for_reading(path)
        with pytest.raises(store.StoreError, match="no store at"):
            store.open_existing(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
    assert empty.stat().st_size == 0


def test_a_device_is_not_a_store(tmp_path):
    for opening in (store.open_for_reading, store.open_existing, store.connect):
        with pytest.raises(store.StoreError, match="not a regular file"):
            opening("/dev/null")


def test_reading_leaves_no_files_behind_and_cannot_write(tmp_path):
    path = tmp_path / "s.db"
    store.connect(path).close()
    conn = store.open_for_reading(path)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("insert into reviews (claim_id, verdict, reviewed_at) values (1, 'accurate', 'now')")
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]


def test_a_new_store_is_created_once_when_several_processes_open_it_at_once(tmp_path):
    """Checking and applying migrations happen under the write lock: the
    others wait for it and find the store current."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(4) as pool:
        for round_ in range(5):
            path = tmp_path / f"new{round_}.db"
            start = manager.Barrier(4)
            assert pool.starmap(_open_and_count, [(str(path), start)] * 4) == [(1, 0)] * 4


def _open_and_count(path, start):
    start.wait()
    db = store.connect(path)
    try:
        applied = db.execute("select count(*) from _sqlite_migrations where name = ?", [store.SCHEMA]).fetchone()[0]
        return applied, db["articles"].count
    finally:
        db.close()


def test_relations_are_kept_once_and_read_both_ways(tmp_path):
    """m012: a store that held each relation twice keeps it once in
    claim_pairs; claim_relations still shows both sides and still takes
    inserts and deletes."""
    path = tmp_path / "old.db"
    db = older_store(path, "m012_relation_pairs")
    db["articles"].insert_all([{"id": i, "text": "t", "sha256": str(i), "ingested_at": "2025-01-01"} for i in (1, 2)])
    db["claims"].insert_all([{"id": i, "article_id": 1 + i % 2, "kind": "number", "surface": str(i), "span_start": 0,
                              "span_end": 1, "status": "unknown"} for i in (1, 2, 3, 4)])
    both_ways = [(1, 2, "same", 0.5), (2, 1, "same", 0.5), (4, 3, "contradicts", 0.4), (3, 4, "contradicts", 0.4)]
    db.conn.executemany("insert into claim_relations values (?, ?, ?, ?)", both_ways)
    db.conn.commit()
    from claimledger.store.schema import migrations

    migrations.apply(db, stop_before="m016_groups_not_pairs")  # as m012 to m015 left it
    assert db.execute("select * from claim_pairs order by claim_id").fetchall() == [
        (1, 2, "same", 0.5), (3, 4, "contradicts", 0.4)]
    assert sorted(db.execute("select * from claim_relations").fetchall()) == sorted(both_ways)
    assert [r[0] for r in db.execute("select related_claim_id from claim_relations where claim_id = 4")] == [3]
    assert [(r["claim_id"], r["other_claim_id"]) for r in store.select(db, "select * from conflicts")] == [(3, 4)]

    db.execute("insert into claim_relations values (4, 1, 'same', 0.6)")  # either way round: one pair
    db.execute("delete from claim_relations where claim_id = 2 and related_claim_id = 1")
    assert db.execute("select * from claim_pairs order by claim_id").fetchall() == [
        (1, 4, "same", 0.6), (3, 4, "contradicts", 0.4)]


def test_a_store_of_pairs_is_grouped_again_by_the_next_link(tmp_path, nlp):
    """m016: pairs and the groups made of them are forgotten, every current
    article waits for the next link, and that link groups it again."""
    from claimledger.ingest import ingest, read_sources
    from claimledger.store.schema import migrations

    corpus = str(ROOT / "corpus")
    path = tmp_path / "old.db"
    db = older_store(path, "m016_groups_not_pairs")
    db.close()
    db = store.connect(tmp_path / "new.db")
    ingest(db, read_sources([corpus]))
    expected = db.execute("select count(*) from claim_groups where sources > 1").fetchone()[0]
    assert expected > 5
    db = sqlite_utils_db(path)
    migrations.apply(db, stop_before="m016_groups_not_pairs")
    db.conn.execute("insert into claim_pairs values (1, 2, 'same', 0.9)")
    db.conn.commit()
    db.close()
    db = store.connect(path)  # m016
    assert db.execute("select count(*) from claim_pairs").fetchone() == (0,)
    ingest(db, read_sources([corpus]))
    assert db.execute("select count(*) from claim_groups where sources > 1").fetchone()[0] == expected


def test_conflicts_of_a_store_from_before_reasons_are_judged_again(tmp_path):
    """m018: conflicts found without comparing what figures measure are
    forgotten with the groups, every current article waits for the next
    link, and each conflict found from then on keeps its reason."""
    path = tmp_path / "old.db"
    db = older_store(path, "m018_conflict_reasons")
    db["articles"].insert_all([{"id": i, "text": "t", "sha256": str(i), "ingested_at": "2025-01-01", "linked": 1}
                               for i in (1, 2)])
    db["claims"].insert_all([{"id": i, "article_id": i, "kind": "number", "surface": str(i), "span_start": 0,
                              "span_end": 1, "status": "projected", "group_id": i} for i in (1, 2)])
    db["claim_groups"].insert_all([{"id": i, "kind": "number", "surface": str(i), "first_claim_id": i,
                                    "first_article_id": i, "sources": 1, "members": 1} for i in (1, 2)])
    db["group_conflicts"].insert({"group_id": 1, "other_group_id": 2, "claim_id": 1, "other_claim_id": 2})
    db.conn.commit()
    db.close()
    db = store.connect(path)
    assert {"relation", "reason"} <= set(db["group_conflicts"].columns_dict)
    assert "scope" in db["claims"].columns_dict
    assert db.execute("select count(*) from group_conflicts").fetchone() == (0,)
    assert db.execute("select count(*) from articles where linked = 0").fetchone() == (2,)
    assert "reason" in [c[1] for c in db.execute("pragma table_info(conflicts)")]


def sqlite_utils_db(path):
    import sqlite_utils

    return sqlite_utils.Database(path)


def test_reading_a_file_that_is_not_a_store_says_so(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database, only some notes " * 100)
    with pytest.raises(store.StoreError, match="cannot open .*notes.db as a claims store"):
        store.open_for_reading(path)
    with pytest.raises(store.StoreError, match="no store at"):
        store.open_for_reading(tmp_path / "missing.db")


def test_listing_reads_claims_in_order_without_first_reading_every_article(tmp_path):
    """A plain join had SQLite build a Bloom filter over all articles before
    returning the first claim: 14 ms on a million claims for a 50-claim page."""
    db = store.connect(tmp_path / "s.db")
    as_if_large(db)
    statements = []
    db.conn.set_trace_callback(statements.append)
    store.list_claims(db, store.ClaimFilter(unverified=True, limit=50))
    db.conn.set_trace_callback(None)
    [sql] = [s for s in statements if s.lstrip().startswith("select claims.*")]
    plan = [r[3] for r in db.execute("explain query plan " + sql)]
    assert plan[0] == "SCAN claims USING INDEX idx_claims_article_id_span_start"
    assert not any("BLOOM" in step or "TEMP B-TREE" in step for step in plan)
    # a claim's reviews are found through its lineage, never by reading every review
    assert not any(step.startswith("SCAN reviews") for step in plan), plan


def test_a_due_projection_is_checked_against_its_groups_confirmed_members_alone(tmp_path):
    """The check for a later report read every member of the group: a story
    repeated a thousand times read a thousand claims for each copy."""
    from claimledger.provenance.reports import due

    db = store.connect(tmp_path / "s.db")
    as_if_large(db)
    statements = []
    db.conn.set_trace_callback(statements.append)
    list(due(db, date(2030, 1, 1), limit=50))
    db.conn.set_trace_callback(None)
    [sql] = [s for s in statements if "deadline" in s and s.lstrip().startswith("select")]
    plan = [r[3] for r in db.execute("explain query plan " + sql)]
    assert any(step.startswith("SEARCH k USING COVERING INDEX idx_claims_group_id_status_article_id") and
               "status=?" in step for step in plan), plan


def test_linking_finds_the_articles_waiting_for_it_without_reading_every_article(tmp_path):
    """Each link looked for the articles not linked yet by reading every
    article's row: 15 ms a slice in a store of 20,000 articles."""
    from claimledger.provenance.linking import link

    db = store.connect(tmp_path / "s.db")
    as_if_large(db)
    statements = []
    db.conn.set_trace_callback(statements.append)
    link(db)
    db.conn.set_trace_callback(None)
    [sql] = [s for s in statements if "linked = 0" in s and s.lstrip().startswith("select")]
    plan = [r[3] for r in db.execute("explain query plan " + sql)]
    assert plan == ["SCAN articles USING INDEX idx_articles_waiting"], plan


def test_a_groups_claim_ids_are_read_in_order_without_sorting_each_group(tmp_path):
    from claimledger.provenance.reports import groups

    db = store.connect(tmp_path / "s.db")
    as_if_large(db)
    statements = []
    db.conn.set_trace_callback(statements.append)
    list(groups(db))
    db.conn.set_trace_callback(None)
    [sql] = [s for s in statements if "claim_groups" in s and s.lstrip().startswith("select")]
    plan = [(r[0], r[1], r[3]) for r in db.execute("explain query plan " + sql)]
    inner = {node for node, parent, step in plan if step.startswith("CO-ROUTINE")}
    assert not any(parent in inner and "TEMP B-TREE" in step for node, parent, step in plan), plan


def test_upgrading_fills_in_timex_for_dates_already_stored(tmp_path):
    path = tmp_path / "old.db"
    db = store.connect(path)
    article = db["articles"].insert({"source": "x.txt", "text": "In the first quarter of 2025.", "sha256": "x",
                                     "ingested_at": "2025-06-18T00:00:00+00:00"}).last_pk
    db["claims"].insert({"article_id": article, "kind": "date", "span_start": 3, "span_end": 28, "status": "confirmed",
                         "date_start": "2025-01-01", "date_end": "2025-03-31"})
    db.execute("update claims set timex = null")
    db.execute("delete from _sqlite_migrations where name = 'm003_timex'")
    db.execute("alter table claims drop column timex")
    db.conn.commit()
    db.close()
    assert [r["timex"] for r in store.connect(path).query("select timex from claims")] == ["2025-Q1"]


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


def test_upgrading_signs_stored_claims_and_sets_their_deadlines(tmp_path):
    """A store from before signatures and deadlines (m007) gets its deadlines
    from m008, and its articles wait for the next link, which signs and
    groups them."""
    path = tmp_path / "old.db"
    db = older_store(path, "m008_deadlines")
    text = "Kia will sell 90,000 trucks a year by 2030."
    db["articles"].insert({"id": 1, "source": "x.txt", "text": text, "sha256": "x", "ingested_at": "2025-01-01",
                           "origin": "/x.txt"})
    db["claims"].insert_all([
        dict(_claim(), id=1, article_id=1, span_start=14, span_end=20, surface="90,000", sentence_end=len(text),
             status="projected", number=90000.0),
        dict(_claim(), id=2, article_id=1, kind="date", span_start=38, span_end=45, surface="by 2030",
             sentence_end=len(text), status="projected", number=None, date_end="2030-12-31"),
    ])
    db.conn.commit()
    db.close()
    db = store.connect(path)
    assert [r[0] for r in db.execute("select deadline from claims order by id")] == ["2030-12-31", "2030-12-31"]
    assert [r[0] for r in db.execute("select linked from articles")] == [0]
    link(db)
    assert db["claim_signatures"].count == 2
    assert [r[0] for r in db.execute("select linked from articles")] == [1]
    assert db.execute("select count(*) from claims where group_id is null").fetchone() == (0,)


def index_matches_claims(db) -> bool:
    """FTS5's integrity check against the claims table: every claim indexed
    once, with the text it has now."""
    try:
        db.execute("insert into claims_fts (claims_fts, rank) values ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return db.execute("select count(*) from claims_fts").fetchone()[0] == db.execute(
        "select count(*) from claims").fetchone()[0]


def test_every_stored_claim_is_indexed_once_with_its_article(tmp_path, monkeypatch):
    """m013: claims enter the full-text index in one statement per article,
    not through a trigger; a new version is indexed like any article, and an
    article that fails after its claims were indexed leaves no index rows."""
    db = store.connect(tmp_path / "s.db")
    assert "claims_ai" not in {t.name for t in db.triggers}
    store.save_article(db, dict(_article(), origin="x.txt"),
                       [_claim(), dict(_claim(), span_start=4, span_end=8, surface="sold")])
    store.save_article(db, dict(_article("Kia sold 7 trucks."), origin="x.txt"),
                       [dict(_claim(), surface="7", number=7.0)])
    assert db.execute("select previous_version_id from articles where id = 2").fetchone() == (1,)
    assert index_matches_claims(db)
    found = db.execute("select c.surface from claims_fts f join claims c on c.id = f.rowid "
                       "where claims_fts match 'trucks' order by c.surface").fetchall()
    assert found == [("5",), ("7",), ("sold",)]  # the replaced version stays searchable in the index
    assert [r["surface"] for r in store.list_claims(db, store.ClaimFilter(search="trucks"))] == ["7"]

    def fail(db, previous_id, article_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr(articles, "_compare_versions", fail)  # a new version's changes: after the claims are indexed
    with pytest.raises(RuntimeError):
        store.save_article(db, dict(_article("Kia sold 9 trucks."), origin="x.txt"),
                           [dict(_claim(), surface="9", number=9.0)])
    assert index_matches_claims(db)
    assert store.list_claims(db, store.ClaimFilter(search="trucks", unverified=True)) != []
    assert db.execute("select count(*) from claims_fts").fetchone() == (3,)


def test_a_store_indexed_by_trigger_keeps_its_index(tmp_path):
    """A store from before m013 keeps what its trigger indexed, and claims
    stored after the upgrade join it."""
    path = tmp_path / "old.db"
    db = older_store(path, "m013_index_claims_per_article")
    db["articles"].insert({"id": 1, "text": "t", "sha256": "1", "ingested_at": "2025-01-01"})
    db["claims"].insert({"id": 1, "article_id": 1, "kind": "number", "surface": "5", "span_start": 0, "span_end": 1,
                         "status": "confirmed", "sentence": "Kia sold 5 trucks."})
    db.conn.commit()
    db.close()
    db = store.connect(path)
    store.save_article(db, _article("Kia sold 7 trucks."), [dict(_claim(), surface="7", number=7.0)])
    assert "claims_ai" not in {t.name for t in db.triggers}
    assert index_matches_claims(db)
    assert sorted(r["surface"] for r in store.list_claims(db, store.ClaimFilter(search="trucks"))) == ["5", "7"]


def test_only_a_change_to_searched_text_reindexes_a_claim(tmp_path):
    db = store.connect(tmp_path / "s.db")
    store.save_article(db, _article(), [_claim()])
    conn = db.conn
    before = conn.total_changes
    conn.execute("update claims set group_id = 1, deadline = '2030-12-31'")
    assert conn.total_changes - before == 1  # the claim row only: the full-text index is untouched
    conn.execute("update claims set sentence = 'Kia sold 5 pickups.'")
    assert conn.total_changes - before > 2  # the full-text row was replaced too
    assert [r["surface"] for r in store.list_claims(db, store.ClaimFilter(search="pickups"))] == ["5"]
    assert store.list_claims(db, store.ClaimFilter(search="trucks")) == []


def test_an_article_deadlines_are_set_through_its_own_claims(tmp_path):
    """Not through the status index, which holds every projection in the store."""
    db = store.connect(tmp_path / "s.db")
    statements = []
    db.conn.set_trace_callback(statements.append)
    store.set_deadlines(db, 1)
    db.conn.set_trace_callback(None)
    [sql] = [s for s in statements if s.lstrip().startswith("update claims")]
    plan = " ".join(r[3] for r in db.execute("explain query plan " + sql))
    assert "status" not in plan and plan.count("idx_claims_article_id_span_start") == 2


def test_deadlines_given_at_storing_are_the_ones_the_sql_gives(tmp_path):
    """A projection's deadline is worked out in one pass over the article's
    claims; the SQL that fills in older stores gives the same."""
    db = store.connect(tmp_path / "s.db")
    text = "Kia will sell 90,000 trucks a year by 2030 and 5 models by 2028. It sold 7 in 2024. Maybe 3 by 2029."
    rows, cursor = [], 0
    for surface, kind, status, date_end in (("90,000", "number", "projected", None),
                                            ("by 2030", "date", "projected", "2030-12-31"),
                                            ("5", "number", "projected", None),
                                            ("by 2028", "date", "projected", "2028-12-31"),
                                            ("7", "number", "confirmed", None),
                                            ("2024", "date", "confirmed", "2024-12-31"),
                                            ("3", "number", "projected", None),
                                            ("by 2029", "date", "unknown", "2029-12-31")):
        start = cursor = text.index(surface, cursor)
        sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
        rows.append(dict(_claim(), kind=kind, span_start=start, span_end=start + len(surface), surface=surface,
                         sentence_start=sentence_start, sentence_end=len(text), status=status,
                         date_end=date_end, number=None))
    article = store.save_article(db, _article(text), rows)
    given = db.execute("select surface, deadline from claims where article_id = ? order by id", [article]).fetchall()
    db.execute("update claims set deadline = null")
    store.set_deadlines(db, article)
    assert db.execute("select surface, deadline from claims where article_id = ? order by id",
                      [article]).fetchall() == given
    assert dict(given) == {"90,000": "2028-12-31", "by 2030": "2030-12-31", "5": "2028-12-31",
                           "by 2028": "2028-12-31", "7": None, "2024": None, "3": None, "by 2029": None}


def test_names_leave_the_blocks_by_claim_without_reading_the_whole_table(tmp_path):
    """A claim that joins a group as a plain member has its names deleted
    from the blocks; without an index on claim_id each join read every name
    in the store, so linking slowed as the archive grew."""
    db = store.connect(tmp_path / "s.db")
    sql = "delete from signature_names where claim_id in (select value from json_each('[1, 2]'))"
    plan = " ".join(r[3] for r in db.execute("explain query plan " + sql))
    assert "USING INDEX idx_signature_names_claim_id" in plan or "USING COVERING INDEX" in plan
    assert "SCAN signature_names" not in plan


def test_linking_finds_a_new_articles_quotation_blocks_from_its_own_signatures(tmp_path):
    """A store that was never analysed had SQLite read the names of every
    quotation stored to find the blocks of one new article's quotations."""
    db = store.connect(tmp_path / "s.db")
    text = 'Mayor Ada Brill said: "We will open the depot in May." Brill added: "It will employ 120 people."'
    store.save_article(db, {"source": "a.txt", "text": text, "published": "2025-03-01"},
                       [{"kind": "quote", "span_start": 23, "span_end": 53, "surface": text[23:53],
                         "sentence_start": 0, "sentence_end": 55, "status": "projected", "polarity": "positive",
                         "quote": text[23:53]}])
    statements = []
    db.conn.set_trace_callback(statements.append)
    link(db)
    db.conn.set_trace_callback(None)
    [sql] = [s for s in statements if s.lstrip().startswith("select distinct n.measure, n.name")]
    plan = [r[3] for r in db.execute("explain query plan " + sql)]
    assert plan[0].startswith("SEARCH s USING COVERING INDEX idx_claim_signatures_article_id"), plan
    assert not any("(kind=?)" in step for step in plan), plan
