-- Call events first reported on or after a moment: what is new since you last looked.
-- param since: date or timestamp (YYYY-MM-DD[ HH:MM])
select
    first_reported_at,
    participants,
    mode,
    status,
    call_date,
    n_articles,
    n_sources,
    first_source,
    evidence
from calls
where first_reported_at >= cast($since as timestamptz)
order by first_reported_at, call_id;
