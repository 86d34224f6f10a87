"""Ingest: read sources (files, or pages from the web through
:mod:`claimledger.fetch`), extract their claims in batches, store each
article whole, with the archived copy of a page read from the web.

Reading, extraction and storage are separate steps so that a bad file only
costs itself: it is named with its reason and the rest still land.  Each
batch of articles is written in one transaction, each article with all of
its claims in a savepoint of its own, and a text already in the store (same
SHA-256) is skipped before the model sees it.
"""
from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import threading
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from multiprocessing.pool import Pool
from typing import Callable, Iterable, Iterator, TypeVar

import sqlite_utils

from .models import require_model
from .sources import MAX_BYTES, Article, Duplicate, SourceError, expand_paths, read_article
from .provenance.linking import link, sign_pending
from .store import StoreError, article_id_for, batch_transaction, save_article, sha256

T = TypeVar("T")

BATCH_SIZE = 32
# with --workers, the unit a worker extracts: small enough that no worker
# idles long at the end of a run while another finishes a whole batch
WORKER_UNIT = 8
# The longest piece of text given to spaCy at once (its own limit is
# 1,000,000), and the most characters of text it reads in one batch: the
# model's memory grows with both.  A 1 MB article cut in 100,000-character
# pieces, 16 a batch, peaked at 3 GB; in 20,000-character pieces, 4 a
# batch, under 400 MB, and in less time.  An article shorter than a piece is
# never cut, so only long ones can lose a quotation's speaker at a cut.
CHUNK_CHARS = 20_000
BATCH_CHARS = 80_000
# The most text the model thread reads ahead and holds as docs (about half
# a kilobyte a character); a batch ends there, and one article longer than
# that is read piece by piece instead.
MODEL_THREAD_CHARS = 400_000


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    article_ids: list[int] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)  # one line per new version of a stored article
    tracebacks: list[str] = field(default_factory=list)  # of the articles that failed in extraction or storage
    interrupted: bool = False  # stopped on request before every article was read

    @property
    def claims(self) -> int:
        return sum(self.statuses.values())

    def summary(self) -> str:
        by_status = ", ".join(f"{self.statuses[s]} {s}" for s in ("confirmed", "projected", "unknown"))
        return (
            f"{self.stored} article{'s' if self.stored != 1 else ''} stored, "
            f"{self.duplicates} duplicate{'s' if self.duplicates != 1 else ''} skipped, "
            f"{len(self.failures)} failed; {self.claims} claims ({by_status})"
        )


def read_sources(paths: list[str], stdin: Callable[[], str] | None = None,
                 max_bytes: int = MAX_BYTES) -> Iterator[Article | tuple[str, str]]:
    """Articles, or ``(source, reason)`` for each one that cannot be read."""
    return read_found(expand_paths(paths), stdin, max_bytes)


