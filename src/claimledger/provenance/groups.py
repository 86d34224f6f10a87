"""Groups of claims that state the same thing, kept as groups, not pairs.

Every linked claim is in a group (``claims.group_id``); a group of one is
a claim no other article states.  A group keeps its statistics
(``claim_groups``: first claim, members, distinct sources) and at most
:data:`REPRESENTATIVES` of its claims as *representatives*: only they stay
in the blocks new claims are compared with (``signature_names``), so a
story a thousand outlets repeat is compared as one claim, not a thousand.
A contradiction is kept once per pair of groups (``group_conflicts``), with
the two claims that showed it.  Work and rows grow with the claims, not with
the square of their repeats: joining a group costs a few indexed updates,
and only merging two groups touches their members (the smaller moves).
"""
from __future__ import annotations

import json
from typing import Iterable

from .signature import event_class

REPRESENTATIVES = 4  # claims of a group new claims are compared with
# a new claim joins the group of the claim it is most like; the groups of others it is the same as
# are merged with that one only when it shares at least this share of its words with them
# (benchmarks/grouping.py: bridging every match chained approximate values into one group)
BRIDGE_CONTEXT = 0.5
# the order of a group's first appearance: earliest published, then ingested, then in its article
FIRST_KEY = ("coalesce(a.published, '9999')", "a.ingested_at", "c.article_id", "c.span_start")


