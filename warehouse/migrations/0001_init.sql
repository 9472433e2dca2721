-- Warehouse v1: nights, HTTP attempts, feed state, articles and the mentions found in them.
-- Shipped migrations are never edited: add a new numbered file instead.

create table runs (
    run_id            varchar primary key,
    started_at        timestamptz not null,
    finished_at       timestamptz,
    status            varchar not null,          -- running | completed | failed
    config_source     varchar,
    detector_version  varchar,
    feeds_total       integer,
    feeds_ok          integer,
    feeds_failed      integer,
    entries           integer,
    new_articles      integer,
    article_failures  integer,
    call_mentions     integer,
    redline_mentions  integer,
    outcome_counts    map(varchar, integer),     -- fetch outcome label -> attempts
    stage_seconds     map(varchar, double),      -- stage name -> wall seconds
    error             varchar
);

create table fetches (
    run_id      varchar not null,
    started_at  timestamptz not null,
    feed        varchar,                         -- the feed this attempt served (config name)
    url         varchar not null,
    kind        varchar not null,                -- feed | article | robots
    http_status integer,
    outcome     varchar not null,                -- ok, not_modified, http_404, timeout, ...
    error       varchar,
    bytes       bigint,
    elapsed_ms  double
);

create table feeds (
    name                 varchar primary key,    -- config name
    url                  varchar not null,       -- as configured
    current_url          varchar,                -- where a permanent redirect moved it
    etag                 varchar,
    last_modified        varchar,
    content_hash         varchar,
    last_status          integer,
    last_outcome         varchar,
    last_error           varchar,
    last_ok_at           timestamptz,
    consecutive_failures integer not null default 0,
    failing_since        timestamptz,
    next_attempt_after   timestamptz,            -- backoff across nights
    retired_at           timestamptz             -- 410 Gone
);

create table articles (
    article_id     varchar primary key,          -- hash of canonical_url
    url            varchar not null,             -- as listed in the feed and fetched
    canonical_url  varchar not null,
    feed           varchar,                      -- config name of the feed that listed it first
    source         varchar,                      -- site name from the page, else the feed name
    title          varchar,
    author         varchar,
    published_at   timestamptz,
    fetched_at     timestamptz not null,
    language       varchar,
    text           varchar not null,
    text_hash      varchar not null,
    duplicate_of   varchar,                      -- article_id of the original when this is the same or a near-duplicate text
    minhash        blob,                         -- MinHash signature of the text (near-duplicate detection)
    run_id         varchar,
    detector_version varchar
);

create table call_mentions (
    mention_id       varchar primary key,        -- article_id:ordinal
    article_id       varchar not null,
    participants     varchar[] not null,         -- sorted canonical names
    mode             varchar not null,           -- phone | video | in_person | unspecified
    status           varchar not null,           -- held | planned
    call_date        date,
    date_precision   varchar,                    -- day | week | month
    evidence         varchar not null,
    start_offset     integer not null,           -- character offsets of the evidence in articles.text
    end_offset       integer not null,
    confidence       double,
    detector_version varchar not null
);

create table redline_mentions (
    mention_id       varchar primary key,
    article_id       varchar not null,
    phrase           varchar not null,
    category         varchar not null,
    speaker          varchar,
    issue            varchar,
    negated          boolean not null,
    evidence         varchar not null,
    start_offset     integer not null,
    end_offset       integer not null,
    confidence       double,
    detector_version varchar not null
);
