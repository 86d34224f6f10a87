"""Follow a claim across articles.

Two claims from different articles are the *same* when they are about the
same entity, measure the same kind of thing, say it in similar words and
give compatible values ("an annual sales target of 90,000 units" /
"targeting 90,000 sales a year").  They *contradict* when all of that holds
but the values cannot both be true (90,000 vs 100,000 units a year;
"launch in 2026" vs "in 2028").

Everything here reads stored claims, so it needs no spaCy: a claim's
signature is built from its stored sentence, span, unit and value.
"""
from __future__ import annotations

import calendar
import json
import re
import sqlite3
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rapidfuzz import fuzz, process

from .normalize.numbers import MEASURES
from .store import DUE_SQL, claim_columns, records, select, writing

# How near two claims' words must be, measured on the annotated pairs in
# benchmarks/grouping.py (docs/provenance.md has the figures).  A precise
# value (a figure, one named day) is itself strong evidence, so it needs
# fewer shared words than a period many things happen in (a year, a decade).
SAME_CONTEXT = {"number": 0.25, "day": 0.25, "date": 0.5}
CONFLICT_CONTEXT = 0.34
LOWEST_CONTEXT = min(*SAME_CONTEXT.values(), CONFLICT_CONTEXT)
SAME_QUOTE = 90  # rapidfuzz ratio, 0..100
# a ratio of at least SAME_QUOTE needs the longer quote to be at most this
# many times the shorter (the edit distance is at least the difference in length)
QUOTE_STRETCH = (200 - SAME_QUOTE) / SAME_QUOTE
VALUE_TOLERANCE = 0.005
APPROXIMATE_TOLERANCE = 0.05  # "about 100 kWh" agrees with "105 kWh"
# a figure more than twice or less than half another is a different measure, not a revision of it
CONFLICT_RATIO = 2.0
WINDOW_BEFORE, WINDOW_AFTER = 10, 8

STOPWORDS = set(
    """a an the and or but of to in on at by for with from as is are was were be been being it its this that
    these those their his her he she they we our you your i has have had will would could should may might
    can do does did not no than then there here which who whom whose what when where while also about
    into over under after before up down out more most less such said says say told according per
    company firm year years month months week weeks day days quarter time next last first""".split()
)
# capitalised words that are not names: calendar words, abbreviations of titles and periods
CAPITALISED_NOISE = {*calendar.month_name[1:], *calendar.day_name, "Q1", "Q2", "Q3", "Q4", "CEO", "U", "S"}
CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas|but|although|though)\s|;\s|\s(?:while|whereas)\s")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# Words that name one predicate in different ways: a target is a target
# whether it is "targeted", "aimed at" or "wanted"; a sale is "sold".
PREDICATES = {
    "intend": {"target", "goal", "aim", "want", "plan", "intend", "objective", "ambition", "expect", "forecast",
               "project", "projection", "guidance", "outlook", "meant", "promise", "pledge", "seek"},
    "sell": {"sell", "sale", "sold", "deliver", "delivery", "deliverie", "shipment", "ship"},
    "build": {"build", "built", "produce", "production", "manufacture", "assemble", "output", "capacity"},
    "price": {"price", "cost", "priced", "start", "fare", "charge"},
    "launch": {"launch", "arrive", "arrival", "debut", "release", "introduce", "unveil", "available", "begin"},
    "invest": {"invest", "investment", "spend", "spending", "fund", "funding"},
    "employ": {"employ", "employee", "job", "worker", "staff", "hire"},
}
PREDICATE_OF = {word: name for name, words in PREDICATES.items() for word in words}


@dataclass(slots=True)
class Signature:
    """What a claim is about, in a form two claims can be compared on."""

    claim_id: int
    article_id: int
    kind: str
    status: str
    measure: str | None
    period: str | None
    low: Any
    high: Any
    entities: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    quote: str | None = None
    qualifier: str = "="

    def __post_init__(self) -> None:
        # a date's ends are compared as day numbers, read once here rather than in every comparison
        if self.kind == "date":
            self.low, self.high = day_number(self.low), day_number(self.high)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    word = word.lower().strip("'’-")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def context_words(text: str) -> set[str]:
    words = {stem(w) for w in WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 2}
    return {PREDICATE_OF.get(w, w) for w in words}


