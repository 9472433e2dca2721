"""A small threaded HTTP server for fetch tests: binds any 127.x address on port 0 and records requests."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Seen:
    """One request as the server saw it."""

    at: float  # time.monotonic() on arrival
    path: str
    headers: dict[str, str]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    fn: Callable[[BaseHTTPRequestHandler], None] | None = None  # full control (slow bodies, sequences)


class LocalServer:
    """A real HTTP server on (host, random port); unknown paths answer 404."""

    def __init__(self, host: str = "127.0.0.1", tls: "ssl.SSLContext | None" = None) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                server.seen.append(Seen(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path, Route(404, b"not here"))
                if route.fn:
                    route.fn(self)
                    return
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.scheme = "https" if tls else "http"
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.host = host
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def route(self, path: str, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None,
              fn: Callable[[BaseHTTPRequestHandler], None] | None = None) -> str:
        """Register a response for a path; returns its URL."""
        self.routes[path] = Route(status, body, headers or {}, fn)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def sequence(*routes: Route) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler answering each call with the next route (the last one repeats)."""
    calls = {"n": 0}

    def handle(h: BaseHTTPRequestHandler) -> None:
        r = routes[min(calls["n"], len(routes) - 1)]
        calls["n"] += 1
        h.send_response(r.status)
        for k, v in r.headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(r.body)))
        h.end_headers()
        h.wfile.write(r.body)

    return handle
