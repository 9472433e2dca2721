-- One row per night: status, duration, feeds ok and failed, new articles, HTTP outcomes counted from `fetches`.
-- Counts come from the stored rows, so a night that was killed (status abandoned) still shows what it did.
-- failing_feeds names the feeds that failed this night and at least the two nights before it in which they
-- were fetched (3 in a row, as in the run summary and the failing_feeds view).
create or replace view run_health as
with attempts as (
    select run_id,
           count(*) as fetches,
           count(*) filter (where outcome not in ('ok', 'not_modified', 'unchanged')) as failed_fetches,
           count(distinct feed) filter (where kind = 'feed') as feeds_fetched,
           count(distinct feed) filter (where kind = 'feed' and outcome not in ('ok', 'not_modified', 'unchanged'))
               as feeds_failed_fetch
    from fetches
    group by run_id
), outcomes as (
    select run_id, map_from_entries(list((outcome, n) order by outcome)) as outcome_counts
    from (select run_id, outcome, cast(count(*) as integer) as n from fetches group by all)
    group by run_id
), feed_nights as (
    select f.run_id, r.started_at, f.feed,
           bool_or(f.outcome in ('ok', 'not_modified', 'unchanged')) as ok
    from fetches f join runs r using (run_id)
    where f.kind = 'feed'
    group by all
), streaks as (
    -- Nights are numbered by how many good nights came before; failures since the last good one form a run.
    select *, sum(case when ok then 1 else 0 end) over (partition by feed order by started_at rows unbounded preceding) as goods
    from feed_nights
), failing as (
    select run_id,
           list(feed order by feed) as failing_feeds
    from (
        select run_id, feed, ok,
               sum(case when ok then 0 else 1 end) over (
                   partition by feed, goods order by started_at rows unbounded preceding) as streak
        from streaks
    )
    where not ok and streak >= 3
    group by run_id
), stored as (
    select run_id, count(*) as new_articles, count(*) filter (where duplicate_of is not null) as new_duplicates
    from articles
    group by run_id
)
select
    r.run_id,
    r.started_at,
    r.finished_at,
    r.status,
    round(epoch(r.finished_at - r.started_at), 1) as duration_s,
    r.feeds_total,
    coalesce(r.feeds_ok, a.feeds_fetched - a.feeds_failed_fetch) as feeds_ok,
    coalesce(r.feeds_failed, a.feeds_failed_fetch) as feeds_failed,
    coalesce(s.new_articles, 0) as new_articles,
    coalesce(s.new_duplicates, 0) as new_duplicates,
    r.article_failures,
    r.call_mentions,
    r.redline_mentions,
    coalesce(a.fetches, 0) as fetches,
    coalesce(a.failed_fetches, 0) as failed_fetches,
    o.outcome_counts,
    coalesce(fl.failing_feeds, []) as failing_feeds,
    r.error
from runs r
left join attempts a using (run_id)
left join outcomes o using (run_id)
left join stored s using (run_id)
left join failing fl using (run_id);
