"""The SQL the store keeps for itself: the full-text index it writes with
each article, and when a review settles a claim (the unverified list).
The SQL of the features built on the store (conflicts, due projections)
lives with them, in :mod:`claimledger.provenance.sql`."""
from __future__ import annotations

FTS_COLUMNS = ("surface", "sentence", "attributed_to", "subject")  # what `list --search` searches

# Every claim enters the full-text index with its article, in one statement
# (see schema.m013): whatever inserts claims goes through save_article.
FTS_INSERT = "insert into claims_fts (rowid, {columns}) select id, {columns} from claims where article_id = ?".format(
    columns=", ".join(f'"{c}"' for c in FTS_COLUMNS))

# Whether a review settles a claim: one made on it, or on a claim of an
# earlier version of its article that it carries forward unchanged.  A
# claim's ``lineage_id`` is the first claim of that chain (its own id when
# it is new or changed), so the review stays on the claim it was made on
# and every unchanged successor reads it through the lineage.
# CROSS JOIN keeps the lineage as the outer loop: with a plain join SQLite
# may read every review for each claim (0.5 s for a page of 50 unverified
# claims among a million).
REVIEWED = ("exists (select 1 from claims lineage cross join reviews on reviews.claim_id = lineage.id "
            "where lineage.lineage_id = claims.lineage_id)")

# the verdict of the latest review that settles a claim (see REVIEWED)
VERDICT = ("(select verdict from reviews where id = (select max(reviews.id) from claims lineage "
           "cross join reviews on reviews.claim_id = lineage.id where lineage.lineage_id = {c}.lineage_id))")

REVIEWED_BEFORE_LINEAGE = "exists (select 1 from reviews where reviews.claim_id = claims.id)"  # up to m013

UNVERIFIED_TEMPLATE = """
select claims.id, claims.kind, claims.surface, claims.status, claims.cue,
       claims.attributed_to, claims.subject, claims.date_start, claims.date_end,
       claims.number, claims.unit, claims.qualifier, claims.sentence,
       articles.title as article_title, articles.published, articles.id as article_id,
       claims.span_start - claims.sentence_start as anchor_start, claims.span_end - claims.sentence_start as anchor_end
from claims join articles on articles.id = claims.article_id
where not {reviewed}
  and articles.superseded_by is null
order by articles.published desc, claims.article_id, claims.span_start
"""

UNVERIFIED_SQL = UNVERIFIED_TEMPLATE.format(reviewed=REVIEWED)

PROJECTIONS_SQL = """
select claims.id, claims.surface, claims.date_start, claims.date_end, claims.cue,
       claims.attributed_to, claims.sentence, articles.title as article_title,
       articles.published, articles.id as article_id,
       claims.span_start - claims.sentence_start as anchor_start, claims.span_end - claims.sentence_start as anchor_end
from claims join articles on articles.id = claims.article_id
where claims.kind = 'date' and claims.status = 'projected' and claims.date_end is not null
  and articles.superseded_by is null
order by claims.date_end
"""
