"""The ``claims`` command: parse arguments, open the store, call the library, format the result.

spaCy is imported only by ``ingest``, so ``--help``, ``list``, ``show`` and
``verify`` start fast.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import store
from .sources import MAX_BYTES

# the fetching defaults, without importing the HTTP client (claimledger.fetch keeps them too)
FETCH_TIMEOUT, FETCH_DELAY, FETCH_CONNECTIONS = 30.0, 1.0, 4
from .store import ClaimFilter, StoreError

app = typer.Typer(
    help="Turn news articles into checkable claims with exact provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# set for the command that runs: --debug (or CLAIMS_DEBUG), and the store it opened
STATE: dict = {"debug": False, "db": None}
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id cannot exist


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"claims {version('claimledger')}")
        raise typer.Exit()


@app.callback()
def options(
    debug: Annotated[bool, typer.Option("--debug", envvar="CLAIMS_DEBUG",
                                        help="Also print the traceback of each failure, for bug reports.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn news articles into checkable claims with exact provenance."""
    STATE["debug"] = debug


def main(args: list[str] | None = None) -> None:
    """The ``claims`` command: the app, with every failure as one line.

    Usage errors are Typer's messages on one line (exit 2); a store
    damaged on disk says how to recover it; anything unexpected names its
    exception, and ``--debug`` adds the traceback.  A closed pipe
    (``claims export | head``) ends quietly with status 0."""
    STATE.update(debug=bool(os.environ.get("CLAIMS_DEBUG")), db=None)
    try:
        code = app(args=args, prog_name="claims", standalone_mode=False)
    except BrokenPipeError:
        code = _pipe_closed()
    except Exception as exc:
        code = _failure(exc)
    sys.exit(code or 0)


def _failure(exc: Exception) -> int:
    """Print an exception that reached the top as one line; its exit status."""
    import sqlite3

    if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # Typer's usage errors
        if type(exc).__name__ == "NoArgsIsHelpError":  # the help is printed already
            return exc.exit_code
        typer.echo(f"Error: {' '.join(exc.format_message().split())}", err=True)
        return exc.exit_code
    if STATE["debug"]:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    if store.is_damaged(exc):
        typer.echo(f"Error: {store.damaged(STATE['db'], exc)}", err=True)
    elif isinstance(exc, sqlite3.Error):
        typer.echo(f"Error: cannot use the store {STATE['db'] or ''}: {exc}".replace("  ", " "), err=True)
    else:
        first = str(exc).splitlines()[0] if str(exc).strip() else ""
        typer.echo(f"Error: unexpected {type(exc).__name__}{': ' + first if first else ''}"
                   + ("" if STATE["debug"] else " (run 'claims --debug …' for the traceback)"), err=True)
    return 1


