"""Opening a store: creating and migrating it under the write lock for the
commands that write, read-only for the commands that read.

sqlite-utils is imported only to open a store for writing: the read-only
commands open an up-to-date store with the standard library, which keeps
``claims list`` from paying sqlite-utils' import (numpy among it).
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .core import BUSY_TIMEOUT_SECONDS, DEFAULT_DB, MIGRATION_SET, SCHEMA, StoreError, damaged, is_damaged

if TYPE_CHECKING:
    import sqlite_utils


def connect(path: str | os.PathLike | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """Open and migrate the store at ``path``, creating it when ``create``
    (``claims ingest`` and ``claims merge``) and it does not exist yet.

    A file that holds a SQLite database of something else is refused, never
    written to.  Checking the schema and applying what is missing happen
    under the write lock (``BEGIN IMMEDIATE``), so when several processes
    open a new store at once, one creates it while the others wait their
    turn (the busy timeout) and then find it current."""
    import sqlite_utils  # here, not at the top: the commands that only read never need it

    path = _path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a regular file")
    if not path.parent.exists():
        raise StoreError(f"folder {path.parent} does not exist")
    if not create:
        _existing(path)
    with _opening(path) as opened:
        conn = opened["conn"] = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        state = _state(conn, path)
        db = sqlite_utils.Database(conn)
        db.execute("pragma foreign_keys = on")
        if state != CURRENT or _pending(db):
            _upgrade(db, path)
    return db


@contextmanager
def _opening(path: Path) -> Iterator[dict]:
    """Close the connection the block opened (``opened["conn"]``) when
    opening fails, and say in one line why: a damaged file, a file that is
    not a database, or what the block found wrong."""
    opened: dict = {}
    try:
        yield opened
    except (sqlite3.DatabaseError, StoreError) as exc:
        if opened.get("conn") is not None:
            opened["conn"].close()
        if isinstance(exc, StoreError):
            raise
        if is_damaged(exc):
            raise damaged(path, exc) from None
        raise StoreError(f"cannot open {path} as a claims store: {exc}") from None


def _upgrade(db: sqlite_utils.Database, path: Path) -> None:
    """Create or migrate the store, holding the write lock from the check to
    the last migration: sqlite-utils' ``Migrations.apply`` reads what is
    pending before it writes, so two processes applying at once would both
    find the same migrations pending."""
    from .schema import migrations  # sqlite-utils: only a command that writes pays for its import

    _wal(db.conn)
    db.conn.execute("begin immediate")
    try:
        _state(db.conn, path)  # what another process made of the file while this one waited
        if _pending(db):
            migrations.apply(db)
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def _pending(db: sqlite_utils.Database) -> bool:
    from .schema import migrations  # as in _upgrade

    return bool(migrations.pending(db))


def _wal(conn: sqlite3.Connection) -> None:
    """Switch a store to WAL (once: the mode is kept in the file).  The switch
    needs the database to itself, so while another process holds it, wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if conn.execute("pragma journal_mode").fetchone()[0] == "wal":
                return
            conn.execute("pragma journal_mode = wal")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# what a database file holds, for the purpose of opening it as a store
EMPTY, OLDER, CURRENT = "empty", "older", "current"


def _state(conn: sqlite3.Connection, path: Path) -> str:
    """``EMPTY`` (no tables: a new store), ``OLDER`` (a claims store that
    lacks migrations), ``CURRENT``; a database of something else is refused."""
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not tables:
        return EMPTY
    if "_sqlite_migrations" in tables:
        names = {r[0] for r in conn.execute("select name from _sqlite_migrations where migration_set = ?",
                                            [MIGRATION_SET])}
        if SCHEMA in names:
            return CURRENT
        if names:
            return OLDER
    raise StoreError(f"{path} is not a claims store (a SQLite database of something else); "
                     "claims never writes to one")


def open_existing(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Like :func:`connect`, for commands that write but only make sense on
    a store that exists (``claims verify``): never creates one."""
    return connect(path, create=False)


def open_for_reading(path: str | os.PathLike | None = None) -> sqlite3.Connection:
    """An existing store for commands that only read it, opened read-only
    (see :func:`_reading_connection`) with the standard library alone:
    reading never creates, migrates or changes a file.  A store an older claimledger wrote is not
    upgraded here; ``claims migrate`` (or any command that writes) does it."""
    path = _existing(path)
    with _opening(path) as opened:
        conn = opened["conn"] = _reading_connection(path)
        state = _state(conn, path)
    if state == CURRENT:
        return conn
    conn.close()
    if state == EMPTY:
        raise StoreError(f"no store at {path} (an empty database): run 'claims ingest' first")
    raise StoreError(f"the store {path} was written by an older claimledger: "
                     f"upgrade it with 'claims migrate --db {path}'")


def _reading_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (``query_only``).  On a store with no
    ``-wal`` file it opens the file for writing where it may, because the
    last connection to close a WAL store removes the ``-wal`` and ``-shm``
    files it made, and a ``mode=ro`` one leaves them behind; otherwise, or on
    a file or folder it may not write to, ``mode=ro``; on a read-only medium,
    where no writer can exist, ``immutable=1``."""
    uri = path.resolve().as_uri()
    error: sqlite3.Error | None = None
    # With a -wal file beside it, another connection is writing or left
    # changes to fold in: closing a writable connection last would fold
    # them into the file, so read with mode=ro, which leaves that to writers
    modes = ("?mode=ro", "?immutable=1") if Path(f"{path}-wal").exists() else ("", "?mode=ro", "?immutable=1")
    for mode in modes:
        conn = None
        try:
            conn = sqlite3.connect(uri + mode, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
            conn.execute("pragma query_only = on")
            conn.execute("select count(*) from sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:  # cannot open it this way (a full disk…): try the next
            if conn is not None:
                conn.close()
            error = exc
    raise error


def _path(path: str | os.PathLike | None) -> Path:
    return Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)


def _existing(path: str | os.PathLike | None) -> Path:
    """``path`` when a store may be there: a missing or empty file is no store."""
    path = _path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists():
        raise StoreError(f"no store at {path}: run 'claims ingest' first")
    if not path.is_file():
        raise StoreError(f"{path} is not a regular file")
    if path.stat().st_size == 0:
        raise StoreError(f"no store at {path} (an empty file): run 'claims ingest' first")
    return path
