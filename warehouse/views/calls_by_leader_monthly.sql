-- Call events per leader per month: how busy each leader's diplomacy is, and with how many counterparts.
create or replace view calls_by_leader_monthly as
with members as (
    select c.call_id, unnest(c.participants) as leader, c.participants, c.status, c.mode,
           cast(date_trunc('month', coalesce(c.call_date, cast(c.first_reported_at as date))) as date) as month
    from calls c
), counterparts as (
    select call_id, leader, month, status, mode, unnest(participants) as other
    from members
)
select
    month,
    leader,
    count(distinct call_id) as calls,
    count(distinct call_id) filter (where status = 'held') as held,
    count(distinct call_id) filter (where status = 'planned') as planned,
    count(distinct call_id) filter (where mode = 'in_person') as in_person,
    count(distinct other) filter (where other <> leader) as counterparts
from counterparts
group by all;
