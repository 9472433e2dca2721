-- Call events: one row per real-world contact, clustered from call_mentions (see warehouse/events.py).
-- The table is rebuilt from the mentions at the end of every night and by `diplowatch reprocess`,
-- so it holds nothing that cannot be recomputed; call_mentions.call_id links each mention to its event.

create table calls (
    call_id            varchar primary key,      -- sha1 of participants, mode family and anchor date: stable across rebuilds
    participants       varchar[] not null,       -- sorted canonical names
    mode               varchar not null,         -- most reported specific mode, else unspecified
    status             varchar not null,         -- held when any mention reports it held, else planned
    call_date          date,                     -- best estimate: most reported day-precise date
    date_precision     varchar,                  -- day | week | month | null (best precision among its mentions)
    first_reported_at  timestamptz,              -- publication (else fetch) time of the earliest report
    last_reported_at   timestamptz,
    n_mentions         integer not null,
    n_articles         integer not null,         -- distinct articles, near-duplicate copies counted once
    n_sources          integer not null,
    first_article_id   varchar,                  -- the earliest report ...
    first_mention_id   varchar,
    first_source       varchar,
    evidence           varchar                   -- ... and its evidence sentence
);

alter table call_mentions add column call_id varchar;
