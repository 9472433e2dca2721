-- Red-line statements on one issue since a date: who said what, where, and whether it was negated.
-- param issue: issue label, e.g. 'Taiwan'
-- param since = 2000-01-01: earliest publication day (YYYY-MM-DD)
-- param limit = 200: at most this many rows, newest first
select
    cast(coalesce(a.published_at, a.fetched_at) as date) as day,
    r.speaker,
    r.phrase,
    r.category,
    r.negated,
    a.source,
    a.title,
    r.evidence
from redline_mentions r
join articles a using (article_id)
where a.duplicate_of is null
  and r.issue = $issue
  and coalesce(a.published_at, a.fetched_at) >= cast($since as date)
order by day desc, r.mention_id
limit cast($limit as integer);
