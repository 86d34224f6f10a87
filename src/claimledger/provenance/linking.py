"""Linking: relate the claims of new articles to the stored ones and group
the claims that state the same thing.

Each new article's claims are signed (:mod:`.signature`) and put in blocks
by the names they mention (a quotation by how it begins and ends).  Within
a block, a new claim is compared with the *representatives* of the groups
there (:mod:`.groups`) and with the other new claims, by the rules of
:mod:`.relations` (for dates and figures a whole block at once, with numpy:
:mod:`.blocks`).  What it is found the same as decides its group; what it
contradicts is kept once per pair of groups.  Articles are linked a slice
at a time, so one slice's new groups and representatives are what the next
is compared with.  A version a newer text replaced leaves its groups here.
"""
from __future__ import annotations

import json
import sqlite3
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..store import forget_links, writing
from . import groups
from .blocks import block_pairs
from .relations import FRAGMENT_WORDS, fragment_pairs, measure_words, quote_pairs, quote_words, reason, relation
from .signature import Signature, article_entity, signature, supported_names

CLAIM_COLUMNS = (
    "claims.id, claims.article_id, kind, status, surface, span_start, span_end, sentence_start, sentence_end, "
    "unit, number, number_high, qualifier, date_start, date_end, attributed_to, subject, quote, scope"
)

FLUSH_ROWS = 10_000

SIGNATURE_COLUMNS = ("s.claim_id, s.article_id, s.kind, s.status, s.measure, s.period, s.low, s.high, "
                     "s.qualifier, s.quote, s.names, s.words, s.scope")

# a signature a slice compares with: a representative, or a claim of the slice
COMPARED = "(s.representative = 1 or s.article_id in (select value from json_each(?)))"


