"""The fetch engine: one asyncio worker per host, redirects followed by hand, every hop checked.

Memory bound: at most `max_connections` exchanges run at once (a host waiting out its delay holds no
slot), each host with one response in flight,
and a body is cut at `max_bytes` after decompression (inflated in bounded steps, see body.py), so
bodies in flight never exceed max_connections * (max_bytes + one 64 KiB network chunk). Bodies that
come back (outcome "ok") are kept in the returned results: a caller holds at most
len(requests) * max_bytes, which is why the flow fetches articles in batches.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
import yarl

from flows.fetch.body import GZIP_MAGIC, HTML_TYPES, gunzip_capped, parse_content_type, read_capped
from flows.fetch.errors import FetchError, RefusedError
from flows.fetch.guard import AllowList, check_addresses, scheme_allowed
from flows.fetch.models import Attempt, FetchRequest, FetchResult, FetchSettings
from flows.fetch.outcomes import http_outcome
from flows.fetch.politeness import HostPacer, backoff_delay, parse_retry_after
from flows.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsRules, origin_of, robots_url, rules_from_response

_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "article": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
    "robots": "text/plain, */*;q=0.5",
}


_HOSTNAME = re.compile(r"(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?",
                       re.I)


@dataclass
class _Response:
    """What one attempt gave; `retryable` marks transient failures worth another try in this call."""

    url: str
    outcome: str
    status: int | None = None
    error: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # the response's (case-insensitive) headers
    body: bytes | None = None
    location: str | None = None
    retryable: bool = False


@dataclass(frozen=True)
class _Target:
    """Where a checked URL's request goes: the host name for Host/SNI and the IP we verified."""

    host: str
    ip: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _valid_hostname(host: str) -> bool:
    """True for a name DNS could hold (IDNA-encodable, letters/digits/hyphens/dots): junk never reaches a resolver."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(_HOSTNAME.fullmatch(ascii_host))


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@functools.lru_cache(maxsize=8)
def _ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    """One TLS context per CA bundle per process: building one loads every CA certificate (~10 ms of CPU)."""
    return ssl.create_default_context(cafile=ca_bundle)


class Fetcher:
    """One `fetch_all` call's state: pacing, robots rules, the allow-list, the connection slots."""

    def __init__(self, settings: FetchSettings, robots: RobotsCache, pacer: HostPacer | None = None,
                 clients: dict[str, aiohttp.ClientSession] | None = None) -> None:
        self.s = settings
        # Per-host clients owned by a FetchSession (kept open across calls), else made and closed per call.
        self._shared_clients = clients
        self.allow = AllowList.parse(settings.allowed_private_hosts)
        self.pacer = pacer if pacer is not None else HostPacer(settings.per_host_delay_s)
        self.robots = robots
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._slots = asyncio.Semaphore(max(1, settings.max_connections))
        # Certificates are checked against the URL's host name (sent as SNI), not the pinned IP.
        self._verify = _ssl_context(settings.ca_bundle)

    async def run(self, requests: list[FetchRequest]) -> list[FetchResult]:
        """Fetch all requests; different hosts in parallel, each host in turn; results in input order."""
        results: list[FetchResult | None] = [None] * len(requests)
        by_host: dict[str, list[int]] = {}
        for i, req in enumerate(requests):
            by_host.setdefault(_host_of(req.url) if scheme_allowed(req.url) else "", []).append(i)
        # Busiest hosts start first: the night cannot end before their queue does.
        order = sorted(by_host.items(), key=lambda kv: -len(kv[1]))
        await asyncio.gather(*(self._host_worker(idx, requests, results) for _, idx in order))
        missing = [i for i, r in enumerate(results) if r is None]
        assert not missing, f"no result for requests {missing}"  # _guarded turns every failure into a result
        return results  # type: ignore[return-value]

    async def _host_worker(self, idx: list[int], requests: list[FetchRequest], results: list) -> None:
        if self._shared_clients is not None:
            for i in idx:
                results[i] = await self._guarded(requests[i], self._shared_clients)
            return
        clients: dict[str, aiohttp.ClientSession] = {}
        try:
            for i in idx:
                results[i] = await self._guarded(requests[i], clients)
        finally:
            for client in clients.values():
                await client.close()

    async def _guarded(self, req: FetchRequest, clients: dict[str, aiohttp.ClientSession]) -> FetchResult:
        # One broken URL must never take the others down: anything unexpected becomes an outcome.
        try:
            return await self.fetch_chain(req, clients, check_robots=self.s.respect_robots)
        except Exception as exc:  # noqa: BLE001 - recorded, not swallowed
            att = Attempt(req.url, req.kind, _now(), None, "internal_error", f"{type(exc).__name__}: {exc}", 0, 0.0)
            return _result(req, att.outcome, att.error, (att,))

    async def fetch_chain(
        self, req: FetchRequest, clients: dict[str, aiohttp.ClientSession], *, check_robots: bool,
        max_bytes: int | None = None, retries: int | None = None,
    ) -> FetchResult:
        """Fetch one request, following up to max_redirects hops, checking scheme/address/robots at each."""
        attempts: list[Attempt] = []
        url, visited, hops, permanent = urldefrag(req.url.strip()).url, set(), 0, True
        while True:
            visited.add(url)
            try:
                if not scheme_allowed(url):
                    raise RefusedError("bad_scheme", f"only http(s) URLs are fetched: {url[:200]!r}")
                target = await self._check_target(url)
                if check_robots:
                    rules = await self._robots_for(url, clients, attempts)
                    if not rules.allows(url, self.s.user_agent):
                        raise RefusedError("robots_disallowed", f"robots.txt disallows {url} ({rules.reason})")
            except RefusedError as exc:
                attempts.append(Attempt(url, req.kind, _now(), None, exc.outcome, exc.message, 0, 0.0))
                return _result(req, exc.outcome, exc.message, tuple(attempts), final_url=url)
            resp = await self._with_retries(req, url, target, clients, attempts, max_bytes or self.s.max_bytes,
                                           self.s.retries if retries is None else retries)
            if resp.outcome != "redirect":
                return self._finish(req, resp, attempts, permanent and hops > 0)
            hops += 1
            permanent = permanent and resp.status in (301, 308)
            try:
                nxt = urldefrag(urljoin(url, (resp.location or "").strip())).url
            except ValueError:
                nxt = ""
            label = None
            if not nxt:
                label, why = "bad_url", f"unusable redirect Location {resp.location!r}"
            elif nxt in visited:
                label, why = "redirect_loop", f"redirect from {url} back to {nxt}"
            elif hops > self.s.max_redirects:
                label, why = "too_many_redirects", f"more than {self.s.max_redirects} redirects"
            if label:
                attempts[-1] = replace(attempts[-1], outcome=label, error=why)
                return _result(req, label, why, tuple(attempts), final_url=url, status=resp.status)
            url = nxt

    def _finish(self, req: FetchRequest, resp: _Response, attempts: list[Attempt], moved: bool) -> FetchResult:
        _, charset = parse_content_type(resp.headers.get("content-type"))
        body, outcome, digest = resp.body, resp.outcome, None
        if outcome == "ok" and body is not None:
            digest = hashlib.sha256(body).hexdigest()
            if req.previous_hash and digest == req.previous_hash:
                outcome, body = "unchanged", None
                attempts[-1] = replace(attempts[-1], outcome=outcome)
        success = outcome in ("ok", "not_modified", "unchanged")
        return FetchResult(
            request=req, final_url=resp.url, status=resp.status, outcome=outcome, error=resp.error,
            body=body if outcome == "ok" else None, content_type=resp.headers.get("content-type"),
            charset=charset, etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            content_hash=digest, permanent_redirect=resp.url if (moved and success) else None,
            attempts=tuple(attempts),
        )

    async def _check_target(self, url: str) -> _Target:
        """Resolve the host and refuse private/loopback/metadata addresses (unless allow-listed)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError as exc:
            raise RefusedError("bad_url", f"bad port in {url!r}") from exc
        try:
            ips = [ipaddress.ip_address(host)]
        except ValueError:
            if not _valid_hostname(host):
                raise RefusedError("bad_url", f"not a valid host name: {host[:100]!r}") from None
            ips = await self._resolve(host, port)
        reason = check_addresses(host, ips, self.allow)
        if reason:
            raise RefusedError("blocked_address", reason)
        return _Target(host, str(ips[0]))

    async def _resolve(self, host: str, port: int) -> list:
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=self.s.timeout_s)
        except (socket.gaierror, UnicodeError) as exc:
            raise RefusedError("dns_error", f"cannot resolve {host}: {exc}") from exc
        except TimeoutError as exc:
            raise RefusedError("dns_error", f"resolving {host} timed out") from exc
        ips = []
        for info in infos:
            ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if ip not in ips:
                ips.append(ip)
        return ips

    async def _robots_for(self, url: str, clients: dict[str, aiohttp.ClientSession], attempts: list[Attempt]) -> RobotsRules:
        """The origin's robots rules, fetched at most once per cache (its attempts join this request's).

        robots.txt is not retried: the page's own fetch retries, and a failing origin costs one request.
        """
        origin = origin_of(url)
        rules = self.robots.get(origin)
        if rules is None:
            async with self._robots_locks.setdefault(origin, asyncio.Lock()):
                rules = self.robots.get(origin)
                if rules is None:
                    res = await self.fetch_chain(FetchRequest(robots_url(url), "robots"), clients,
                                                 check_robots=False, max_bytes=MAX_ROBOTS_BYTES, retries=0)
                    attempts.extend(res.attempts)
                    reached = res.outcome == "ok" or res.outcome.startswith("http_")
                    status = res.status if reached else None
                    rules = rules_from_response(status, res.body)
                    self.robots.put(origin, rules, status, res.body)
        delay = rules.crawl_delay(self.s.user_agent)
        if delay:
            self.pacer.set_delay(_host_of(url), delay)
        return rules

    async def _with_retries(self, req: FetchRequest, url: str, target: _Target, clients: dict[str, aiohttp.ClientSession],
                            attempts: list[Attempt], max_bytes: int, retries: int) -> _Response:
        """Send one hop's request, retrying transient failures with backoff (Retry-After wins, capped)."""
        for n in range(retries + 1):
            await self.pacer.turn(target.host)
            # A connection slot is taken for the exchange only: a host waiting out its delay holds none,
            # so max_connections limits connections, not how many hosts make progress.
            async with self._slots:
                started, t0 = _now(), time.perf_counter()
                resp = await self._attempt(req, url, target, clients, max_bytes)
            self.pacer.finished(target.host)
            attempts.append(Attempt(url, req.kind, started, resp.status, resp.outcome, resp.error,
                                    len(resp.body or b""), round((time.perf_counter() - t0) * 1000, 2)))
            if not resp.retryable or n == retries:
                return resp
            wait = backoff_delay(n, self.s.backoff_base_s)
            if resp.status in (429, 503):
                asked = parse_retry_after(resp.headers.get("retry-after"))
                if asked is not None and asked > self.s.max_retry_after_s:
                    return resp  # the server wants a long rest: give it, a later night tries again
                if asked is not None:
                    wait = asked
            self.pacer.hold_off(target.host, wait)
        return resp

    def _client(self, clients: dict[str, aiohttp.ClientSession], host: str) -> aiohttp.ClientSession:
        # One client per host name, one connection each: pooled TLS connections are never reused under another
        # name's SNI. Bodies come raw (decompressed by body.py under the size cap); no cookies kept.
        if host not in clients:
            clients[host] = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=1, ssl=self._verify),
                timeout=aiohttp.ClientTimeout(total=None, connect=self.s.timeout_s, sock_read=self.s.timeout_s),
                auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(), trust_env=False,
            )
        return clients[host]

    async def _attempt(self, req: FetchRequest, url: str, target: _Target, clients: dict[str, aiohttp.ClientSession],
                       max_bytes: int) -> _Response:
        """One HTTP exchange to the checked IP, under the total-time cap."""
        try:
            parsed = yarl.URL(url)
            pinned = parsed.with_host(target.ip)
        except (ValueError, TypeError) as exc:
            return _Response(url, "bad_url", error=f"invalid URL: {exc}")
        host = parsed.raw_host or target.host
        netloc = host if parsed.explicit_port is None or parsed.is_default_port() else f"{host}:{parsed.port}"
        headers = {
            "User-Agent": self.s.user_agent, "Accept": _ACCEPT.get(req.kind, "*/*"),
            "Accept-Encoding": "gzip, deflate", "Host": netloc,
        }
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        tls = {"server_hostname": target.host} if parsed.scheme == "https" else {}
        client = self._client(clients, target.host)
        try:
            async with asyncio.timeout(self.s.total_timeout_s):
                async with client.get(pinned, headers=headers, allow_redirects=False, **tls) as r:
                    return await self._read(req, url, r, max_bytes)
        except aiohttp.ConnectionTimeoutError as exc:
            return _Response(url, "timeout", error=f"connect timeout: {exc}", retryable=True)
        except aiohttp.ServerTimeoutError as exc:
            return _Response(url, "timeout", error=f"{type(exc).__name__}: {exc}")
        except TimeoutError:
            return _Response(url, "timeout", error=f"response took longer than {self.s.total_timeout_s}s")
        except aiohttp.ClientConnectorError as exc:
            return _Response(url, "connect_error", error=str(exc) or "connection failed", retryable=True)
        except aiohttp.InvalidURL as exc:
            return _Response(url, "bad_url", error=f"invalid URL: {exc}")
        except aiohttp.ClientError as exc:  # disconnects, malformed responses, broken chunked bodies
            return _Response(url, "read_error", error=f"{type(exc).__name__}: {exc}", retryable=True)
        except FetchError as exc:
            return _Response(url, exc.outcome, error=exc.message)

    async def _read(self, req: FetchRequest, url: str, r: aiohttp.ClientResponse, max_bytes: int) -> _Response:
        status, h = r.status, r.headers
        if status == 304:
            return _Response(url, "not_modified", status, headers=h)
        if 300 <= status < 400 and h.get("location"):
            return _Response(url, "redirect", status, headers=h, location=h["location"])
        if not 200 <= status < 300:
            retry = status >= 500 or status == 429
            return _Response(url, http_outcome(status), status, f"HTTP {status} {r.reason or ''}".rstrip(), h,
                             retryable=retry)
        mime, _ = parse_content_type(h.get("content-type"))
        if req.kind == "article" and mime is not None and mime not in HTML_TYPES:
            return _Response(url, "bad_content_type", status, f"article is {mime}, not HTML", h)
        body = await read_capped(r.content.iter_any(), h.get("content-encoding"), max_bytes)
        if body.startswith(GZIP_MAGIC) and not h.get("content-encoding"):
            body = gunzip_capped(body, max_bytes)  # compressed bytes sent raw by a misconfigured server
        if req.kind == "article" and mime is None and b"<html" not in body[:2048].lower():
            return _Response(url, "bad_content_type", status, "article has no Content-Type and is not HTML", h)
        return _Response(url, "ok", status, headers=h, body=body)


def _result(req: FetchRequest, outcome: str, error: str | None, attempts: tuple[Attempt, ...], *,
            final_url: str | None = None, status: int | None = None) -> FetchResult:
    """A failed result (no body)."""
    return FetchResult(req, final_url, status, outcome, error, None, None, None, None, None, None, None, attempts)