def _names(text: str) -> Iterable[str]:
    """Capitalised words that are not function words: the names in ``text``."""
    for m in WORD.finditer(text):
        word = m.group()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word[0].isupper() and word not in CAPITALISED_NOISE and word.lower() not in STOPWORDS:
            yield word.lower()


@lru_cache(maxsize=4_096)  # claims of one sentence share it
def names_in(text: str) -> frozenset[str]:
    return frozenset(_names(text))


def article_entity(text: str) -> str | None:
    """The name an article mentions most: whom an unnamed "the company" means."""
    counts = Counter(_names(text))
    return counts.most_common(1)[0][0] if counts else None


def _measure(claim: dict[str, Any]) -> tuple[str | None, str | None]:
    if claim["kind"] != "number":
        return claim["kind"], None
    unit = claim.get("unit") or ""
    base, _, period = unit.partition("/")
    # currencies (ISO codes), percentages and measurement units are measures;
    # anything else is a counted noun: units, sales, vehicles...
    if base in MEASURE_UNITS or base[:1].isupper():
        return base, period or None
    return "count", period or None


MEASURE_UNITS = {*MEASURES.values(), "%", "pounds"}


def signature(claim: dict[str, Any], article_text: str, topic: str | None) -> Signature:
    measure, period = _measure(claim)
    if claim["kind"] == "date":
        low, high = claim.get("date_start"), claim.get("date_end")
    else:
        low, high = claim.get("number"), claim.get("number_high") or claim.get("number")
    sentence_start = claim["sentence_start"]
    sentence = article_text[sentence_start: claim["sentence_end"]]
    # the words around the anchor, within its clause: "Ford sold 7,100 in Q1, while Tesla sold ..."
    before = CLAUSE_BREAK.split(article_text[sentence_start: claim["span_start"]])[-1].split()[-WINDOW_BEFORE:]
    after = CLAUSE_BREAK.split(article_text[claim["span_end"]: claim["sentence_end"]])[0].split()[:WINDOW_AFTER]
    entities = set().union(names_in(sentence), names_in(" " + (claim.get("attributed_to") or "")),
                           names_in(" " + (claim.get("subject") or "")))
    if topic:
        entities.add(topic)
    return Signature(
        claim_id=claim["id"], article_id=claim["article_id"], kind=claim["kind"], status=claim["status"],
        measure=measure, period=period, low=low, high=high, entities=entities,
        context=(context_words(" ".join(before + after)) | context_words(claim.get("unit") or "")) - entities,
        quote=claim.get("quote") if claim["kind"] == "quote" else None,
        qualifier=claim.get("qualifier") or "=",
    )


def context_similarity(a: Signature, b: Signature) -> float:
    """Share of the smaller context the two have in common (overlap coefficient)."""
    if not a.context or not b.context:
        return 0.0
    return len(a.context & b.context) / min(len(a.context), len(b.context))


def comparable(a: Signature, b: Signature) -> bool:
    """About the same entity and the same measure, from different articles."""
    return (
        a.article_id != b.article_id
        and a.kind == b.kind
        and a.measure == b.measure
        and (a.period is None or b.period is None or a.period == b.period)
        and bool(a.entities & b.entities)
    )


def values_agree(a: Signature, b: Signature) -> bool:
    """Both values can be true of one fact: equal numbers (ranges overlapping),
    dates whose known ends match ("as early as 2026" / "2026"; deadlines a
    year apart are one promise: "by 2030" / "by the end of the decade"), or
    a day and the month it lies in."""
    if a.kind == "date":
        sides = [(x, y) for x, y in ((a.low, b.low), (a.high, b.high)) if x is not None and y is not None]
        if not sides:
            return False
        slack = 366 if a.low is None and b.low is None else 0
        if all(abs(x - y) <= slack for x, y in sides):
            return True
        # a day inside the month another article names ("Wednesday" / "April"); no wider, or a
        # year would pull every date told in it into one group
        if None in (a.low, a.high, b.low, b.high):
            return False
        outer, inner = (a, b) if a.low <= b.low and b.high <= a.high else (b, a)
        return outer.low <= inner.low and inner.high <= outer.high and outer.high - outer.low <= 31
    if a.low is None or b.low is None:
        return False
    share = VALUE_TOLERANCE if a.qualifier == b.qualifier == "=" else APPROXIMATE_TOLERANCE
    tolerance = share * max(abs(a.high), abs(b.high), 1.0)
    return a.low <= b.high + tolerance and b.low <= a.high + tolerance


