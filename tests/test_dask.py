"""claims ingest --dask: extraction on a Dask cluster gives the store a plain ingest gives."""
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="distributed is not installed (pip install 'claimledger[dask]')")

from claimledger.cli import app  # noqa: E402
from claimledger.cluster import NO_DASHBOARD, ingest_on_cluster  # noqa: E402

runner = CliRunner()

STORIES = {
    "brindle-daily-ore.md": ("Daily Ore", "2030-03-01", "https://news.example/brindle-target",
                             "Brindle Motors said on Monday that it aims to sell 40,000 electric scooters a year "
                             "by 2032. The company will build them in Porto."),
    "brindle-ore-weekly.md": ("Ore Weekly", "2030-03-05", "https://weekly.example/brindle",
                              "Brindle Motors repeated its target of 40,000 electric scooter sales a year on "
                              "Thursday. Analysts were not convinced."),
    "brindle-scooter-times.md": ("Scooter Times", "2030-03-07", "https://times.example/brindle",
                                 "Brindle Motors aims to sell 55,000 electric scooters a year, its chief executive "
                                 "Mara Quist told reporters on Tuesday."),
    # the same URL as the first: a later version of it, in a file of its own
    "brindle-daily-ore-update.md": ("Daily Ore", "2030-03-02", "https://news.example/brindle-target",
                                    "Brindle Motors said on Monday that it aims to sell 45,000 electric scooters a "
                                    "year by 2032. The company will build them in Porto and Braga."),
    "harbour-levy.md": ("Port Ledger", "2030-04-02", "https://ledger.example/levy",
                        "The harbour authority raised its levy by 3.5% on April 1, 2030. \"We had no choice,\" "
                        "said its chair, Ines Varga."),
    "harbour-levy-wire.md": ("Coast Wire", "2030-04-03", "https://wire.example/levy",
                             "The harbour authority raised its levy by 3.5% this week, its chair Ines Varga said."),
    "rail-plan.md": ("Transit Today", "2030-05-10", "https://transit.example/rail",
                     "The city expects to open 12 new stations by 2035, at a cost of about $2.4 billion."),
    "rail-plan-doubt.md": ("Metro Post", "2030-05-12", "https://metro.example/rail",
                           "The city could open as many as 15 stations by 2035, officials said on Friday."),
}
PLAIN_TEXT = "OSLO, June 3, 2030 — Nordvik Energy sold 1.2 million heat pumps in 2029, up from 900,000 a year earlier.\n"
HTML = ("<html><head><title>Grain prices</title></head><body><article><p>Wheat prices rose 8% in May 2030, "
        "the ministry said on Tuesday, and are expected to climb further by the autumn.</p></article></body></html>")


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (publisher, published, url, text) in STORIES.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublisher: {publisher}\npublished: {published}\n"
                                   f"url: {url}\n---\n{text}\n", encoding="utf-8")
    (folder / "nordvik.txt").write_text(PLAIN_TEXT, encoding="utf-8")
    (folder / "nordvik-copy.txt").write_text(PLAIN_TEXT, encoding="utf-8")  # the same text: a duplicate
    (folder / "grain.html").write_text(HTML, encoding="utf-8")
    return folder


