-- The timeline of contacts between two leaders (in either order), oldest first.
-- param a: one leader's canonical name
-- param b: the other leader's canonical name
select
    coalesce(call_date, cast(first_reported_at as date)) as day,
    mode,
    status,
    participants,
    n_mentions,
    n_articles,
    first_reported_at,
    first_source,
    evidence
from calls
where list_contains(participants, $a) and list_contains(participants, $b)
order by day, call_id;
