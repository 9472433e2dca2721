"""What the report shows, read from the warehouse's base tables with bound parameters.

Near-duplicate articles (duplicate_of set) and their mentions are left out everywhere, so a story
syndicated to five sites counts once. An article's date is its published_at, else its fetched_at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from flows.fetch.outcomes import SUCCESS_OUTCOMES

# Articles counted once, each with the day it belongs to.
_ARTICLES = """
    select a.*, cast(coalesce(a.published_at, a.fetched_at) as date) as day
    from articles a
    where a.duplicate_of is null and cast(coalesce(a.published_at, a.fetched_at) as date) >= $since
"""

# One call = one leader pair on one date (the call's own date, else the article's): several
# articles reporting the same call count once in the weekly chart.
_CALLS_WEEKLY = f"""
    with a as ({_ARTICLES}),
    c as (
        select distinct array_to_string(c.participants, ' – ') as pair, coalesce(c.call_date, a.day) as day
        from call_mentions c join a using (article_id)
        where c.status = 'held' and coalesce(c.call_date, a.day) >= $since
    )
    select date_trunc('week', day)::date as week, pair, count(*) as n from c group by all
"""

_REDLINES_WEEKLY = f"""
    with a as ({_ARTICLES})
    select date_trunc('week', a.day)::date as week, coalesce(r.issue, 'unspecified') as issue, count(*) as n
    from redline_mentions r join a using (article_id)
    where not r.negated
    group by all
"""

_SPEAKERS = f"""
    with a as ({_ARTICLES})
    select r.speaker, count(*) as n
    from redline_mentions r join a using (article_id)
    where not r.negated and r.speaker is not null and r.speaker <> ''
    group by all order by n desc, r.speaker limit $limit
"""

_ACTIVITY = f"""
    with a as ({_ARTICLES}),
    arts as (select coalesce(feed, source, '?') as feed, cast(fetched_at as date) as day, count(*) as articles,
             0 as attempts, 0 as failures, [] :: varchar[] as outcomes
             from a where cast(fetched_at as date) >= $since group by all),
    att as (select coalesce(feed, '?') as feed, cast(started_at as date) as day, 0 as articles, count(*) as attempts,
            count(*) filter (where outcome not in (select unnest($ok))) as failures,
            list(outcome) filter (where outcome not in (select unnest($ok))) as outcomes
            from fetches where cast(started_at as date) >= $since group by all)
    select feed, day, sum(articles)::int, sum(attempts)::int, sum(failures)::int, flatten(list(outcomes))
    from (select * from arts union all select * from att) group by all order by feed, day
"""

_FEED_HEALTH = """
    select name, last_outcome, last_error, consecutive_failures, failing_since, last_ok_at
    from feeds where consecutive_failures > 0 or last_error is not null
    order by consecutive_failures desc, name
"""

_LATEST_CALLS = f"""
    with a as ({_ARTICLES})
    select coalesce(c.call_date, a.day) as day, c.date_precision, c.participants, c.mode, c.status, c.evidence,
           a.title, coalesce(a.canonical_url, a.url) as url, coalesce(a.source, a.feed) as source
    from call_mentions c join a using (article_id)
    where coalesce(c.call_date, a.day) >= $since
    order by day desc, a.fetched_at desc, c.mention_id limit $limit
"""

_LATEST_REDLINES = f"""
    with a as ({_ARTICLES})
    select a.day, r.speaker, r.issue, r.phrase, r.category, r.negated, r.evidence,
           a.title, coalesce(a.canonical_url, a.url) as url, coalesce(a.source, a.feed) as source
    from redline_mentions r join a using (article_id)
    order by a.day desc, a.fetched_at desc, r.mention_id limit $limit
"""

_TOTALS = f"""
    with a as ({_ARTICLES})
    select (select count(*) from a),
           (select count(*) from call_mentions join a using (article_id)),
           (select count(*) from redline_mentions join a using (article_id)),
           (select count(distinct coalesce(source, feed)) from a),
           (select min(day) from a), (select max(day) from a),
           (select count(*) from articles where duplicate_of is not null
                and cast(coalesce(published_at, fetched_at) as date) >= $since)
"""

_LAST_RUN = "select run_id, started_at, finished_at, status from runs order by started_at desc limit 1"


@dataclass(frozen=True)
class ActivityCell:
    """One feed on one day: articles kept, fetch attempts, failed attempts and their outcome labels."""

    feed: str
    day: date
    articles: int
    attempts: int
    failures: int
    outcomes: tuple[str, ...]


@dataclass
class ReportData:
    """Everything the page shows, as plain Python values."""

    since: date | None
    articles: int = 0
    call_mentions: int = 0
    redline_mentions: int = 0
    sources: int = 0
    first_day: date | None = None
    last_day: date | None = None
    duplicates: int = 0
    last_run: tuple[Any, ...] | None = None
    calls_weekly: list[tuple[date, str, int]] = field(default_factory=list)
    redlines_weekly: list[tuple[date, str, int]] = field(default_factory=list)
    speakers: list[tuple[str, int]] = field(default_factory=list)
    activity: list[ActivityCell] = field(default_factory=list)
    feed_health: list[tuple[Any, ...]] = field(default_factory=list)
    feeds_known: int = 0
    latest_calls: list[dict[str, Any]] = field(default_factory=list)
    latest_redlines: list[dict[str, Any]] = field(default_factory=list)


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def read_report_data(con: duckdb.DuckDBPyConnection, since: date | None = None, limit: int = 25) -> ReportData:
    """Run the report's queries on an open (read-only) warehouse connection."""
    # Days are UTC days, whatever the machine's zone, so a report does not change with where it runs.
    con.execute("set TimeZone = 'UTC'")
    floor = since or date(1900, 1, 1)
    p = {"since": floor}
    data = ReportData(since=since)
    totals = con.execute(_TOTALS, p).fetchone()
    (data.articles, data.call_mentions, data.redline_mentions, data.sources,
     data.first_day, data.last_day, data.duplicates) = totals
    data.last_run = con.execute(_LAST_RUN).fetchone()
    data.calls_weekly = con.execute(_CALLS_WEEKLY, p).fetchall()
    data.redlines_weekly = con.execute(_REDLINES_WEEKLY, p).fetchall()
    data.speakers = con.execute(_SPEAKERS, {**p, "limit": 12}).fetchall()
    rows = con.execute(_ACTIVITY, {**p, "ok": sorted(SUCCESS_OUTCOMES)}).fetchall()
    data.activity = [ActivityCell(f, d, a, t, x, tuple(o or ())) for f, d, a, t, x, o in rows]
    data.feed_health = con.execute(_FEED_HEALTH).fetchall()
    data.feeds_known = con.execute("select count(*) from feeds").fetchone()[0]
    data.latest_calls = _dicts(con.execute(_LATEST_CALLS, {**p, "limit": limit}))
    data.latest_redlines = _dicts(con.execute(_LATEST_REDLINES, {**p, "limit": limit}))
    return data


def week_range(first: date, last: date) -> list[date]:
    """Every Monday from the week of `first` to the week of `last`, so empty weeks show as gaps."""
    start = first - timedelta(days=first.weekday())
    weeks = []
    while start <= last:
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


def as_date(value: date | datetime | None) -> date | None:
    """A date from a date or timestamp (DuckDB returns either, depending on the column)."""
    if isinstance(value, datetime):
        return value.date()
    return value