def _pipe_closed() -> int:
    """The reader of standard output went away (``| head``): nothing more to
    say, and nothing wrong.  Standard output is pointed at /dev/null so that
    flushing it at exit does not raise again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a file (a test's capture): nothing to flush
        return 0
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    return 0


def emit(text: str) -> None:
    """Data to standard output; a reader that went away ends the command quietly."""
    try:
        typer.echo(text)
    except BrokenPipeError:
        raise typer.Exit(_pipe_closed())


def emit_lines(lines: Iterable[str]) -> None:
    """Many lines of data to standard output: written through its buffer and
    flushed once at the end (``typer.echo`` flushes after every line, which
    made printing a hundred thousand rows take longer than reading them).
    A terminal gets each line as it comes (its standard output is
    line-buffered, so rows show as they arrive); a file or a pipe gets them
    about EMIT_BYTES at a time, what a pipe's buffer holds anyway.  Lines
    read before a failure or a Ctrl-C are still written."""
    out = sys.stdout
    at_least = 1 if out.isatty() else EMIT_BYTES
    held: list[str] = []
    size = 0
    try:
        try:
            for line in lines:
                held.append(line)
                size += len(line) + 1
                if size >= at_least:
                    out.write("\n".join(held) + "\n")
                    held, size = [], 0
        finally:
            if held:
                out.write("\n".join(held) + "\n")
        out.flush()
    except BrokenPipeError:
        raise typer.Exit(_pipe_closed())


EMIT_BYTES = 8192  # a write's worth of lines: 82,928 rows took 74 ms written a line at a time, 9 ms in chunks


def note(text: str) -> None:
    """A message about the data (none found, how many written) to standard error."""
    typer.echo(text, err=True)


DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="CLAIMS_DB", help="The claims store (SQLite).", show_default=True),
]


class Status(str, Enum):
    confirmed = "confirmed"
    projected = "projected"
    unknown = "unknown"


class Kind(str, Enum):
    date = "date"
    number = "number"
    quote = "quote"


class Verdict(str, Enum):
    accurate = "accurate"
    inaccurate = "inaccurate"
    misleading = "misleading"
    unverifiable = "unverifiable"


def fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(1)


def echo_json(value) -> None:
    import json  # only here: 5 ms of every command's start-up otherwise

    emit(json.dumps(value, indent=2, ensure_ascii=False))


def stream_json(rows) -> None:
    """A JSON array printed an element at a time, as the rows arrive."""
    import json

    def lines():
        first = True
        for row in rows:
            text = json.dumps(row, indent=2, ensure_ascii=False)
            yield ("[\n" if first else ",\n") + "  " + text.replace("\n", "\n  ")
            first = False
        yield "[]" if first else "]"

    emit_lines(lines())


def open_store(db: Path, writing: bool = False):
    """The existing store at ``db``, or a one-line error and exit 1.  Unless
    the command writes, it is opened without sqlite-utils (see
    :func:`claimledger.store.open_for_reading`)."""
    STATE["db"] = db
    try:
        return store.open_existing(db) if writing else store.open_for_reading(db)
    except StoreError as exc:
        raise fail(str(exc))


@app.command()
def ingest(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="Files (.txt, .md, .html), folders, - for standard input, or http(s) links to fetch.")] = None,
    db: DbOption = Path(store.DEFAULT_DB),
    urls: Annotated[Optional[list[str]], typer.Option(
        "--urls", metavar="FILE", help="Fetch the links in FILE, one a line (- for standard input); repeatable.")] = None,
    feed: Annotated[Optional[list[str]], typer.Option(
        "--feed", metavar="URL", help="Fetch every item of an RSS or Atom feed; repeatable.")] = None,
    ignore_robots: Annotated[bool, typer.Option(
        "--ignore-robots", help="Fetch pages robots.txt disallows (for pages you have the right to read).")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.01, metavar="SECONDS", help="Give up on a server after this long (connecting, waiting, downloading).")] = FETCH_TIMEOUT,
    delay: Annotated[float, typer.Option(
        "--delay", min=0, metavar="SECONDS", help="Wait this long between two requests to the same host.")] = FETCH_DELAY,
    connections: Annotated[int, typer.Option(
        "--connections", min=1, max=64, help="Download at most this many pages at once (one at a time per host).")] = FETCH_CONNECTIONS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, show_default="1; with --dask, one a core",
                                                   help="Extract in this many processes (one writer).")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files and pages larger than this.")] = MAX_BYTES,
    dask: Annotated[bool, typer.Option(
        "--dask", help="Extract on a Dask cluster: the scheduler whose address (tcp://HOST:PORT) is among the "
                       "arguments, else a local cluster of --workers processes.")] = False,
    scratch: Annotated[Optional[Path], typer.Option(
        "--scratch", metavar="DIR", help="With --dask: a folder the workers and this machine share, where "
                                         "partition stores go instead of through the scheduler.")] = None,
) -> None:
    """Read articles from files or the web, extract their claims and store both
    (with a copy of each page as it was read)."""
    from .cluster import is_scheduler_address

    addresses = [p for p in paths or [] if is_scheduler_address(p)]
    if addresses and not dask:
        raise fail(f"{addresses[0]} is a Dask scheduler's address: add --dask to ingest on it")
    if scratch is not None and not dask:
        raise fail("--scratch is for --dask")
    if dask:
        _ingest_on_dask([p for p in paths or [] if p not in addresses], addresses, db, bool(urls or feed),
                        quiet, workers, max_bytes, scratch)
        return
    workers = workers or 1
    from itertools import chain

    from .ingest import IngestReport, ingest as run, one_malloc_arena, read_found
    from .models import ModelMissing
    from .sources import expand_paths

    STATE["db"] = db
    paths, urls, feed = paths or [], urls or [], feed or []
    if not (paths or urls or feed):
        raise fail("nothing to ingest: give files, folders or links, --urls FILE or --feed URL")
    from .fetch import is_link

    links, files = [p for p in paths if is_link(p)], [p for p in paths if not is_link(p)]
    if "-" in files and "-" in urls:
        raise fail("standard input can be read once: as an article (-) or as a list of links (--urls -), not both")
    found = list(expand_paths(files))  # the names only: each article is read when its turn comes
    items = read_found(found, max_bytes=max_bytes)
    total, fetcher = len(found), None
    report = IngestReport()
    try:
        if links or urls or feed:
            from .fetch import Fetcher, fetch_links, gather_links

            fetcher = Fetcher(max_bytes=max_bytes, timeout=timeout, delay=delay, ignore_robots=ignore_robots,
                              connections=connections)
            web = gather_links(links, urls, feed, fetcher)  # the feeds are read here, their items later
            total += len(web)
            items = chain(items, fetch_links(web, fetcher))
        unreadable, items = _first_article(items)
    except KeyboardInterrupt:
        if fetcher is not None:
            fetcher.close()
        note("Interrupted before anything was stored.")
        raise typer.Exit(130)
    try:
        if items is not None or db.exists():  # a run with nothing readable creates no store
            try:
                database = store.connect(db)
            except StoreError as exc:
                raise fail(str(exc))
            one_malloc_arena()  # before the model thread starts
            every = chain(unreadable, items if items is not None else ())
            with _stop_on_ctrl_c(fetcher.stop if fetcher is not None else None) as stop:
                try:
                    if total > 3 and not quiet:
                        with typer.progressbar(length=total, label="Ingesting", file=sys.stderr) as bar:
                            report = run(database, every, on_item=lambda: bar.update(1), workers=workers, stop=stop)
                    else:
                        report = run(database, every, workers=workers, stop=stop)
                except (ModelMissing, StoreError) as exc:
                    raise fail(str(exc))
        else:
            report.failures += unreadable
    finally:
        if fetcher is not None:
            fetcher.close()
    _end_of_ingest(report, quiet, "articles", failed=bool(report.failures))


def _ingest_on_dask(paths: list[str], addresses: list[str], db: Path, web: bool, quiet: bool,
                    workers: Optional[int], max_bytes: int, scratch: Optional[Path]) -> None:
    """``claims ingest --dask``: the files on a Dask cluster (see :mod:`claimledger.cluster`)."""
    from .cluster import PartitionResult, dask_client, ingest_on_cluster
    from .fetch import is_link

    if len(addresses) > 1:
        raise fail(f"one Dask scheduler at a time: {addresses[0]} and {addresses[1]} given")
    if addresses and workers:
        raise fail("--workers starts a local cluster: a scheduler's workers are its own")
    if web or any(is_link(p) for p in paths) or "-" in paths:
        raise fail("--dask ingests files and folders: ingest links, feeds and standard input without it")
    if not paths:
        raise fail("nothing to ingest: give files or folders")
    if scratch is not None and not scratch.is_dir():
        raise fail(f"--scratch {scratch}: no such folder")
    STATE["db"] = db

    def landed(result, done: int, total: int) -> None:
        if isinstance(result, PartitionResult):
            if not quiet:
                duplicates = f"{result.duplicates} duplicate{'s' if result.duplicates != 1 else ''}"
                note(f"partition {done} of {total}: {result.stored} stored, {duplicates}, "
                     f"{len(result.failures)} failed ({result.worker})")
        else:
            typer.echo(f"Error: {result[0]}: {result[1]}", err=True)

    with _stop_on_ctrl_c() as stop:
        try:
            with dask_client(addresses[0] if addresses else None, workers) as client:
                if not quiet:
                    workers_, threads = len(client.nthreads()), sum(client.nthreads().values())
                    note(f"Dask: {workers_} worker{'s' if workers_ != 1 else ''}, "
                         f"{threads} thread{'s' if threads != 1 else ''} ({client.scheduler.address})")
                # opened once the cluster answers: a scheduler out of reach creates no store
                report = ingest_on_cluster(client, paths, store.connect(db), scratch=scratch, max_bytes=max_bytes,
                                           on_partition=landed, stop=stop)
        except StoreError as exc:
            raise fail(str(exc))
        except OSError as exc:  # a scheduler that cannot be reached, a cluster that cannot start
            where = f"the Dask scheduler at {addresses[0]}" if addresses else "a local Dask cluster"
            raise fail(f"cannot use {where}: {' '.join(str(exc).split()) or type(exc).__name__}")
    _end_of_ingest(report, quiet, "partitions", failed=bool(report.failures or report.failed_partitions))


def _first_article(items):
    """The failures before the first readable article, and the items from that
    article on (``None`` when there is none)."""
    from itertools import chain

    failures = []
    for item in items:
        if isinstance(item, tuple):
            failures.append(item)
        else:
            return failures, chain([item], items)
    return failures, None


def _stop_on_ctrl_c(on_stop=None):
    """A context in which the first Ctrl-C asks the ingest to stop after the
    article it is storing (the second stops at once); ``on_stop`` is called
    then too (the fetcher's, so no page being downloaded is waited for)."""
    import contextlib
    import signal
    import threading

    @contextlib.contextmanager
    def handled():
        requested = threading.Event()
        if threading.current_thread() is not threading.main_thread():
            yield requested.is_set
            return

        def on_interrupt(signum, frame):
            requested.set()
            if on_stop is not None:
                on_stop()
            signal.signal(signal.SIGINT, previous)
            note("\nStopping after the article being stored (Ctrl-C again to stop at once)…")

        previous = signal.signal(signal.SIGINT, on_interrupt)
        try:
            yield requested.is_set
        finally:
            signal.signal(signal.SIGINT, previous)

    return handled()



def _end_of_ingest(report, quiet: bool, stored: str, failed: bool) -> None:
    """Name each failure (with its traceback under --debug), then the versions
    and the summary; exit 130 when interrupted, 1 when anything ``failed``."""
    for source, reason in report.failures:
        typer.echo(f"Error: {source}: {reason}", err=True)
    if STATE["debug"]:
        for trace in report.tracebacks:
            typer.echo(trace, err=True)
    if not quiet or report.interrupted:
        for line in report.versions:
            note(line)
        note(report.summary())
    if report.interrupted:
        note(f"Interrupted: the {stored} above are stored whole; run the same command again to store the rest.")
        raise typer.Exit(130)
    if failed:
        raise typer.Exit(1)

@app.command("list")
def list_(
    db: DbOption = Path(store.DEFAULT_DB),
    unverified: Annotated[bool, typer.Option("--unverified", help="Only claims no review has settled.")] = False,
    status: Annotated[Optional[Status], typer.Option(help="Only claims with this status.")] = None,
    kind: Annotated[Optional[Kind], typer.Option(help="Only claims of this kind.")] = None,
    article: Annotated[Optional[int], typer.Option(help="Only claims from this article id.", min=1, max=MAX_ID)] = None,
    search: Annotated[Optional[str], typer.Option(help="Full-text search in the claim's sentence, speaker and subject.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many claims.", min=1, max=MAX_ID)] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Include claims of articles a newer version replaced.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array of claim objects.")] = False,
) -> None:
    """List claims of each article's current version, as a table or as JSON."""
    if search is not None and not search.split():
        raise fail("--search needs at least one word")
    database = open_store(db)
    try:
        rows = store.iter_claims(
            database,
            ClaimFilter(unverified=unverified, status=status.value if status else None,
                        kind=kind.value if kind else None, article=article, search=search, limit=limit,
                        all_versions=all_versions),
        )
    except StoreError as exc:
        raise fail(str(exc))
    if as_json:
        stream_json(rows)
        return
    from .display import claims_table

    lines = claims_table(rows)
    first = next(lines, None)
    if first is None:
        note("No claims.")
        return
    emit_lines(chain([first], lines))


# "-1" is an id to refuse as out of range, not an unknown option
ID_COMMAND = {"ignore_unknown_options": True}
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The claim id.", min=1, max=MAX_ID)]


@app.command(context_settings=ID_COMMAND)
def show(
    claim_id: IdArgument,
    db: DbOption = Path(store.DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="The claim as a JSON object.")] = False,
) -> None:
    """One claim in its sentence, with its value, status, speaker, article, reviews,
    the claims in other articles that repeat or contradict it and, for a
    projection, what became of it."""
    from datetime import date

    from .provenance import reports

    database = open_store(db)
    try:
        claim = store.get_claim(database, claim_id)
    except StoreError as exc:
        raise fail(str(exc))
    claim["related"] = reports.related(database, claim_id)
    claim["first_appearance"] = reports.first_appearance(database, claim_id)
    claim["outcome"] = reports.outcome(database, claim_id, date.today())
    if as_json:
        claim.pop("article_text")
        echo_json(claim)
        return
    from .display import claim_detail

    emit(claim_detail(claim, color=sys.stdout.isatty()))


