"""The ``claims`` command: parse arguments, open the store, call the library, format the result.

spaCy is imported only by ``ingest``, so ``--help``, ``list``, ``show`` and
``verify`` start fast.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import store
from .sources import MAX_BYTES
from .store import ClaimFilter, StoreError

app = typer.Typer(
    help="Turn news articles into checkable claims with exact provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEBUG = {"on": False}  # set by --debug (or CLAIMS_DEBUG) for the command that runs


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", envvar="CLAIMS_DEBUG",
                                        help="Also print the traceback of each failure, for bug reports.")] = False,
) -> None:
    """Turn news articles into checkable claims with exact provenance."""
    DEBUG["on"] = debug


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

    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def open_store(db: Path, writing: bool = False):
    """The existing store at ``db``, or a one-line error and exit 1.  Unless
    the command writes, it is opened without sqlite-utils (see
    :func:`claimledger.store.open_for_reading`)."""
    try:
        return store.open_existing(db) if writing else store.open_for_reading(db)
    except StoreError as exc:
        raise fail(str(exc))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .md, .html), folders, or - for standard input.")],
    db: DbOption = Path(store.DEFAULT_DB),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extract in this many processes (one writer).")] = 1,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = MAX_BYTES,
) -> None:
    """Read articles, extract their claims and store both."""
    from .ingest import ingest as run, one_malloc_arena, read_found
    from .models import ModelMissing
    from .sources import expand_paths

    try:
        database = store.connect(db)
    except StoreError as exc:
        raise fail(str(exc))
    found = list(expand_paths(paths))  # the names only: each article is read when its turn comes
    one_malloc_arena()  # before the model thread starts
    items = read_found(found, max_bytes=max_bytes)
    try:
        if len(found) > 3 and not quiet:
            with typer.progressbar(length=len(found), label="Ingesting", file=sys.stderr) as bar:
                report = run(database, items, on_item=lambda: bar.update(1), workers=workers)
        else:
            report = run(database, items, workers=workers)
    except (ModelMissing, StoreError) as exc:
        raise fail(str(exc))
    for source, reason in report.failures:
        typer.echo(f"Error: {source}: {reason}", err=True)
    if DEBUG["on"]:
        for trace in report.tracebacks:
            typer.echo(trace, err=True)
    if not quiet:
        for line in report.versions:
            typer.echo(line, err=True)
        typer.echo(report.summary(), err=True)
    if report.failures:
        raise typer.Exit(1)


@app.command("list")
def list_(
    db: DbOption = Path(store.DEFAULT_DB),
    unverified: Annotated[bool, typer.Option("--unverified", help="Only claims no review has settled.")] = False,
    status: Annotated[Optional[Status], typer.Option(help="Only claims with this status.")] = None,
    kind: Annotated[Optional[Kind], typer.Option(help="Only claims of this kind.")] = None,
    article: Annotated[Optional[int], typer.Option(help="Only claims from this article id.")] = None,
    search: Annotated[Optional[str], typer.Option(help="Full-text search in the claim's sentence, speaker and subject.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many claims.", min=1)] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Include claims of articles a newer version replaced.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array of claim objects.")] = False,
) -> None:
    """List claims of each article's current version, as a table or as JSON."""
    try:
        database = store.open_for_reading(db)
        rows = store.list_claims(
            database,
            ClaimFilter(unverified=unverified, status=status.value if status else None,
                        kind=kind.value if kind else None, article=article, search=search, limit=limit,
                        all_versions=all_versions),
        )
    except StoreError as exc:
        raise fail(str(exc))
    if as_json:
        echo_json(rows)
        return
    from .display import claims_table

    typer.echo(claims_table(rows))


@app.command()
def show(
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="The claim id.")],
    db: DbOption = Path(store.DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="The claim as a JSON object.")] = False,
) -> None:
    """One claim in its sentence, with its value, status, speaker, article, reviews,
    the claims in other articles that repeat or contradict it and, for a
    projection, what became of it."""
    from datetime import date

    from . import provenance

    database = open_store(db)
    try:
        claim = store.get_claim(database, claim_id)
    except StoreError as exc:
        raise fail(str(exc))
    claim["related"] = provenance.related(database, claim_id)
    claim["first_appearance"] = provenance.first_appearance(database, claim_id)
    claim["outcome"] = provenance.outcome(database, claim_id, date.today())
    if as_json:
        claim.pop("article_text")
        echo_json(claim)
        return
    from .display import claim_detail

    typer.echo(claim_detail(claim, color=sys.stdout.isatty()))


