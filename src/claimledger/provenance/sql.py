"""The SQL of following claims across articles, run by the store's views
and by :mod:`claimledger.provenance.reports`.  Text only: it imports
nothing, so the store can run it without depending on linking."""

# A projection's deadline: a projected date's own end; for a figure or a
# quote, the earliest projected date its sentence names ("90,000 a year by 2027").
# The unary ``+`` keeps SQLite from reaching the claims of one article
# through the status index, which holds every projection in the store.
DEADLINE_SQL = """
update claims set deadline = case when kind = 'date' then date_end else (
    select min(d.date_end) from claims d
    where d.article_id = claims.article_id and d.sentence_start = claims.sentence_start
      and d.kind = 'date' and +d.status = 'projected' and d.date_end is not null) end
where {where}
"""

CONFLICTS_SQL = """
select a.id as claim_id, a.surface, a.number, a.unit, a.date_start, a.date_end, a.status,
       aa.publisher, aa.published, aa.id as article_id,
       b.id as other_claim_id, b.surface as other_surface, b.number as other_number, b.unit as other_unit,
       b.date_start as other_date_start, b.date_end as other_date_end, b.status as other_status,
       ba.publisher as other_publisher, ba.published as other_published, ba.id as other_article_id,
       a.sentence, b.sentence as other_sentence,
       a.span_start - a.sentence_start as anchor_start, a.span_end - a.sentence_start as anchor_end
from claim_pairs r
join claims a on a.id = r.claim_id join articles aa on aa.id = a.article_id
join claims b on b.id = r.related_claim_id join articles ba on ba.id = b.article_id
where r.relation = 'contradicts'
order by aa.published, a.id
"""

# Each related pair is stored once in ``claim_pairs``, the lower claim id
# first; ``claim_relations`` gives it from both sides, so "what relates to
# claim 7" is one ``where claim_id = 7``.  SQLite takes that condition into
# both halves of the union, each with its index.
RELATIONS_SQL = """
select claim_id, related_claim_id, relation, similarity from claim_pairs
union all
select related_claim_id, claim_id, relation, similarity from claim_pairs
"""

# A projection is due when its deadline (``claims.deadline``, set by
# DEADLINE_SQL) has passed and no later article reports the same claim as fact.
DUE_SQL = """
select c.id, c.kind, c.surface, c.attributed_to, c.subject, c.sentence, c.deadline,
       a.publisher, a.published, a.id as article_id, c.group_id,
       c.span_start - c.sentence_start as anchor_start, c.span_end - c.sentence_start as anchor_end
from claims c join articles a on a.id = c.article_id
where c.status = 'projected' and c.deadline < {as_of}
  and not exists (
      select 1 from claim_relations r join claims k on k.id = r.related_claim_id
      join articles ka on ka.id = k.article_id
      where r.claim_id = c.id and k.status = 'confirmed' and coalesce(ka.published, '') > coalesce(a.published, '')
  )
order by c.deadline, c.id
"""