def _apart(a: Signature, b: Signature) -> bool:
    """Whether two values that do not agree cannot both be true of one fact.
    Dates conflict only between statements about what is not yet settled
    (projected or unknown): two past dates in two articles are usually two
    different events."""
    if a.kind == "date":
        return "confirmed" not in (a.status, b.status) and a.high is not None and b.high is not None
    if not a.low or not b.low:
        return False
    ratio = abs(a.low) / abs(b.low)
    return 1 / CONFLICT_RATIO <= ratio <= CONFLICT_RATIO


def relation(a: Signature, b: Signature) -> str | None:
    """``same``, ``contradicts`` or ``None``."""
    if a.kind == "quote" or b.kind == "quote":
        if a.kind == b.kind and a.article_id != b.article_id and a.quote and b.quote:
            return "same" if fuzz.ratio(a.quote.lower(), b.quote.lower()) >= SAME_QUOTE else None
        return None
    if not comparable(a, b):
        return None
    return _judge(a, b, context_similarity(a, b))


def _judge(a: Signature, b: Signature, similarity: float) -> str | None:
    """The relation of two comparable dates or figures whose context words overlap by ``similarity``."""
    if similarity < LOWEST_CONTEXT:  # too few shared words for any relation: skip the values
        return None
    if values_agree(a, b):
        precision = "day" if a.kind == "date" and a.low == a.high == b.low == b.high else a.kind
        return "same" if similarity >= SAME_CONTEXT[precision] else None
    if similarity >= CONFLICT_CONTEXT and _apart(a, b):
        return "contradicts"
    return None


def quote_pairs(quotes: Iterable[tuple[Signature, bool]]) -> Iterator[tuple[int, int, str, float]]:
    """Quotations, in order of length, whose wording is nearly the same, one
    of them new, each pair with its context similarity.  Each quote is
    scored only against a sliding window of the shorter ones before it, no
    shorter than QUOTE_STRETCH allows."""
    window: deque[tuple[Signature, str, bool]] = deque()
    for q, new in quotes:
        text = q.quote.lower()
        while window and len(window[0][1]) * QUOTE_STRETCH < len(text):
            window.popleft()
        choices = [w for w in window if new or w[2]]
        if choices:
            for _, _, j in process.extract(text, [c[1] for c in choices], scorer=fuzz.ratio,
                                           score_cutoff=SAME_QUOTE, limit=None):
                other = choices[j][0]
                if other.article_id != q.article_id:
                    yield other.claim_id, q.claim_id, "same", round(context_similarity(other, q), 3)
        window.append((q, text, new))


def day_number(value: str | float | None) -> int | None:
    """An ISO date as its proleptic ordinal (days are then plain integers);
    a number is taken as an ordinal already (read back from the store)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    return date.fromisoformat(value[:10]).toordinal()


# --- the store ---------------------------------------------------------------

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
    from .blocks import block_pairs  # numpy: only linking needs it

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
    ``temp.found_relations``), and the grouped claims of the versions the
    pending articles replaced, which lost their pairs."""
    db.execute("create temp table if not exists regroup (claim_id integer primary key)")
    db.execute("delete from temp.regroup")
    db.execute("insert or ignore into temp.regroup select claim_id from temp.found_relations where relation = 'same' "
               "union select related_claim_id from temp.found_relations where relation = 'same'")
    db.execute("insert or ignore into temp.regroup select c.id from articles a join claims c "
               "on c.article_id = a.previous_version_id where a.id in (select value from json_each(?)) "
               "and c.group_id is not null", [json.dumps(pending)])


def related(db, claim_id: int) -> list[dict[str, Any]]:
    """The claims in other articles that repeat (``same``) or contradict a claim."""
    return select(
        db,
        "select r.related_claim_id as id, c.article_id, r.relation, c.surface, a.published, a.publisher, a.url "
        "from claim_relations r join claims c on c.id = r.related_claim_id join articles a on a.id = c.article_id "
        "where r.claim_id = ? order by a.published, c.id",
        [claim_id],
    )


