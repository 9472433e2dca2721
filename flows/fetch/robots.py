"""robots.txt rules per origin, cached across calls (one fetch per host per night, and across nights for up
to KEEP_ANSWERS_S through the warehouse: RFC 9309 lets a crawler cache robots.txt for 24 hours).

What an answer means follows RFC 9309: 2xx -> the parsed rules; 4xx (no robots.txt) -> everything
allowed; 5xx -> everything disallowed (the site may be overloaded and its rules unknown). When
robots.txt cannot be reached at all (timeout, refused, blocked redirect) the page itself is tried:
its own fetch then records the honest outcome instead of a misleading robots_disallowed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from protego import Protego

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
KEEP_ANSWERS_S = 24 * 3600  # RFC 9309: a cached robots.txt SHOULD NOT be used for more than 24 hours


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased: the key robots.txt applies to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def robots_url(url: str) -> str:
    """Where the robots.txt for this URL lives."""
    return origin_of(url) + "/robots.txt"


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ("diplowatch" for "diplowatch/0.1 (...)")."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin: parsed, allow-all or disallow-all, with why."""

    kind: str  # "parsed" | "allow_all" | "disallow_all"
    reason: str
    parser: Protego | None = None

    def allows(self, url: str, user_agent: str) -> bool:
        """True when the URL may be fetched by this user agent."""
        if self.kind == "allow_all":
            return True
        if self.kind == "disallow_all" or self.parser is None:
            return False
        return bool(self.parser.can_fetch(url, agent_token(user_agent)))

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay asked of this user agent, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent_token(user_agent))
        return float(delay) if delay is not None else None


def rules_from_response(status: int | None, body: bytes | None) -> RobotsRules:
    """Rules from a robots.txt answer (status None = unreachable)."""
    if status is None:
        return RobotsRules("allow_all", "robots.txt unreachable; fetching the page decides")
    if 200 <= status < 300:
        text = (body or b"").decode("utf-8", errors="replace")
        return RobotsRules("parsed", f"robots.txt {status}", Protego.parse(text))
    if 400 <= status < 500:
        return RobotsRules("allow_all", f"robots.txt {status}: no rules")
    return RobotsRules("disallow_all", f"robots.txt answered {status}: site unavailable, treated as disallow")


def keeps(status: int | None) -> bool:
    """Whether an answer may be reused by later nights: rules (2xx) or their absence (4xx), not a failure."""
    return status is not None and 200 <= status < 500


class RobotsCache:
    """Rules per origin; pass one cache to several `fetch_all` calls of a night to fetch each once.

    `RobotsCache(answers)` starts from answers kept from earlier nights; `fetched()` hands over, once each,
    the answers this cache fetched itself that later nights may reuse."""

    def __init__(self, answers: Iterable[tuple[str, int, bytes | None]] = ()) -> None:
        self._rules: dict[str, RobotsRules] = {
            origin: rules_from_response(status, body) for origin, status, body in answers}
        self._fetched: dict[str, tuple[int, bytes | None, datetime]] = {}
        self._lock = threading.Lock()

    def get(self, origin: str) -> RobotsRules | None:
        """Cached rules for an origin, or None."""
        with self._lock:
            return self._rules.get(origin)

    def put(self, origin: str, rules: RobotsRules, status: int | None = None, body: bytes | None = None) -> None:
        """Remember an origin's rules; with the answer they came from when it was fetched (status None: no answer).
        Of a kept answer only a 2xx body is kept: a 4xx says there are no rules, whatever its page says."""
        with self._lock:
            self._rules[origin] = rules
            if keeps(status):
                self._fetched[origin] = (status, body if 200 <= status < 300 else None, datetime.now(timezone.utc))

    def fetched(self) -> list[tuple[str, int, bytes | None, datetime]]:
        """(origin, status, body, fetched_at) of the reusable answers this cache fetched and has not handed over
        yet: each is handed over once, so a night saves each once."""
        with self._lock:
            taken, self._fetched = self._fetched, {}
            return [(origin, *answer) for origin, answer in sorted(taken.items())]

    def __len__(self) -> int:
        with self._lock:
            return len(self._rules)

    # A night hands its cache to article tasks, which Dask ships to other processes: a lock does not pickle.
    def __getstate__(self) -> dict:
        with self._lock:
            return {"rules": dict(self._rules), "fetched": dict(self._fetched)}

    def __setstate__(self, state: dict) -> None:
        self._rules, self._fetched = state["rules"], state.get("fetched", {})
        self._lock = threading.Lock()
