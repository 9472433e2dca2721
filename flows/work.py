"""The work of a night, as plain functions the Prefect tasks wrap: fetch feeds, then articles in batches.

Nothing here touches the warehouse: results come back as rows for the single writer in the flow.
Per-article work is batched (a task run costs ~10-16 ms of flow time and far more server CPU), and a
batch keeps each host's articles together so per-host politeness holds even across Dask workers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from itertools import zip_longest
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from extract.detect import DETECTOR_VERSION, detect
from extract.errors import ExtractError
from extract.feeds import parse_feed
from extract.models import FeedEntry, PageRead, ParsedFeed
from extract.urls import canonicalize_url
from flows.config import FeedConfig
from flows.fetch import FetchRequest, FetchResult, FetchSettings, HostPacer, RobotsCache, fetch_all, shared_session
from flows.pages import PageJob, PageSettings, shared_pool
from warehouse.load import article_id_for


def attempt_rows(run_id: str, feed: str | None, result: FetchResult) -> list[dict[str, Any]]:
    """One `fetches` row per HTTP attempt behind a result."""
    return [
        {
            "run_id": run_id,
            "started_at": a.started_at,
            "feed": feed,
            "url": a.url,
            "kind": a.kind,
            "http_status": a.status,
            "outcome": a.outcome,
            "error": a.error,
            "bytes": a.bytes,
            "elapsed_ms": a.elapsed_ms,
        }
        for a in result.attempts
    ]


def relabel_last(rows: list[dict[str, Any]], outcome: str, error: str) -> None:
    """Give the last attempt the outcome of what came after it (the body held no feed, no text).

    The HTTP exchange itself went fine, but the health views must see the URL as failed, and a
    separate row would break the rule of one `fetches` row per HTTP attempt.
    """
    if rows:
        rows[-1]["outcome"], rows[-1]["error"] = outcome, error


@dataclass
class FeedOutcome:
    """What one feed gave tonight."""

    feed: FeedConfig
    result: FetchResult
    parsed: ParsedFeed | None = None
    outcome: str = "ok"  # the fetch outcome, or parse_error when the bytes held no feed
    error: str | None = None


# Feeds are parsed on the page workers when there is this much to parse (feedparser: ~0.5 s for 1 MB of feeds,
# which the workers share): below it, parsing here is quicker than starting the workers of a night that may
# have no new article (under `diplowatch serve`, that starts a process which imports trafilatura first), and a
# feed this small cannot make feedparser run away (entity expansion is stripped before parsing).
PARSE_ON_WORKERS_BYTES = 256 * 1024


def fetch_feeds(
    feeds: list[tuple[FeedConfig, FetchRequest]], settings: FetchSettings,
    robots: RobotsCache | None = None, pacer: HostPacer | None = None, pages: PageSettings | None = None,
) -> list[FeedOutcome]:
    """Fetch every due feed (conditional GET) and parse the ones that changed: on the page workers when
    `pages` says how and there is enough to parse (in parallel, under the per-page time limit), else here."""
    results = fetch_all([req for _, req in feeds], settings, robots, pacer, shared_session())
    outcomes = [FeedOutcome(feed, result, outcome=result.outcome, error=result.error)
                for (feed, _), result in zip(feeds, results)]
    changed = [out for out in outcomes if out.result.ok and out.result.body is not None]
    bodies = [(out.result.body, out.result.final_url or out.result.request.url, out.result.content_type)
              for out in changed]
    if pages is not None and sum(len(body) for body, _, _ in bodies) >= PARSE_ON_WORKERS_BYTES:
        parsed = shared_pool(pages.workers, pages.timeout_s).parse_feeds(bodies)
    else:
        parsed = [_parse_here(*body) for body in bodies]
    for out, (feed, error) in zip(changed, parsed):
        out.parsed = feed
        if feed is None:
            out.outcome, out.error = "parse_error", error
    return outcomes


def _parse_here(body: bytes, url: str, content_type: str | None) -> tuple[ParsedFeed | None, str | None]:
    try:
        return parse_feed(body, url, content_type), None
    except ExtractError as exc:
        return None, str(exc)


@dataclass
class BatchResult:
    """Rows for the warehouse from one batch of articles."""

    fetches: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    redlines: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)  # feed name -> failed articles
    fetch_ended: float = 0.0  # epoch seconds: when the batch's last body came in (the night's fetch span)
    extract_s: float = 0.0  # CPU seconds in the page workers
    detect_s: float = 0.0


def fresh_entries(items: list[tuple[str, FeedEntry]], known: set[str]) -> list[tuple[str, FeedEntry]]:
    """Entries whose URL (as listed, or canonicalised) is not stored yet; one per canonical URL, first feed wins."""
    seen = set(known)
    fresh = []
    for name, entry in items:
        keys = {entry.link, canonicalize_url(entry.link)}
        if not keys & seen:
            seen |= keys
            fresh.append((name, entry))
    return fresh


def probe_urls(items: list[tuple[str, FeedEntry]]) -> list[str]:
    """Every URL to look up in the warehouse: as listed and canonicalised (utm_* and fragments stripped)."""
    return sorted({u for _, e in items for u in (e.link, canonicalize_url(e.link))})


@dataclass(frozen=True)
class Batch:
    """Articles for one task; `after` is the index of the batch that must finish first (same host), if any."""

    items: list[tuple[str, FeedEntry]]
    after: int | None = None


def plan_batches(items: list[tuple[str, FeedEntry]], batch_size: int, shared_pacer: bool = False) -> list[Batch]:
    """Split (feed name, entry) pairs into batches of at most batch_size articles.

    With one pacer shared by every batch (thread runner), hosts are dealt round-robin across
    batches: each batch fetches many hosts at once and the pacer spaces each host's requests, so
    every host is busy from the start and a night lasts about as long as its busiest host needs.
    Without one (Dask: each worker process paces on its own), a batch must never serve one host at
    the same time as another batch: a host with more articles than batch_size gets several batches,
    chained so each starts after the previous one ends, and smaller hosts share batches.
    Either way the bodies held at once stay bounded by batch_size per running batch.
    """
    by_host: dict[str, list[tuple[str, FeedEntry]]] = defaultdict(list)
    for item in items:
        by_host[urlsplit(item[1].link).netloc.lower()].append(item)
    hosts = sorted(by_host, key=lambda h: (-len(by_host[h]), h))
    if shared_pacer:
        dealt = [item for rnd in zip_longest(*(by_host[h] for h in hosts)) for item in rnd if item is not None]
        return [Batch(dealt[i:i + batch_size]) for i in range(0, len(dealt), batch_size)]
    batches: list[Batch] = []
    shared: list[tuple[str, FeedEntry]] = []  # the batch small hosts are being packed into
    for host in hosts:
        host_items = by_host[host]
        if len(host_items) > batch_size:
            previous = None
            for start in range(0, len(host_items), batch_size):
                batches.append(Batch(host_items[start:start + batch_size], previous))
                previous = len(batches) - 1
            continue
        if len(shared) + len(host_items) > batch_size:
            batches.append(Batch(shared))
            shared = []
        shared = shared + host_items
    if shared:
        batches.append(Batch(shared))
    return batches


def _call_row(article_id: str, i: int, c) -> dict[str, Any]:
    return {
        "mention_id": f"{article_id}:c{i}",
        "article_id": article_id,
        "participants": list(c.participants),
        "mode": c.mode,
        "status": c.status,
        "call_date": c.date,
        "date_precision": c.date_precision,
        "evidence": c.evidence,
        "start_offset": c.start,
        "end_offset": c.end,
        "confidence": c.confidence,
        "detector_version": DETECTOR_VERSION,
    }


def _redline_row(article_id: str, i: int, r) -> dict[str, Any]:
    return {
        "mention_id": f"{article_id}:r{i}",
        "article_id": article_id,
        "phrase": r.phrase,
        "category": r.category,
        "speaker": r.speaker,
        "issue": r.issue,
        "negated": r.negated,
        "evidence": r.evidence,
        "start_offset": r.start,
        "end_offset": r.end,
        "confidence": r.confidence,
        "detector_version": DETECTOR_VERSION,
    }


def detection_rows(article_id: str, text: str, published) -> tuple[list[dict], list[dict]]:
    """Run the engine on one article's text and return its mention rows (reprocessing stored text)."""
    found = detect(text, published.date() if published else None)
    calls = [_call_row(article_id, i, c) for i, c in enumerate(found.calls)]
    redlines = [_redline_row(article_id, i, r) for i, r in enumerate(found.redlines)]
    return calls, redlines


