"""Fetch-phase benchmark: N pages from 3 local hosts with a per-host delay, against the politeness bound.

    .venv/bin/python benchmarks/bench_fetch.py --pages 60 --delay 0.2 --runs 3

Hosts 127.0.0.1-3 get 1/2, 1/3 and 1/6 of the pages. The politeness bound is the busiest host's
request count (its pages plus robots.txt) minus one, times the delay: no polite fetcher can finish
sooner. Prints the median of the runs, the bound, the overhead above it and the peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from flows.fetch import FetchRequest, FetchSettings, RobotsCache, fetch_all  # noqa: E402

PAGE = (b"<!doctype html><html><head><title>bench</title></head><body>"
        + b"<p>Ministers met to discuss the border, trade and energy.</p>" * 800 + b"</body></html>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            body, ctype = PAGE, "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start(host: str) -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer((host, 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-connections", type=int, default=16)
    args = ap.parse_args()

    servers = [start(h) for h in ("127.0.0.1", "127.0.0.2", "127.0.0.3")]
    shares = [3, 2, 1]
    counts = [args.pages * s // sum(shares) for s in shares]
    counts[0] += args.pages - sum(counts)
    reqs = [FetchRequest(f"http://{srv.server_address[0]}:{srv.server_address[1]}/p{i}", "article")
            for srv, n in zip(servers, counts) for i in range(n)]
    settings = FetchSettings(per_host_delay_s=args.delay, allowed_private_hosts=("127.0.0.0/8",),
                             max_connections=args.max_connections)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        results = fetch_all(reqs, settings, RobotsCache())
        times.append(time.perf_counter() - t0)
        bad = [r.outcome for r in results if not r.ok]
        assert not bad, bad
    for s in servers:
        s.shutdown()
    bound = counts[0] * args.delay  # busiest host: its pages + robots.txt = counts[0] + 1 requests, counts[0] gaps
    median = statistics.median(times)
    serial = (args.pages + 3) * args.delay
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages={args.pages} per host={counts} delay={args.delay}s page={len(PAGE)} B runs={args.runs}")
    print(f"fetch time median {median:.2f}s (runs {', '.join(f'{t:.2f}' for t in times)})")
    print(f"politeness bound  {bound:.2f}s  -> overhead {median - bound:+.2f}s ({median / bound:.2f}x)")
    print(f"one-host-at-a-time {serial:.2f}s; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
