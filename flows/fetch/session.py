"""A night's fetching in one process: one event loop, and one HTTP client per host kept across batches.

Without it each `fetch_all` call runs its own event loop and opens (then closes) a connection per
host, so every batch of a night connects again to hosts it has just talked to. With a session the
batches' coroutines all run on one loop thread and share the per-host clients: keep-alive
connections carry a host's requests from one batch to the next. Callers block on the result as
before, so batch tasks still run in parallel threads.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import aiohttp

from flows.perprocess import PerProcess

T = TypeVar("T")


class FetchSession:
    """An event loop thread plus the per-host HTTP clients every fetch on it shares."""

    def __init__(self) -> None:
        self.clients: dict[str, aiohttp.ClientSession] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="diplowatch-fetch", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the session's loop and wait for its result (from any other thread)."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def close(self) -> None:
        """Close every client and stop the loop."""

        async def close_clients() -> None:
            for client in self.clients.values():
                await client.close()
            self.clients.clear()

        self.run(close_clients())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


_sessions: PerProcess[FetchSession] = PerProcess(lambda _key: FetchSession(), FetchSession.close)


def shared_session() -> FetchSession:
    """This process's session, created on first use."""
    return _sessions.get()


def close_shared_session() -> None:
    """Close this process's session, if any (the end of a night, or process exit)."""
    _sessions.close()