class UnionFind:
    """Disjoint sets of hashable nodes."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def root(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[ra] = rb

    def sets(self) -> dict:
        found: dict = {}
        for x in list(self.parent):
            found.setdefault(self.root(x), []).append(x)
        return found


def assign(db, new_claims: list[int], same: Iterable[tuple[int, int, float]],
           contradicts: Iterable[tuple[int, int, str, str | None]]) -> None:
    """Put each new claim in a group: with the group of the claim it was
    found most like (merging the groups of others it is the same as in
    BRIDGE_CONTEXT of their words), else in a group of its own; record
    one *same* pair per new claim (the match that placed it) and the
    contradictions between groups (``contradicts`` or ``broken``, each
    with its reason)."""
    same = list(same)
    touched = {c for pair in same for c in pair[:2]}
    group_of = dict(db.execute(
        "select id, group_id from claims where id in (select value from json_each(?)) and group_id is not null",
        [json.dumps(sorted(touched - set(new_claims)))]).fetchall()) if touched else {}
    sets = UnionFind()

    def node(claim_id: int):
        return ("group", group_of[claim_id]) if claim_id in group_of else ("claim", claim_id)

    for claim_id in new_claims:
        sets.root(("claim", claim_id))
    fresh = set(new_claims)
    best: dict[int, tuple[float, int]] = {}  # new claim -> (similarity, the claim it matched)
    for a, b, similarity in same:
        for new, other in ((a, b), (b, a)):
            if new not in fresh:
                continue
            held = best.get(new)
            # the most alike, and of equals the earliest claim: the same groups whatever order pairs come in
            if held is None or (similarity, -other) > (held[0], -held[1]):
                best[new] = (similarity, other)
    dates = _dates(db, touched)
    # a day, its month and its year are one statement of one event ("Tuesday", "April 2034"); of two
    # events they are two, and chained they would make every date of a year one group
    for new, (_, other) in best.items():
        if _one_event(dates.get(new), dates.get(other)):
            sets.union(node(new), node(other))
    # a claim the same as claims of two groups merges them only when told in enough of the words of each
    for a, b, similarity in same:
        if similarity >= BRIDGE_CONTEXT and _one_event(dates.get(a), dates.get(b)):
            sets.union(node(a), node(b))
    for nodes in sets.sets().values():
        groups = sorted(g for kind, g in nodes if kind == "group")
        claims = sorted(c for kind, c in nodes if kind == "claim")
        if claims:
            _place(db, claims, groups)
    db.conn.executemany(
        "insert or ignore into claim_pairs (claim_id, related_claim_id, relation, similarity) "
        "values (min(?1, ?2), max(?1, ?2), 'same', ?3)",
        [(new, other, round(similarity, 3)) for new, (similarity, other) in best.items()])
    add_conflicts(db, contradicts)


def _dates(db, claims: set[int]) -> dict[int, tuple]:
    """The interval and the event of each date among ``claims`` (figures and quotes have none)."""
    rows = db.execute("select id, date_start, date_end, json_extract(scope, '$.event') from claims "
                      "where kind = 'date' and id in (select value from json_each(?))", [json.dumps(sorted(claims))])
    return {claim: (start, end, event_class(event) if event else None) for claim, start, end, event in rows}


def _one_event(one: tuple | None, other: tuple | None) -> bool:
    """Whether two claims may share a group: anything but two dates of different spans and events."""
    if one is None or other is None or one[:2] == other[:2]:
        return True
    return one[2] is not None and one[2] == other[2]


def _place(db, claims: list[int], groups: list[int]) -> None:
    """New ``claims`` join the one group left of ``groups`` once the others
    are merged into the largest; without groups they start one."""
    if groups:
        sizes = dict(db.execute("select id, members from claim_groups where id in (select value from json_each(?))",
                                [json.dumps(groups)]).fetchall())
        target = max(groups, key=lambda g: (sizes.get(g, 0), -g))
        for other in groups:
            if other != target:
                merge(db, other, target)
    else:
        first = claims[0]
        target = db.execute(
            "insert into claim_groups (kind, surface, first_claim_id, first_article_id, first_published, sources, "
            "members, representatives) select c.kind, c.surface, c.id, c.article_id, a.published, 0, 0, 0 "
            "from claims c join articles a on a.id = c.article_id where c.id = ?", [first]).lastrowid
    join(db, target, claims)


def join(db, group_id: int, claims: list[int]) -> None:
    """``claims`` (in no group yet) join ``group_id``: members, sources and the
    first appearance follow, and new claims become representatives while
    the group has fewer than REPRESENTATIVES; the others leave the blocks."""
    new_sources = db.execute(
        "select count(distinct c.article_id) from claims c where c.id in (select value from json_each(:claims)) "
        "and not exists (select 1 from claims m where m.group_id = :group and m.article_id = c.article_id)",
        {"claims": json.dumps(claims), "group": group_id}).fetchone()[0]
    db.execute("update claims set group_id = ? where id in (select value from json_each(?))",
               [group_id, json.dumps(claims)])
    held = db.execute("select representatives from claim_groups where id = ?", [group_id]).fetchone()[0]
    chosen, left = claims[: max(0, REPRESENTATIVES - held)], claims[max(0, REPRESENTATIVES - held):]
    if chosen:
        db.execute("update claim_signatures set representative = 1 where claim_id in (select value from json_each(?))",
                   [json.dumps(chosen)])
    if left:
        db.execute("delete from signature_names where claim_id in (select value from json_each(?))",
                   [json.dumps(left)])
    db.execute("update claim_groups set members = members + ?, sources = sources + ?, "
               "representatives = representatives + ? where id = ?",
               [len(claims), new_sources, len(chosen), group_id])
    _first(db, group_id, claims)


def _first(db, group_id: int, candidates: list[int] | None = None) -> None:
    """The group's first appearance: the earliest of its first claim and
    ``candidates``, or of all its members when ``candidates`` is None."""
    key = ", ".join(FIRST_KEY)
    scope = ("c.id in (select value from json_each(:candidates)) or c.id = g.first_claim_id"
             if candidates is not None else "c.group_id = g.id")
    row = db.execute(
        f"select c.id, c.article_id, a.published, c.kind, c.surface from claim_groups g join claims c on ({scope}) "
        f"join articles a on a.id = c.article_id where g.id = :group order by {key} limit 1",
        {"group": group_id, "candidates": json.dumps(candidates or [])}).fetchone()
    if row:
        db.execute("update claim_groups set first_claim_id = ?, first_article_id = ?, first_published = ?, "
                   "kind = ?, surface = ? where id = ?", [*row, group_id])


def merge(db, source: int, target: int) -> None:
    """Move every member of group ``source`` into group ``target``."""
    moved = [r[0] for r in db.execute("select id from claims where group_id = ?", [source])]
    reps = db.execute("select representatives from claim_groups where id = ?", [source]).fetchone()[0]
    # its contradictions are the target's now; one between the two is gone
    rows = db.execute("select group_id, other_group_id, claim_id, other_claim_id, relation, reason "
                      "from group_conflicts where ? in (group_id, other_group_id)", [source]).fetchall()
    db.execute("delete from group_conflicts where ? in (group_id, other_group_id)", [source])
    db.execute("update claims set group_id = ? where group_id = ?", [target, source])
    db.execute("update claim_groups set members = members + ?, representatives = representatives + ? where id = ?",
               [len(moved), reps, target])
    db.execute("delete from claim_groups where id = ?", [source])
    _insert_conflicts(db, [(target if g == source else g, target if o == source else o, c, oc, rel, why)
                           for g, o, c, oc, rel, why in rows])
    _recount_sources(db, target)
    _first(db, target, moved)
    _trim_representatives(db, target)


def _recount_sources(db, group_id: int) -> None:
    db.execute("update claim_groups set sources = (select count(distinct article_id) from claims "
               "where group_id = :g), members = (select count(*) from claims where group_id = :g) where id = :g",
               {"g": group_id})


def _trim_representatives(db, group_id: int) -> None:
    """At most REPRESENTATIVES, the earliest kept; at least one while the group has members."""
    reps = [r[0] for r in db.execute(
        "select c.id from claims c join claim_signatures s on s.claim_id = c.id "
        "where c.group_id = ? and s.representative = 1 order by c.id", [group_id])]
    if len(reps) > REPRESENTATIVES:
        extra = reps[REPRESENTATIVES:]
        db.execute("update claim_signatures set representative = 0 where claim_id in (select value from json_each(?))",
                   [json.dumps(extra)])
        db.execute("delete from signature_names where claim_id in (select value from json_each(?))",
                   [json.dumps(extra)])
        reps = reps[:REPRESENTATIVES]
    if not reps:
        promoted = [r[0] for r in db.execute(
            "select c.id from claims c join claim_signatures s on s.claim_id = c.id where c.group_id = ? "
            "order by c.id limit ?", [group_id, REPRESENTATIVES])]
        promote(db, promoted)
        reps = promoted
    db.execute("update claim_groups set representatives = ? where id = ?", [len(reps), group_id])


def promote(db, claims: list[int]) -> None:
    """Make ``claims`` representatives again: back in the blocks of their names."""
    if not claims:
        return
    db.execute("update claim_signatures set representative = 1 where claim_id in (select value from json_each(?))",
               [json.dumps(claims)])
    names = ("from claim_signatures s, json_each(s.names) n where s.kind != 'quote' "
             "and s.claim_id in (select value from json_each(?)) "
             "and not exists (select 1 from signature_names x where x.claim_id = s.claim_id)")
    db.execute(f"insert or ignore into block_names (name) select n.value {names}", [json.dumps(claims)])
    db.execute("insert into signature_names (claim_id, kind, measure, name_id) "
               f"select s.claim_id, s.kind, s.measure, (select id from block_names where name = n.value) {names}",
               [json.dumps(claims)])


def add_conflicts(db, contradicts: Iterable[tuple[int, int, str, str | None]]) -> None:
    """Contradictions (and broken projections) between claims, kept once per
    pair of their groups; a contradiction outranks a broken projection."""
    pairs = sorted(contradicts, key=lambda p: p[2] != "contradicts")
    if not pairs:
        return
    group_of = dict(db.execute("select id, group_id from claims where id in (select value from json_each(?))",
                               [json.dumps(sorted({c for p in pairs for c in p[:2]}))]).fetchall())
    _insert_conflicts(db, [(group_of.get(a), group_of.get(b), a, b, rel, why) for a, b, rel, why in pairs])


def _insert_conflicts(db, rows: list[tuple]) -> None:
    ordered = []
    for group, other, claim, other_claim, rel, why in rows:
        if group is None or other is None or group == other:
            continue
        if group > other:
            group, other, claim, other_claim = other, group, other_claim, claim
        ordered.append((group, other, claim, other_claim, rel, why))
    db.conn.executemany("insert or ignore into group_conflicts (group_id, other_group_id, claim_id, other_claim_id, "
                        "relation, reason) values (?, ?, ?, ?, ?, ?)", ordered)


def leave(db, claims: list[int]) -> None:
    """``claims`` (of a version a newer text replaced) leave their groups and
    the blocks: their groups' statistics, first appearances and
    representatives follow; a group left empty goes with its conflicts."""
    if not claims:
        return
    ids = json.dumps(claims)
    groups = [r[0] for r in db.execute(
        "select distinct group_id from claims where id in (select value from json_each(?)) and group_id is not null",
        [ids])]
    db.execute("update claims set group_id = null where id in (select value from json_each(?))", [ids])
    db.execute("update claim_signatures set representative = 0 where claim_id in (select value from json_each(?))",
               [ids])
    db.execute("delete from signature_names where claim_id in (select value from json_each(?))", [ids])
    db.execute("delete from claim_pairs where claim_id in (select value from json_each(:c)) "
               "or related_claim_id in (select value from json_each(:c))", {"c": ids})
    db.execute("delete from group_conflicts where claim_id in (select value from json_each(:c)) "
               "or other_claim_id in (select value from json_each(:c))", {"c": ids})
    for group_id in groups:
        _recount_sources(db, group_id)
        members = db.execute("select members from claim_groups where id = ?", [group_id]).fetchone()[0]
        if not members:
            db.execute("delete from group_conflicts where ? in (group_id, other_group_id)", [group_id])
            db.execute("delete from claim_groups where id = ?", [group_id])
            continue
        _first(db, group_id)
        _trim_representatives(db, group_id)
