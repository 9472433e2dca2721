"""Per-host pacing, backoff with jitter, and Retry-After parsing."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

MAX_RETRY_AFTER_S = 120.0
MAX_CRAWL_DELAY_S = 30.0  # a robots.txt Crawl-delay above this would stall a night; it is capped


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_delay(attempt: int, base_s: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: base * 2**attempt, scaled by a random factor in [0.5, 1.5)."""
    rng = rng or random
    return base_s * (2 ** attempt) * (0.5 + rng.random())


class HostPacer:
    """Spaces requests to each host by at least its delay, counted from the start and the end of the last one.

    Thread-safe and not tied to an event loop, so one pacer can be shared by several `fetch_all`
    calls running at once in different threads (e.g. parallel article batches of one night).
    """

    def __init__(self, default_delay_s: float) -> None:
        self.default_delay_s = default_delay_s
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._delay: dict[str, float] = {}

    # Article tasks may run in Dask worker processes: a lock does not pickle, and another process's
    # monotonic clock means nothing here, so a copy keeps the delays and starts with no pending turns.
    def __getstate__(self) -> dict:
        with self._lock:
            return {"default_delay_s": self.default_delay_s, "delay": dict(self._delay)}

    def __setstate__(self, state: dict) -> None:
        self.default_delay_s = state["default_delay_s"]
        self._delay = state["delay"]
        self._next = {}
        self._lock = threading.Lock()

    def set_delay(self, host: str, delay_s: float) -> None:
        """Use a longer delay for one host (robots.txt Crawl-delay), never a shorter one."""
        with self._lock:
            self._delay[host] = max(self.default_delay_s, min(delay_s, MAX_CRAWL_DELAY_S))

    def delay_for(self, host: str) -> float:
        """The minimum gap between two requests to the host."""
        return self._delay.get(host, self.default_delay_s)

    def hold_off(self, host: str, seconds: float) -> None:
        """Push the host's next turn out to at least `seconds` from now (Retry-After, backoff)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)

    def finished(self, host: str) -> None:
        """Count the delay from the end of a response too, so the server sees gaps of at least the delay."""
        self.hold_off(host, self.delay_for(host))

    async def turn(self, host: str) -> None:
        """Wait until the host may be sent the next request, and claim that turn."""
        while True:
            with self._lock:
                now = time.monotonic()
                wait = self._next.get(host, 0.0) - now
                if wait <= 0:
                    self._next[host] = now + self.delay_for(host)
                    return
            await asyncio.sleep(wait)
