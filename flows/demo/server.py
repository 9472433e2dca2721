"""The built-in demo: the team's corpus served from 127.0.0.1 so that the real fetch path runs.

Feeds and pages in corpus/ write their own absolute URLs as `{{BASE}}`; the server substitutes
`http://127.0.0.1:PORT` when serving, so the corpus works on whatever port the OS hands out.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from flows.config import Config, FeedConfig, FetchConfig
from flows.errors import RunError

DEMO_PORT = 8765
CORPUS = Path(str(resources.files("flows.demo") / "corpus"))
_TYPES = {".xml": "application/xml", ".html": "text/html; charset=utf-8"}
_ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def demo_feed_files() -> list[Path]:
    """The demo's feed files, sorted by name."""
    return sorted((CORPUS / "feeds").glob("*.xml"))


class _Handler(BaseHTTPRequestHandler):
    server_version = "diplowatch-demo"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/robots.txt":
            return self._send(200, "text/plain", _ROBOTS)
        target = (CORPUS / path.lstrip("/")).resolve()
        if CORPUS.resolve() not in target.parents or not target.is_file() or target.suffix not in _TYPES:
            return self._send(404, "text/plain", b"not found\n")
        body = target.read_bytes().replace(b"{{BASE}}", self.server.base.encode())  # type: ignore[attr-defined]
        self._send(200, _TYPES[target.suffix], body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(CORPUS.stat().st_mtime, usegmt=True))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # the demo server stays quiet
        pass


@contextmanager
def serve_demo(host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """Serve the corpus on host:port in a thread; yield its base URL.

    The port is fixed (DEMO_PORT, or DIPLOWATCH_DEMO_PORT) because article URLs contain it: the same
    demo article must have the same URL every night, or a second night would store it again.
    """
    port = int(os.environ.get("DIPLOWATCH_DEMO_PORT", DEMO_PORT)) if port is None else port
    try:
        server = ThreadingHTTPServer((host, port), _Handler)
    except OSError as exc:
        raise RunError(
            f"cannot serve the demo on {host}:{port} ({exc.strerror}); set DIPLOWATCH_DEMO_PORT to a free port"
        ) from exc
    server.daemon_threads = True
    server.base = f"http://{host}:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="diplowatch-demo", daemon=True)
    thread.start()
    try:
        yield server.base  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def demo_config(base: str, warehouse_path: str) -> Config:
    """A config that reads every demo feed from the demo server."""
    feeds = tuple(FeedConfig(name=p.stem, url=f"{base}/feeds/{p.name}", tags=("demo",)) for p in demo_feed_files())
    # The demo server lives on loopback, which the fetcher blocks unless allowed; no politeness delay
    # is needed against our own in-process server.
    fetch = FetchConfig(allowed_private_hosts=("127.0.0.1",), per_host_delay_s=0.0, timeout_s=10.0)
    return Config(feeds=feeds, warehouse_path=warehouse_path, fetch=fetch, source="<built-in demo>")
