"""The store's schema: ordered sqlite-utils migrations, applied whenever
the store opens for writing, so an older ``claims.db`` upgrades in place.

Only :func:`claimledger.store.connect` imports this module: reading an
up-to-date store needs neither it nor sqlite-utils.  The tables and views
of following claims across articles are created here too, from the SQL
text that feature keeps (:mod:`claimledger.provenance.sql`); what fills
them is :mod:`claimledger.provenance.linking`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from ..normalize.timex import timex
from ..provenance.sql import (
    CONFLICTS_SQL,
    CONFLICTS_SQL_BEFORE_GROUPS,
    CONFLICTS_SQL_BEFORE_REASONS,
    DUE_SQL,
    DUE_SQL_BEFORE_GROUPS,
    RELATIONS_SQL,
    RELATIONS_SQL_BEFORE_GROUPS,
    RELATIONS_SQL_BEFORE_REASONS,
)
from .articles import set_deadlines
from .core import MIGRATION_SET, forget_links
from .sql import FTS_COLUMNS, PROJECTIONS_SQL, REVIEWED_BEFORE_LINEAGE, UNVERIFIED_SQL, UNVERIFIED_TEMPLATE
from .versions import selector

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "source": str,
            "text": str,
            "title": str,
            "url": str,
            "publisher": str,
            "published": str,
            "sha256": str,
            "ingested_at": str,
        },
        pk="id",
        not_null={"text", "sha256", "ingested_at"},
    )
    db["articles"].create_index(["sha256"], unique=True)
    db["claims"].create(
        {
            "id": int,
            "article_id": int,
            "kind": str,
            "span_start": int,
            "span_end": int,
            "surface": str,
            "sentence_start": int,
            "sentence_end": int,
            "sentence": str,
            "status": str,
            "cue": str,
            "polarity": str,
            "attributed_to": str,
            "subject": str,
            "date_start": str,
            "date_end": str,
            "number": float,
            "unit": str,
            "qualifier": str,
            "quote": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "kind", "span_start", "span_end", "status"},
    )
    for columns in (["article_id"], ["status"], ["kind"], ["attributed_to"], ["date_end"]):
        db["claims"].create_index(columns)
    db["claims"].enable_fts(list(FTS_COLUMNS), create_triggers=True)
    db["reviews"].create(
        {
            "id": int,
            "claim_id": int,
            "verdict": str,
            "evidence": str,
            "note": str,
            "reviewer": str,
            "reviewed_at": str,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id")],
        not_null={"claim_id", "verdict", "reviewed_at"},
    )
    db["reviews"].create_index(["claim_id"])


@migrations()
def m002_views(db: sqlite_utils.Database) -> None:
    db.create_view(
        "unverified_claims",
        """
        select claims.id, claims.kind, claims.surface, claims.status, claims.cue,
               claims.attributed_to, claims.subject, claims.date_start, claims.date_end,
               claims.number, claims.unit, claims.qualifier, claims.sentence,
               articles.title as article_title, articles.published, articles.id as article_id
        from claims join articles on articles.id = claims.article_id
        where not exists (select 1 from reviews where reviews.claim_id = claims.id)
        order by articles.published desc, claims.article_id, claims.span_start
        """,
        replace=True,
    )
    db.create_view(
        "projections_with_deadlines",
        """
        select claims.id, claims.surface, claims.date_start, claims.date_end, claims.cue,
               claims.attributed_to, claims.sentence, articles.title as article_title,
               articles.published, articles.id as article_id
        from claims join articles on articles.id = claims.article_id
        where claims.kind = 'date' and claims.status = 'projected' and claims.date_end is not null
        order by claims.date_end
        """,
        replace=True,
    )
    db.create_view(
        "claims_by_source",
        """
        select coalesce(articles.publisher, articles.source) as source,
               count(*) as claims,
               sum(claims.status = 'confirmed') as confirmed,
               sum(claims.status = 'projected') as projected,
               sum(claims.status = 'unknown') as unknown,
               count(distinct articles.id) as articles
        from claims join articles on articles.id = claims.article_id
        group by 1 order by claims desc
        """,
        replace=True,
    )


@migrations()
def m003_timex(db: sqlite_utils.Database) -> None:
    """A TIMEX3-style value beside each date interval, filled in for claims stored before it."""
    db["claims"].add_column("timex", str)
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    rows = db.query("select id, date_start, date_end from claims where kind = 'date'")
    updates = [(timex(day(r["date_start"]), day(r["date_end"])), r["id"]) for r in rows]
    db.conn.executemany("update claims set timex = ? where id = ?", updates)


@migrations()
def m004_number_ranges(db: sqlite_utils.Database) -> None:
    """The upper end of a number range ("between 5 and 7"); ``number`` holds the lower."""
    db["claims"].add_column("number_high", float)


@migrations()
def m005_provenance(db: sqlite_utils.Database) -> None:
    """Claims followed across articles: related pairs, groups of the same
    claim with their first appearance, and the views fact-checkers query."""
    db["claim_relations"].create(
        {"claim_id": int, "related_claim_id": int, "relation": str, "similarity": float},
        pk=("claim_id", "related_claim_id"),
        foreign_keys=[("claim_id", "claims", "id"), ("related_claim_id", "claims", "id")],
    )
    db["claim_relations"].create_index(["related_claim_id"])
    db["claim_groups"].create(
        {"id": int, "kind": str, "surface": str, "first_claim_id": int, "first_article_id": int,
         "first_published": str, "sources": int, "members": int},
        pk="id",
        foreign_keys=[("first_claim_id", "claims", "id"), ("first_article_id", "articles", "id")],
    )
    db["claims"].add_column("group_id", int)
    db["claims"].create_index(["group_id"])
    db.create_view("conflicts", CONFLICTS_SQL_BEFORE_GROUPS.format(pairs="claim_relations"), replace=True)
    db.create_view("due_projections", DUE_SQL_BEFORE_GROUPS.format(as_of="date('now')"), replace=True)


@migrations()
def m006_versions(db: sqlite_utils.Database) -> None:
    """Article versions and re-findable anchors.

    ``origin`` (the URL, else the file's absolute path) says which stored
    articles are versions of one source; the newest has no
    ``superseded_by``.  Each claim keeps its quote's surroundings
    (TextQuoteSelector prefix and suffix) so a new version can re-find it,
    and ``claim_changes`` records what a new version changed.
    """
    articles = db["articles"]
    articles.add_column("origin", str)
    articles.add_column("version", int, not_null_default=1)
    articles.add_column("previous_version_id", int)
    articles.add_column("superseded_by", int)
    db.conn.executemany("update articles set origin = ? where id = ?", [
        (r["url"] or str(Path(r["source"]).resolve()), r["id"])
        for r in db.query("select id, url, source from articles where url is not null or source != '-'")
    ])
    articles.create_index(["origin"])
    db["claims"].add_column("quote_prefix", str)
    db["claims"].add_column("quote_suffix", str)
    texts = {r["id"]: r["text"] for r in db.query("select id, text from articles")}
    updates = []
    for r in db.query("select id, article_id, span_start, span_end from claims"):
        sel = selector(texts[r["article_id"]], r["span_start"], r["span_end"])
        updates.append((sel["prefix"], sel["suffix"], r["id"]))
    db.conn.executemany("update claims set quote_prefix = ?, quote_suffix = ? where id = ?", updates)
    db["claim_changes"].create(
        {"id": int, "article_id": int, "previous_article_id": int, "change": str,
         "claim_id": int, "previous_claim_id": int, "detail": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("previous_article_id", "articles", "id"),
                      ("claim_id", "claims", "id"), ("previous_claim_id", "claims", "id")],
    )
    db["claim_changes"].create_index(["article_id"])
    db["claim_changes"].create_index(["claim_id"])
    db["claim_changes"].create_index(["previous_claim_id"])
    # a review recorded for a whole group names the claim the reviewer examined
    db["reviews"].add_column("via_claim_id", int)
    # the daily lists show the current version of each article only, and the
    # views give each claim's anchor within its sentence so Datasette can mark it
    db.create_view("unverified_claims", UNVERIFIED_TEMPLATE.format(reviewed=REVIEWED_BEFORE_LINEAGE), replace=True)
    db.create_view("projections_with_deadlines", PROJECTIONS_SQL, replace=True)
    db.create_view("conflicts", CONFLICTS_SQL_BEFORE_GROUPS.format(pairs="claim_relations"), replace=True)
    db.create_view("due_projections", DUE_SQL_BEFORE_GROUPS.format(as_of="date('now')"), replace=True)


@migrations()
def m007_list_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the lists on a large store: claims in article order, so a
    limited list stops early, and articles by publication date."""
    db["claims"].create_index(["article_id", "span_start"], if_not_exists=True)
    db["articles"].create_index(["published", "id"], if_not_exists=True)
    db["claim_relations"].create_index(["relation"], if_not_exists=True)


@migrations()
def m008_deadlines(db: sqlite_utils.Database) -> None:
    """Each projection's deadline, stored and indexed, so the due list
    streams in deadline order instead of sorting every projection first."""
    db["claims"].add_column("deadline", str)
    set_deadlines(db)
    db["claims"].create_index(["status", "deadline"], if_not_exists=True)
    db.create_view("due_projections", DUE_SQL_BEFORE_GROUPS.format(as_of="date('now')"), replace=True)


@migrations()
def m009_signatures(db: sqlite_utils.Database) -> None:
    """Claim signatures, stored with each article, and the names that block
    them: linking reads them back one block at a time and relates only the
    claims of articles not linked yet (``articles.linked``).  Articles
    already stored are left not linked: the next link signs them and
    relates them again, as every ingest before this relinked the whole
    store when it finished."""
    db["claim_signatures"].create({
        "claim_id": int, "article_id": int, "kind": str, "status": str, "measure": str, "period": str,
        "low": float, "high": float, "qualifier": str, "quote": str, "quote_length": int,
        "names": str, "words": str,
    }, pk="claim_id", foreign_keys=[("claim_id", "claims", "id"), ("article_id", "articles", "id")])
    db["claim_signatures"].create_index(["kind", "quote_length"])
    db["claim_signatures"].create_index(["article_id"])
    db["signature_names"].create({"claim_id": int, "kind": str, "measure": str, "name": str},
                                 foreign_keys=[("claim_id", "claims", "id")])
    db["signature_names"].create_index(["kind", "measure", "name"])
    db["articles"].add_column("linked", int, not_null_default=0)


@migrations()
def m010_narrower_writes(db: sqlite_utils.Database) -> None:
    """Cheaper writes to ``claims``.  The full-text index is refreshed only
    when an indexed column changes: the trigger sqlite-utils creates fires on
    any update, so giving claims their group or deadline re-indexed every
    one of them.  Two indexes go because a wider one starts with the same
    column (``article_id, span_start`` and ``status, deadline``)."""
    columns = ", ".join(f'"{c}"' for c in FTS_COLUMNS)
    old = ", ".join(f'old."{c}"' for c in FTS_COLUMNS)
    new = ", ".join(f'new."{c}"' for c in FTS_COLUMNS)
    db.execute("drop trigger if exists claims_au")
    db.execute(f"""create trigger claims_au after update of {columns} on claims begin
  insert into claims_fts (claims_fts, rowid, {columns}) values ('delete', old.rowid, {old});
  insert into claims_fts (rowid, {columns}) values (new.rowid, {new});
end""")
    db.execute("drop index if exists idx_claims_article_id")
    db.execute("drop index if exists idx_claims_status")


@migrations()
def m011_recent_articles(db: sqlite_utils.Database) -> None:
    """Articles in the order they were stored, so ``recently_ingested``
    takes the newest hundred from an index before counting their claims."""
    db["articles"].create_index(["ingested_at", "id"], if_not_exists=True)


@migrations()
def m012_relation_pairs(db: sqlite_utils.Database) -> None:
    """Each related pair stored once, in ``claim_pairs`` (the lower claim id
    first), where ``claim_relations`` held it from both sides: half the rows
    to write and keep.  ``claim_relations`` becomes a view with the same
    columns and rows, and inserting into or deleting from it still works,
    through triggers."""
    pairs = db["claim_pairs"]
    pairs.create(
        {"claim_id": int, "related_claim_id": int, "relation": str, "similarity": float},
        pk=("claim_id", "related_claim_id"),
        foreign_keys=[("claim_id", "claims", "id"), ("related_claim_id", "claims", "id")],
    )
    db.execute("insert or ignore into claim_pairs select min(claim_id, related_claim_id), "
                "max(claim_id, related_claim_id), relation, similarity from claim_relations")
    db["claim_relations"].drop()
    pairs.create_index(["related_claim_id"])
    pairs.create_index(["relation"])
    db.create_view("claim_relations", RELATIONS_SQL_BEFORE_GROUPS)
    db.execute("""create trigger claim_relations_insert instead of insert on claim_relations begin
  insert or ignore into claim_pairs (claim_id, related_claim_id, relation, similarity)
  values (min(new.claim_id, new.related_claim_id), max(new.claim_id, new.related_claim_id),
          new.relation, new.similarity);
end""")
    db.execute("""create trigger claim_relations_delete instead of delete on claim_relations begin
  delete from claim_pairs where claim_id = min(old.claim_id, old.related_claim_id)
    and related_claim_id = max(old.claim_id, old.related_claim_id);
end""")
    db.create_view("conflicts", CONFLICTS_SQL_BEFORE_GROUPS.format(pairs="claim_pairs"), replace=True)


@migrations()
def m013_index_claims_per_article(db: sqlite_utils.Database) -> None:
    """The full-text index is written once per article (``store.FTS_INSERT``
    in ``save_article``) instead of by a trigger for each claim.  A trigger
    runs as a statement of its own for each row, and the index pays for each
    statement: storing the 300 benchmark articles spent 0.38 s of 1.0 s in
    that trigger.  The delete and update triggers stay."""
    db.execute("drop trigger if exists claims_ai")


@migrations()
def m014_claim_lineage(db: sqlite_utils.Database) -> None:
    """Reviews carry forward to new versions of an article: each claim's
    ``lineage_id`` is the first claim of the chain of versions it repeats
    unchanged (its own id when it is new or changed), and a review of any
    claim of a lineage settles all of them (``store.REVIEWED``).  Stored
    versions get their lineages from the changes recorded for them."""
    db["claims"].add_column("lineage_id", int)
    db.execute("update claims set lineage_id = id")
    for claim_id, previous in db.execute(
            "select ch.claim_id, ch.previous_claim_id from claim_changes ch join articles a on a.id = ch.article_id "
            "where ch.change = 'unchanged' order by a.origin, a.version").fetchall():
        db.execute("update claims set lineage_id = (select lineage_id from claims where id = ?) where id = ?",
                   [previous, claim_id])
    db["claims"].create_index(["lineage_id"])
    db.create_view("unverified_claims", UNVERIFIED_SQL, replace=True)


@migrations()
def m015_archived_copies(db: sqlite_utils.Database) -> None:
    """A page read from the web keeps what it said when it was read: the
    bytes as served (gzip), the final URL after redirects and the one
    requested, the HTTP status, reason, version and headers, the content
    type and the fetch time (UTC), one copy per article version
    (``store.save_archive``).  ``length`` and ``sha256`` are of the bytes
    before compression."""
    db["archived_copies"].create(
        {
            "article_id": int,
            "requested_url": str,
            "url": str,
            "status": int,
            "reason": str,
            "http_version": str,
            "content_type": str,
            "fetched_at": str,
            "headers": str,
            "length": int,
            "sha256": str,
            "body_gzip": bytes,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"url", "status", "fetched_at", "length", "sha256", "body_gzip"},
    )


@migrations()
def m016_groups_not_pairs(db: sqlite_utils.Database) -> None:
    """Claims that state the same thing are kept as groups, not pairs: every
    linked claim has a group, a group keeps at most a few representatives
    in the blocks new claims are compared with, and a contradiction is kept
    once per pair of groups (``group_conflicts``).  ``claim_pairs`` keeps
    only the match that placed each claim in its group; ``claim_relations``
    reads groups and their contradictions.  The pairs and groups stored
    before are forgotten and every current article waits for the next link
    (``claims ingest``, ``merge`` or ``migrate``), which groups it again."""
    db["claim_signatures"].add_column("representative", int, not_null_default=0)
    db["claim_groups"].add_column("representatives", int, not_null_default=0)
    db["group_conflicts"].create(
        {"group_id": int, "other_group_id": int, "claim_id": int, "other_claim_id": int},
        pk=("group_id", "other_group_id"),
        foreign_keys=[("group_id", "claim_groups", "id"), ("other_group_id", "claim_groups", "id"),
                      ("claim_id", "claims", "id"), ("other_claim_id", "claims", "id")],
    )
    db["group_conflicts"].create_index(["other_group_id"])
    db["group_conflicts"].create_index(["claim_id"])
    db["group_conflicts"].create_index(["other_claim_id"])
    db.execute("drop index if exists idx_claims_group_id")
    db["claims"].create_index(["group_id", "article_id"])
    db["claim_groups"].create_index(["sources", "id"])
    db.execute("drop trigger if exists claim_relations_insert")
    db.execute("drop trigger if exists claim_relations_delete")
    db.execute("drop view if exists claim_relations")
    db.create_view("claim_relations", RELATIONS_SQL_BEFORE_REASONS)
    db.create_view("conflicts", CONFLICTS_SQL_BEFORE_REASONS, replace=True)
    db.create_view("due_projections", DUE_SQL.format(as_of="date('now')"), replace=True)
    forget_links(db)


@migrations()
def m017_signature_names_by_claim(db: sqlite_utils.Database) -> None:
    """A claim that joins a group as a plain member leaves the blocks: its
    names are deleted by claim, which without this index read the whole
    table once per group joined, so linking slowed as the store grew.  And
    the unverified claims view reads a claim's lineage before its reviews
    (``store.REVIEWED``), not every review for each claim."""
    db["signature_names"].create_index(["claim_id"])
    db.create_view("unverified_claims", UNVERIFIED_SQL, replace=True)


@migrations()
def m018_conflict_reasons(db: sqlite_utils.Database) -> None:
    """Two figures contradict only when they measure the same thing of the
    same population, over the same period, in the same frame: each number
    keeps what it measures (``claims.scope``, read from the parse), its
    signature keeps it for linking, and each contradiction between groups
    keeps why (``group_conflicts.reason``).  A projection that a later
    figure of another frame missed is ``broken``, not a conflict
    (``group_conflicts.relation``).  Stored claims have no scope, so every
    current article waits for the next link, which judges it again."""
    db["claims"].add_column("scope", str)
    db["claim_signatures"].add_column("scope", str)
    db["group_conflicts"].add_column("relation", str, not_null_default="contradicts")
    db["group_conflicts"].add_column("reason", str)
    db.execute("drop view if exists claim_relations")
    db.create_view("claim_relations", RELATIONS_SQL)
    db.create_view("conflicts", CONFLICTS_SQL, replace=True)
    forget_links(db)


@migrations()
def m019_confirmed_members_by_group(db: sqlite_utils.Database) -> None:
    """A projection is due only while no later article of its group reports
    it as fact: the check read every member of the group, so a wire story
    repeated a thousand times read a thousand claims for each of its
    copies.  This index finds a group's confirmed members alone."""
    db["claims"].create_index(["group_id", "status", "article_id"])


@migrations()
def m020_stemmed_contexts(db: sqlite_utils.Database) -> None:
    """Two claims are compared by the words around them: those words are now
    Snowball stems ("voted" and "vote" are one word, "city's" is "city"),
    with the figures written beside the claim ("42,000 by 2030").  Stored
    signatures were made the old way, so every link is forgotten and every
    current article waits for the next link, which signs and groups it
    again."""
    forget_links(db)


@migrations()
def m021_articles_waiting_to_link(db: sqlite_utils.Database) -> None:
    """Each link starts from the articles waiting for it, which read every
    article's row (text and all) to find the few not linked yet: 15 ms a
    slice in a store of 20,000 articles, growing with it.  This index holds
    only the waiting ones."""
    db.execute("create index if not exists idx_articles_waiting on articles (id) "
               "where linked = 0 and superseded_by is null")


@migrations()
def m022_topics_and_moments(db: sqlite_utils.Database) -> None:
    """A claim's names now hold the two names its article mentions most (not
    one), and a figure's signature the day its article was published, so
    two actual figures told years apart are two moments, not a
    contradiction.  Stored signatures lack both, so every link is forgotten
    and the next link signs and groups every current article again."""
    forget_links(db)


@migrations()
def m023_block_names(db: sqlite_utils.Database) -> None:
    """A block's name is a number (``block_names``), given in the order names
    first appear, not the name's text.  The index of the blocks was ordered
    by text, so every new claim's names went to leaf pages scattered over
    the whole index: in a store of 20,000 articles each name written was a
    page of its own (22 pages an article against 2 at 1,000).  Numbered in
    order of appearance, a new story's names go to the index's end and a
    repeated story's to the few pages of its own names."""
    db["block_names"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db["block_names"].create_index(["name"], unique=True)
    db.execute("insert into block_names (name) select name from signature_names group by name order by min(rowid)")
    db["signature_names_numbered"].create({"claim_id": int, "kind": str, "measure": str, "name_id": int},
                                          foreign_keys=[("claim_id", "claims", "id"),
                                                        ("name_id", "block_names", "id")])
    db.execute("insert into signature_names_numbered (claim_id, kind, measure, name_id) "
               "select n.claim_id, n.kind, n.measure, b.id from signature_names n "
               "join block_names b on b.name = n.name order by n.rowid")
    db["signature_names"].drop()
    db.rename_table("signature_names_numbered", "signature_names")
    db["signature_names"].create_index(["name_id", "kind", "measure"])
    db["signature_names"].create_index(["claim_id"])


@migrations()
def m024_nested_dates_agree(db: sqlite_utils.Database) -> None:
    """A date inside another ("October" / "the autumn") is a finer statement
    of it, not a contradiction: the conflicts stored on such a pair go."""
    db.execute("""delete from group_conflicts where relation = 'contradicts' and rowid in (
        select g.rowid from group_conflicts g
        join claim_signatures a on a.claim_id = g.claim_id
        join claim_signatures b on b.claim_id = g.other_claim_id
        where a.kind = 'date' and b.kind = 'date'
          and a.low is not null and a.high is not null and b.low is not null and b.high is not null
          and ((a.low <= b.low and b.high <= a.high) or (b.low <= a.low and a.high <= b.high)))""")


@migrations()
def m025_fragments_and_schedules(db: sqlite_utils.Database) -> None:
    """A quotation is now also blocked by each run of six words in it, so a
    fragment of a longer quotation finds it, and a date's signature holds
    the day its article was published, so a date told as done but later
    than that is a schedule that can conflict; a figure's words hold the
    noun it measures, a figure in a prefixed unit (MW, km) is compared
    in its base unit, a unit symbol is no longer taken for a name, and a
    short span is a word of its own date's context.  Stored signatures
    lack all of these, so every link is forgotten and the next link signs
    and groups every current article again."""
    forget_links(db)


@migrations()
def m026_reaches_parts_and_rates(db: sqlite_utils.Database) -> None:
    """A figure's signature now holds how far it reaches (the nation's, the
    world's), whether it counts part of a whole its sentence names ("about
    600 of them") and whether it is what a rate is counted against ("per
    1,000 people"), and an article's topics may hold a third name.  Stored
    signatures lack these, so every link is forgotten and the next link
    signs and groups every current article again."""
    forget_links(db)


@migrations()
def m027_rival_estimates_and_schedules(db: sqlite_utils.Database) -> None:
    """A target, a forecast and a plan of one figure are all statements
    about the future and can contradict; a day beside a figure is when it
    was told, not its period; "$410 million of it" is a part of a whole;
    two schedule dates that name one milestone need fewer shared words
    to contradict; and a past day is the same as a past month or year it
    lies in, told in enough of the same words; two outcomes of two
    periods are not one fact.  A date now keeps the event it is the date
    of and what that is of (``claims.scope``: "open", "bridge"), and two
    dates of one event of one thing need fewer shared words to be the same
    or to contradict; dates stored before have no event and are compared by
    their words alone.  Two sums of money each told as an estimate or a
    target need fewer shared words to be rival estimates.  Stored links were judged by the old rules, so every
    link is forgotten and the next link groups every current article
    again."""
    forget_links(db)


@migrations()
def m028_titles_and_milestones(db: sqlite_utils.Database) -> None:
    """An article is now also about the names its title gives and every
    name it mentions as often as the last of its topics, and a word it
    also writes in lower case is no name of its own, so stored signatures
    hold other names; two schedule dates more than two years apart
    are two milestones, not one that slipped; a figure told as so in or
    after the period another projected it for keeps that projection; a
    first year or a peak is not what a figure of no stage is of; a change
    and a share are two measures; and a new claim joins the group of the
    claim it is most like, merging others only when it shares half their
    words.  Every link is forgotten and the next link signs and groups
    every current article again (scopes stored before are read as they
    are: a store ingested again reads the new ones)."""
    forget_links(db)


@migrations()
def m029_names_in_headlines(db: sqlite_utils.Database) -> None:
    """A word an article capitalises only where its sentences start is a name when
    its headline gives it too (or it is written in capitals), so stored
    signatures hold other names; a grant, a bond or a contract is a sum of
    its own, not what a project costs; what a figure measures is read
    from the noun the parse found it an amount of before the words around
    it; and what happened on a past date (a decision: approved, voted, set)
    is a word of its context; two deadlines half a year apart are a revised
    schedule, not one promise; two past dates of one event need fewer words
    in common to be the same; two sums two different payers pay are two
    measures; and two groups are kept in conflict only while enough pairs
    of their members contradict. Every link is forgotten and the next link
    signs and groups every current article again (a sum set anew, a
    difference, a cost in the past tense, a payer and a figure something
    was approved or valued at are read so by an ingest: scopes stored
    before are read as they are)."""
    forget_links(db)


@migrations()
def m030_promised_periods(db: sqlite_utils.Database) -> None:
    """A figure told as so for a period still to come is a promise, not an
    outcome ("approved a programme to build 2,400 homes by the end of
    2037"), and a period over before a projection was written is not what
    it projects, so a later report of the figure restates it. Every link
    is forgotten and the next link signs and groups every current article
    again (a past date a sentence about the future names is read as
    confirmed by an ingest: statuses stored before are kept as they are)."""
    forget_links(db)


@migrations()
def m031_projections_met(db: sqlite_utils.Database) -> None:
    """A figure told as coming out as was promised or foreseen ("households
    pay 11p a kilowatt-hour, as the council promised") keeps the earlier
    projection of it rather than restating it, as does one reported once the
    stage a projection was for has come (a peak); a past date beside a sum
    put forward as an estimate is when it was put forward, not a period it
    measures; an approximate figure rounds to its last written digit; two
    kinds of one thing ("diesel buses" / "electric buses") do not
    contradict; a deadline and the short span it names share a word; and
    a date told as the date of a promise restates it. Every link is
    forgotten and the next link signs and groups every current article
    again (a figure told as met, the date of a passive's "by" and "in twelve
    years" told in the past are read so by an ingest: claims stored before
    are read as they are)."""
    forget_links(db)


@migrations()
def m032_decision_days(db: sqlite_utils.Database) -> None:
    """The day an article reports, named with no event of its own or as the
    day somebody addressed a meeting, is the day of the decision it reports;
    a date's possessive names its event ("Tuesday's meeting") and a meeting
    decides; an actual figure told as so by a day is of that day; and words
    many bodies' names carry ("Regional", "Council") name none of them. Every
    link is forgotten and the next link signs and groups every current
    article again (a change "from 11% to 15%", hyphenated units and the
    other extraction changes of this release are read so by an ingest)."""
    forget_links(db)


@migrations()
def m033_one_event_a_group(db: sqlite_utils.Database) -> None:
    """Dates of different spans group only when they date one event ("Tuesday"
    and "April 2034", the day of one approval): chained, the days, months,
    quarters and years of different events made one group of a whole year.
    Every link is forgotten and the next link signs and groups every current
    article again (a date beside a figure in its preposition's phrase, an
    earlier value of a period over and the other extraction changes of this
    release are read so by an ingest)."""
    forget_links(db)


@migrations()
def m034_rates_and_periods(db: sqlite_utils.Database) -> None:
    """A rate and the change it is the rate of are one measure ("inflation
    of 3.9%" / "prices rise by 3.4%"), growth is told by its verb or its
    noun, and a fall and a rise of one size are not the same; two figures
    stated as so now are one moment only within a month; dates that name
    figures' periods are no schedule in conflict, and are one date only as
    the period of one measure; "consumer prices" rising is inflation; a
    speaker's short line repeated from a longer quotation is the same
    quotation; a plural possessive ("the Taxpayers' Alliance") is no name.
    Every link is forgotten and the next link signs and groups every
    current article again (the extraction changes of this release, among
    them which way a change goes, a figure's measure carried to one
    coordinated with it and sums after an unlisted currency code, are read
    so by an ingest: claims stored before are read as they are)."""
    forget_links(db)