def _article_row(run_id: str, feed: str, entry: FeedEntry, read: PageRead) -> dict[str, Any]:
    article = read.article
    return {
        "article_id": article_id_for(article.canonical_url),
        "url": entry.link,
        "canonical_url": article.canonical_url,
        "feed": feed,
        "source": article.site_name or feed,
        "title": article.title or entry.title,
        "author": article.author or entry.author,
        "published_at": read.published_at,
        "fetched_at": datetime.now(timezone.utc),
        "language": article.language,
        "text": article.text,
        "text_hash": article.text_hash,
        "minhash": read.minhash,
        "run_id": run_id,
        "detector_version": DETECTOR_VERSION,
    }


def process_articles(
    run_id: str, items: list[tuple[str, FeedEntry]], settings: FetchSettings,
    robots: RobotsCache | None = None, pacer: HostPacer | None = None, pages: PageSettings | None = None,
    window: int | None = None,
) -> BatchResult:
    """Fetch one batch of new articles and read them (extract, sign, detect) on this process's page pool,
    `window` articles at a time (all at once when None): a window's bodies are dropped once read."""
    out = BatchResult()
    step = window or len(items) or 1
    for start in range(0, len(items), step):
        _process_window(run_id, items[start:start + step], settings, robots, pacer, pages, out)
    return out


