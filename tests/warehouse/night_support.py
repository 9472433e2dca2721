"""Real nights in a subprocess against local servers: the demo corpus, one loopback host per feed, slow pages.

Each feed is served from its own 127.0.0.N address, so a night loads its articles in several batches
(a batch keeps one host's articles together). Feeds carry an ETag and answer 304 to a matching
If-None-Match, as real publishers do. Requests are recorded so a test can kill a night at a known point.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flows.demo.server import CORPUS, demo_feed_files

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable


class Site:
    """Feeds and pages of the demo corpus on several loopback hosts, with a per-page delay."""

    def __init__(self, page_delay_s: float = 0.0) -> None:
        self.page_delay_s = page_delay_s
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.servers: list[ThreadingHTTPServer] = []
        self.feeds: list[tuple[str, str]] = []  # (name, url)

    def __enter__(self) -> "Site":
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?", 1)[0]
                with site.lock:
                    site.requests.append(path)
                if path == "/robots.txt":
                    return self._send(200, "text/plain", b"User-agent: *\nAllow: /\n")
                target = (CORPUS / path.lstrip("/")).resolve()
                if CORPUS.resolve() not in target.parents or not target.is_file():
                    return self._send(404, "text/plain", b"not found\n")
                body = target.read_bytes().replace(b"{{BASE}}", self.server.base.encode())  # type: ignore[attr-defined]
                if target.suffix == ".xml":
                    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, "application/xml", b"", etag)
                    return self._send(200, "application/xml", body, etag)
                time.sleep(site.page_delay_s)
                self._send(200, "text/html; charset=utf-8", body)

            def _send(self, status: int, ctype: str, body: bytes, etag: str | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        for n, feed in enumerate(demo_feed_files(), start=2):
            server = ThreadingHTTPServer((f"127.0.0.{n}", 0), Handler)
            server.daemon_threads = True
            server.base = f"http://127.0.0.{n}:{server.server_address[1]}"  # type: ignore[attr-defined]
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
            self.feeds.append((feed.stem, f"{server.base}/feeds/{feed.name}"))  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def count(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for p in self.requests if p.startswith(prefix))

    def config(self, folder: Path, db: str) -> str:
        """Write a config TOML for these feeds and return its path."""
        lines = [f'[warehouse]\npath = "{db}"\n', '[fetch]\nallowed_private_hosts = ["127.0.0.0/8"]',
                 "per_host_delay_s = 0\ntimeout_s = 20\n", "[run]\nbatch_size = 8\n"]
        for name, url in self.feeds:
            lines.append(f'[[feeds]]\nname = "{name}"\nurl = "{url}"\n')
        path = folder / "night.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        return str(path)


def night_env(prefect_home: Path, **extra: str) -> dict[str, str]:
    """Environment of a night subprocess: its own Prefect home, no telemetry, quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPLOWATCH_", "PREFECT_"))}
    env.update(PREFECT_HOME=str(prefect_home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1",
               PREFECT_LOGGING_LEVEL="INFO")
    env.update(extra)
    return env


def start_night(config: str, db: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `diplowatch run` in its own process group (its temporary Prefect server dies with it)."""
    out = open(log, "ab")  # noqa: SIM115 - closed with the process by the caller's wait
    return subprocess.Popen(
        [PYTHON, "-m", "flows.cli", "run", "--config", config, "--db", db],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )


def kill_night(proc: subprocess.Popen) -> None:
    """SIGKILL the night and everything it started (its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def wait_until(predicate, timeout_s: float, what: str, proc: subprocess.Popen | None = None) -> None:
    """Poll predicate until true; fail with `what` on timeout or when proc exits first."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the night exited (rc {proc.returncode}) before: {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        time.sleep(0.02)


def detection_mismatches(db: str) -> list[str]:
    """Articles whose stored mentions differ from a fresh detection over their stored text (should be none)."""
    import duckdb

    from flows.work import detection_rows

    with duckdb.connect(db, read_only=True) as con:
        arts = con.execute("select article_id, text, published_at from articles").fetchall()
        stored = {
            kind: {r[0]: sorted(r[1]) for r in con.execute(
                f"select article_id, list(mention_id) from {kind} group by article_id").fetchall()}
            for kind in ("call_mentions", "redline_mentions")
        }
    bad = []
    for article_id, text, published in arts:
        calls, reds = detection_rows(article_id, text, published)
        if sorted(c["mention_id"] for c in calls) != stored["call_mentions"].get(article_id, []) or \
                sorted(r["mention_id"] for r in reds) != stored["redline_mentions"].get(article_id, []):
            bad.append(article_id)
    return bad
