"""The fetch layer: polite, bounded, safe HTTP for feeds, articles and robots.txt.

    from flows.fetch import FetchRequest, FetchSettings, fetch_all
    results = fetch_all([FetchRequest(url, "feed", etag=...)], FetchSettings())

Guarantees: only http(s); every hop's resolved IP checked (private, loopback, link-local, multicast,
reserved, metadata refused unless allow-listed) and the connection made to that IP; robots.txt
honoured (once per origin per RobotsCache); per-host delay between request starts; transient
failures retried with backoff; bodies capped after decompression and in time. Never raises for a
URL's failure: every outcome is a label (see flows.fetch.outcomes) and every attempt an Attempt.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

from flows.fetch.client import Fetcher
from flows.fetch.models import DEFAULT_USER_AGENT, Attempt, FetchRequest, FetchResult, FetchSettings
from flows.fetch.outcomes import is_transient, outcome_class
from flows.fetch.politeness import HostPacer
from flows.fetch.robots import RobotsCache
from flows.fetch.session import FetchSession, close_shared_session, shared_session

__all__ = [
    "DEFAULT_USER_AGENT", "Attempt", "FetchRequest", "FetchResult", "FetchSettings", "HostPacer", "RobotsCache",
    "FetchSession", "close_shared_session", "fetch_all", "is_transient", "outcome_class", "shared_session",
]


def fetch_all(
    requests: Sequence[FetchRequest], settings: FetchSettings, robots_cache: RobotsCache | None = None,
    pacer: HostPacer | None = None, session: FetchSession | None = None,
) -> list[FetchResult]:
    """Fetch every request (synchronously for the caller) and return one result per request, in input order.

    Different hosts run in parallel (at most settings.max_connections at once), one host's requests
    in turn with per_host_delay_s between starts. Memory: bodies in flight stay below
    max_connections * max_bytes (plus one network chunk each); returned bodies add up to at most
    len(requests) * max_bytes. Pass one RobotsCache (and one HostPacer, when calls run in parallel
    threads) to every call of a night so robots.txt is fetched once per origin and delays hold across calls;
    pass a FetchSession to run on its loop and reuse its per-host connections across calls.
    """
    cache = robots_cache if robots_cache is not None else RobotsCache()
    reqs = list(requests)
    if session is not None:  # the night's loop and per-host clients: connections kept across calls
        return session.run(Fetcher(settings, cache, pacer, session.clients).run(reqs))

    async def main() -> list[FetchResult]:
        return await Fetcher(settings, cache, pacer).run(reqs)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    # Called from inside an event loop (e.g. an async task runner): run ours in a thread of its own.
    box: dict[str, object] = {}

    def runner() -> None:
        try:
            box["value"] = asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=runner, name="diplowatch-fetch")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
