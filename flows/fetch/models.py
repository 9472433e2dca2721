"""The records the fetch layer takes and gives: settings, requests, attempts, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

DEFAULT_USER_AGENT = "diplowatch/0.1 (+https://github.com/diplowatch/diplowatch)"


@dataclass(frozen=True)
class FetchSettings:
    """How to fetch; filled from the config's [fetch] section."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 20.0  # connect/read timeout (also DNS)
    total_timeout_s: float = 60.0  # cap on the total time of one response (slow-body servers)
    max_bytes: int = 5_000_000  # cap on the body AFTER decompression
    per_host_delay_s: float = 1.0  # minimum gap between requests to one host (from the end of the last)
    max_connections: int = 16  # hosts served at once (each host: one connection at a time)
    max_redirects: int = 5
    retries: int = 2  # in-call retries, transient failures only
    backoff_base_s: float = 0.5  # exponential backoff with jitter
    max_retry_after_s: float = 120.0  # a longer Retry-After ends the retries instead of stalling the night
    allowed_private_hosts: tuple[str, ...] = ()  # hosts / IPs / CIDRs exempt from the private-address block
    respect_robots: bool = True
    ca_bundle: str | None = None  # PEM file of CAs to trust instead of certifi's (private PKI, tests)


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with what we know from the last time."""

    url: str
    kind: str  # "feed" | "article" ("robots" is used internally)
    etag: str | None = None
    last_modified: str | None = None
    previous_hash: str | None = None  # content hash of the last body: an identical body -> "unchanged"


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt (or one refusal before sending): one `fetches` row."""

    url: str
    kind: str
    started_at: datetime
    status: int | None
    outcome: str
    error: str | None
    bytes: int  # body bytes after decompression
    elapsed_ms: float


@dataclass(frozen=True)
class FetchResult:
    """What fetching one request gave, after redirects and retries."""

    request: FetchRequest
    final_url: str | None
    status: int | None
    outcome: str  # see flows.fetch.outcomes
    error: str | None
    body: bytes | None  # decompressed and capped; None unless outcome == "ok"
    content_type: str | None
    charset: str | None  # from the Content-Type header
    etag: str | None
    last_modified: str | None
    content_hash: str | None  # sha256 hex of the body
    permanent_redirect: str | None  # final URL when every hop was 301/308 (and the fetch succeeded)
    attempts: tuple[Attempt, ...]

    @property
    def ok(self) -> bool:
        """True when a new body arrived (not for not_modified/unchanged, which have none)."""
        return self.outcome == "ok"