def _process_window(
    run_id: str, items: list[tuple[str, FeedEntry]], settings: FetchSettings, robots: RobotsCache | None,
    pacer: HostPacer | None, pages: PageSettings | None, out: BatchResult,
) -> None:
    """Fetch some articles at once, then read them on the page pool; their rows are added to `out`."""
    requests = [FetchRequest(url=e.link, kind="article") for _, e in items]
    results = fetch_all(requests, settings, robots, pacer, shared_session())
    out.fetch_ended = time.time()
    fetched: list[tuple[str, FeedEntry, int]] = []  # (feed, entry, index of its last fetches row)
    jobs: list[PageJob] = []
    for (feed, entry), result in zip(items, results):
        out.fetches.extend(attempt_rows(run_id, feed, result))
        if not result.ok or result.body is None:
            out.failures[feed] = out.failures.get(feed, 0) + 1
            continue
        fetched.append((feed, entry, len(out.fetches) - 1))
        # Canonical URL: the page's <link rel=canonical>, else where the redirects ended.
        jobs.append(PageJob(result.body, result.charset, result.final_url or entry.link, entry.published_at))
    del results  # the bodies now live in the jobs only
    pages = pages or PageSettings()
    outcomes = shared_pool(pages.workers, pages.timeout_s).read_all(jobs)
    for (feed, entry, last_row), page in zip(fetched, outcomes):
        if page.read is None:
            out.failures[feed] = out.failures.get(feed, 0) + 1
            # The fetch went fine; the page still failed: its last attempt says how, for the health views.
            out.fetches[last_row]["outcome"], out.fetches[last_row]["error"] = page.outcome, page.error
            continue
        row = _article_row(run_id, feed, entry, page.read)
        out.articles.append(row)
        found = page.read.findings
        out.calls.extend(_call_row(row["article_id"], i, c) for i, c in enumerate(found.calls))
        out.redlines.extend(_redline_row(row["article_id"], i, r) for i, r in enumerate(found.redlines))
        out.extract_s += page.read.extract_s
        out.detect_s += page.read.detect_s