@app.command(context_settings=ID_COMMAND)
def verify(
    claim_id: IdArgument,
    verdict: Annotated[Verdict, typer.Option(help="The reviewer's verdict.")],
    evidence: Annotated[Optional[str], typer.Option(help="URL of the evidence.")] = None,
    note: Annotated[Optional[str], typer.Option(help="A note on the review.")] = None,
    by: Annotated[Optional[str], typer.Option(help="Who reviewed (default: the user name).")] = None,
    group: Annotated[bool, typer.Option("--group", help="Apply the review to every claim in the claim's group.")] = False,
    db: DbOption = Path(store.DEFAULT_DB),
) -> None:
    """Record a review of a claim (or of its whole group); reviews are kept, never overwritten."""
    import getpass

    reviewer = by
    if reviewer is None:
        try:
            reviewer = getpass.getuser()
        except Exception:  # no user name in this environment
            reviewer = None
    import sqlite3

    try:
        review_ids = store.add_review(open_store(db, writing=True), claim_id, verdict.value, evidence, note, reviewer, group=group)
    except StoreError as exc:
        raise fail(str(exc))
    except sqlite3.OperationalError as exc:  # a read-only file or medium, a full disk
        raise fail(f"cannot write to the store {db}: {exc}")
    emit(f"Review {review_ids[0]}: claim {claim_id} is {verdict.value}")
    if len(review_ids) > 1:
        emit(f"  and {len(review_ids) - 1} more claims of its group (reviews {review_ids[1]}-{review_ids[-1]})")


