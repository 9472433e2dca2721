-- Red-line mentions per issue per week of publication (near-duplicate copies excluded).
create or replace view redlines_by_issue_weekly as
with originals as (
    select article_id, source, cast(date_trunc('week', coalesce(published_at, fetched_at)) as date) as week
    from articles
    where duplicate_of is null
)
select
    o.week,
    coalesce(r.issue, 'unspecified') as issue,
    count(*) as mentions,
    count(*) filter (where not r.negated) as affirmed,
    count(*) filter (where r.negated) as negated,
    count(distinct r.article_id) as articles,
    count(distinct o.source) as sources,
    count(distinct r.speaker) as speakers
from redline_mentions r join originals o using (article_id)
group by all;