@app.command()
def verify(
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="The claim id.")],
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
    try:
        review_ids = store.add_review(open_store(db, writing=True), claim_id, verdict.value, evidence, note, reviewer, group=group)
    except StoreError as exc:
        raise fail(str(exc))
    typer.echo(f"Review {review_ids[0]}: claim {claim_id} is {verdict.value}")
    if len(review_ids) > 1:
        typer.echo(f"  and {len(review_ids) - 1} more claims of its group (reviews {review_ids[1]}-{review_ids[-1]})")


def _table_or_json(rows: list[dict], as_json: bool, columns: list[str], empty: str) -> None:
    if as_json:
        echo_json(rows)
    elif not rows:
        typer.echo(empty, err=True)
    else:
        from .display import table

        typer.echo(table(rows, columns))


JsonOption = Annotated[bool, typer.Option("--json", help="A JSON array instead of a table.")]


@app.command()
def groups(db: DbOption = Path(store.DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Claims stated alike in several articles, with their first appearance and number of sources."""
    from . import provenance

    columns = ["id", "kind", "surface", "sources", "first_published", "first_publisher", "claim_ids"]
    _table_or_json(provenance.groups(open_store(db)), as_json, columns, "No claim appears in more than one article.")


@app.command()
def conflicts(db: DbOption = Path(store.DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Pairs of claims about the same thing whose values cannot both be true."""
    from . import provenance

    columns = ["claim_id", "surface", "publisher", "published",
               "other_claim_id", "other_surface", "other_publisher", "other_published"]
    _table_or_json(provenance.conflicts(open_store(db)), as_json, columns, "No conflicting claims.")


@app.command()
def due(
    db: DbOption = Path(store.DEFAULT_DB),
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="The day to judge deadlines on (default: today).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Projections whose deadline has passed with no later report of the outcome."""
    from datetime import date

    from . import provenance

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise fail(f"--as-of must be a date like 2030-01-01, not {as_of!r}")
    columns = ["id", "surface", "deadline", "attributed_to", "publisher", "published"]
    _table_or_json(provenance.due(open_store(db), day), as_json, columns, f"No projection is due as of {day}.")


@app.command()
def changes(
    db: DbOption = Path(store.DEFAULT_DB),
    article: Annotated[Optional[int], typer.Option(help="Only the changes to or from this article id.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Claims that appeared, disappeared or changed when an article was stored again with edits."""
    columns = ["article_id", "version", "change", "claim_id", "previous_claim_id", "surface", "detail"]
    _table_or_json(store.changes(open_store(db), article), as_json, columns, "No article has a second version.")


class ExportFormat(str, Enum):
    claimreview = "claimreview"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="claimreview: schema.org ClaimReview JSON-LD of reviewed claims; csv or jsonl: every claim.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    db: DbOption = Path(store.DEFAULT_DB),
) -> None:
    """Write the claims out for other tools."""
    from .export import export as run

    database = open_store(db)
    try:
        with (output.open("w", encoding="utf-8", newline="") if output else _stdout()) as out:
            count = run(database, format.value, out)
    except OSError as exc:
        raise fail(f"cannot write {output or 'to standard output'}: {exc.strerror or exc}")
    if output:
        typer.echo(f"{count} records written to {output}", err=True)


def _stdout():
    import contextlib

    return contextlib.nullcontext(sys.stdout)


@app.command()
def merge(
    stores: Annotated[list[Path], typer.Argument(metavar="STORE...", help="Claim stores to merge in.")],
    into: Annotated[Path, typer.Option("--into", help="The store to merge into (created if missing).")],
) -> None:
    """Combine claim stores (from workers or machines) into one, storing each article once."""
    from .merge import merge as run

    try:
        report = run(store.connect(into), stores)
    except StoreError as exc:
        raise fail(str(exc))
    typer.echo(report.summary(), err=True)


@app.command()
def migrate(db: DbOption = Path(store.DEFAULT_DB)) -> None:
    """Upgrade a store written by an older claimledger to the current schema.
    Commands that only read never change a store; those that write upgrade it themselves."""
    try:
        store.open_existing(db).close()
    except StoreError as exc:
        raise fail(str(exc))
    typer.echo(f"{db} is up to date", err=True)


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
    from .serve import is_loopback, read_accounts, serve as run

    open_store(db).close()
    try:
        logins = read_accounts(accounts) if accounts else None
    except ValueError as exc:
        raise fail(str(exc))
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Serving {db} at http://{shown}:{port}/" + (" (read-only)" if read_only else ""), err=True)
    if not is_loopback(host) and not read_only and not logins:
        typer.echo("No --accounts: reviewing needs a signed-in reviewer, so no one can review.", err=True)
    run(db, port, host=host, read_only=read_only, reviewer=reviewer, extra_hosts=allow_host or (), accounts=logins)