def read_found(found: Iterable[str | tuple[str, str]], stdin: Callable[[], str] | None = None,
               max_bytes: int = MAX_BYTES) -> Iterator[Article | tuple[str, str]]:
    """``read_sources`` for paths ``expand_paths`` has already listed: each
    article is read only when it is its turn."""
    for item in found:
        if isinstance(item, tuple):
            yield item
            continue
        try:
            if item == "-":
                raw = (stdin or sys.stdin.read)()
                yield read_article("-", raw=raw, max_bytes=max_bytes)
            else:
                yield read_article(item, max_bytes=max_bytes)
        except SourceError as exc:
            yield (item, str(exc))
        except Exception as exc:  # one bad file must not stop the others
            yield (item, f"cannot read: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def ingest(db: sqlite_utils.Database, items: Iterable[Article | Duplicate | tuple[str, str]],
           batch_size: int = BATCH_SIZE, on_item: Callable[[], None] | None = None,
           workers: int = 1, stop: Callable[[], bool] = lambda: False, linking: bool = True,
           model_thread: bool = True) -> IngestReport:
    """Extract and store every readable article; duplicates are skipped, failures reported.

    Articles stream through: at most a few batches are held in memory
    however many ``items`` there are.  With ``workers`` > 1, extraction runs
    in that many processes while this one writes.  Once ``stop()`` says so
    (Ctrl-C at the command line), the article being stored is finished and
    nothing more is read; the report is ``interrupted``, and the next run
    links what this one stored.  With ``linking=False`` the new articles are
    only signed, not related to the stored ones: a store written to be
    merged into another (:mod:`claimledger.cluster`), where linking happens.
    ``model_thread=False`` keeps one process to one thread, the model not
    reading ahead: for a process that shares its cores with others doing
    the same (a Dask worker).
    """
    report = IngestReport()
    seen: set[str] = set()

    def tick() -> None:
        if on_item:
            on_item()

    def fresh() -> Iterator[Article]:
        for item in items:
            if stop():
                return
            if isinstance(item, tuple):
                report.failures.append(item)
                tick()
                continue
            if isinstance(item, Duplicate):
                report.duplicates += 1
                tick()
                continue
            digest = sha256(item.text)
            if digest in seen or article_id_for(db, digest) is not None:
                report.duplicates += 1
                tick()
                continue
            seen.add(digest)
            yield item

    try:
        with workers_pool(workers) as pool:
            batches = extracted(fresh(), batch_size, pool, window=2 * workers, thread=model_thread)
            for batch in batches:
                _store_batch(db, batch, report, tick, stop)
                if stop():
                    report.interrupted = True
                    batches.close()  # waits for the model's current batch only
                    return report
            if stop():  # before a batch was full: what was read is stored, nothing linked
                report.interrupted = True
                return report
            # new articles can repeat or contradict stored ones; an article an
            # interrupted run stored but did not link is linked by the next run.
            # Workers, once their articles are done, share the comparing (a
            # few shares each, so none waits long for the last)
            if not linking:
                sign_pending(db)
            elif pool:
                link(db, pool.imap, shares=4 * workers)
            else:
                link(db)
    except sqlite3.DatabaseError as exc:
        # a read-only file, a full disk: what was stored stays whole
        raise StoreError(f"cannot write to the store: {exc} ({report.stored} articles stored before this)") from None
    return report


@dataclass
class Failed:
    """What extracting or storing one article raised: the article becomes a
    one-line failure and the rest of the run goes on."""
    reason: str
    traceback: str

    @classmethod
    def now(cls, step: str) -> "Failed":
        """The exception being handled, for ``step`` ("extraction", "storage")."""
        import traceback

        kind, exc, _ = sys.exc_info()
        message = str(exc).splitlines()[0] if str(exc).strip() else ""
        return cls(f"{step} failed: {kind.__name__}{': ' + message if message else ''}", traceback.format_exc())


