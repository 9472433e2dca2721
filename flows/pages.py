"""Pages on worker processes: extraction and detection spread over the cores, with a time limit per page.

trafilatura is pure Python over lxml, so threads cannot run two pages at once (the GIL); a small
pool of processes can. Each page runs under a time limit: a page that makes trafilatura run away
(deeply nested or enormous markup) has its worker killed and replaced, and comes back as a
`page_timeout` failure while the rest of the night goes on. Workers are recycled every
MAX_PAGES_PER_WORKER pages, which also returns whatever trafilatura's caches and lxml grew.

One pool per process (the flow's, or each Dask worker's), created on first use; workers are forked
from a forkserver that has already imported the extraction code, so replacing one is cheap and
never inherits the flow's threads or event loops. A daemonic process (a Dask worker started with
the default `distributed.worker.daemon: true`) may not have children: there pages are read inline,
without the time limit (diplowatch's own local cluster turns that setting off).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pebble import ProcessExpired, ProcessPool

from extract.errors import ExtractError

if TYPE_CHECKING:
    from extract.page import PageRead

log = logging.getLogger(__name__)
MAX_PAGES_PER_WORKER = 250
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

    read: "PageRead | None"
    outcome: str = "ok"
    error: str | None = None


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
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extract.page"])
        self._pool = ProcessPool(max_workers=self.workers, max_tasks=MAX_PAGES_PER_WORKER, context=context)

    def read_all(self, jobs: list[PageJob]) -> list[PageOutcome]:
        """Read every page (in parallel across the workers) and return one outcome per job, in order."""
        from extract.page import read_page  # here, not at import: a night with nothing new never needs it

        if self._pool is None:
            return [self._inline(read_page, j) for j in jobs]
        futures = [
            self._pool.schedule(read_page, args=(j.body, j.charset, j.url, j.listed_published), timeout=self.timeout_s)
            for j in jobs
        ]
        return [self._outcome(f) for f in futures]

    @staticmethod
    def _inline(read_page, job: PageJob) -> PageOutcome:
        try:
            return PageOutcome(read_page(job.body, job.charset, job.url, job.listed_published))
        except ExtractError as exc:
            return PageOutcome(None, "no_text", str(exc))

    def _outcome(self, future) -> PageOutcome:
        try:
            return PageOutcome(future.result())
        except ExtractError as exc:
            return PageOutcome(None, "no_text", str(exc))
        except FutureTimeout:
            return PageOutcome(None, "page_timeout", f"reading the page took over {self.timeout_s:g} s; worker stopped")
        except ProcessExpired as exc:  # the worker died under the page (a crash in lxml, out of memory)
            return PageOutcome(None, "page_crashed", f"worker exited with code {exc.exitcode}")

    def close(self) -> None:
        """Stop the workers (pages in flight are abandoned)."""
        if self._pool is None:
            return
        self._pool.stop()
        self._pool.join()


_shared: PagePool | None = None
_lock = threading.Lock()


def shared_pool(workers: int | None = None, timeout_s: float = DEFAULT_PAGE_TIMEOUT_S) -> PagePool:
    """This process's pool, created on first use (or again when asked for other settings)."""
    global _shared
    with _lock:
        wanted = workers or default_workers()
        if _shared is not None and (_shared.workers, _shared.timeout_s) != (wanted, timeout_s):
            _shared.close()
            _shared = None
        if _shared is None:
            _shared = PagePool(wanted, timeout_s)
        return _shared


def close_shared_pool() -> None:
    """Stop this process's pool, if any (the end of a night, or process exit)."""
    global _shared
    with _lock:
        if _shared is not None:
            _shared.close()
            _shared = None


atexit.register(close_shared_pool)
