"""Archived copies: the bytes of a page as they were served when it was
read, kept with the article made of them, so what a page said can be shown
after it changed or disappeared.

The body is kept gzip-compressed (``gunzip`` reads it, as does any WARC
tool once exported); the HTTP headers as a JSON array of ``[name, value]``
pairs in the order they came.  One copy per article: a re-fetch whose text
is unchanged is a duplicate and stores nothing, a changed one is a new
version of the article with a copy of its own.
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Iterator

from .core import select

if TYPE_CHECKING:
    import sqlite_utils

    from .core import Readable

# what show, the desk and JSON give of a copy: everything but the body and headers
COPY_COLUMNS = "article_id, requested_url, url, status, content_type, fetched_at, length, sha256"


def save_archive(db: sqlite_utils.Database, article_id: int, archive: dict[str, Any]) -> None:
    """Store the copy of ``article_id``: ``body`` (bytes as served) or, from
    another store, ``body_gzip`` as stored there."""
    import gzip  # imported here, not at the top: every command imports the store, few archive
    import json

    body_gzip = archive.get("body_gzip")
    if body_gzip is None:
        body = archive["body"]
        # mtime=0: the same bytes compress to the same blob
        body_gzip = gzip.compress(body, compresslevel=6, mtime=0)
        length, digest = len(body), hashlib.sha256(body).hexdigest()
    else:
        length, digest = archive["length"], archive["sha256"]
    headers = archive.get("headers")
    db.conn.execute(
        "insert into archived_copies (article_id, requested_url, url, status, reason, http_version, content_type, "
        "fetched_at, headers, length, sha256, body_gzip) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [article_id, archive.get("requested_url"), archive["url"], archive["status"], archive.get("reason"),
         archive.get("http_version"), archive.get("content_type"), archive["fetched_at"],
         headers if isinstance(headers, str) or headers is None else json.dumps([list(h) for h in headers]),
         length, digest, body_gzip])


def archived_copy(db: Readable, article_id: int) -> dict[str, Any] | None:
    """What is known of the copy of ``article_id`` (not its bytes), or None
    for an article read from a file."""
    rows = select(db, f"select {COPY_COLUMNS} from archived_copies where article_id = ?", [article_id])
    return rows[0] if rows else None


def archived_body(db: Readable, article_id: int) -> bytes | None:
    """The bytes of the copy of ``article_id`` as they were served."""
    import gzip  # lazy, for start-up time

    row = db.execute("select body_gzip from archived_copies where article_id = ?", [article_id]).fetchone()
    return gzip.decompress(row[0]) if row else None


def archived_copies(db: Readable) -> Iterator[dict[str, Any]]:
    """Every copy, oldest article first, with ``body`` (the bytes as served),
    ``headers`` as a list of pairs, and the article's canonical ``article_url``
    and ``source``; one at a time, so an export holds one body in memory."""
    import gzip  # lazy, for start-up time
    import json

    ids = [r[0] for r in db.execute("select article_id from archived_copies order by article_id")]
    for article_id in ids:
        row = select(db, "select c.*, a.url as article_url, a.source, a.title from archived_copies c "
                         "join articles a on a.id = c.article_id where c.article_id = ?", [article_id])[0]
        row["body"] = gzip.decompress(row.pop("body_gzip"))
        row["headers"] = [tuple(h) for h in json.loads(row["headers"] or "[]")]
        yield row
