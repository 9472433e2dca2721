-- Who draws the most red lines since a date: mentions, issues and share negated per speaker.
-- param since = 2000-01-01: earliest publication day (YYYY-MM-DD)
-- param limit = 20: how many speakers
select
    r.speaker,
    count(*) as mentions,
    count(distinct r.issue) as issues,
    string_agg(distinct r.issue, ', ' order by r.issue) as issue_list,
    round(avg(case when r.negated then 1.0 else 0.0 end), 2) as share_negated,
    count(distinct a.source) as sources
from redline_mentions r
join articles a using (article_id)
where a.duplicate_of is null
  and r.speaker is not null
  and coalesce(a.published_at, a.fetched_at) >= cast($since as date)
group by r.speaker
order by mentions desc, r.speaker
limit cast($limit as integer);
