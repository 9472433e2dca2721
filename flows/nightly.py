"""The nightly flow: feeds -> new articles -> text -> findings -> DuckDB, one writer, short write windows."""

from __future__ import annotations

import time
import uuid
from contextlib import ExitStack
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from extract.detect import DETECTOR_VERSION
from flows import feedstate
from flows.config import DEFAULT_DB, Config, load_config
from flows.demo.server import demo_config, serve_demo
from flows.fetch import FetchRequest, FetchSettings, RobotsCache
from flows.warehouse_session import warehouse_session
from flows.work import BatchResult, FeedOutcome, attempt_rows, fetch_feeds, plan_batches, process_articles, relabel_last
from warehouse import load


@dataclass
class FeedSummary:
    name: str
    outcome: str
    entries: int = 0
    new_articles: int = 0
    failures: int = 0
    error: str | None = None


@dataclass
class RunSummary:
    run_id: str
    status: str
    feeds: list[FeedSummary] = field(default_factory=list)
    new_articles: int = 0
    call_mentions: int = 0
    redline_mentions: int = 0
    outcome_counts: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)


def fetch_settings(cfg: Config) -> FetchSettings:
    """FetchSettings from the [fetch] section."""
    f = cfg.fetch
    return FetchSettings(
        user_agent=f.user_agent, timeout_s=f.timeout_s, total_timeout_s=f.total_timeout_s, max_bytes=f.max_bytes,
        per_host_delay_s=f.per_host_delay_s, max_connections=f.max_connections, retries=f.retries,
        allowed_private_hosts=f.allowed_private_hosts, respect_robots=f.respect_robots,
    )


# Inputs are large and results must never be served from a cache: no Prefect caching on these tasks.
@task(name="fetch-feeds", cache_policy=NO_CACHE)
def fetch_feeds_task(feeds, settings: FetchSettings, robots: RobotsCache) -> list[FeedOutcome]:
    """Fetch and parse every due feed."""
    return fetch_feeds(feeds, settings, robots)


@task(name="process-articles", cache_policy=NO_CACHE)
def process_articles_task(run_id: str, items, settings: FetchSettings, robots: RobotsCache) -> BatchResult:
    """Fetch, extract and detect one batch of articles (a batch keeps each host together)."""
    return process_articles(run_id, items, settings, robots)


def _plan_feeds(cfg: Config, states: dict, now: datetime, summary: RunSummary):
    due = []
    for feed in cfg.feeds:
        state = states.get(feed.name) or feedstate.new_state(feed)
        ok, why = feedstate.is_due(state, feed, now)
        if ok:
            url = feedstate.effective_url(state, feed)
            due.append((feed, FetchRequest(url=url, kind="feed", **feedstate.validators(state, feed))))
        else:
            summary.feeds.append(FeedSummary(feed.name, "skipped", error=why))
    return due


@flow(name="diplowatch-nightly", log_prints=False)
def nightly(config_path: str | None = None, db_path: str | None = None) -> RunSummary:
    """Run one night from a config file, or on the built-in demo when config_path is None."""
    with ExitStack() as stack:
        if config_path:
            cfg = load_config(config_path)
        else:
            base = stack.enter_context(serve_demo())
            cfg = demo_config(base, DEFAULT_DB)
        return run_config(cfg, db_path)


