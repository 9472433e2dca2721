-- robots.txt answers kept across nights (RFC 9309 lets a crawler cache them for up to 24 hours): a night
-- that runs within a day of the last one reuses them instead of asking every host again. Only answers
-- that say what the rules are (2xx, 4xx) are kept; a 5xx or an unreachable robots.txt is asked again.

create table robots (
    origin      varchar primary key,   -- scheme://host[:port], lower case
    status      integer not null,      -- the HTTP status of the answer
    body        blob,                  -- the robots.txt bytes (2xx), capped at 500 KB
    fetched_at  timestamptz not null
);
