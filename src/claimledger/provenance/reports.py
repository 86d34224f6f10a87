"""What linking found, as the commands and the desk read it: the claims
related to one, its group's first appearance, groups, conflicts, due
projections and what became of a projection."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..store import claim_columns, records, select
from .sql import DUE_SQL

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
