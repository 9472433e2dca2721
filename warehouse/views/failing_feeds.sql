-- Feeds failing several nights in a row (3 or more), worst first, with the last error and since when.
create or replace view failing_feeds as
select
    name,
    coalesce(current_url, url) as url,
    consecutive_failures,
    failing_since,
    last_outcome,
    last_status,
    last_error,
    last_ok_at,
    next_attempt_after,
    retired_at
from feeds
where consecutive_failures >= 3
order by consecutive_failures desc, name;
