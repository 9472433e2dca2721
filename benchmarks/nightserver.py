"""Loopback servers for a generated corpus (nightcorpus.py): every host on its own 127.0.0.x address.

Serving is lean on purpose: the measured night runs on the same cores. All hosts share one asyncio event loop in
one background thread; a connection is a Protocol that parses the request line and headers only, answers GET
and HEAD from pre-encoded bytes (HTTP/1.1 keep-alive, Content-Length always, `Connection: close` honoured,
no conditional GET: no ETag or Last-Modified is sent), and waits out `latency_ms` on the loop's timer.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nightcorpus import Corpus, host_address, origin  # noqa: E402


class _Handler(asyncio.Protocol):
    """One client connection: HTTP/1.1 keep-alive, GET and HEAD, requests answered strictly in order."""

    def __init__(self, server: _HostServer) -> None:
        self.server, self.buf = server, b""
        self.transport: asyncio.Transport | None = None
        self.pending: asyncio.TimerHandle | None = None  # a response waiting out its latency
        self.busy = self.paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.server.live.add(self)
        self.server.connections += 1

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.live.discard(self)
        if self.pending:
            self.pending.cancel()
        self.transport = None

    def pause_writing(self) -> None:
        self.paused = True  # a pipelining client that reads slowly: take no new request until it catches up

    def resume_writing(self) -> None:
        self.paused = False
        self._next()

    def data_received(self, data: bytes) -> None:
        self.buf += data
        self._next()

    def _next(self) -> None:
        """Parse the next complete request in the buffer, if any and if no response is under way."""
        if self.busy or self.paused or self.transport is None:
            return
        end, sep = self.buf.find(b"\r\n\r\n"), 4
        bare = self.buf.find(b"\n\n", 0, end if end >= 0 else None)  # http.server took bare LF lines too
        if bare >= 0:
            end, sep = bare, 2
        if end < 0:
            if len(self.buf) > _MAX_HEAD:
                self._reply(b"400 Bad Request", _PLAIN, b"request head too large\n", True, close=True)
            return
        lines = self.buf[:end].decode("latin-1").replace("\r\n", "\n").split("\n")
        parts = lines[0].split()
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        try:
            skip = int(headers.get("content-length", "0"))  # a GET's body is read and ignored
        except ValueError:
            skip = -1
        if len(parts) != 3 or not parts[2].startswith("HTTP/1.") or skip < 0:
            self._reply(b"400 Bad Request", _PLAIN, b"bad request\n", True, close=True)
            return
        if len(self.buf) < end + sep + skip:
            return  # the body has not all arrived yet
        self.buf = self.buf[end + sep + skip:]
        method, target, version = parts
        tokens = {t.strip() for t in headers.get("connection", "").split(",")}
        close = "close" in tokens or (version == "HTTP/1.0" and "keep-alive" not in tokens)
        if method not in ("GET", "HEAD"):
            self._reply(b"501 Not Implemented", _PLAIN, b"unsupported method\n", True, close=True)
            return
        self.busy = True
        found = self.server.files.get(target.split("?", 1)[0])
        body, ctype = found if found else (b"not found\n", _PLAIN)
        args = (b"200 OK" if found else b"404 Not Found", ctype, body, method == "GET", close)
        if self.server.latency_s:
            # Wait on the loop's clock, not a thread: other connections go on meanwhile.
            self.pending = asyncio.get_running_loop().call_later(self.server.latency_s, self._reply, *args)
        else:
            self._reply(*args)

    def _reply(self, status: bytes, ctype: bytes, body: bytes, with_body: bool, close: bool = False) -> None:
        self.pending = None
        if self.transport is None:
            return
        head = b"".join((b"HTTP/1.1 ", status, b"\r\nServer: nightcorpus\r\nDate: ", _http_date(),
                         b"\r\nContent-Type: ", ctype, b"\r\nContent-Length: ", str(len(body)).encode(),
                         b"\r\nConnection: close\r\n\r\n" if close else b"\r\n\r\n"))
        self.transport.write(head)
        if with_body:
            self.transport.write(body)
        self.server.hits += 1
        self.busy = False
        if close:
            self.transport.close()  # after the buffered response is flushed
            self.transport = None
        else:
            self._next()  # a pipelined request may be waiting


_PLAIN = b"text/plain; charset=utf-8"
_MAX_HEAD = 65536  # as http.server: a request line or header block beyond this is refused
_date_cache: list = [0, b""]


def _http_date() -> bytes:
    """The Date header's value, formatted once a second."""
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[:] = [now, formatdate(now, usegmt=True).encode()]
    return _date_cache[1]


class _HostServer:
    """One corpus host: its files (path -> (body, content type)), its latency, its listening socket."""

    def __init__(self, files: dict[str, tuple[bytes, bytes]], latency_s: float) -> None:
        self.files, self.latency_s = files, latency_s
        self.live: set[_Handler] = set()
        self.hits = self.connections = 0  # responses sent, connections accepted (on the loop's thread only)
        self.listener: asyncio.Server | None = None

    async def start(self, address: str) -> int:
        """Listen on address, an ephemeral port; returns the port."""
        self.listener = await asyncio.get_running_loop().create_server(
            lambda: _Handler(self), address, 0, backlog=256)  # the fetcher may open 100+ connections at once
        return self.listener.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and drop every open connection."""
        if self.listener:
            self.listener.close()
        for conn in list(self.live):
            if conn.transport:
                conn.transport.abort()


@contextmanager
def serve(corpus: Corpus, latency_ms: float = 0) -> Iterator[dict[str, str]]:
    """Serve every host on its own loopback address; yields {host name: base URL such as http://127.0.0.2:PORT}."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="nightcorpus-serve", daemon=True)
    thread.start()
    run = lambda coro: asyncio.run_coroutine_threadsafe(coro, loop).result()  # noqa: E731
    servers: list[_HostServer] = []
    try:
        bases: dict[str, str] = {}
        for k, host in enumerate(corpus.hosts):
            address = host_address(k)
            server = _HostServer({}, latency_ms / 1000)
            servers.append(server)
            base = f"http://{address}:{run(server.start(address))}"
            # Rewrite the virtual origin once, up front, so that a response costs a dict lookup.
            old, new = origin(host).encode(), base.encode()
            server.files = {p: (b.encode("utf-8").replace(old, new), c.encode())
                            for p, (b, c) in corpus.files(host).items()}
            bases[host] = base
        yield bases
    finally:
        async def stop_all() -> None:
            for server in servers:
                await server.stop()
            await asyncio.sleep(0)  # let the aborted transports run connection_lost

        run(stop_all())
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
