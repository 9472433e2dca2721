"""The nightly flow: feeds -> new articles -> text -> findings -> DuckDB.

One process writes the warehouse, in short windows (it never holds the file while waiting on the
network); per-article work runs in batches on the configured task runner (threads or Dask).
"""

from __future__ import annotations

import os
import time
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from extract.detect import DETECTOR_VERSION
from flows import feedstate, heartbeat, progress
from flows.artifacts import publish_run_artifact, tonight_findings
from flows.config import Config, default_db, load_config, uses_threads
from flows.demo.server import demo_config, serve_demo
from extract.dedup import NearDupIndex
from flows.fetch import FetchRequest, HostPacer, RobotsCache, close_shared_session
from flows.fetch.robots import KEEP_ANSWERS_S
from flows.pages import PageSettings, close_shared_pool, shared_pool
from flows.runners import fetch_settings, page_settings, task_runner_for
from flows.summary import FeedSummary, RunSummary, failing_feeds
from flows.warehouse_session import end_night, release_night, warehouse_session
from flows.work import (
    BatchResult, attempt_rows, fetch_feeds, fresh_entries, plan_batches, probe_urls, process_articles, relabel_last,
)
from warehouse import load

# Wire copies appear within days of the original: compare new texts with this window, not all history.
NEAR_DUP_WINDOW_DAYS = 14
# Finished batches are written together once this many articles wait, or this long after the last write
# (DIPLOWATCH_WRITE_EVERY_ARTICLES overrides the first: tests use small windows to stop a night between two).
WRITE_EVERY_ARTICLES = 500
WRITE_EVERY_S = 30.0


# Inputs are large and results must never come from a cache: no Prefect caching on these tasks. Their
# arguments are passed quote()d: Prefect would otherwise walk every entry, setting and robots rule of
# every batch looking for futures (measured: more CPU than the task runs themselves). Only on threads:
# a quote sent to a Dask worker comes back wrapped in a tuple of its own.
@task(name="fetch-feeds", cache_policy=NO_CACHE)
def fetch_feeds_task(feeds, settings, robots: RobotsCache, pacer: HostPacer, pages: PageSettings):
    """Fetch every due feed, and parse the changed ones on the page workers."""
    return fetch_feeds(feeds, settings, robots, pacer, pages)


@task(name="process-articles", cache_policy=NO_CACHE)
def process_articles_task(
    run_id: str, items, settings, robots: RobotsCache, pacer: HostPacer, pages, window: int,
) -> BatchResult:
    """Fetch one batch of articles, a window at a time, and extract and detect them on the page workers."""
    return process_articles(run_id, items, settings, robots, pacer, pages, window)


@flow(name="diplowatch-nightly", log_prints=False)
def nightly(config_path: str | None = None, db_path: str | None = None) -> RunSummary:
    """Run one night from a config file, or on the built-in demo when config_path is None."""
    with ExitStack() as stack:
        if config_path:
            cfg = load_config(config_path)
        else:
            base = stack.enter_context(serve_demo())
            cfg = demo_config(base, default_db())
        return run_config(cfg, db_path)


def run_config(cfg: Config, db_path: str | None = None) -> RunSummary:
    """Run the stages of one night (inside a flow run); the runs row is written whatever happens."""
    logger = get_run_logger()
    db = db_path or cfg.warehouse_path
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id=run_id, status="running", started_at=datetime.now(timezone.utc))
    try:
        with warehouse_session(db) as con:
            load.start_run(con, run_id, summary.started_at, cfg.source, DETECTOR_VERSION)
        try:
            _night(cfg, db, summary, logger)
            summary.status = "completed"
        except Exception as exc:
            summary.status, summary.error = "failed", f"{type(exc).__name__}: {exc}"
            logger.error("night %s failed: %s", run_id, summary.error)
            raise
        finally:
            summary.finished_at = datetime.now(timezone.utc)
            with warehouse_session(db) as con:
                summary.tally(con)
                load.finish_run(con, run_id, summary.run_row())
                summary.failing = failing_feeds(load.feed_states(con))
                tonight = tonight_findings(con, run_id)
                end_night(con, db)  # rebuild call events, then let the next night in
            publish_run_artifact(summary, tonight)
    finally:
        # A night that broke before end_night (even while writing its runs row) must not keep the lock
        # in a long-running `diplowatch serve` process, nor its idle page workers.
        release_night(db)
        close_shared_pool()
        close_shared_session()
    logger.info("night %s completed: %d new articles", run_id, summary.new_articles)
    return summary


