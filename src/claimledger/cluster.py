"""Ingest on a Dask cluster: extraction spread over the workers of a
``distributed`` scheduler, one store per partition of the articles, the
stores merged into the target by the process that asked (docs/scaling.md).

1. The workers read every article once, to learn where it comes from (its
   URL, else its path) and the hash of its text.  Texts already stored, or
   given twice, are duplicates and go no further, as in a plain ingest.
2. The rest are cut into partitions by a hash of their origin, so every
   version of an article lands in one partition and chains there as in a
   single ingest.  Each partition is one task: read its files, extract
   with the pipeline its worker loaded once (the loader is cached per
   process: the model never travels through the scheduler), store and sign
   the claims in a store of its own, and return that store as bytes, or as
   a file in a shared folder.  A task whose worker dies is run again
   elsewhere; one that fails is retried, then named with its reason.
3. As partitions land, their stores are merged into the target with
   :func:`claimledger.merge.merge_store`, what ``claims merge`` runs.  Each
   time the articles merged fill a whole slice of linking, this process
   links them while the workers extract the rest, as linking them all at
   the end would; the last slice is linked when every partition is in.

The caller creates the ``distributed.Client``, so nothing here imports
Dask but the functions that talk to it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from math import ceil
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

from . import store
from .ingest import IngestReport, _version_line, ingest, read_found
from .merge import MergeReport, merge_store
from .provenance.linking import link
from .sources import MAX_BYTES, Article
from .store import StoreError

PARTITION_SIZE = 250  # the most articles a partition holds
# A worker left idle while another finishes its last partition costs half a
# partition's time, and each partition costs a little (a copy of an empty
# store, a task, a merge): so several smallish ones, largest first.  300
# articles on 2 workers, six alternating runs each: 8 a thread ran at 0.906 ×
# the throughput of `--workers 2` on average, 16 a thread at 0.883 × (and 4
# a thread at 0.74 ×, on another day)
MIN_PARTITION = 5  # fewer articles than this are not worth a partition of their own
PARTITIONS_PER_THREAD = 8
SHARES_PER_THREAD = 4  # reading tasks, and shares of linking's comparing, per worker thread
READ_CHUNK = 200  # the most paths one reading task reads
# a worker's partition is extracted in its task's thread: the model reading
# ahead in a thread of its own only competes with the other workers for the cores
MODEL_THREAD = False
RETRIES = 2  # a partition that fails is run this many more times before it is named
CONNECT_TIMEOUT = "10s"  # to reach a scheduler given by its address
# the scheduler serves its health routes over HTTP even without a dashboard,
# by default on the dashboard's port 8787: on any free port of loopback instead
NO_DASHBOARD = {"dashboard_address": "127.0.0.1:0"}
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")  # the addresses of Dask's comms


def is_scheduler_address(text: str) -> bool:
    """Whether ``text`` reads as a Dask scheduler's address (``tcp://HOST:PORT``)."""
    scheme, sep, rest = text.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES and bool(rest)


@contextmanager
def dask_client(address: str | None = None, workers: int | None = None) -> Iterator:
    """A ``distributed.Client`` of the scheduler at ``address``, else of a
    ``LocalCluster`` of ``workers`` processes (one a core by default), one
    thread each and no dashboard, started here and stopped on leaving."""
    import logging

    # here: Dask is imported only by an ingest on it, for start-up time
    import dask
    from distributed import Client, LocalCluster

    if address:
        with Client(address, timeout=CONNECT_TIMEOUT) as client:
            yield client
        return
    # Dask starts its workers with MALLOC_TRIM_THRESHOLD_ set, which also
    # stops glibc from raising its mmap threshold: spaCy's many short-lived
    # arrays then cost system calls (71 CPU-seconds against 62 for 300 articles)
    # The workers' statistical profiler feeds the dashboard, which a local
    # cluster here does not serve: off, it leaves an idle worker a third
    # less of the CPU it takes (0.19 s against 0.30 s in 10 s)
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                          "distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, scheduler_kwargs=NO_DASHBOARD,
                         silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


@dataclass
class PartitionResult:
    """What a partition's task returns: its store, as bytes or as a path in
    the shared folder, and what happened to its articles."""
    name: str
    articles: int
    store: bytes | str
    stored: int
    duplicates: int
    failures: list[tuple[str, str]]
    tracebacks: list[str]
    worker: str
    seconds: float


