-- Every call event a leader took part in since a date, newest first, with who reported it first.
-- param leader: canonical leader name, e.g. 'Xi Jinping'
-- param since = 2000-01-01: earliest call date (YYYY-MM-DD)
select
    call_date,
    list_filter(participants, lambda p: p <> $leader) as with_whom,
    mode,
    status,
    n_articles,
    n_sources,
    first_reported_at,
    first_source,
    evidence
from calls
where list_contains(participants, $leader)
  and coalesce(call_date, cast(first_reported_at as date)) >= cast($since as date)
order by coalesce(call_date, cast(first_reported_at as date)) desc, call_id;
