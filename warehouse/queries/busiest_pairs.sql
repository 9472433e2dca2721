-- The leader pairs with the most contacts since a date, with their latest contact.
-- param since = 2000-01-01: earliest week (YYYY-MM-DD)
-- param limit = 20: how many pairs
select
    leader_a,
    leader_b,
    sum(calls) as calls,
    sum(held) as held,
    sum(in_person) as in_person,
    max(week) as latest_week
from calls_by_pair_weekly
where week >= cast($since as date)
group by leader_a, leader_b
order by calls desc, leader_a, leader_b
limit cast($limit as integer);
