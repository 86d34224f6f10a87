"""The SQL of following claims across articles, run by the store's views
and by :mod:`claimledger.provenance.reports`.  Text only: it imports
nothing, so the store can run it without depending on linking.  The views
as earlier migrations made them are kept too: a migration must make what
it made when it was written."""

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

# Until m016 contradictions were pairs of claims; these are the views as
# the migrations before it made them.
# the two claims of a contradiction, side by side, as every version of the view gives them
CONFLICT_COLUMNS = """a.id as claim_id, a.surface, a.number, a.unit, a.date_start, a.date_end, a.status,
       aa.publisher, aa.published, aa.id as article_id,
       b.id as other_claim_id, b.surface as other_surface, b.number as other_number, b.unit as other_unit,
       b.date_start as other_date_start, b.date_end as other_date_end, b.status as other_status,
       ba.publisher as other_publisher, ba.published as other_published, ba.id as other_article_id,
       a.sentence, b.sentence as other_sentence,
       a.span_start - a.sentence_start as anchor_start, a.span_end - a.sentence_start as anchor_end"""
CONFLICTS_SQL_BEFORE_GROUPS = """
select """ + CONFLICT_COLUMNS + """
from {pairs} r
join claims a on a.id = r.claim_id join articles aa on aa.id = a.article_id
join claims b on b.id = r.related_claim_id join articles ba on ba.id = b.article_id
where r.relation = 'contradicts'
order by aa.published, a.id
"""
RELATIONS_SQL_BEFORE_GROUPS = """
select claim_id, related_claim_id, relation, similarity from claim_pairs
union all
select related_claim_id, claim_id, relation, similarity from claim_pairs
"""
DUE_SQL_BEFORE_GROUPS = """
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

# Until m018 every contradiction between groups was a conflict, without its reason.
CONFLICTS_SQL_BEFORE_REASONS = """
select """ + CONFLICT_COLUMNS + """,
       g.group_id, g.other_group_id
from group_conflicts g
join claims a on a.id = g.claim_id join articles aa on aa.id = a.article_id
join claims b on b.id = g.other_claim_id join articles ba on ba.id = b.article_id
order by aa.published, a.id
"""

RELATIONS_SQL_BEFORE_REASONS = """
select c.id as claim_id, o.id as related_claim_id, 'same' as relation
from claims c join claims o on o.group_id = c.group_id and o.id != c.id
union all
select c.id, o.id, 'contradicts' from claims c
join group_conflicts g on g.group_id = c.group_id join claims o on o.group_id = g.other_group_id
union all
select c.id, o.id, 'contradicts' from claims c
join group_conflicts g on g.other_group_id = c.group_id join claims o on o.group_id = g.group_id
"""

# Each contradiction between two groups, with the two claims that showed it
# and why they measure the same thing; a projection a later figure broke is
# not a conflict (``group_conflicts.relation`` is ``broken`` for it).
CONFLICTS_SQL = """
select """ + CONFLICT_COLUMNS + """,
       g.group_id, g.other_group_id, g.reason
from group_conflicts g
join claims a on a.id = g.claim_id join articles aa on aa.id = a.article_id
join claims b on b.id = g.other_claim_id join articles ba on ba.id = b.article_id
where g.relation = 'contradicts'
order by aa.published, a.id
"""

# Every claim related to another, from both sides: the other members of its
# group (same), the members of the groups its group contradicts, and of the
# groups whose figure broke its projection or that its figure broke (broken).
# A "where claim_id = ?" reaches each branch through its index.
RELATIONS_SQL = """
select c.id as claim_id, o.id as related_claim_id, 'same' as relation
from claims c join claims o on o.group_id = c.group_id and o.id != c.id
union all
select c.id, o.id, g.relation from claims c
join group_conflicts g on g.group_id = c.group_id join claims o on o.group_id = g.other_group_id
union all
select c.id, o.id, g.relation from claims c
join group_conflicts g on g.other_group_id = c.group_id join claims o on o.group_id = g.group_id
"""

# A projection is due when its deadline (``claims.deadline``) has passed and
# no later article reports the same claim (a claim of its group) as fact.
DUE_CONDITION = """c.status = 'projected' and c.deadline < {as_of} and a.superseded_by is null
  and not exists (
      select 1 from claims k join articles ka on ka.id = k.article_id
      where k.group_id = c.group_id and k.id != c.id and k.status = 'confirmed'
        and coalesce(ka.published, '') > coalesce(a.published, '')
  )"""
DUE_SQL = """
select c.id, c.kind, c.surface, c.attributed_to, c.subject, c.sentence, c.deadline,
       a.publisher, a.published, a.id as article_id, c.group_id,
       c.span_start - c.sentence_start as anchor_start, c.span_end - c.sentence_start as anchor_end
from claims c join articles a on a.id = c.article_id
where """ + DUE_CONDITION + """
order by c.deadline, c.id
"""
