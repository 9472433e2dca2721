"""robots.txt rules per origin, cached across calls (one fetch per host per night).

What an answer means follows RFC 9309: 2xx -> the parsed rules; 4xx (no robots.txt) -> everything
allowed; 5xx -> everything disallowed (the site may be overloaded and its rules unknown). When
robots.txt cannot be reached at all (timeout, refused, blocked redirect) the page itself is tried:
its own fetch then records the honest outcome instead of a misleading robots_disallowed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB


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


class RobotsCache:
    """Rules per origin; pass one cache to several `fetch_all` calls of a night to fetch each once."""

    def __init__(self) -> None:
        self._rules: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()

    def get(self, origin: str) -> RobotsRules | None:
        """Cached rules for an origin, or None."""
        with self._lock:
            return self._rules.get(origin)

    def put(self, origin: str, rules: RobotsRules) -> None:
        """Remember an origin's rules."""
        with self._lock:
            self._rules[origin] = rules

    def __len__(self) -> int:
        with self._lock:
            return len(self._rules)

    # A night hands its cache to article tasks, which Dask ships to other processes: a lock does not pickle.
    def __getstate__(self) -> dict:
        with self._lock:
            return {"rules": dict(self._rules)}

    def __setstate__(self, state: dict) -> None:
        self._rules = state["rules"]
        self._lock = threading.Lock()
