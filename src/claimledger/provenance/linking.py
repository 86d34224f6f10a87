"""Linking: relate the claims of new articles to the stored ones and group
the claims that state the same thing.

Each new article's claims are signed (:mod:`.signature`), put in blocks by
the names they mention, and compared within their blocks (:mod:`.blocks`,
with numpy, by the rules of :mod:`.relations`); the related pairs go to
``claim_pairs``, and groups are the connected sets of *same* pairs.  A
version an article's new text replaced leaves its relations here.
"""
from __future__ import annotations

import json
import sqlite3
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..store import select, writing
from .blocks import block_pairs
from .relations import QUOTE_STRETCH, quote_pairs
from .signature import Signature, article_entity, signature

CLAIM_COLUMNS = (
    "claims.id, claims.article_id, kind, status, surface, span_start, span_end, sentence_start, sentence_end, "
    "unit, number, number_high, qualifier, date_start, date_end, attributed_to, subject, quote"
)

FLUSH_ROWS = 10_000

SIGNATURE_COLUMNS = ("s.claim_id, s.article_id, s.kind, s.status, s.measure, s.period, s.low, s.high, "
                     "s.qualifier, s.quote, s.names, s.words")

CURRENT = "join articles a on a.id = s.article_id and a.superseded_by is null"