@dataclass
class ClusterReport(IngestReport):
    partitions: int = 0
    workers: int = 0
    failed_partitions: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)
    seconds: Counter = field(default_factory=Counter)  # reading, extracting, merging, linking; wall time
    store_bytes: int = 0  # of the partition stores merged

    def summary(self) -> str:
        failed = len(self.failed_partitions)
        return (super().summary() + f"; {self.partitions} partition{'s' if self.partitions != 1 else ''} "
                f"on {self.workers} worker{'s' if self.workers != 1 else ''}"
                + (f", {failed} failed" if failed else ""))


def partition_of(origin: str, partitions: int) -> int:
    """The partition of an article from ``origin``: the same on every
    machine and in every run (Python's ``hash`` of a string is neither)."""
    return int.from_bytes(hashlib.sha256(origin.encode("utf-8")).digest()[:8], "big") % partitions


def partition_count(articles: int, threads: int, size: int = PARTITION_SIZE) -> int:
    """Partitions of at most ``size`` articles, and several for each worker
    thread when there are articles enough."""
    if not articles:
        return 0
    return max(ceil(articles / size), min(PARTITIONS_PER_THREAD * max(threads, 1), ceil(articles / MIN_PARTITION)))


def read_origins(paths: list[str], max_bytes: int = MAX_BYTES) -> list[tuple]:
    """``(path, origin, sha256, characters)`` of each readable article and
    ``(path, reason)`` of each one that is not: the reading task."""
    found: list[tuple] = []
    for item in read_found(paths, max_bytes=max_bytes):
        if isinstance(item, Article):
            found.append((item.source, item.origin or item.source, store.sha256(item.text), len(item.text)))
        else:
            found.append(item)
    return found


_LOADING = threading.Lock()


def _pipeline_loaded() -> None:
    """Load the pipeline in this worker once, whatever number of threads
    asks at the same time (the loader is cached per process)."""
    from .extract import load_pipeline

    with _LOADING:
        load_pipeline()


def ingest_partition(name: str, paths: list[str], max_bytes: int = MAX_BYTES,
                     scratch: str | None = None) -> PartitionResult:
    """Extract one partition into a store of its own, signed, not linked:
    the task a worker runs.  The store is written in the worker's own
    folder, a file for each attempt, so what a dead worker left half-done
    is never taken for a finished store.  It is returned as bytes, or copied
    into ``scratch`` (a folder every worker and the client share) and
    returned as its path there."""
    started = time.perf_counter()
    _pipeline_loaded()
    attempt = Path(_local_folder()) / f"{name}.{uuid.uuid4().hex}.db"
    try:
        attempt.write_bytes(_empty_store())
        db = store.connect(attempt)
        try:
            report = ingest(db, read_found(paths, max_bytes=max_bytes), linking=False,
                            model_thread=MODEL_THREAD)
            # one self-contained file: what the WAL holds goes into it
            db.execute("pragma journal_mode = delete")
        finally:
            db.close()
        if scratch:
            # copied under a name of its own, then renamed: a file named
            # like a partition's store is always a whole one
            copy = Path(scratch) / f"{attempt.name}.partial"
            kept: bytes | str = str(Path(scratch) / f"{name}.db")
            try:
                shutil.copyfile(attempt, copy)
                os.replace(copy, kept)
            finally:
                copy.unlink(missing_ok=True)
        else:
            kept = attempt.read_bytes()
    finally:
        for leftover in (attempt, Path(f"{attempt}-wal"), Path(f"{attempt}-shm")):
            leftover.unlink(missing_ok=True)
    return PartitionResult(name, len(paths), kept, report.stored, report.duplicates, report.failures,
                           report.tracebacks, _worker_address(), time.perf_counter() - started)


@lru_cache(maxsize=1)
def _empty_store() -> bytes:
    """A new store's file, made once per worker: a partition's store starts
    as a copy, without running the schema's migrations each time."""
    with tempfile.TemporaryDirectory(prefix="claimledger-") as folder:
        path = Path(folder) / "empty.db"
        db = store.connect(path)
        db.execute("pragma journal_mode = delete")
        db.close()
        return path.read_bytes()