def _stage(summary: RunSummary, name: str, started: float) -> None:
    summary.stage_seconds[name] = round(time.perf_counter() - started, 3)


def _night(cfg: Config, db: str, summary: RunSummary, logger) -> None:
    bar = progress.current(logger)
    settings = fetch_settings(cfg)
    now = summary.started_at

    # Stage 1: feeds, with conditional GET and cross-night backoff.
    clock, fetch_started = time.perf_counter(), time.time()
    with warehouse_session(db) as con:
        states = load.feed_states(con)
        kept = load.robots_answers(con, now - timedelta(seconds=KEEP_ANSWERS_S))
    # robots.txt once per host per night (or reused from a night less than a day ago), and one per-host
    # pace, shared by feed and article tasks.
    robots, pacer = RobotsCache(kept), HostPacer(settings.per_host_delay_s)
    due = []
    for feed in cfg.feeds:
        state = states.get(feed.name) or feedstate.new_state(feed)
        is_due, why = feedstate.is_due(state, feed, now)
        if is_due:
            req = FetchRequest(url=feedstate.effective_url(state, feed), kind="feed", **feedstate.validators(state, feed))
            due.append((feed, req))
        else:
            summary.feeds.append(FeedSummary(feed.name, "skipped", error=why))
    bar.stage("feeds", len(due))
    fetch_rows, new_states, items = [], [], []
    pages = page_settings(cfg)
    for fo in fetch_feeds_task(*map(quote, (due, settings, robots, pacer, pages))):
        rows = attempt_rows(summary.run_id, fo.feed.name, fo.result)
        if fo.outcome == "parse_error":
            relabel_last(rows, "parse_error", fo.error or "")
        fetch_rows.extend(rows)
        r = fo.result
        new_states.append(feedstate.next_state(
            states.get(fo.feed.name) or feedstate.new_state(fo.feed), fo.feed, outcome=fo.outcome, status=r.status,
            error=fo.error, etag=r.etag, last_modified=r.last_modified, content_hash=r.content_hash,
            moved_to=r.permanent_redirect, now=now,
        ))
        fs = FeedSummary(fo.feed.name, fo.outcome, error=fo.error)
        if fo.parsed:
            entries = fo.parsed.entries[: cfg.run.max_articles_per_feed]
            fs.entries = len(entries)
            items.extend((fo.feed.name, e) for e in entries)
        summary.feeds.append(fs)
        bar.advance()
    with warehouse_session(db) as con:
        load.save_feed_states(con, new_states)
        load.save_robots(con, robots.fetched())
        load.load_fetches(con, fetch_rows)
        known = load.known_urls(con, probe_urls(items))
    summary.count_outcomes(fetch_rows)
    _stage(summary, "feeds", clock)

    # Stage 2: new articles in batches on the task runner (fetch in threads, read pages on the page
    # workers); finished batches loaded atomically by this process, the warehouse's only writer.
    clock = time.perf_counter()
    fresh = fresh_entries(items, known)
    logger.info("%d entries listed, %d new articles to fetch", len(items), len(fresh))
    bar.stage("articles", len(fresh))
    if fresh:
        _articles(cfg, db, summary, fresh, settings, robots, pacer, pages, bar, fetch_started)
        if answers := robots.fetched():  # article hosts without a feed of their own
            with warehouse_session(db) as con:
                load.save_robots(con, answers)
    bar.finish()
    _stage(summary, "articles", clock)


