"""One vocabulary across commands, and one line for every failure.

The command is run through ``claimledger.cli.main``, the console script,
which is where usage errors, damaged stores and closed pipes are handled."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from claimledger import store
from claimledger.store import opening
from claimledger.cli import main

from test_provenance import ARTICLES, write


def claims(capsys, *args):
    """Run ``claims ARGS``: (exit status, standard output, standard error)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def one_error_line(err):
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def linked(nlp, tmp_path, isolated_store, capsys):
    """A store with three articles that repeat and contradict each other,
    one reviewed claim and one edited article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (publisher, published, text) in ARTICLES.items():
        write(folder, name, publisher, published, text)
    assert claims(capsys, "ingest", folder)[0] == 0
    write(folder, "a.md", *ARTICLES["a.md"][:2], ARTICLES["a.md"][2].replace("by 2032", "by 2033"))
    assert claims(capsys, "ingest", folder / "a.md")[0] == 0
    assert claims(capsys, "verify", repeated_claim(), "--verdict", "accurate", "--evidence", "https://example.org/a")[0] == 0
    return isolated_store


def repeated_claim():
    """The id of a current claim that other articles repeat: "40,000" in the
    second version of a.md."""
    return sqlite3.connect(os.environ["CLAIMS_DB"]).execute(
        "select c.id from claims c join articles a on a.id = c.article_id "
        "where a.superseded_by is null and a.version = 2 and c.surface = '40,000'").fetchone()[0]


# --- one vocabulary ---------------------------------------------------------

# the fields every claim record has, in every command that prints claims
CLAIM_RECORD = {"id": int, "article_id": int, "kind": str, "surface": str, "span_start": int, "span_end": int,
                "sentence": str, "sentence_start": int, "status": str, "published": (str, type(None)),
                "publisher": (str, type(None)), "url": (str, type(None)), "title": (str, type(None))}
# names the commands used before for the same things
RETIRED = {"claim_id", "article_published", "article_title", "article_url", "article_publisher", "anchor_start",
           "anchor_end", "other_claim_id", "other_surface", "other_publisher", "other_published"}


def check_record(record, where, full=True):
    expected = CLAIM_RECORD if full else {k: CLAIM_RECORD[k] for k in ("id", "article_id", "surface", "published",
                                                                       "publisher", "url")}
    for name, kind in expected.items():
        assert name in record, f"{where}: no {name}"
        assert isinstance(record[name], kind), f"{where}: {name} is {record[name]!r}"
    assert not RETIRED & set(record), f"{where}: {RETIRED & set(record)}"
    if full:
        assert isinstance(record["reviewed"], bool) and "verdict" in record, where


def test_every_command_names_the_same_things_alike(linked, capsys):
    listed = json.loads(claims(capsys, "list", "--json")[1])
    assert listed
    for record in listed:
        check_record(record, "list")
    assert any(r["reviewed"] and r["verdict"] == "accurate" for r in listed)

    shown = json.loads(claims(capsys, "show", repeated_claim(), "--json")[1])
    check_record(shown, "show")
    assert isinstance(shown["reviews"], list) and isinstance(shown["related"], list) and shown["related"]
    for related in shown["related"]:
        check_record(related, "show related", full=False)
    check_record(shown["first_appearance"], "show first_appearance", full=False)

    due = json.loads(claims(capsys, "due", "--as-of", "2099-01-01", "--json")[1])
    assert due
    for record in due:
        check_record(record, "due")

    conflicts = json.loads(claims(capsys, "conflicts", "--json")[1])
    assert conflicts
    for pair in conflicts:
        check_record(pair, "conflicts", full=False)
        check_record(pair["other"], "conflicts other", full=False)

    groups = json.loads(claims(capsys, "groups", "--json")[1])
    assert groups
    for group in groups:
        assert isinstance(group["id"], int) and isinstance(group["claim_ids"], list)
        assert all(isinstance(i, int) for i in group["claim_ids"])

    changes = json.loads(claims(capsys, "changes", "--json")[1])
    assert changes and all({"article_id", "version", "change", "claim_id", "previous_claim_id"} <= set(c)
                           for c in changes)


# --- one line for every failure ----------------------------------------------

@pytest.mark.parametrize("args", [
    ["show", "9223372036854775808"],
    ["show", "-1"],
    ["list", "--article", "1e20"],
    ["list", "--article", "99999999999999999999"],
    ["list", "--limit", "1e20"],
    ["verify", "0", "--verdict", "accurate"],
])
def test_out_of_range_numbers_are_usage_errors_on_one_line(linked, capsys, args):
    code, _, err = claims(capsys, *args)
    assert code == 2
    assert "Invalid value" in one_error_line(err)


@pytest.mark.parametrize("args, message", [
    (["show", "9999"], "no claim with id 9999"),
    (["verify", "9999", "--verdict", "accurate"], "no claim with id 9999"),
    (["changes", "--article", "999"], "no article with id 999"),
    (["list", "--search", "   "], "--search needs at least one word"),
    (["verify", "2", "--verdict", "accurate", "--evidence", "not a url"], "evidence must be an http(s) URL"),
    (["verify", "2", "--verdict", "accurate", "--evidence", "javascript:alert(1)"], "evidence must be an http(s) URL"),
])
def test_lookups_and_bad_values_exit_1_with_one_line(linked, capsys, args, message):
    code, _, err = claims(capsys, *args)
    assert code == 1
    assert message in one_error_line(err)


def damage(path):
    """Overwrite every page but the first (the schema) with garbage."""
    conn = sqlite3.connect(path)
    conn.execute("pragma wal_checkpoint(truncate)")  # every page in the file itself
    conn.close()
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(4096)
        f.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


@pytest.mark.parametrize("command", [["list"], ["conflicts"], ["due", "--as-of", "2099-01-01"],
                                     ["export", "-f", "csv"], ["groups"]])
def test_a_damaged_store_is_one_line_that_says_how_to_recover(linked, capsys, command):
    damage(linked)
    code, _, err = claims(capsys, *command)
    assert code == 1
    line = one_error_line(err)
    assert "is damaged" in line and ".recover" in line


def test_merging_a_damaged_store_is_one_line(linked, capsys, tmp_path):
    damage(linked)
    code, _, err = claims(capsys, "merge", linked, "--db", tmp_path / "target.db")
    assert code == 1
    assert "is damaged" in one_error_line(err) or "cannot open" in one_error_line(err)


def test_verify_on_a_read_only_store_is_one_line(linked, capsys, monkeypatch):
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: real(f"file:{path}?mode=ro", uri=True, **kw))
    code, _, err = claims(capsys, "verify", 2, "--verdict", "misleading")
    assert code == 1
    assert "readonly database" in one_error_line(err)


@pytest.mark.parametrize("failure", ["disk I/O error", "attempt to write a readonly database",
                                     "unable to open database file"])
def test_readers_still_read_on_a_full_disk_or_a_read_only_medium(linked, capsys, monkeypatch, failure):
    """A store on a full disk cannot get its -shm file, one on a read-only
    medium cannot be opened for writing: readers fall back to ``mode=ro`` and
    then to ``immutable=1``."""
    checkpoint = sqlite3.connect(linked)
    checkpoint.execute("pragma wal_checkpoint(truncate)")  # as a store copied to a read-only medium is
    checkpoint.close()
    real = sqlite3.connect

    def connect(path, **kw):
        if "immutable=1" not in str(path):
            raise sqlite3.OperationalError(failure)
        return real(path, **kw)

    monkeypatch.setattr(opening.sqlite3, "connect", connect)
    code, out, _ = claims(capsys, "list", "--json")
    assert code == 0 and json.loads(out)


def test_a_closed_pipe_ends_quietly(linked, tmp_path):
    db = store.connect(linked)
    article = store.save_article(db, {"text": "x" * 2_000_000}, [
        {"kind": "number", "span_start": i, "span_end": i + 1, "surface": "x", "sentence_start": 0,
         "sentence_end": 2_000, "status": "confirmed"} for i in range(0, 200_000, 20)])
    assert article
    process = subprocess.Popen([sys.executable, "-m", "claimledger", "export", "-f", "csv", "--db", str(linked)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_a_failed_ingest_creates_no_store(tmp_path, capsys, isolated_store):
    code, _, err = claims(capsys, "ingest", tmp_path / "nothere.txt")
    assert code == 1 and "no such file or folder" in err
    assert not isolated_store.exists()
    assert list(tmp_path.iterdir()) == []


def test_messages_go_to_standard_error_and_data_to_standard_output(nlp, capsys, isolated_store, tmp_path):
    (tmp_path / "a.txt").write_text("Nothing to count here, only words.\n", encoding="utf-8")
    assert claims(capsys, "ingest", tmp_path / "a.txt")[0] == 0
    for command, message in ((["list"], "No claims."), (["due"], "No projection is due"),
                             (["changes"], "No article has a second version."),
                             (["conflicts"], "No conflicting claims."), (["groups"], "No claim appears")):
        code, out, err = claims(capsys, *command)
        assert code == 0 and out == "" and message in err


def test_version(capsys):
    from importlib.metadata import version

    code, out, _ = claims(capsys, "--version")
    assert code == 0 and out.strip() == f"claims {version('claimledger')}"


def test_merge_takes_db_like_every_command_and_keeps_into(linked, capsys, tmp_path, monkeypatch):
    assert claims(capsys, "merge", linked, "--db", tmp_path / "one.db")[0] == 0
    assert claims(capsys, "merge", linked, "--into", tmp_path / "two.db")[0] == 0
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "three.db"))
    assert claims(capsys, "merge", linked)[0] == 0
    counts = [store.connect(tmp_path / f"{n}.db")["articles"].count for n in ("one", "two", "three")]
    assert counts == [4, 4, 4]


def test_an_unexpected_failure_is_one_line_and_debug_shows_the_traceback(linked, capsys, monkeypatch):
    from claimledger.provenance import reports

    def broken(db, claim_id):
        raise ValueError("something inside broke")

    monkeypatch.setattr(reports, "related", broken)
    code, _, err = claims(capsys, "show", 2)
    assert code == 1
    assert one_error_line(err) == ("Error: unexpected ValueError: something inside broke "
                                   "(run 'claims --debug …' for the traceback)")
    code, _, err = claims(capsys, "--debug", "show", 2)
    assert code == 1 and "Traceback (most recent call last)" in err and "in broken" in err


def test_ctrl_c_finishes_the_article_prints_what_was_stored_and_exits_130(nlp, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(80):
        (folder / f"{i:03d}.txt").write_text(
            f"Brindle Motors said on Monday that it will sell {1000 + i:,} scooters in {2030 + i % 5}. "
            f"Its chief executive, Ana Ruiz, said profits rose {i + 2}% last year.\n", encoding="utf-8")
    db = tmp_path / "claims.db"
    process = subprocess.Popen([sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", str(db), "-q"],
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    if conn.execute("select count(*) from articles").fetchone()[0] >= 1:
                        break
            except sqlite3.Error:
                pass
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    err = process.stderr.read()
    assert process.wait(timeout=120) == 130, err
    assert "Traceback" not in err
    stored = sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0]
    assert f"{stored} article{'s' if stored != 1 else ''} stored" in err and "Interrupted" in err
    assert 1 <= stored < 80
    per_article = sqlite3.connect(db).execute(
        "select count(distinct n) from (select count(c.id) n from articles a "
        "left join claims c on c.article_id = a.id group by a.id)").fetchone()[0]
    assert per_article == 1  # every stored article whole
    rerun = subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", str(db), "-q"])
    assert rerun.returncode == 0
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] == 80


def test_serve_on_a_busy_port_or_an_unknown_host_is_one_line(linked, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = claims(capsys, "serve", "--port", port)
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in one_error_line(err) and "Serving" not in err
    code, _, err = claims(capsys, "serve", "--host", "no-such-host.invalid")
    assert code == 1 and "no address for host 'no-such-host.invalid'" in one_error_line(err)
