"""Politeness and concurrency against real local servers: robots.txt, per-host delay, parallel hosts."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from flows.fetch import FetchRequest, FetchSettings, RobotsCache, fetch_all

sys.path.insert(0, str(Path(__file__).parent))
from fetch_support import LocalServer  # noqa: E402

ALLOW = ("127.0.0.0/8",)
PAGE = b"<html><body>hi</body></html>"


def settings(**kw) -> FetchSettings:
    base = dict(allowed_private_hosts=ALLOW, per_host_delay_s=0.0, timeout_s=5.0, total_timeout_s=5.0, retries=0)
    return FetchSettings(**(base | kw))


def test_robots_disallow_and_allow_fetched_once_per_host():
    with LocalServer() as s:
        s.route("/robots.txt", body=b"User-agent: diplowatch\nDisallow: /private\n\nUser-agent: *\nDisallow: /\n")
        urls = [s.route("/public", body=PAGE), s.route("/private/a", body=PAGE), s.route("/public2", body=PAGE)]
        cache = RobotsCache()
        results = fetch_all([FetchRequest(u, "feed") for u in urls], settings(), cache)
        assert [r.outcome for r in results] == ["ok", "robots_disallowed", "ok"]
        assert "/private/a" not in s.paths() and s.paths().count("/robots.txt") == 1
        assert [(a.kind, a.outcome) for a in results[0].attempts] == [("robots", "ok"), ("feed", "ok")]
        # A second call of the same night reuses the cache: robots.txt is not fetched again.
        again = fetch_all([FetchRequest(urls[1], "feed")], settings(), cache)
        assert again[0].outcome == "robots_disallowed" and s.paths().count("/robots.txt") == 1


def test_robots_missing_allows_and_robots_5xx_disallows():
    with LocalServer() as missing, LocalServer("127.0.0.3") as broken:
        a = missing.route("/feed", body=PAGE)  # /robots.txt answers 404
        broken.route("/robots.txt", 503)
        b = broken.route("/feed", body=PAGE)
        ra, rb = fetch_all([FetchRequest(a, "feed"), FetchRequest(b, "feed")], settings(retries=2, backoff_base_s=0.01))
        assert ra.outcome == "ok"
        assert rb.outcome == "robots_disallowed" and "/feed" not in broken.paths()
        assert broken.paths() == ["/robots.txt"]  # robots.txt is not retried


def test_respect_robots_false_skips_robots():
    with LocalServer() as s:
        s.route("/robots.txt", body=b"User-agent: *\nDisallow: /\n")
        [r] = fetch_all([FetchRequest(s.route("/x", body=PAGE), "feed")], settings(respect_robots=False))
        assert r.outcome == "ok" and s.paths() == ["/x"]


def test_per_host_delay_spaces_requests_at_the_server():
    delay = 0.3
    with LocalServer() as s:
        urls = [s.route(f"/p{i}", body=PAGE) for i in range(4)]
        fetch_all([FetchRequest(u, "feed") for u in urls], settings(per_host_delay_s=delay))
        times = [x.at for x in s.seen]
    assert len(times) == 5  # robots.txt + 4 pages, all paced
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= delay * 0.95, gaps


def test_robots_crawl_delay_slows_a_host_down():
    with LocalServer() as s:
        s.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 0.5\n")
        urls = [s.route(f"/p{i}", body=PAGE) for i in range(3)]
        fetch_all([FetchRequest(u, "feed") for u in urls], settings(per_host_delay_s=0.05))
        times = [x.at for x in s.seen if x.path != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.5 * 0.95, gaps


def test_different_hosts_run_in_parallel_and_total_time_follows_the_busiest_host():
    delay = 0.3
    with LocalServer("127.0.0.1") as one, LocalServer("127.0.0.3") as three:
        reqs = [FetchRequest(one.route(f"/a{i}", body=PAGE), "feed") for i in range(5)]
        reqs += [FetchRequest(three.route(f"/b{i}", body=PAGE), "feed") for i in range(3)]
        t0 = time.monotonic()
        results = fetch_all(reqs, settings(per_host_delay_s=delay, respect_robots=False))
        took = time.monotonic() - t0
    assert all(r.ok for r in results)
    bound = 4 * delay  # busiest host: 5 requests, 4 gaps
    serial = 7 * delay
    assert bound <= took < (bound + serial) / 2, took
    # the two hosts overlapped in time
    assert three.seen[0].at < one.seen[-1].at


def test_max_connections_bounds_exchanges_but_not_hosts_waiting_their_turn():
    import threading

    delay, slow = 0.3, 0.1
    lock, state = threading.Lock(), {"now": 0, "most": 0}

    def slow_page(h) -> None:  # counts exchanges in flight across both servers
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(slow)
        h.send_response(200)
        h.send_header("Content-Length", str(len(PAGE)))
        h.end_headers()
        h.wfile.write(PAGE)
        with lock:
            state["now"] -= 1

    with LocalServer("127.0.0.1") as one, LocalServer("127.0.0.3") as three:
        reqs = [FetchRequest(one.route(f"/a{i}", fn=slow_page), "feed") for i in range(2)]
        reqs += [FetchRequest(three.route(f"/b{i}", fn=slow_page), "feed") for i in range(2)]
        results = fetch_all(reqs, settings(per_host_delay_s=delay, respect_robots=False, max_connections=1))
        assert all(r.ok for r in results)
        assert state["most"] == 1  # one slot: never two exchanges at once
        # A host waiting out its delay holds no slot: the other host's first request goes in meanwhile.
        first, second = sorted([one.seen, three.seen], key=lambda seen: seen[0].at)
        assert second[0].at < first[-1].at


def test_a_shared_pacer_keeps_the_delay_across_parallel_calls():
    import threading

    from flows.fetch import HostPacer

    delay = 0.3
    with LocalServer() as s:
        urls = [s.route(f"/p{i}", body=PAGE) for i in range(4)]
        pacer = HostPacer(delay)
        cfg = settings(per_host_delay_s=delay, respect_robots=False)
        threads = [threading.Thread(target=fetch_all, args=([FetchRequest(u, "feed") for u in urls[i::2]], cfg),
                                    kwargs={"pacer": pacer}) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times = sorted(x.at for x in s.seen)
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= delay * 0.95, gaps