def write_bad(folder: Path) -> None:
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nText with 40 words.\n", encoding="utf-8")


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def canonical(path: Path) -> dict:
    """A store's content without its ids: articles by text hash, claims by
    article and span, groups, relations, conflicts and version changes by
    the claims in them."""
    conn = sqlite3.connect(path)
    try:
        sha = dict(conn.execute("select id, sha256 from articles"))
        key = {row[0]: (sha[row[1]], *row[2:]) for row in conn.execute(
            "select id, article_id, kind, span_start, span_end from claims")}
        members: dict[int, set] = {}
        for claim, group in conn.execute("select id, group_id from claims where group_id is not null"):
            members.setdefault(group, set()).add(key[claim])
        columns = ("kind, span_start, span_end, surface, sentence, status, cue, polarity, attributed_to, subject, "
                   "date_start, date_end, timex, number, number_high, unit, qualifier, quote, deadline")
        return {
            "articles": {(r[0], r[1], r[2], r[3], r[4], sha.get(r[5]), sha.get(r[6])) for r in conn.execute(
                "select sha256, source, origin, published, version, previous_version_id, superseded_by "
                "from articles")},
            "claims": {(sha[r[0]], *r[1:]) for r in conn.execute(f"select article_id, {columns} from claims")},
            "groups": {frozenset(m) for m in members.values()},
            "relations": {(frozenset((key[a], key[b])), relation) for a, b, relation in conn.execute(
                "select claim_id, related_claim_id, relation from claim_pairs")},
            "conflicts": {frozenset((frozenset(members[a]), frozenset(members[b]))) for a, b in conn.execute(
                "select group_id, other_group_id from group_conflicts")},
            "changes": {(sha[a], sha.get(p), change, key.get(c), key.get(pc), detail)
                        for a, p, change, c, pc, detail in conn.execute(
                            "select article_id, previous_article_id, change, claim_id, previous_claim_id, detail "
                            "from claim_changes")},
            "lineages": {(key[c], key[lineage]) for c, lineage in conn.execute("select id, lineage_id from claims")},
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    return write_articles(tmp_path_factory.mktemp("dask") / "articles")


@pytest.fixture(scope="module")
def plain(articles, tmp_path_factory):
    """The store a plain claims ingest makes of the articles."""
    db = tmp_path_factory.mktemp("plain") / "plain.db"
    result = invoke("ingest", articles, "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def client():
    """Two worker processes of one thread each, on loopback, no dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_kwargs=NO_DASHBOARD, host="127.0.0.1", silence_logs=40) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def test_a_dask_ingest_stores_what_a_plain_ingest_stores(client, articles, plain, tmp_path):
    db = tmp_path / "dask.db"
    seen = []
    # partitions of two articles or so: several tasks, versions of one URL kept together
    report = ingest_on_cluster(client, [str(articles)], db, partition_size=2,
                               on_partition=lambda result, done, total: seen.append((done, total)))
    assert report.failures == [] and report.failed_partitions == []
    assert report.stored == 10 and report.duplicates == 1
    assert report.partitions > 2 and seen[-1] == (report.partitions, report.partitions)
    expected, found = canonical(plain), canonical(db)
    for part in expected:
        assert found[part] == expected[part], part
    assert any(previous for *_, previous, _ in found["articles"])  # the later version chained to the first
    assert expected["groups"] and expected["relations"] and expected["conflicts"]
    # run again: every text is stored already, so nothing is extracted or added
    again = ingest_on_cluster(client, [str(articles)], db)
    assert (again.stored, again.duplicates, again.partitions) == (0, 11, 0)


def test_partition_stores_can_travel_through_a_shared_folder(client, articles, plain, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    db = tmp_path / "dask.db"
    report = ingest_on_cluster(client, [str(articles)], db, partition_size=3, scratch=scratch)
    assert report.failures == [] and report.stored == 10
    assert canonical(db) == canonical(plain)
    assert list(scratch.iterdir()) == []  # each partition store is removed once merged


def test_a_bad_file_is_named_and_the_rest_land(client, articles, plain, tmp_path):
    folder = tmp_path / "with-bad"
    write_articles(folder)
    write_bad(folder)
    db = tmp_path / "dask.db"
    address = client.scheduler.address
    result = invoke("ingest", folder, "--dask", address, "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2
    assert any("empty.md: nothing to ingest" in line for line in errors)
    assert any("broken.md: invalid YAML front matter" in line for line in errors)
    assert "10 articles stored, 1 duplicate skipped, 2 failed" in result.output
    assert re.search(r"^partition 1 of \d+: \d+ stored", result.output, re.M)
    stored = canonical(db)
    assert stored["claims"] == canonical(plain)["claims"]
    assert {Path(a[1]).name for a in stored["articles"]} == {Path(a[1]).name for a in canonical(plain)["articles"]}


def test_the_command_line_starts_a_local_cluster_without_an_address(articles, plain, tmp_path):
    db = tmp_path / "local.db"
    result = invoke("ingest", articles, "--dask", "--workers", "1", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Dask: 1 worker, 1 thread (tcp://127.0.0.1:")
    assert "10 articles stored, 1 duplicate skipped, 0 failed" in result.output
    assert canonical(db) == canonical(plain)
    quiet = invoke("ingest", articles, "--dask", "--workers", "1", "--db", db, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""


def test_the_command_line_refuses_what_dask_cannot_do(client, articles, tmp_path):
    address = client.scheduler.address
    assert "add --dask" in invoke("ingest", articles, address).output
    assert "files and folders" in invoke("ingest", "-", "--dask", address).output
    assert "--workers starts a local cluster" in invoke("ingest", articles, "--dask", address, "-w", "2").output
    assert "no such folder" in invoke("ingest", articles, "--dask", address, "--scratch", "nowhere").output
    unused = free_port()
    result = invoke("ingest", articles, "--dask", f"tcp://127.0.0.1:{unused}", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot use the Dask scheduler at tcp://127.0.0.1:{unused}")
    assert not (tmp_path / "none.db").exists()


def poison(source: str) -> None:
    """On a worker: a partition holding ``source`` fails, every time."""
    import claimledger.cluster as cluster

    original = cluster.__dict__.get("_unpoisoned_ingest", cluster.ingest)

    def failing(db, items, **options):
        items = list(items)
        if any(getattr(item, "source", None) == source for item in items):
            raise RuntimeError("this partition always fails")
        return original(db, items, **options)

    cluster._unpoisoned_ingest = original
    cluster.ingest = failing


def cure() -> None:
    import claimledger.cluster as cluster

    cluster.ingest = cluster.__dict__.pop("_unpoisoned_ingest", cluster.ingest)


def test_a_partition_that_keeps_failing_is_named_and_the_others_land(client, articles, plain, tmp_path):
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this file
    poisoned = str(articles / "rail-plan.md")
    client.run(poison, poisoned)
    try:
        report = ingest_on_cluster(client, [str(articles)], tmp_path / "dask.db", partition_size=2, retries=1)
        command = invoke("ingest", articles, "--dask", client.scheduler.address, "--db", tmp_path / "cli.db")
    finally:
        client.run(cure)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert len(report.failed_partitions) == 1
    what, reason = report.failed_partitions[0]
    # a partition is named by its first articles; which ones share the poisoned one's depends on the paths' hashes
    assert (poisoned in what or what.endswith(" more")) and reason == "RuntimeError: this partition always fails"
    stored = canonical(tmp_path / "dask.db")["articles"]
    assert 0 < len(stored) < 10 and poisoned not in {a[1] for a in stored}
    assert "1 failed" in report.summary()
    # at the command line: one line names it, the other partitions land, the exit status says so
    assert command.exit_code == 1
    errors = [line for line in command.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith("Error: the partition of ")
    assert errors[0].endswith(": RuntimeError: this partition always fails")
    assert "0 articles stored" not in command.output


def test_a_worker_killed_mid_run_still_yields_a_complete_store(client, articles, plain, tmp_path):
    db = tmp_path / "dask.db"
    pids = client.run(os.getpid)
    outcome = {}
    run = threading.Thread(target=lambda: outcome.update(report=ingest_on_cluster(
        client, [str(articles)], db, partition_size=2)))
    run.start()
    killed = None
    while run.is_alive() and killed is None:
        for worker, keys in client.processing().items():
            if any(str(k).startswith("claimledger-part-") for k in keys) and worker in pids:
                os.kill(pids[worker], signal.SIGKILL)
                killed = worker
                break
        time.sleep(0.02)
    run.join()
    assert killed is not None
    report = outcome["report"]
    assert report.failures == [] and report.failed_partitions == []
    assert canonical(db) == canonical(plain)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_against_a_scheduler_and_worker_started_apart(articles, plain, tmp_path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    processes = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--nworkers", "1",
             "--host", "127.0.0.1", "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout="30s") as c:
            c.wait_for_workers(1, timeout=60)
        db = tmp_path / "remote.db"
        done = subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(articles), "--dask", address,
                               "--db", str(db)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "10 articles stored, 1 duplicate skipped, 0 failed" in done.stderr
        assert canonical(db) == canonical(plain)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _worker_settings():
    import dask

    return dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_a_local_cluster_spares_its_workers_the_profiler_and_the_malloc_trim_setting(monkeypatch):
    from claimledger.cluster import dask_client

    # a cluster started without dask_client (the module's fixture) leaves
    # the setting in this process's environment, which workers inherit
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    with dask_client(None, 1) as local:
        assert list(local.run(_worker_settings).values()) == [(False, None)]


def test_linking_whole_slices_as_articles_arrive_gives_what_linking_at_the_end_gives(articles, tmp_path, monkeypatch):
    """What the client does while the workers extract: link each whole
    slice of the articles merged so far, the rest at the end."""
    from claimledger import store
    from claimledger.ingest import ingest, read_found
    from claimledger.provenance import linking

    monkeypatch.setattr(linking, "LINK_SLICE", 4)
    paths = sorted(str(p) for p in articles.iterdir())
    as_they_come, at_the_end = store.connect(tmp_path / "coming.db"), store.connect(tmp_path / "end.db")
    linked_on_the_way = []
    for path in paths:
        ingest(as_they_come, read_found([path]), linking=False)
        linking.link(as_they_come, whole_slices=True)
        linked_on_the_way.append(as_they_come.execute("select count(*) from articles where linked").fetchone()[0])
    linking.link(as_they_come)
    ingest(at_the_end, read_found(paths), linking=False)
    linking.link(at_the_end)
    # only whole slices were linked on the way, the ninth current article at the end
    assert set(linked_on_the_way) == {0, 4, 8}
    assert as_they_come.execute("select count(*) from articles where linked").fetchone()[0] == 9
    for db in (as_they_come, at_the_end):
        db.close()
    assert canonical(tmp_path / "coming.db") == canonical(tmp_path / "end.db")


def test_a_dask_ingest_links_whole_slices_while_the_workers_extract(client, articles, plain, tmp_path, monkeypatch):
    from claimledger import cluster
    from claimledger.provenance import linking

    monkeypatch.setattr(linking, "LINK_SLICE", 3)
    linked_while_extracting = []

    def link(db, *args, whole_slices=False, **kwargs):
        result = linking.link(db, *args, whole_slices=whole_slices, **kwargs)
        if whole_slices:
            linked_while_extracting.append(
                db.execute("select count(*) from articles where linked").fetchone()[0])
        return result

    monkeypatch.setattr(cluster, "link", link)
    db = tmp_path / "dask.db"
    report = ingest_on_cluster(client, [str(articles)], db, partition_size=2)
    assert report.stored == 10
    # before the last partition was merged, whole slices of three and only those were linked
    assert linked_while_extracting and max(linked_while_extracting) > 0
    assert all(n % 3 == 0 for n in linked_while_extracting)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles where not linked and superseded_by is null"
                        ).fetchone()[0] == 0
    conn.close()
    # the same articles, claims and versions as a plain ingest; groups may
    # differ, slices of three holding articles in the order partitions landed
    expected, found = canonical(plain), canonical(db)
    for part in ("articles", "claims", "changes"):
        assert found[part] == expected[part], part
