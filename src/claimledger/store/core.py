"""What every part of the store shares: where a store is, its errors, and
the two ways to talk to SQLite (a write transaction, rows as dicts)."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    import sqlite_utils

    Readable = sqlite3.Connection | sqlite_utils.Database  # what the functions that only read take

DEFAULT_DB = "claims.db"

BUSY_TIMEOUT_SECONDS = 30

MIGRATION_SET = "claimledger"  # the name schema.py's migrations are recorded under

SCHEMA = "m034_rates_and_periods"  # the newest migration in schema.py: a store that has it needs none


class StoreError(Exception):
    """A problem with the store that the user can act on."""


def is_damaged(exc: BaseException) -> bool:
    """Whether SQLite found the file's pages damaged (not merely not a database)."""
    message = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in message or "corrupt" in message)


def damaged(path: str | os.PathLike | None, exc: BaseException) -> StoreError:
    """The one-line error for a damaged store, with what to do about it."""
    name = path or "the store"
    return StoreError(f"the store {name} is damaged ({exc}): recover what it holds with "
                      f"'sqlite3 {name} .recover | sqlite3 recovered.db'")


@contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction that takes the write lock up front (``BEGIN
    IMMEDIATE``).  A deferred transaction that reads first and writes later
    fails at once with "database is locked" when another process wrote in
    between; taking the lock first lets the busy timeout make it wait."""
    conn = db.conn
    if conn.in_transaction:
        # inside an outer one (a migration, a batch of articles): a savepoint
        # keeps this part whole without ending the outer transaction
        conn.execute("savepoint writing")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back the whole of it already (a full disk)
                conn.execute("rollback to writing")
                conn.execute("release writing")
            raise
        conn.execute("release writing")
        return
    conn.execute("begin immediate")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def select(db: Readable, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """A query's rows as dicts, through a sqlite3 connection or a sqlite-utils Database alike."""
    cursor = db.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def forget_links(db) -> None:
    """Forget every group, pair, conflict and signature, so the next link
    judges every current article again."""
    for statement in ("delete from claim_pairs", "delete from group_conflicts",
                      "update claims set group_id = null where group_id is not null", "delete from claim_groups",
                      "delete from signature_names", "delete from claim_signatures",
                      "update articles set linked = 0 where superseded_by is null"):
        db.execute(statement)


@contextmanager
def batch_transaction(db: sqlite_utils.Database) -> Iterator[list]:
    """One write transaction for a batch of parts (articles), each written
    whole in a savepoint of its own (:func:`writing` inside), which yields a
    list for the block to note each part in once it is written.  When the
    block fails, the parts written before are committed and the error goes
    on; when committing fails, nothing is kept and the list is emptied, so
    a caller that counts what the list holds counts what was committed."""
    conn = db.conn
    done: list = []
    conn.execute("begin immediate")
    try:
        yield done
    except BaseException:
        try:
            if conn.in_transaction:
                conn.commit()
        except sqlite3.Error:
            conn.rollback()
            done.clear()
        raise
    try:
        conn.commit()
    except sqlite3.Error:
        if conn.in_transaction:
            conn.rollback()
        done.clear()
        raise
