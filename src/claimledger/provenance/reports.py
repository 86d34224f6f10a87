"""What linking found, as the commands and the desk read it: the claims
related to one, its group's first appearance, groups, conflicts, due
projections and what became of a projection."""
from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from ..store import claim_columns, records, select
from .sql import DUE_CONDITION, DUE_SQL

RELATED_LIMIT = 200  # related claims shown with a claim: a story a thousand outlets ran is one group


def related(db, claim_id: int, limit: int | None = RELATED_LIMIT) -> list[dict[str, Any]]:
    """The claims that repeat (``same``: the other members of its group) or
    contradict a claim (the members of the groups its group contradicts),
    earliest published first, at most ``limit``."""
    return select(
        db,
        "select r.related_claim_id as id, c.article_id, r.relation, c.surface, a.published, a.publisher, a.url "
        "from claim_relations r join claims c on c.id = r.related_claim_id join articles a on a.id = c.article_id "
        "where r.claim_id = ? order by a.published, c.id" + (" limit ?" if limit else ""),
        [claim_id, limit] if limit else [claim_id],
    )


def first_appearance(db, claim_id: int) -> dict[str, Any] | None:
    """The first claim of a claim's group (earliest published, then ingested),
    when other articles state it too."""
    found = select(
        db,
        "select g.first_claim_id as id, g.first_article_id as article_id, f.surface, g.id as group_id, "
        "a.published, a.publisher, a.url, a.source, g.sources, g.members "
        "from claims c join claim_groups g on g.id = c.group_id join articles a on a.id = g.first_article_id "
        "join claims f on f.id = g.first_claim_id where c.id = ? and g.members > 1",
        [claim_id],
    )
    return found[0] if found else None


def groups(db, limit: int | None = None, ids_as_text: bool = False,
           most_ids: int | None = None) -> Iterator[dict[str, Any]]:
    """Claims stated alike in several articles, most sources first, as they are
    read: each group with its first appearance and its claims' ids, a list
    (or, with ``ids_as_text``, the ids comma-separated as a table prints
    them: 80,000 groups' lists are not built to be joined again).  With
    ``most_ids``, each group's first ``most_ids`` ids only (as text, with
    ``…`` after them when it has more): a table that clips the column to a
    few ids does not read a thousand of them for each large group.

    A group's ids are read in the order of the index on (group_id,
    article_id), which is their order: an article and its claims are stored
    in one transaction, each numbered after every row there, so a later
    article's claims have the larger ids (sorting by id instead sorted
    each of 80,000 groups again).  The first publisher is read once for
    each first article, not joined for each group: a story's groups share
    their first article (82,928 groups of 20,000 articles had 5,595)."""
    params: list[int] = [most_ids + 1] if most_ids else []  # one more tells whether there are more
    params += [limit] if limit else []
    rows = db.execute(
        "select g.id, g.kind, g.surface, g.sources, g.members, g.first_published, g.first_article_id, "
        "g.first_claim_id, (select group_concat(id) from (select id from claims where group_id = g.id "
        "order by article_id, id" + (" limit ?" if most_ids else "") + ")) as claim_ids "
        "from claim_groups g where g.sources > 1 order by g.sources desc, g.id" + (" limit ?" if limit else ""),
        params)
    names = [c[0] for c in rows.description]
    at = names.index("first_article_id")
    names[at] = "first_publisher"  # in its place
    publishers: dict[int, str | None] = {}
    for values in rows:
        values = list(values)
        first = values[at]
        if first not in publishers:
            found = db.execute("select publisher from articles where id = ?", [first]).fetchone()
            publishers[first] = found[0] if found else None
        values[at] = publishers[first]
        row = dict(zip(names, values))
        ids = row["claim_ids"] or ""  # none: a group whose claims have all left it
        more = bool(most_ids) and ids.count(",") >= most_ids  # the one id more was read
        if more:
            ids = ids[: ids.rindex(",")]
        row["claim_ids"] = (ids + ",…" if more else ids) if ids_as_text else [int(i) for i in ids.split(",") if i]
        yield row


# what a conflict says of each of its two claims, under the names a claim record has
CONFLICT_FIELDS = ("id", "article_id", "kind", "surface", "sentence", "sentence_start", "span_start", "span_end",
                   "status", "number", "number_high", "unit", "qualifier", "date_start", "date_end",
                   "attributed_to", "subject", "group_id")
ARTICLE_FIELDS = ("title", "publisher", "published", "url")
CONFLICT_ORDERS = {
    "newest": "g.rowid desc",  # most recently found first: read in the table's order, so it streams
    "oldest": "g.rowid",
    "published": "aa.published, a.id, b.id",  # sorted first: slower on a large store
}


def conflicts(db, limit: int | None = None, order: str = "newest") -> Iterator[dict[str, Any]]:
    """Each contradiction between two groups once, as it is read: the first
    claim's fields, ``reason`` (the subject both are about, what both
    measure, the period and the frame), and the other claim's fields under
    ``other``, with the same names."""
    def side(claims: str, articles: str, prefix: str) -> str:
        return ", ".join([f'{claims}.{f} as "{prefix}{f}"' for f in CONFLICT_FIELDS]
                         + [f'{articles}.{f} as "{prefix}{f}"' for f in ARTICLE_FIELDS])

    rows = db.execute(
        f"select {side('a', 'aa', '')}, g.reason, {side('b', 'ba', 'other.')} from group_conflicts g "
        "join claims a on a.id = g.claim_id join articles aa on aa.id = a.article_id "
        "join claims b on b.id = g.other_claim_id join articles ba on ba.id = b.article_id "
        "where g.relation = 'contradicts' "
        f"order by {CONFLICT_ORDERS[order]}" + (" limit ?" if limit else ""), [limit] if limit else [])
    names = [c[0] for c in rows.description]
    for values in rows:
        row = dict(zip(names, values))
        record = {k: v for k, v in row.items() if not k.startswith("other.")}
        record["other"] = {k[len("other."):]: v for k, v in row.items() if k.startswith("other.")}
        yield record


def due(db, as_of: date, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Projections whose deadline has passed by ``as_of`` with no later report
    of the outcome, earliest deadline first, as claim records with their
    ``deadline``, as they are read."""
    rows = db.execute(
        f"select {claim_columns('c', 'a')} from claims c join articles a on a.id = c.article_id "
        f"where {DUE_CONDITION.format(as_of='?')} order by c.deadline, c.id"
        + (" limit ?" if limit else ""), [as_of.isoformat(), limit] if limit else [as_of.isoformat()])
    names = [c[0] for c in rows.description]
    for values in rows:
        yield records([dict(zip(names, values))])[0]


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
        "and coalesce(ka.published, '') > coalesce(a.published, '') order by ka.published limit 1",
        [claim_id]).fetchall()
    if later:
        return "kept" if later[0][0] == "same" else "broken"
    is_due = db.execute(f"select 1 from ({DUE_SQL.format(as_of='?')}) where id = ?", [as_of.isoformat(), claim_id])
    if is_due.fetchone():
        return "due"
    return "pending"