def _table_or_json(rows, as_json: bool, columns: list[str], empty: str) -> None:
    """Rows (a list or a stream) as JSON or as a table, printed as they arrive."""
    if as_json:
        stream_json(rows)
        return
    from .display import stream_table

    lines = stream_table(rows, columns)
    first = next(lines, None)
    if first is None:
        note(empty)
        return
    emit_lines(chain([first], lines))


JsonOption = Annotated[bool, typer.Option("--json", help="A JSON array instead of a table.")]
LimitOption = Annotated[Optional[int], typer.Option(help="At most this many rows.", min=1, max=MAX_ID)]


@app.command()
def groups(db: DbOption = Path(store.DEFAULT_DB), limit: LimitOption = None, as_json: JsonOption = False) -> None:
    """Claims stated alike in several articles, most sources first, with their first appearance."""
    from .provenance import reports

    columns = ["id", "kind", "surface", "sources", "first_published", "first_publisher", "claim_ids"]
    most_ids = None
    if not as_json:  # the table (and its import of tabulate) only then
        from .display import SURFACE_WIDTH

        most_ids = SURFACE_WIDTH // 2 + 1  # ids of a digit and a comma each fill the clipped column, one to spare
    rows = reports.groups(open_store(db), limit, ids_as_text=not as_json, most_ids=most_ids)
    _table_or_json(rows, as_json, columns, "No claim appears in more than one article.")


