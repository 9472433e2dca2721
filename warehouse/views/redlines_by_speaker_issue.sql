-- Who draws red lines on what: mentions per speaker and issue, with first and last sighting (copies excluded).
create or replace view redlines_by_speaker_issue as
with originals as (
    select article_id, coalesce(published_at, fetched_at) as seen_at
    from articles
    where duplicate_of is null
)
select
    coalesce(r.speaker, 'unknown') as speaker,
    coalesce(r.issue, 'unspecified') as issue,
    count(*) as mentions,
    count(*) filter (where r.negated) as negated,
    count(distinct r.article_id) as articles,
    mode(r.category) as top_category,
    min(o.seen_at) as first_seen,
    max(o.seen_at) as last_seen
from redline_mentions r join originals o using (article_id)
group by all;
