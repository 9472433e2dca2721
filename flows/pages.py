"""Pages on worker processes: extraction and detection spread over the cores, with a time limit per page.

trafilatura is pure Python over lxml, so threads cannot run two pages at once (the GIL); a small
pool of processes can. Each page runs under a time limit: a page that makes trafilatura run away
(deeply nested or enormous markup) has its worker killed and replaced, and comes back as a
`page_timeout` failure while the rest of the night goes on. Workers are recycled every
MAX_PAGES_PER_WORKER pages, which also returns whatever trafilatura's caches and lxml grew. A night with
many feeds has them parsed here too (`parse_feeds`), under the same time limit.

One pool per process (the flow's, or each Dask worker's), created on first use; workers are forked
from a forkserver that has already imported the extraction code, so replacing one is cheap and
never inherits the flow's threads or event loops. A daemonic process (a Dask worker started with
the default `distributed.worker.daemon: true`) may not have children: there pages are read inline,
without the time limit (diplowatch's own local cluster turns that setting off).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime

from pebble import ProcessExpired, ProcessPool

from extract.errors import ExtractError
from extract.models import PageRead, ParsedFeed
from flows.perprocess import PerProcess, forkserver_context

log = logging.getLogger(__name__)
# A worker is replaced after this many pages. Measured: a worker's RSS stays flat over 2,000 generated pages (+6 MB),
# so this is a safeguard, not a need. Both workers reach it together (pages are dealt alternately), and while
# they are replaced the cores idle: at 250 a 2,000-page night lost ~0.6 core-seconds four times.
MAX_PAGES_PER_WORKER = 1000
DEFAULT_PAGE_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class PageSettings:
    """How pages are read: worker processes (None: one per core) and the time limit per page."""

    workers: int | None = None
    timeout_s: float = DEFAULT_PAGE_TIMEOUT_S


@dataclass(frozen=True)
class PageJob:
    """One fetched page to read: its bytes, the charset its headers gave, where the fetch ended."""

    body: bytes
    charset: str | None
    url: str
    listed_published: datetime | None = None


@dataclass(frozen=True)
class PageOutcome:
    """A read page, or why there is none: outcome `no_text`, `page_timeout` or `page_crashed`."""

    read: PageRead | None
    outcome: str = "ok"
    error: str | None = None


def _context():
    return forkserver_context(["extract.page", "extract.feeds"])


def start_template() -> None:
    """Start the process page workers are forked from, without waiting for it to import the extraction code
    (~1 s): `diplowatch run` calls this first, so that import runs on another core while Prefect's loads."""
    from multiprocessing import forkserver

    if not multiprocessing.current_process().daemon:
        _context()
        forkserver.ensure_running()


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class PagePool:
    """A pool of worker processes that read pages, each under a time limit."""

    def __init__(self, workers: int | None = None, timeout_s: float = DEFAULT_PAGE_TIMEOUT_S) -> None:
        self.workers = workers or default_workers()
        self.timeout_s = timeout_s
        self._pool = None
        if multiprocessing.current_process().daemon:
            log.warning("page workers unavailable in a daemonic process: reading pages inline, no time limit")
            return
        self._pool = ProcessPool(max_workers=self.workers, max_tasks=MAX_PAGES_PER_WORKER, context=_context())

    def warm(self) -> None:
        """Start the workers now (the forkserver imports the extraction code, ~1 s) instead of on the first page."""
        if self._pool is not None:
            self._pool.schedule(os.getpid)

    def read_all(self, jobs: list[PageJob]) -> list[PageOutcome]:
        """Read every page (in parallel across the workers) and return one outcome per job, in order."""
        args = [(j.body, j.charset, j.url, j.listed_published) for j in jobs]
        outcomes = [self._outcome(result, "reading the page") for result in self._run(_read_page, args)]
        return [PageOutcome(read, _PAGE_OUTCOMES[how], error) for read, how, error in outcomes]

    def parse_feeds(self, feeds: list[tuple[bytes, str, str | None]]) -> list[tuple[ParsedFeed | None, str | None]]:
        """Parse feed bodies (body, url, content type) on the workers, in parallel, under the same time limit.

        One (ParsedFeed, None) or (None, why) per feed, in order: bytes that hold no feed, a parse that runs
        away or crashes its worker all come back as why, never as an exception."""
        return [(parsed, error) for parsed, _, error in
                (self._outcome(result, "parsing the feed") for result in self._run(_parse_feed, feeds))]

    def _run(self, fn: Callable, calls: list[tuple]) -> list[Callable[[], object]]:
        """Start fn(*args) for every args (on the workers, else inline); a callable per call gives its result."""
        if self._pool is None:
            return [lambda a=a: fn(*a) for a in calls]
        return [f.result for f in (self._pool.schedule(fn, args=a, timeout=self.timeout_s) for a in calls)]

    def _outcome(self, result: Callable[[], object], doing: str) -> tuple[object | None, str, str | None]:
        """(result, "ok", None), or (None, how it failed, why) from a callable that returns or raises."""
        try:
            return result(), "ok", None
        except ExtractError as exc:
            return None, "failed", str(exc)
        except FutureTimeout:
            return None, "timeout", f"{doing} took over {self.timeout_s:g} s; worker stopped"
        except ProcessExpired as exc:  # the worker died under the call (a crash in lxml, out of memory)
            return None, "crashed", f"worker exited with code {exc.exitcode} while {doing}"

    def close(self) -> None:
        """Stop the workers (pages in flight are abandoned)."""
        if self._pool is None:
            return
        self._pool.stop()
        self._pool.join()


def _read_page(body: bytes, charset: str | None, url: str, listed_published: datetime | None) -> PageRead:
    """extract.page.read_page, imported where the page is read: the process that only schedules pages (the
    flow's) never imports trafilatura and the detector (~1 s of CPU)."""
    from extract.page import read_page

    return read_page(body, charset, url, listed_published)


def _parse_feed(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    from extract.feeds import parse_feed

    return parse_feed(body, url, content_type)


# How a page failed, as the fetches table records it.
_PAGE_OUTCOMES = {"ok": "ok", "failed": "no_text", "timeout": "page_timeout", "crashed": "page_crashed"}
_pools: PerProcess[PagePool] = PerProcess(lambda key: PagePool(*key), PagePool.close)


def shared_pool(workers: int | None = None, timeout_s: float = DEFAULT_PAGE_TIMEOUT_S) -> PagePool:
    """This process's pool, created on first use (or again when asked for other settings)."""
    return _pools.get((workers or default_workers(), timeout_s))


def close_shared_pool() -> None:
    """Stop this process's pool, if any (the end of a night, or process exit)."""
    _pools.close()
