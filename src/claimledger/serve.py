"""Datasette over the store: read-only but for reviews, on loopback, with the package's own metadata.

The desk's guarantees live here and in :mod:`claimledger.desk.guard`:

- every query runs on a read-only (``mode=ro``) connection whose values are
  capped at :data:`LENGTH_LIMIT` bytes (SQLite's ``SQLITE_LIMIT_LENGTH``) and
  whose rows are cut off once a query has returned :data:`RESULT_BYTES`, on
  top of Datasette's time limit, so one request cannot take the server's
  memory (a ``randomblob(1000000000)`` once took 7.5 GB);
- the only write is a review, through the plugin's own route, on a
  connection opened for it and closed after (:mod:`claimledger.desk.review`);
- what the plugin is told (reviewing on or off, the default reviewer, the
  host names the desk answers to, whether a reviewer must sign in) is its
  configuration in the metadata, under ``plugins.claimledger``.
"""
from __future__ import annotations

import ipaddress
import json
import os
import socket
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from .provenance.sql import DUE_SQL

HOST = "127.0.0.1"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
SETTINGS = {"sql_time_limit_ms": 2000, "max_returned_rows": 2000, "allow_download": False}
# The largest string or blob a served query may make or read.  It must hold
# the longest stored article: ingest refuses files over 10,000,000 bytes by
# default, and decoding a single-byte encoding can at most triple that.
LENGTH_LIMIT = 32 * 1024 * 1024
# What all the rows of one query may add up to before it is stopped: 2,000
# rows of a value near LENGTH_LIMIT (zeroblob makes them in no time) would
# otherwise be 64 GB.
RESULT_BYTES = 64 * 1024 * 1024
PLUGIN = "claimledger"
AUTH_PLUGIN = "datasette-auth-passwords"


class ResultTooLarge(sqlite3.DataError):
    pass


class BoundedCursor(sqlite3.Cursor):
    """A cursor that stops fetching once its rows hold more than RESULT_BYTES of text and blobs."""

    _fetched = 0

    def _count(self, row: Any) -> Any:
        if row is not None:
            self._fetched += sum(len(v) for v in row if isinstance(v, (str, bytes)))
            if self._fetched > RESULT_BYTES:
                raise ResultTooLarge(f"the result is larger than {RESULT_BYTES // 2**20} MiB")
        return row

    def fetchone(self):
        return self._count(super().fetchone())

    def fetchmany(self, size: int | None = None):
        size = self.arraysize if size is None else size
        rows = []
        while len(rows) < size:
            row = self.fetchone()
            if row is None:
                break
            rows.append(row)
        return rows

    def fetchall(self):
        return self.fetchmany(2**62)

    def __next__(self):
        return self._count(super().__next__())


class BoundedConnection(sqlite3.Connection):
    def cursor(self, factory=BoundedCursor):  # noqa: D102 - as sqlite3's
        return super().cursor(factory)


def limit(conn: sqlite3.Connection) -> None:
    """Cap the length of any one string or blob a query on ``conn`` may make."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)


def _database_class():
    from datasette.database import Database

    class ReadOnlyDatabase(Database):
        """Datasette's database, read through bounded ``mode=ro`` connections, never written."""

        def connect(self, write: bool = False):
            if write:
                raise PermissionError("the desk writes nothing through Datasette: reviews open their own connection")
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                                   factory=BoundedConnection)
            limit(conn)
            self._all_file_connections.append(conn)
            return conn

    return ReadOnlyDatabase


def metadata(db_name: str) -> dict[str, Any]:
    """The package's metadata, with its database entry named after the store's file."""
    template = json.loads(resources.files("claimledger").joinpath("datasette_metadata.json").read_text("utf-8"))
    template["databases"] = {db_name: template["databases"]["claims"]}
    # one definition of "due" for the CLI, the view and the canned query
    template["databases"][db_name]["queries"]["due_projections"]["sql"] = DUE_SQL.format(
        as_of="coalesce(nullif(:as_of, ''), date('now'))")
    return template


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The names a request's ``Host`` may give for a desk bound to ``host``:
    the loopback names, the address itself and, on every interface, this
    machine's names; plus any the user names (a proxy's public name)."""
    names = list(LOOPBACK_NAMES)
    if host in ("0.0.0.0", "::"):
        names += [socket.gethostname(), socket.getfqdn()]
    elif not is_loopback(host):
        names.append(host)
    names += list(extra)
    return list(dict.fromkeys(n.lower().strip("[]") for n in names if n))


def desk_config(host: str = HOST, read_only: bool = False, reviewer: str | None = None,
                extra_hosts: Iterable[str] = ()) -> dict[str, Any]:
    """What the plugin is told: reviews on or off, the default reviewer, the
    host names it answers to, and whether a reviewer must be signed in
    (anywhere but on loopback)."""
    return {
        "review": not read_only,
        "reviewer": reviewer,
        "hosts": allowed_hosts(host, extra_hosts),
        "require_actor": not is_loopback(host),
    }


def accounts_config(accounts: dict[str, str], environ: dict[str, str] = os.environ) -> dict[str, Any]:
    """datasette-auth-passwords configuration for ``{name: password hash}``.
    Each hash is handed over through an environment variable of this
    process, Datasette's way of keeping secrets out of ``/-/metadata``."""
    config: dict[str, Any] = {}
    for i, (name, password_hash) in enumerate(sorted(accounts.items())):
        variable = f"CLAIMS_DESK_PASSWORD_HASH_{i}"
        environ[variable] = password_hash
        config[f"{name}_password_hash"] = {"$env": variable}
    return config


def read_accounts(path: str | Path) -> dict[str, str]:
    """``{"name": "pbkdf2_sha256$..."}`` from a JSON file (hashes from ``datasette hash-password``)."""
    try:
        accounts = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read accounts from {path}: {exc}") from None
    if not isinstance(accounts, dict) or not all(
            isinstance(k, str) and k and "_password_hash" not in k and isinstance(v, str) and v.startswith("pbkdf2_sha256$")
            for k, v in accounts.items()):
        raise ValueError(f"{path} must be a JSON object of names and password hashes from 'datasette hash-password'")
    return accounts


def build_datasette(db_path: str | Path, host: str = HOST, read_only: bool = False, reviewer: str | None = None,
                    extra_hosts: Iterable[str] = (), accounts: dict[str, str] | None = None):
    """A Datasette instance over ``db_path`` with our metadata, plugin configuration and limits."""
    from datasette.app import Datasette

    path = Path(db_path)
    meta = metadata(path.stem)
    meta["plugins"] = {PLUGIN: desk_config(host, read_only, reviewer, extra_hosts)}
    if accounts:
        meta["plugins"][AUTH_PLUGIN] = accounts_config(accounts)
    ds = Datasette(files=[str(path)], metadata=meta, settings=SETTINGS)
    name = next(n for n, db in ds.databases.items() if db.path == str(path))
    ds.remove_database(name)  # the same file, read through bounded connections
    ds.add_database(_database_class()(ds, path=str(path), is_mutable=True), name=name)
    return ds


def check_address(host: str, port: int) -> None:
    """Raise ``OSError`` with a reason a person can act on when the desk
    could not listen on ``host``:``port`` (no such host, the port taken), so
    the command can say so in one line before it starts the server."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"no address for host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server sets it
        try:
            probe.bind(address)
        except OSError as exc:
            raise OSError(f"cannot listen on {host}:{port}: {exc.strerror} (choose another --port)") from None


def serve(db_path: str | Path, port: int, host: str = HOST, **options: Any) -> None:
    import uvicorn

    ds = build_datasette(db_path, host=host, **options)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