def run_config(cfg: Config, db_path: str | None = None) -> RunSummary:
    """Fetch feeds, fetch and read new articles, detect, load (inside a flow run)."""
    logger = get_run_logger()
    db = db_path or cfg.warehouse_path
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id=run_id, status="running")
    settings = fetch_settings(cfg)
    now = datetime.now(timezone.utc)
    clock = time.perf_counter()

    with warehouse_session(db) as con:
        load.start_run(con, run_id, now, cfg.source, DETECTOR_VERSION)
        states = load.feed_states(con)
    try:
        due = _plan_feeds(cfg, states, now, summary)
        logger.info("night %s: %d feeds due of %d", run_id, len(due), len(cfg.feeds))

        robots = RobotsCache()  # robots.txt once per host per night
        feed_outcomes = fetch_feeds_task(due, settings, robots)
        fetch_rows, new_states, items = [], [], []
        for fo in feed_outcomes:
            rows = attempt_rows(run_id, fo.feed.name, fo.result)
            if fo.outcome == "parse_error":
                relabel_last(rows, "parse_error", fo.error or "")
            fetch_rows.extend(rows)
            state = states.get(fo.feed.name) or feedstate.new_state(fo.feed)
            r = fo.result
            new_states.append(feedstate.next_state(
                state, fo.feed, outcome=fo.outcome, status=r.status, error=fo.error, etag=r.etag,
                last_modified=r.last_modified, content_hash=r.content_hash, moved_to=r.permanent_redirect, now=now,
            ))
            fs = FeedSummary(fo.feed.name, fo.outcome, error=fo.error)
            if fo.parsed:
                entries = fo.parsed.entries[: cfg.run.max_articles_per_feed]
                fs.entries = len(entries)
                items.extend((fo.feed.name, e) for e in entries)
            summary.feeds.append(fs)
        summary.stage_seconds["feeds"] = round(time.perf_counter() - clock, 3)

        with warehouse_session(db) as con:
            load.save_feed_states(con, new_states)
            load.load_fetches(con, fetch_rows)
            known = load.known_urls(con, [e.link for _, e in items])
        # One article per URL tonight, in the order feeds were configured (first feed to list it wins).
        seen: set[str] = set(known)
        fresh = []
        for name, entry in items:
            if entry.link not in seen:
                seen.add(entry.link)
                fresh.append((name, entry))
        logger.info("%d entries listed, %d new articles to fetch", len(items), len(fresh))

        clock = time.perf_counter()
        batches = plan_batches(fresh, cfg.run.batch_size)
        futures = [process_articles_task.submit(run_id, b, settings, robots) for b in batches]
        by_feed = {fs.name: fs for fs in summary.feeds}
        for fut in futures:
            result: BatchResult = fut.result()
            with warehouse_session(db) as con:
                load.load_batch(con, result.fetches, result.articles, result.calls, result.redlines)
            for row in result.articles:
                by_feed[row["feed"]].new_articles += 1
            for name, n in result.failures.items():
                by_feed[name].failures += n
            summary.new_articles += len(result.articles)
            summary.call_mentions += len(result.calls)
            summary.redline_mentions += len(result.redlines)
            fetch_rows.extend(result.fetches)
        summary.stage_seconds["articles"] = round(time.perf_counter() - clock, 3)

        summary.outcome_counts = dict(Counter(r["outcome"] for r in fetch_rows))
        summary.status = "completed"
        failed = sum(1 for fs in summary.feeds if fs.outcome not in ("ok", "not_modified", "unchanged", "skipped"))
        with warehouse_session(db) as con:
            load.finish_run(con, run_id, {
                "finished_at": datetime.now(timezone.utc), "status": summary.status,
                "feeds_total": len(cfg.feeds), "feeds_ok": len(due) - failed, "feeds_failed": failed,
                "entries": len(items), "new_articles": summary.new_articles,
                "article_failures": sum(fs.failures for fs in summary.feeds),
                "call_mentions": summary.call_mentions, "redline_mentions": summary.redline_mentions,
                "outcome_counts": summary.outcome_counts, "stage_seconds": summary.stage_seconds,
            })
    except Exception as exc:
        logger.error("night %s failed: %s", run_id, exc)
        with warehouse_session(db) as con:
            load.finish_run(con, run_id, {
                "finished_at": datetime.now(timezone.utc), "status": "failed", "error": f"{type(exc).__name__}: {exc}",
                "stage_seconds": summary.stage_seconds,
            })
        raise
    logger.info("night %s completed: %d new articles", run_id, summary.new_articles)
    return summary


def run_night(config_path: str | None = None, db_path: str | None = None) -> RunSummary:
    """Run the nightly flow once, with the task runner from config."""
    runner = ThreadPoolTaskRunner(max_workers=4)
    return nightly.with_options(task_runner=runner)(config_path, db_path)