def first_appearance(db, claim_id: int) -> dict[str, Any] | None:
    """The first claim of a claim's group (earliest published, then ingested)."""
    found = select(
        db,
        "select g.first_claim_id as id, g.first_article_id as article_id, f.surface, g.id as group_id, "
        "a.published, a.publisher, a.url, a.source, g.sources, g.members "
        "from claims c join claim_groups g on g.id = c.group_id join articles a on a.id = g.first_article_id "
        "join claims f on f.id = g.first_claim_id where c.id = ?",
        [claim_id],
    )
    return found[0] if found else None


def groups(db) -> list[dict[str, Any]]:
    rows = select(
        db,
        "select g.id, g.kind, g.surface, g.sources, g.members, g.first_published, a.publisher as first_publisher, "
        "g.first_claim_id, json_group_array(c.id) as claim_ids "
        "from claim_groups g join articles a on a.id = g.first_article_id join claims c on c.group_id = g.id "
        "group by g.id order by g.sources desc, g.id",
    )
    for row in rows:
        row["claim_ids"] = sorted(json.loads(row["claim_ids"]))
    return rows


# what a conflict says of each of its two claims, under the names a claim record has
CONFLICT_FIELDS = ("id", "article_id", "kind", "surface", "sentence", "sentence_start", "span_start", "span_end",
                   "status", "number", "number_high", "unit", "qualifier", "date_start", "date_end",
                   "attributed_to", "subject")
ARTICLE_FIELDS = ("title", "publisher", "published", "url")


def conflicts(db) -> list[dict[str, Any]]:
    """Each contradiction once: the first claim's fields, and the second
    claim's under ``other``, with the same names."""
    def side(claims: str, articles: str, prefix: str) -> str:
        return ", ".join([f'{claims}.{f} as "{prefix}{f}"' for f in CONFLICT_FIELDS]
                         + [f'{articles}.{f} as "{prefix}{f}"' for f in ARTICLE_FIELDS])

    rows = select(
        db,
        f"select {side('a', 'aa', '')}, {side('b', 'ba', 'other.')} from claim_pairs r "
        "join claims a on a.id = r.claim_id join articles aa on aa.id = a.article_id "
        "join claims b on b.id = r.related_claim_id join articles ba on ba.id = b.article_id "
        "where r.relation = 'contradicts' order by aa.published, a.id, b.id")
    result = []
    for row in rows:
        record = {k: v for k, v in row.items() if not k.startswith("other.")}
        record["other"] = {k[len("other."):]: v for k, v in row.items() if k.startswith("other.")}
        result.append(record)
    return result


def due(db, as_of: date) -> list[dict[str, Any]]:
    """Projections whose deadline has passed by ``as_of`` with no later report
    of the outcome, as claim records with their ``deadline``."""
    return records(select(
        db, f"select {claim_columns('c', 'a')} from ({DUE_SQL.format(as_of='?')}) d "
            "join claims c on c.id = d.id join articles a on a.id = c.article_id order by d.deadline, d.id",
        [as_of.isoformat()]))


def outcome(db, claim_id: int, as_of: date) -> str | None:
    """What became of a projection: ``kept`` when a later article reports the
    same claim as fact, ``broken`` when a later report contradicts it, ``due``
    when its deadline passed with no report, else ``pending``."""
    claim = db.execute("select status from claims where id = ?", [claim_id]).fetchone()
    if claim is None or claim[0] != "projected":
        return None
    later = db.execute(
        "select r.relation from claim_relations r join claims c on c.id = r.claim_id "
        "join articles a on a.id = c.article_id join claims k on k.id = r.related_claim_id "
        "join articles ka on ka.id = k.article_id where r.claim_id = ? and k.status = 'confirmed' "
        "and coalesce(ka.published, '') > coalesce(a.published, '') order by ka.published", [claim_id]).fetchall()
    if later:
        return "kept" if later[0][0] == "same" else "broken"
    is_due = db.execute(f"select 1 from ({DUE_SQL.format(as_of='?')}) where id = ?", [as_of.isoformat(), claim_id])
    if is_due.fetchone():
        return "due"
    return "pending"
