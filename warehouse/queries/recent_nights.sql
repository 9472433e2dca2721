-- The last nights: status, duration, feeds ok and failed, new articles and failed HTTP attempts.
-- param limit = 14: how many nights
select
    run_id,
    started_at,
    status,
    duration_s,
    feeds_ok,
    feeds_failed,
    new_articles,
    new_duplicates,
    fetches,
    failed_fetches,
    error
from run_health
order by started_at desc
limit cast($limit as integer);
