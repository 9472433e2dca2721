-- Call events per pair of leaders per week (a multilateral call counts for every pair in it).
-- Events already count near-duplicate reports once; planned-only events are counted apart from held ones.
create or replace view calls_by_pair_weekly as
with members as (
    select call_id, unnest(participants) as leader, generate_subscripts(participants, 1) as pos
    from calls
), pairs as (
    select a.call_id, a.leader as leader_a, b.leader as leader_b
    from members a join members b on a.call_id = b.call_id and a.pos < b.pos
)
select
    cast(date_trunc('week', coalesce(c.call_date, cast(c.first_reported_at as date))) as date) as week,
    p.leader_a,
    p.leader_b,
    count(*) as calls,
    count(*) filter (where c.status = 'held') as held,
    count(*) filter (where c.status = 'planned') as planned,
    count(*) filter (where c.mode = 'phone') as phone,
    count(*) filter (where c.mode = 'video') as video,
    count(*) filter (where c.mode = 'in_person') as in_person,
    cast(sum(c.n_articles) as bigint) as articles,
    min(c.first_reported_at) as first_reported_at
from pairs p join calls c using (call_id)
group by all;