def sign(db, article_id: int, text: str, published: str | None = None, title: str | None = None) -> None:
    """Store the signatures of a stored article's claims, and the names that
    put them in blocks, so linking reads signatures back instead of
    re-reading texts (and worker processes read them from the file)."""
    supported = supported_names(text, title)
    topic = article_entity(text, supported, title)
    rows, names = [], []
    claims = list(db.query(f"select {CLAIM_COLUMNS} from claims where article_id = ?", [article_id]))
    signed = [signature(claim, text, topic, supported, published) for claim in claims]
    mark_figure_periods(claims, signed)
    for s in signed:
        rows.append((s.claim_id, s.article_id, s.kind, s.status, s.measure, s.period, s.low, s.high, s.qualifier,
                     s.quote, len(s.quote) if s.quote else None,
                     json.dumps(sorted(s.entities)), json.dumps(sorted(s.context)),
                     json.dumps(s.scope, sort_keys=True) if s.scope else None))
        if s.kind != "quote":
            names += [(s.claim_id, s.kind, s.measure, name) for name in s.entities]
        elif s.quote:
            names += [(s.claim_id, "quote", end, words) for end, words in quote_ends(s.quote)]
    db.conn.executemany("insert into claim_signatures (claim_id, article_id, kind, status, measure, period, low, "
                        "high, qualifier, quote, quote_length, names, words, scope) "
                        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    add_to_blocks(db.conn, names)


def mark_figure_periods(claims: list[dict], signed: list[Signature]) -> None:
    """Put on each date that names the period of figures in its sentence, a span of days ("inflation of
    3.4% this year", "grew 0.3% in the first quarter"), what those figures measure (``scope.period_of``:
    each one's unit and words): two such dates apart are the periods of two figures, not one event told
    at two times, and one period is one date only as the period of one measure.  A day is
    when something was done, and a deadline ("by the end of 2047") a schedule, whatever figure they date."""
    by_period: dict[tuple, set[tuple[str, str]]] = {}
    for claim, s in zip(claims, signed):
        period = (s.scope or {}).get("period") if s.kind == "number" else None
        if period and None not in period and period[0] != period[1]:
            by_period.setdefault((claim["sentence_start"], *period), set()).add(
                (s.measure or "", " ".join(sorted(measure_words(s)))))
    for claim, s in zip(claims, signed):
        figures = by_period.get((claim["sentence_start"], claim["date_start"], claim["date_end"]))
        if s.kind == "date" and figures and s.scope is not None:
            s.scope["period_of"] = [list(f) for f in sorted(figures)]


def add_to_blocks(conn, rows: list[tuple[int, str, str, str]]) -> None:
    """Put claims in the blocks of their names, ``(claim_id, kind, measure,
    name)``: a name is numbered (``block_names``) the first time it is seen."""
    conn.executemany("insert or ignore into block_names (name) values (?)", sorted({(r[3],) for r in rows}))
    conn.executemany("insert into signature_names (claim_id, kind, measure, name_id) "
                     "select ?, ?, ?, id from block_names where name = ?", rows)


QUOTE_END = 16  # characters of a quotation's start and of its end that block it


def quote_ends(quote: str) -> list[tuple[str, str]]:
    """The blocks of a quotation: how it begins and how it ends, and each
    run of FRAGMENT_WORDS words in it.  Two quotations nearly the same (a
    ratio of SAME_QUOTE) all but always share an end; a fragment of a
    longer quotation shares every run of its words with it."""
    text = quote_words(quote)
    if not text:
        return []
    words = text.split()
    runs = {" ".join(words[k: k + FRAGMENT_WORDS]) for k in range(len(words) - FRAGMENT_WORDS + 1)}
    return [("head", text[:QUOTE_END]), ("tail", text[-QUOTE_END:]), *(("part", run) for run in sorted(runs))]


def _signature_of(row: tuple) -> Signature:
    claim_id, article_id, kind, status, measure, period, low, high, qualifier, quote, names, words, scope = row
    return Signature(claim_id, article_id, kind, status, measure, period, low, high,
                     set(json.loads(names)), set(json.loads(words)), quote, qualifier,
                     json.loads(scope) if scope else None)


def stored_signatures(db) -> dict[int, Signature]:
    """Every claim's signature as ingest stored it, by claim id."""
    rows = db.execute(f"select {SIGNATURE_COLUMNS} from claim_signatures s")
    return {s.claim_id: s for s in map(_signature_of, rows)}


LINK_SLICE = 100  # articles linked at a time: each slice is compared with what the ones before it left


def link(db, mapper: Callable = map, shares: int = 1, whole_slices: bool = False) -> tuple[int, int] | None:
    """Relate the claims of every article not linked yet to the stored ones
    and put them in groups.  Returns (groups of two sources or more,
    conflicts), or ``None`` when no article was waiting.  With
    ``whole_slices``, only full slices of LINK_SLICE articles are linked and
    the rest left waiting: what a writer can link while more articles are
    still coming, with the result linking them all at the end gives.

    Work and memory follow what is new: only blocks holding a new claim are
    read, one at a time, and in them only the representatives and the new
    claims.  Given a process pool's ``imap`` as ``mapper``, the blocks are cut
    into ``shares`` compared in its processes, each reading the store
    itself.  Pairs go to a temporary table first, so the store's write lock
    is held only to place the new claims."""
    pending = [r[0] for r in db.execute(
        "select id from articles where linked = 0 and superseded_by is null order by id")]
    if whole_slices:
        pending = pending[: len(pending) - len(pending) % LINK_SLICE]
    if not pending:
        return None
    for start in range(0, len(pending), LINK_SLICE):
        _link_slice(db, pending[start: start + LINK_SLICE], mapper, shares)
    return (db.execute("select count(*) from claim_groups where sources > 1").fetchone()[0],
            db.execute("select count(*) from group_conflicts").fetchone()[0])


def _link_slice(db, pending: list[int], mapper: Callable, shares: int) -> None:
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
        db.conn.commit()  # the temporary rows: the write lock is taken below, only to place the claims
    with writing(db):
        new_claims = [r[0] for r in db.execute(
            "select c.id from claims c where c.article_id in (select value from json_each(?)) "
            "and c.group_id is null order by c.id", [json.dumps(pending)])]
        same = db.execute("select claim_id, related_claim_id, similarity from temp.found_relations "
                          "where relation = 'same'").fetchall()
        # in claim order, so that the pair a conflict is shown by is the same whatever order blocks came in
        apart = db.execute("select claim_id, related_claim_id, relation from temp.found_relations "
                           "where relation in ('contradicts', 'broken') "
                           "order by claim_id, related_claim_id").fetchall()
        groups.assign(db, new_claims, same, _with_reasons(db, apart))
        _drop_unsupported(db, new_claims)
        db.execute("delete from temp.found_relations")
        db.execute("update articles set linked = 1 where id in (select value from json_each(?))", [json.dumps(pending)])


# a conflict between two groups stands for every pair of their members: it is kept only while at least
# this share of the pairs of their earliest members (from two articles) contradict, so one odd member
# does not set two groups against each other (benchmarks/grouping.py, "as the store lists them")
SUPPORT = 0.3
MEMBERS_JUDGED = 6  # earliest members of each group judged: at most 36 pairs a conflict


def _drop_unsupported(db, new_claims: list[int]) -> None:
    """Forget the contradictions between groups the new claims joined that too few of their members bear out."""
    touched = json.dumps([r[0] for r in db.execute(
        "select distinct group_id from claims where id in (select value from json_each(?)) "
        "and group_id is not null", [json.dumps(new_claims)])])
    conflicts = db.execute(
        "select group_id, other_group_id from group_conflicts where relation = 'contradicts' and "
        "(group_id in (select value from json_each(:g)) or other_group_id in (select value from json_each(:g)))",
        {"g": touched}).fetchall()
    members: dict[int, list[Signature]] = {}

    def earliest(group_id: int) -> list[Signature]:
        if group_id not in members:
            members[group_id] = [_signature_of(r) for r in db.execute(
                f"select {SIGNATURE_COLUMNS} from claims c join claim_signatures s on s.claim_id = c.id "
                "where c.group_id = ? order by c.id limit ?", [group_id, MEMBERS_JUDGED])]
        return members[group_id]

    unsupported = []
    for group_id, other in conflicts:
        pairs = [(a, b) for a in earliest(group_id) for b in earliest(other) if a.article_id != b.article_id]
        if pairs and sum(relation(a, b) == "contradicts" for a, b in pairs) < SUPPORT * len(pairs):
            unsupported.append((group_id, other))
    db.conn.executemany("delete from group_conflicts where group_id = ? and other_group_id = ?", unsupported)


def _with_reasons(db, pairs: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """Each contradiction (or broken projection) with why its two claims measure the same thing."""
    if not pairs:
        return []
    ids = json.dumps(sorted({c for a, b, _ in pairs for c in (a, b)}))
    signed = {s.claim_id: s for s in map(_signature_of, db.execute(
        f"select {SIGNATURE_COLUMNS} from claim_signatures s where s.claim_id in (select value from json_each(?))",
        [ids]))}
    return [(a, b, rel, reason(signed[a], signed[b])) for a, b, rel in pairs]


def sign_pending(db) -> None:
    """Sign the claims of every article not linked yet, relating none: what
    a store written apart to be merged (a partition of a Dask ingest) does,
    so the signing is spread over its workers and the one linking writer
    only compares."""
    pending = [r[0] for r in db.execute("select id from articles where linked = 0 order by id")]
    with writing(db):
        _sign_new(db, pending)


def _sign_new(db, pending: list[int]) -> None:
    """Sign the claims of the pending articles that have no signatures yet."""
    for article_id, text, published, title in db.execute(
            "select a.id, a.text, a.published, a.title from articles a where a.id in (select value from json_each(?)) "
            "and not exists (select 1 from claim_signatures s where s.article_id = a.id)",
            [json.dumps(pending)]).fetchall():
        sign(db, article_id, text, published, title)


# the claims of the replaced versions of the pending articles' origins, in
# two lookups an index answers each (joined by one OR, SQLite read every
# article; and where most articles have no origin, its statistics call the
# origin index useless, though a lookup of a missing origin finds nothing at once)
REPLACED = ("select c.id from articles p join articles r indexed by idx_articles_origin on r.origin = p.origin "
            "join claims c on c.article_id = r.id where p.id in (select value from json_each(:pending)) "
            "and r.superseded_by is not null "
            "union select c.id from articles p join articles r on r.id = p.previous_version_id "
            "join claims c on c.article_id = r.id where p.id in (select value from json_each(:pending)) "
            "and r.superseded_by is not null")


def _unlink_replaced(db, pending: list[int]) -> None:
    """A version a newer text replaced leaves its groups: the new one is
    linked in its place."""
    replaced = [r[0] for r in db.execute(f"select id from claims where id in ({REPLACED}) and group_id is not null",
                                         {"pending": json.dumps(pending)})]
    groups.leave(db, replaced)


def rebuild(db) -> tuple[int, int]:
    """Forget every group and conflict and link all current claims again."""
    with writing(db):
        forget_links(db)
    return link(db) or (0, 0)


def _new_claim_pairs(db, pending: list[int], mapper: Callable = map, shares: int = 1
                     ) -> Iterable[tuple[int, int, str, float]]:
    """``(claim_id, related_claim_id, relation, similarity)`` for the related
    dates and figures with a claim of a ``pending`` article."""
    blocks = db.execute(
        "select distinct n.kind, n.measure, n.name_id, b.name from signature_names n "
        "join claim_signatures s on s.claim_id = n.claim_id join block_names b on b.id = n.name_id "
        "where s.article_id in (select value from json_each(?)) and n.kind != 'quote'",
        [json.dumps(pending)]).fetchall()
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
    for kind, measure, name_id, name in blocks:
        if len(decoded) > SIGNATURES_KEPT:
            decoded.clear()
        block = [decoded.get(r[0]) or decoded.setdefault(r[0], _signature_of(r)) for r in conn.execute(
            f"select {SIGNATURE_COLUMNS} from signature_names n join claim_signatures s on s.claim_id = n.claim_id "
            f"where n.name_id = ? and n.kind = ? and n.measure = ? and {COMPARED} order by s.claim_id",
            [name_id, kind, measure, json.dumps(pending)])]
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
    """The quotations of the pending articles nearly the same as another,
    compared within the blocks of how they begin and end, or a fragment of
    another, found in the blocks of their runs of words."""
    new_articles = set(pending)
    # from the pending articles' signatures to their names (CROSS JOIN keeps
    # that order): a store never analysed had SQLite read every quotation's
    # names instead, a cost that grew with the store
    blocks = db.execute(
        "select distinct n.measure, n.name_id from claim_signatures s cross join signature_names n "
        "on n.claim_id = s.claim_id where s.article_id in (select value from json_each(?)) and n.kind = 'quote'",
        [json.dumps(pending)]).fetchall()
    # a fragment is shorter than what holds it: a run's block whose quotations are all of one length
    # (copies of one wording, which the ends' blocks pair) is not read
    parts = json.dumps([name_id for end, name_id in blocks if end == "part"])
    mixed = {row[0] for row in db.execute(
        "select n.name_id from signature_names n join claim_signatures s on s.claim_id = n.claim_id "
        f"where n.name_id in (select value from json_each(?)) and n.kind = 'quote' and n.measure = 'part' "
        f"and {COMPARED} group by n.name_id having count(distinct s.quote_length) > 1",
        [parts, json.dumps(pending)])}
    for end, name_id in blocks:
        if end == "part" and name_id not in mixed:
            continue
        rows = db.execute(
            f"select {SIGNATURE_COLUMNS} from signature_names n join claim_signatures s on s.claim_id = n.claim_id "
            f"where n.name_id = ? and n.kind = 'quote' and n.measure = ? and {COMPARED} "
            "order by s.quote_length, s.claim_id", [name_id, end, json.dumps(pending)])
        compare = fragment_pairs if end == "part" else quote_pairs
        yield from compare((q, q.article_id in new_articles) for q in map(_signature_of, rows))