class ConflictOrder(str, Enum):
    newest = "newest"
    oldest = "oldest"
    published = "published"


@app.command()
def conflicts(
    db: DbOption = Path(store.DEFAULT_DB),
    limit: LimitOption = None,
    order: Annotated[ConflictOrder, typer.Option(help="newest or oldest found first (streams), or by publication date.")] = ConflictOrder.newest,
    as_json: JsonOption = False,
) -> None:
    """Claims about the same thing whose values cannot both be true: one row for each pair of groups."""
    from .provenance import reports

    columns = ["id", "surface", "publisher", "published",
               "other.id", "other.surface", "other.publisher", "other.published", "reason"]
    _table_or_json(reports.conflicts(open_store(db), limit, order.value), as_json, columns, "No conflicting claims.")


@app.command()
def due(
    db: DbOption = Path(store.DEFAULT_DB),
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="The day to judge deadlines on (default: today).")] = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Projections whose deadline has passed with no later report of the outcome, earliest deadline first."""
    from datetime import date

    from .provenance import reports

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise fail(f"--as-of must be a date like 2030-01-01, not {as_of!r}")
    columns = ["id", "surface", "deadline", "attributed_to", "publisher", "published"]
    _table_or_json(reports.due(open_store(db), day, limit), as_json, columns, f"No projection is due as of {day}.")


@app.command()
def changes(
    db: DbOption = Path(store.DEFAULT_DB),
    article: Annotated[Optional[int], typer.Option(help="Only the changes to or from this article id.", min=1,
                                                   max=MAX_ID)] = None,
    as_json: JsonOption = False,
) -> None:
    """Claims that appeared, disappeared or changed when an article was stored again with edits."""
    columns = ["article_id", "version", "change", "claim_id", "previous_claim_id", "surface", "detail"]
    database = open_store(db)
    if article is not None and not database.execute("select 1 from articles where id = ?", [article]).fetchone():
        raise fail(f"no article with id {article}")
    empty = f"Article {article} has no other version." if article else "No article has a second version."
    _table_or_json(store.changes(database, article), as_json, columns, empty)


class ExportFormat(str, Enum):
    claimreview = "claimreview"
    csv = "csv"
    jsonl = "jsonl"
    warc = "warc"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="claimreview: schema.org ClaimReview JSON-LD of reviewed claims; csv or jsonl: every claim; warc: the archived copies of pages read from the web.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    db: DbOption = Path(store.DEFAULT_DB),
) -> None:
    """Write the claims, or the pages as they were read, out for other tools."""
    from .export import export as run, write_warc

    database = open_store(db)
    binary = format is ExportFormat.warc
    if binary and output is None and sys.stdout.isatty():
        raise fail("a WARC file is binary: write it with --output FILE (or redirect standard output)")
    try:
        if binary:
            with (output.open("wb") if output else _stdout(binary=True)) as out:
                count = write_warc(database, out)
        else:
            with (output.open("w", encoding="utf-8", newline="") if output else _stdout()) as out:
                count = run(database, format.value, out)
    except BrokenPipeError:
        if output:
            raise fail(f"cannot write {output}: broken pipe")
        raise typer.Exit(_pipe_closed())  # standard output closed by its reader (| head): a quiet end
    except OSError as exc:
        raise fail(f"cannot write {output or 'to standard output'}: {exc.strerror or exc}")
    if output:
        note(f"{count} {'archived copies' if binary else 'records'} written to {output}")


def _stdout(binary: bool = False):
    import contextlib

    return contextlib.nullcontext(sys.stdout.buffer if binary else sys.stdout)


@app.command()
def merge(
    stores: Annotated[list[Path], typer.Argument(metavar="STORE...", help="Claim stores to merge in.")],
    db: Annotated[Path, typer.Option("--db", "--into", envvar="CLAIMS_DB", show_default=True,
                                     help="The store to merge into (created if missing); --into is the older name.")
                  ] = Path(store.DEFAULT_DB),
) -> None:
    """Combine claim stores (from workers or machines) into one, storing each article once."""
    from .merge import merge as run

    STATE["db"] = db
    try:
        report = run(store.connect(db), stores)
    except StoreError as exc:
        raise fail(str(exc))
    note(report.summary())


@app.command()
def migrate(db: DbOption = Path(store.DEFAULT_DB)) -> None:
    """Upgrade a store written by an older claimledger to the current schema.
    Commands that only read never change a store; those that write upgrade it themselves."""
    from .provenance.linking import link

    try:
        database = store.open_existing(db)
    except StoreError as exc:
        raise fail(str(exc))
    link(database)  # an upgrade can leave articles to group again
    database.close()
    note(f"{db} is up to date")


@app.command()
def serve(
    db: DbOption = Path(store.DEFAULT_DB),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8001,
    host: Annotated[str, typer.Option(help="Address to listen on. Beyond loopback, reviewing needs a signed-in reviewer (--accounts).")] = "127.0.0.1",
    reviewer: Annotated[Optional[str], typer.Option(help="Who reviews are recorded as when no one is signed in (default: the user name).")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="No review form: the desk only reads.")] = False,
    accounts: Annotated[Optional[Path], typer.Option(metavar="FILE", help="JSON object of reviewer names and password hashes (from 'datasette hash-password') who may sign in.")] = None,
    allow_host: Annotated[Optional[list[str]], typer.Option("--allow-host", metavar="NAME", help="Also answer requests addressed to this host name (a proxy's public name); repeatable.")] = None,
) -> None:
    """Open the store in Datasette as a fact-checker's desk: read-only but for the review form."""
    from .serve import check_address, is_loopback, read_accounts, serve as run

    open_store(db).close()
    try:
        logins = read_accounts(accounts) if accounts else None
        check_address(host, port)
    except (ValueError, OSError) as exc:
        raise fail(str(exc))
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Serving {db} at http://{shown}:{port}/" + (" (read-only)" if read_only else ""), err=True)
    if not is_loopback(host) and not read_only and not logins:
        typer.echo("No --accounts: reviewing needs a signed-in reviewer, so no one can review.", err=True)
    run(db, port, host=host, read_only=read_only, reviewer=reviewer, extra_hosts=allow_host or (), accounts=logins)