def sign(db, article_id: int, text: str) -> None:
    """Store the signatures of a stored article's claims, and the names that
    put them in blocks.  Runs in the transaction that stores the article, so
    linking later reads signatures back instead of re-reading texts."""
    topic = article_entity(text)
    rows, names = [], []
    for claim in db.query(f"select {CLAIM_COLUMNS} from claims where article_id = ?", [article_id]):
        s = signature(claim, text, topic)
        rows.append((s.claim_id, s.article_id, s.kind, s.status, s.measure, s.period, s.low, s.high, s.qualifier,
                     s.quote, len(s.quote) if s.quote else None,
                     json.dumps(sorted(s.entities)), json.dumps(sorted(s.context))))
        if s.kind != "quote":
            names += [(s.claim_id, s.kind, s.measure, name) for name in s.entities]
    db.conn.executemany("insert into claim_signatures (claim_id, article_id, kind, status, measure, period, low, "
                        "high, qualifier, quote, quote_length, names, words) "
                        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.conn.executemany("insert into signature_names (claim_id, kind, measure, name) values (?, ?, ?, ?)", names)

def _signature_of(row: tuple) -> Signature:
    claim_id, article_id, kind, status, measure, period, low, high, qualifier, quote, names, words = row
    return Signature(claim_id, article_id, kind, status, measure, period, low, high,
                     set(json.loads(names)), set(json.loads(words)), quote, qualifier)

def stored_signatures(db) -> dict[int, Signature]:
    """Every claim's signature as ingest stored it, by claim id."""
    return {s.claim_id: s for s in map(_signature_of, db.execute(f"select {SIGNATURE_COLUMNS} from claim_signatures s"))}

def link(db, mapper: Callable = map, shares: int = 1) -> tuple[int, int] | None:
    """Relate the claims of every article not linked yet to all current
    claims, then regroup.  Returns (groups, conflicts), or ``None`` when no
    article was waiting.

    Work and memory follow what is new: blocks are read from the store one
    at a time, only blocks holding a new claim are read, and only pairs with
    a new claim are compared.  Given a process pool's ``imap`` as
    ``mapper``, the blocks are cut into ``shares`` compared in its
    processes, each reading the store itself.  Pairs go to a temporary
    table first, so the store's write lock is held only for the final copy."""
    pending = [r[0] for r in db.execute("select id from articles where linked = 0 and superseded_by is null")]
    if not pending:
        return None
    outer = db.conn.in_transaction  # inside a migration: one transaction throughout
    with writing(db):
        _sign_new(db, pending)
        _unlink_replaced(db, pending)
    if not outer:
        db.conn.commit()  # worker processes read the signatures from the file
    db.execute("create temp table if not exists found_relations "
               "(claim_id int, related_claim_id int, relation text, similarity real)")
    db.execute("delete from temp.found_relations")
    insert = "insert into temp.found_relations values (?, ?, ?, ?)"
    buffer: list[tuple] = []
    for row in chain(_new_quote_pairs(db, pending), _new_claim_pairs(db, pending, mapper, shares)):
        buffer.append(row)
        if len(buffer) >= FLUSH_ROWS:
            db.conn.executemany(insert, buffer)
            buffer = []
    db.conn.executemany(insert, buffer)
    if not outer:
        db.conn.commit()
    with writing(db):
        # each pair was found once and is stored once, the lower claim id
        # first; a concurrent ingest may have found the same pair
        db.execute("insert or ignore into claim_pairs (claim_id, related_claim_id, relation, similarity) "
                   "select min(claim_id, related_claim_id), max(claim_id, related_claim_id), relation, similarity "
                   "from temp.found_relations")
        _mark_for_regroup(db, pending)
        db.execute("delete from temp.found_relations")
        db.execute("update articles set linked = 1 where id in (select value from json_each(?))", [json.dumps(pending)])
        groups = _regroup(db, marked=True)
        conflicts = db.execute("select count(*) from claim_pairs where relation = 'contradicts'").fetchone()[0]
    return groups, conflicts

def _sign_new(db, pending: list[int]) -> None:
    """Sign the claims of the pending articles that have no signatures yet."""
    for article_id, text in db.execute(
            "select a.id, a.text from articles a where a.id in (select value from json_each(?)) "
            "and not exists (select 1 from claim_signatures s where s.article_id = a.id)",
            [json.dumps(pending)]).fetchall():
        sign(db, article_id, text)


# the claims of the replaced versions of the pending articles' origins
REPLACED = ("select c.id from articles p join articles r on r.superseded_by is not null "
            "and (r.origin = p.origin or r.id = p.previous_version_id) "
            "join claims c on c.article_id = r.id where p.id in (select value from json_each(:pending))")


def _unlink_replaced(db, pending: list[int]) -> None:
    """A version a newer text replaced leaves its relations: the new one is
    linked in its place."""
    db.execute(f"delete from claim_pairs where claim_id in ({REPLACED}) or related_claim_id in ({REPLACED})",
               {"pending": json.dumps(pending)})


def rebuild(db) -> tuple[int, int]:
    """Forget every relation and link all current claims again."""
    with writing(db):
        db.execute("delete from claim_pairs")
        db.execute("update claims set group_id = null where group_id is not null")
        db.execute("delete from claim_groups")
        db.execute("update articles set linked = 0 where superseded_by is null")
    return link(db) or (0, 0)

def _new_claim_pairs(db, pending: list[int], mapper: Callable = map, shares: int = 1
                     ) -> Iterable[tuple[int, int, str, float]]:
    """``(claim_id, related_claim_id, relation, similarity)`` for the related
    dates and figures with a claim of a ``pending`` article."""
    blocks = db.execute(
        "select distinct n.kind, n.measure, n.name from signature_names n "
        "join claim_signatures s on s.claim_id = n.claim_id "
        "where s.article_id in (select value from json_each(?))", [json.dumps(pending)]).fetchall()
    path = _file_of(db)
    if shares < 2 or not path or len(blocks) < 2:
        yield from _block_relations(db.conn, pending, blocks)
        return
    for found in mapper(_relations_in_file, [(path, pending, blocks[i::shares]) for i in range(shares)]):
        yield from found

SIGNATURES_KEPT = 10_000  # decoded signatures kept while linking (a claim is in one block per name): a few MiB

def _block_relations(conn, pending: list[int], blocks: Iterable[tuple]) -> Iterator[tuple[int, int, str, float]]:
    new_articles = set(pending)
    decoded: dict[int, Signature] = {}
    for kind, measure, name in blocks:
        if len(decoded) > SIGNATURES_KEPT:
            decoded.clear()
        block = [decoded.get(r[0]) or decoded.setdefault(r[0], _signature_of(r)) for r in conn.execute(
            f"select {SIGNATURE_COLUMNS} from signature_names n join claim_signatures s on s.claim_id = n.claim_id "
            f"{CURRENT} where n.kind = ? and n.measure = ? and n.name = ? order by s.claim_id",
            [kind, measure, name])]
        yield from block_pairs(block, name, [s.article_id in new_articles for s in block])

def _relations_in_file(job: tuple[str, list[int], list[tuple]]) -> list[tuple[int, int, str, float]]:
    """What a worker process does: the relations of a share of the blocks,
    read from the store's committed state."""
    path, pending, blocks = job
    conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        return list(_block_relations(conn, pending, blocks))
    finally:
        conn.close()

def _file_of(db) -> str | None:
    """The file behind ``db`` (none for a database in memory)."""
    return next((row[2] for row in db.execute("pragma database_list") if row[1] == "main"), "") or None

def _new_quote_pairs(db, pending: list[int]) -> Iterable[tuple[int, int, str, float]]:
    new_articles = set(pending)
    shortest, longest = db.execute(
        "select min(quote_length), max(quote_length) from claim_signatures "
        "where kind = 'quote' and article_id in (select value from json_each(?))", [json.dumps(pending)]).fetchone()
    if shortest is None:
        return
    rows = db.execute(
        f"select {SIGNATURE_COLUMNS} from claim_signatures s {CURRENT} "
        "where s.kind = 'quote' and s.quote_length between ? and ? order by s.quote_length, s.claim_id",
        [int(shortest / QUOTE_STRETCH), int(longest * QUOTE_STRETCH) + 1])
    yield from quote_pairs((q, q.article_id in new_articles) for q in map(_signature_of, rows))

def _regroup(db, marked: bool = False) -> int:
    """Groups are the connected sets of *same* relations; each names the
    claim that appeared first.  Returns how many there are.

    With ``marked``, only the groups of the claims in ``temp.regroup`` are
    made again (see :func:`_mark_for_regroup`): a group is closed under
    *same*, so the groups of the marked claims with all their members hold
    every pair that can join or split them, and the other groups keep their
    rows and ids.  A group made again takes the lowest id its members' old
    groups had that is still free, so a group that grew keeps its id."""
    if marked:
        # every member of a group a marked claim is in
        db.execute("insert or ignore into temp.regroup select id from claims where group_id in "
                   "(select group_id from claims where id in (select claim_id from temp.regroup))")
        scope = "in (select claim_id from temp.regroup)"
    else:
        scope = "is not null"
    old = dict(db.execute(f"select id, group_id from claims where id {scope} and group_id is not null"))
    db.execute(f"delete from claim_groups where id in (select group_id from claims where id {scope})" if marked
               else "delete from claim_groups")
    db.execute(f"update claims set group_id = null where id {scope} and group_id is not null")
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # both ends of a same pair are in one group, so the lower one being in
    # scope is enough
    for a, b in db.execute(f"select claim_id, related_claim_id from claim_pairs where claim_id {scope} "
                           "and relation = 'same'"):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    members: dict[int, list[tuple]] = {}
    for row in db.execute(
            "select c.id, c.article_id, c.kind, c.surface, c.span_start, a.published, a.ingested_at "
            "from claims c join articles a on a.id = c.article_id where c.id in (select value from json_each(?)) "
            "order by c.id", [json.dumps(list(parent))]).fetchall():
        members.setdefault(root(row[0]), []).append(row)
    free = set(old.values())
    next_id = max([*free, db.execute("select coalesce(max(id), 0) from claim_groups").fetchone()[0]]) + 1
    groups, assigned = [], []
    for group in members.values():
        reused = min((old[c[0]] for c in group if old.get(c[0]) in free), default=None)
        if reused is None:
            group_id, next_id = next_id, next_id + 1
        else:
            group_id = reused
            free.discard(reused)
        claim_id, article_id, kind, surface, _, published, _ = min(
            group, key=lambda c: (c[5] or "9999", c[6], c[1], c[4]))
        groups.append((group_id, kind, surface, claim_id, article_id, published, len({c[1] for c in group}),
                       len(group)))
        assigned += [(group_id, c[0]) for c in group]
    db.conn.executemany("insert into claim_groups (id, kind, surface, first_claim_id, first_article_id, "
                        "first_published, sources, members) values (?, ?, ?, ?, ?, ?, ?, ?)", groups)
    db.conn.executemany("update claims set group_id = ? where id = ?", assigned)
    return db.execute("select count(*) from claim_groups").fetchone()[0]

def _mark_for_regroup(db, pending: list[int]) -> None:
    """Put in ``temp.regroup`` the claims whose groups linking ``pending``
    changes: both ends of each new *same* pair (still in
    ``temp.found_relations``), and the grouped claims of the versions their
    texts replaced, which lost their pairs."""
    db.execute("create temp table if not exists regroup (claim_id integer primary key)")
    db.execute("delete from temp.regroup")
    db.execute("insert or ignore into temp.regroup select claim_id from temp.found_relations where relation = 'same' "
               "union select related_claim_id from temp.found_relations where relation = 'same'")
    db.execute(f"insert or ignore into temp.regroup select id from claims where id in ({REPLACED}) "
               "and group_id is not null", {"pending": json.dumps(pending)})