def _batches(items: Iterable[T], size: int, chars: int | None = None) -> Iterator[list[T]]:
    """Lists of at most ``size`` items and, given ``chars``, ending once
    their texts reach that many characters."""
    batch: list[T] = []
    held = 0
    for item in items:
        batch.append(item)
        held += len(item.text) if chars else 0
        if len(batch) >= size or (chars and held >= chars):
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``text`` cut into ``(offset, piece)`` pieces of at most ``limit``
    characters, at a paragraph break when there is one, else after a
    sentence, else at a space: spaCy refuses (and its parser cannot afford)
    one huge document, and a 2 MB paragraph with no full stop exists."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start: start + limit]
        cut = max(window.rfind("\n\n"), window.rfind(". "), window.rfind(" "))
        cut = cut + 1 if cut > limit // 2 else limit
        pieces.append((start, text[start: start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


SHIFTED = ("span_start", "span_end", "sentence_start", "sentence_end")


def _jobs(pairs: list[tuple[str, date | None]]) -> list[tuple[int, int, str, date | None]]:
    """``(article index, offset, piece, published)`` for every piece the model reads."""
    return [(i, offset, piece, published) for i, (text, published) in enumerate(pairs)
            for offset, piece in chunks(text)]


def _collect(count: int, jobs: list[tuple], docs: Iterable, finish: Callable | None = None) -> list[list[dict]]:
    """The claim rows of each article, from the docs of its pieces.
    Offsets are into the whole text, however it was cut for the model."""
    from .extract.claim import claims_of, release

    results: list[list[dict]] = [[] for _ in range(count)]
    for (i, offset, _, _), doc in zip(jobs, docs):
        if finish is not None:
            doc = finish(doc)
        for claim in claims_of(doc):
            row = claim.as_row()
            for key in SHIFTED:
                row[key] += offset
            results[i].append(row)
        release(doc)
    return results


def _docs(jobs: list[tuple], claims: bool = True) -> Iterator:
    from .extract import extract_docs  # here: only extracting loads spaCy

    longest = max((len(piece) for _, _, piece, _ in jobs), default=1)
    batch = max(1, min(16, BATCH_CHARS // max(longest, 1)))  # 16 a batch of ordinary articles
    return extract_docs(((piece, published) for _, _, piece, published in jobs), batch_size=batch, claims=claims)


def extract_rows(pairs: list[tuple[str, date | None]]) -> list[list[dict] | Failed]:
    """Claim rows for each ``(text, published)``: the unit of work of a worker
    process.  When the unit fails, each article is extracted alone, so only
    the one that fails is lost (as a :class:`Failed`)."""
    try:
        jobs = _jobs(pairs)
        return _collect(len(pairs), jobs, _docs(jobs))
    except Exception:
        if len(pairs) == 1:
            return [Failed.now("extraction")]
    return [extract_rows([pair])[0] for pair in pairs]


def _read_by_model(pairs: list[tuple[str, date | None]]) -> tuple[int, list[tuple], list]:
    """The model's docs for each piece, without claims yet: what the model thread does."""
    jobs = _jobs(pairs)
    return len(pairs), jobs, list(_docs(jobs, claims=False))


def _finish_rows(read: tuple[int, list[tuple], list]) -> list[list[dict]]:
    """``extract_rows`` for what the model thread read."""
    from .extract import add_claims

    count, jobs, docs = read
    return _collect(count, jobs, docs, add_claims)


def _small(batch: list[Article]) -> bool:
    """Whether the model thread may hold all of a batch's docs at once."""
    return sum(len(a.text) for a in batch) <= MODEL_THREAD_CHARS


def _rows_of_batch(batch: list[Article], future) -> list[list[dict] | Failed]:
    """The rows the model thread and this one made of a batch; when either
    step fails, the batch's articles one at a time (see :func:`extract_rows`).
    A batch too large for the model thread to hold (one huge article) is
    extracted here, each piece's doc released once its claims are read."""
    if future is None:
        return extract_rows(_pairs(batch))
    try:
        return _finish_rows(future.result())
    except Exception:
        return extract_rows(_pairs(batch))


def _warm_worker() -> None:
    from .extract import load_pipeline

    load_pipeline()


def _start_worker() -> None:
    """A worker leaves Ctrl-C to the process that writes, which finishes the
    article it is storing and stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_worker()


def _pairs(batch: list[Article]) -> list[tuple[str, date | None]]:
    return [(a.text, a.published) for a in batch]


def _windowed(batches: Iterable[list[Article]], submit: Callable, collect: Callable, ahead: int
              ) -> Iterator[list[tuple[Article, list[dict]]]]:
    """Each batch's articles with their rows, in order, keeping ``ahead``
    batches submitted beyond the one being collected."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) > ahead:
            done, handle = pending.popleft()
            yield list(zip(done, collect(done, handle)))
    while pending:
        done, handle = pending.popleft()
        yield list(zip(done, collect(done, handle)))


def extracted(articles: Iterable[Article], batch_size: int = BATCH_SIZE, pool: Pool | None = None,
              window: int = 4, thread: bool = True) -> Iterator[list[tuple[Article, list[dict]]]]:
    """Batches of articles, each with its claim rows, in input order.

    In one process the model reads the next batch in a thread while this
    thread finds the claims of the last one and stores them: spaCy releases
    the GIL in its matrix products, so the two overlap on a second core.
    With a ``pool`` of worker processes (:func:`workers_pool`), each runs
    the whole pipeline over units of a few articles, ``window`` units in
    flight (twice the workers keeps each busy).  Without a pool and without
    the ``thread``, each batch is extracted in this thread, then stored."""
    if pool is None and not thread:
        for batch in _batches(articles, batch_size, MODEL_THREAD_CHARS):
            yield list(zip(batch, extract_rows(_pairs(batch))))
        return
    if pool is None:
        # the model loads with the first batch, so a missing one raises ModelMissing
        # there (a failing thread initializer would only say the pool is broken)
        model = ThreadPoolExecutor(1, thread_name_prefix="claimledger-model")

        def loading_early(items: Iterable[Article]) -> Iterator[Article]:
            # the model loads while the rest of the first batch is read (an
            # ingest of nothing new loads no model at all)
            items = iter(items)
            for first in items:
                model.submit(_warm_worker)
                yield first
                yield from items

        try:
            yield from _windowed(_batches(loading_early(articles), batch_size, MODEL_THREAD_CHARS),
                                 lambda b: model.submit(_read_by_model, _pairs(b)) if _small(b) else None,
                                 _rows_of_batch, ahead=1)
        finally:
            # a generator dropped unfinished may be closed by the garbage collector on the model's own
            # thread, which cannot wait for itself
            on_model_thread = threading.current_thread().name.startswith("claimledger-model")
            model.shutdown(wait=not on_model_thread, cancel_futures=True)
        return
    # small units keep the workers evenly loaded; a bounded window of units
    # in flight keeps memory flat and the writer busy, and the writer stores
    # them a batch at a time
    unit = max(1, min(WORKER_UNIT, batch_size))
    done = _windowed(_batches(articles, unit), lambda b: pool.apply_async(extract_rows, [_pairs(b)]),
                     lambda b, result: result.get(), ahead=window)
    yield from _batches(chain.from_iterable(done), batch_size)


@contextmanager
def workers_pool(workers: int) -> Iterator[Pool | None]:
    """``workers`` spawned processes that have each loaded the model once,
    or ``None`` for one process."""
    if workers <= 1:
        yield None
        return
    require_model()  # here, not in each worker, where a failure would only start another
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_start_worker) as pool:
        yield pool


M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)


def one_malloc_arena() -> bool:
    """Ask glibc to keep one malloc arena for the whole process; returns
    whether it agreed.  By default each thread gets its own, and memory the
    model thread allocates and the caller's thread frees stays in the
    model thread's arena, so the two threads' passing peaks add up: a
    1,000-article ingest peaked between 340 and 420 MiB from run to run,
    and at 325 MiB with one arena, at the same speed.  For the command
    line, whose process this is; a library call leaves malloc alone."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt
        return False
    return mallopt(M_ARENA_MAX, 1) == 1


def _store_batch(db: sqlite_utils.Database, batch: list[tuple[Article, list[dict]]], report: IngestReport,
                 tick: Callable[[], None], stop: Callable[[], bool] = lambda: False) -> None:
    """Store a batch in one transaction, each article whole or not at all
    (``save_article`` takes a savepoint inside it).  When one fails, the
    articles stored before it are kept; the report counts an article once
    it is committed."""
    stored: list[tuple[int, list[dict]]] = []
    try:
        with batch_transaction(db) as stored:
            for article, rows in batch:
                if stop():
                    break
                if isinstance(rows, Failed):
                    _failed(report, article, rows)
                    tick()
                    continue
                try:
                    article_id = save_article(db, article.as_dict(), rows)
                except Exception as exc:
                    if about_the_store(exc):
                        raise  # a full disk, a read-only file: nothing more can be stored
                    # this article only: its savepoint is rolled back, the batch goes on
                    _failed(report, article, Failed.now("storage"))
                    tick()
                    continue
                if article_id is None:
                    report.duplicates += 1  # another writer stored it first
                else:
                    stored.append((article_id, rows))
                tick()
    finally:
        _count(db, stored, report)


def about_the_store(exc: BaseException) -> bool:
    """Whether storing an article failed because of the store (a full disk,
    a read-only or damaged file) rather than because of the article."""
    return (isinstance(exc, (sqlite3.OperationalError, sqlite3.InternalError, sqlite3.NotSupportedError))
            or type(exc) is sqlite3.DatabaseError)


def _failed(report: IngestReport, article: Article, failure: Failed) -> None:
    report.failures.append((article.source, failure.reason))
    report.tracebacks.append(f"{article.source}:\n{failure.traceback}")


def _count(db: sqlite_utils.Database, stored: list[tuple[int, list[dict]]], report: IngestReport) -> None:
    for article_id, rows in stored:
        report.stored += 1
        report.article_ids.append(article_id)
        report.statuses.update(r["status"] for r in rows)
        version = _version_line(db, article_id)
        if version:
            report.versions.append(version)


def _version_line(db: sqlite_utils.Database, article_id: int) -> str | None:
    """"article 7 is version 2 of article 3: 1 appeared, 1 changed, 0 disappeared", or None."""
    row = db.execute("select version, previous_version_id from articles where id = ?", [article_id]).fetchone()
    if not row or row[1] is None:
        return None
    counts = dict(db.execute(
        "select change, count(*) from claim_changes where article_id = ? group by change", [article_id]).fetchall())
    tally = ", ".join(f"{counts.get(c, 0)} {c}" for c in ("appeared", "changed", "disappeared"))
    return f"article {article_id} is version {row[0]} of article {row[1]}: {tally}"
