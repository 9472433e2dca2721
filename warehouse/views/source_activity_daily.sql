-- Per feed (the configured source) per day of fetching: new articles, copies, mentions, HTTP attempts and failures.
create or replace view source_activity_daily as
with arts as (
    select a.feed as source, cast(a.fetched_at as date) as day,
           count(*) filter (where a.duplicate_of is null) as articles,
           count(*) filter (where a.duplicate_of is not null) as duplicates
    from articles a
    group by all
), mentions as (
    select a.feed as source, cast(a.fetched_at as date) as day, m.kind, count(*) as n
    from (
        select article_id, 'call' as kind from call_mentions
        union all
        select article_id, 'redline' as kind from redline_mentions
    ) m join articles a using (article_id)
    where a.duplicate_of is null
    group by all
), attempts as (
    select feed as source, cast(started_at as date) as day,
           count(*) as fetches,
           count(*) filter (where outcome not in ('ok', 'not_modified', 'unchanged')) as failures,
           count(*) filter (where kind = 'feed' and outcome not in ('ok', 'not_modified', 'unchanged')) as feed_failures
    from fetches
    where feed is not null
    group by all
), days as (
    select source, day from arts union select source, day from attempts
)
select
    d.day,
    d.source,
    coalesce(a.articles, 0) as articles,
    coalesce(a.duplicates, 0) as duplicates,
    coalesce(mc.n, 0) as call_mentions,
    coalesce(mr.n, 0) as redline_mentions,
    coalesce(f.fetches, 0) as fetches,
    coalesce(f.failures, 0) as failures,
    coalesce(f.feed_failures, 0) as feed_failures
from days d
left join arts a using (source, day)
left join attempts f using (source, day)
left join mentions mc on mc.source = d.source and mc.day = d.day and mc.kind = 'call'
left join mentions mr on mr.source = d.source and mr.day = d.day and mr.kind = 'redline';