def _articles(
    cfg: Config, db: str, summary: RunSummary, fresh, settings, robots, pacer, pages: PageSettings, bar, fetch_started,
) -> None:
    load_s = 0.0
    threads = uses_threads(cfg)  # one process: one pacer for all batches, and arguments passed by reference
    if threads:  # the page workers start while the index loads and the first batches fetch
        shared_pool(pages.workers, pages.timeout_s).warm()
    with warehouse_session(db) as con:  # only a night with new texts needs the near-duplicate index
        dedup = NearDupIndex()
        for article_id, signature, text_hash in load.recent_signatures(con, NEAR_DUP_WINDOW_DAYS):
            dedup.add_signature(article_id, signature, text_hash)
    by_feed = {fs.name: fs for fs in summary.feeds}
    batches = plan_batches(fresh, cfg.run.batch_size, shared_pacer=threads)
    futures = []
    wrap = quote if threads else (lambda value: value)
    for b in batches:  # with Dask, a busy host's batches run one after another (politeness)
        wait_for = [futures[b.after]] if b.after is not None else None
        futures.append(
            process_articles_task.submit(
                summary.run_id, *map(wrap, (b.items, settings, robots, pacer, pages)), cfg.run.fetch_window,
                wait_for=wait_for)
        )
    fetch_ended = extract_s = detect_s = 0.0
    write_every = int(os.environ.get("DIPLOWATCH_WRITE_EVERY_ARTICLES", WRITE_EVERY_ARTICLES))
    pending: list[BatchResult] = []
    last_write = time.monotonic()

    def write(final: bool = False) -> None:
        # Finished batches are written together, in one transaction: opening and closing the file (a
        # checkpoint) and each statement cost more than a batch's rows; the file stays free in between.
        nonlocal load_s, last_write
        started = time.perf_counter()
        with warehouse_session(db) as con:
            if pending:
                load.load_batch(con, *(
                    [row for r in pending for row in getattr(r, part)]
                    for part in ("fetches", "articles", "calls", "redlines")))
            if final:
                load.settle_duplicates(con, summary.run_id)
        pending.clear()
        load_s += time.perf_counter() - started
        last_write = time.monotonic()

    for batch, fut in zip(batches, futures):
        result: BatchResult = fut.result()
        fetch_ended = max(fetch_ended, result.fetch_ended)
        extract_s += result.extract_s
        detect_s += result.detect_s
        for row in result.articles:  # copies (exact or lightly edited) point at their original
            if row["minhash"]:
                row["duplicate_of"] = dedup.add_signature(row["article_id"], row["minhash"], row["text_hash"])
        pending.append(result)
        summary.count_outcomes(result.fetches)
        for name, n in result.failures.items():
            by_feed[name].failures += n
        bar.advance(len(batch.items))
        if sum(len(r.articles) for r in pending) >= write_every or time.monotonic() - last_write > WRITE_EVERY_S:
            write()
    write(final=True)
    # fetch: wall seconds from the first feed request to the last article body; extract and detect:
    # CPU seconds summed over the page workers; load: seconds this process spent writing batches.
    summary.stage_seconds.update({
        "fetch": round(fetch_ended - fetch_started, 3), "extract_cpu": round(extract_s, 3),
        "detect_cpu": round(detect_s, 3), "load": round(load_s, 3),
    })


def flow_for(config_path: str | None = None):
    """The nightly flow on the task runner the config asks for (threads, 4 batches at once, by default)."""
    heartbeat.install()  # its runs end without waiting on Prefect's heartbeat thread (flows/heartbeat.py)
    cfg = load_config(config_path) if config_path else None
    return nightly.with_options(task_runner=task_runner_for(cfg))


def run_night(config_path: str | None = None, db_path: str | None = None) -> RunSummary:
    """Run the nightly flow once, on the task runner the config asks for."""
    return flow_for(config_path)(config_path, db_path)