def _local_folder() -> str:
    """The running worker's own folder (Dask removes it with the worker), else a temporary one."""
    try:
        from distributed import get_worker  # here: only a task on a worker gets this far

        return get_worker().local_directory
    except (ImportError, ValueError):
        return tempfile.gettempdir()


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "this process"


def ingest_on_cluster(client, paths: Iterable[str], db: sqlite_utils.Database | str | os.PathLike, *,
                      scratch: str | os.PathLike | None = None, max_bytes: int = MAX_BYTES,
                      partition_size: int = PARTITION_SIZE, retries: int = RETRIES,
                      link_on_workers: bool | None = None,
                      on_partition: Callable[[PartitionResult | tuple[str, str], int, int], None] | None = None,
                      stop: Callable[[], bool] = lambda: False) -> ClusterReport:
    """Ingest the article files ``paths`` (files and folders, as for
    ``claims ingest``) into ``db`` (a store or its path) with the workers of
    ``client``, a ``distributed.Client``; returns a :class:`ClusterReport`.

    The workers must read the paths as given, and must have claimledger
    and its model installed.  Partition stores come back as bytes through
    the scheduler, or, given ``scratch``, as files in that folder, which the
    workers and this process must all see; they are removed once merged.
    ``on_partition(result, done, total)`` is called as each partition is
    merged, with a ``(partition, reason)`` pair for one that failed.
    ``link_on_workers`` shares the comparing of linking among the workers,
    which then read ``db``'s file: by default only when every worker runs
    on this machine (a loopback address).  Once ``stop()`` says so, no more
    partitions are merged, the rest are cancelled, and the report is
    ``interrupted``: the articles merged are whole, and the next ingest
    links them.
    """
    from distributed import as_completed  # here: Dask is imported only by an ingest on it, for start-up time

    from .sources import expand_paths

    target = db if isinstance(db, sqlite_utils.Database) else store.connect(db)
    report = ClusterReport()
    threads = sum(client.nthreads().values())
    report.workers = len(client.nthreads())
    if not threads:
        raise StoreError("the Dask cluster has no workers")
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()

    files: list[str] = []
    for item in expand_paths(list(paths)):
        if isinstance(item, tuple):
            report.failures.append(item)
        elif item == "-":
            report.failures.append(("-", "standard input cannot be read by Dask workers: ingest it without --dask"))
        else:
            files.append(item)

    # 1. read: origins and hashes, in chunks spread over the workers
    size = max(1, min(READ_CHUNK, ceil(len(files) / (SHARES_PER_THREAD * threads))))
    chunks = [files[i: i + size] for i in range(0, len(files), size)]
    reading = client.map(read_origins, chunks, max_bytes=max_bytes, retries=retries,
                         key=[f"claimledger-read-{run}-{i}" for i in range(len(chunks))])
    readable: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    for future, chunk_paths in zip(reading, chunks):
        try:
            found = future.result()
        except Exception as exc:
            report.failures += [(p, f"cannot read on the cluster: {_reason(exc)}") for p in chunk_paths]
            continue
        for item in found:
            if len(item) == 2:
                report.failures.append(item)
                continue
            path, origin, digest, chars = item
            if digest in seen or store.article_id_for(target, digest) is not None:
                report.duplicates += 1
                continue
            seen.add(digest)
            readable.append((path, origin, chars))
    report.seconds["reading"] = time.perf_counter() - started

    # 2. extract: one task per partition, the largest first
    count = partition_count(len(readable), threads, partition_size)
    parts: list[list[str]] = [[] for _ in range(count)]
    weight = [0] * count
    for path, origin, chars in readable:
        i = partition_of(origin, count)
        parts[i].append(path)
        weight[i] += chars
    order = sorted((i for i in range(count) if parts[i]), key=lambda i: -weight[i])
    report.partitions = len(order)
    names = {i: f"part-{run}-{i:04d}" for i in order}
    futures = {client.submit(ingest_partition, names[i], parts[i], max_bytes, str(scratch) if scratch else None,
                             key=f"claimledger-{names[i]}", retries=retries, priority=len(order) - rank): i
               for rank, i in enumerate(order)}

    # 3. merge each partition's store as it lands, link each whole slice of
    # articles merged, and what is left at the end
    merged = MergeReport()
    done = 0
    pending = as_completed(list(futures))
    while not pending.is_empty():
        if stop():
            report.interrupted = True
            client.cancel(list(futures))
            break
        if not pending.has_ready():
            time.sleep(0.05)  # a Ctrl-C waits at most this long
            continue
        future = next(pending)
        i = futures[future]
        if future.status in ("lost", "pending"):
            # its store was on a worker that died after it finished: the scheduler runs it again
            pending.add(future)
            continue
        done += 1
        if future.status != "finished":
            failed = (_describe(parts[i]), _reason(future.exception()) if future.status == "error" else future.status)
            report.failed_partitions.append(failed)
            if on_partition:
                on_partition(failed, done, len(order))
            continue
        result = future.result()
        future.release()
        _merge_partition(target, result, merged, report)
        if on_partition:
            on_partition(result, done, len(order))
        if done < len(order):
            # while the workers extract the rest, this process links what
            # fills a whole slice, as linking at the end would: only the
            # last slice is left for then
            t = time.perf_counter()
            link(target, whole_slices=True)
            report.seconds["linking while extracting"] += time.perf_counter() - t
    report.seconds["extracting and merging"] = time.perf_counter() - started - report.seconds["reading"]
    if report.interrupted:
        return report
    linked = time.perf_counter()
    on_workers = _workers_here(client) if link_on_workers is None else link_on_workers
    if on_workers:
        link(target, _mapper(client, run), shares=SHARES_PER_THREAD * threads)
    else:
        link(target)
    report.seconds["linking"] = time.perf_counter() - linked
    return report


