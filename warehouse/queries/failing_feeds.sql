-- Feeds failing several nights in a row, worst first, with the last error and since when.
-- param min_nights = 3: consecutive failed nights before a feed is listed
select
    name,
    coalesce(current_url, url) as url,
    consecutive_failures,
    failing_since,
    last_outcome,
    last_error,
    last_ok_at,
    next_attempt_after
from feeds
where consecutive_failures >= cast($min_nights as integer)
order by consecutive_failures desc, name;