def _merge_partition(target: sqlite_utils.Database, result: PartitionResult, merged: MergeReport,
                     report: ClusterReport) -> None:
    """Merge a partition's store into the target and count what it added."""
    before = len(merged.article_ids)
    duplicates = merged.duplicates
    t = time.perf_counter()
    if isinstance(result.store, bytes):
        report.store_bytes += len(result.store)
        with tempfile.TemporaryDirectory(prefix="claimledger-") as folder:
            path = Path(folder) / f"{result.name}.db"
            path.write_bytes(result.store)
            merge_store(target, path, merged, signatures=True)
    else:
        path = Path(result.store)
        report.store_bytes += path.stat().st_size
        merge_store(target, path, merged, signatures=True)
        path.unlink(missing_ok=True)
    report.seconds["merging"] += time.perf_counter() - t
    report.seconds["partition tasks"] += result.seconds
    added = merged.article_ids[before:]
    report.stored += len(added)
    report.article_ids += added
    report.duplicates += result.duplicates + merged.duplicates - duplicates
    report.failures += result.failures
    report.tracebacks += result.tracebacks
    if added:
        marks = ", ".join("?" * len(added))
        report.statuses.update(dict(target.execute(
            f"select status, count(*) from claims where article_id in ({marks}) group by status", added).fetchall()))
        report.versions += [line for line in map(lambda a: _version_line(target, a), added) if line]


NAMED = 3  # articles a failed partition is named by


def _describe(paths: list[str]) -> str:
    """A partition named by its articles, for a one-line message."""
    if len(paths) == 1:
        return f"the partition of {paths[0]}"
    named = ", ".join(paths[:NAMED])
    more = f" and {len(paths) - NAMED} more" if len(paths) > NAMED else ""
    return f"the partition of {len(paths)} articles: {named}{more}"


def _reason(exc: BaseException | None) -> str:
    if exc is None:
        return "failed"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + first if first else ''}"


def _workers_here(client) -> bool:
    """Whether every worker listens on loopback, so runs on this machine and reads its files."""
    from urllib.parse import urlparse

    hosts = {urlparse(address).hostname for address in client.nthreads()}
    return bool(hosts) and hosts <= {"127.0.0.1", "localhost", "::1"}


def _mapper(client, run: str) -> Callable:
    """``map`` for linking's shares, run on the workers, results in order."""
    def mapped(function: Callable, jobs: list) -> Iterable[Any]:
        futures = client.map(function, jobs, key=[f"claimledger-link-{run}-{uuid.uuid4().hex[:8]}" for _ in jobs])
        for future in futures:
            yield future.result()
            future.release()
    return mapped
