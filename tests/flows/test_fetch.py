"""The fetch layer against real local servers: conditional GET, faults, hostile bodies, redirects."""

from __future__ import annotations

import gzip
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from flows.fetch import FetchRequest, FetchSettings, fetch_all, outcome_class

sys.path.insert(0, str(Path(__file__).parent))
from fetch_support import LocalServer, Route, sequence  # noqa: E402

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
HTML = b"<!doctype html><html><head><title>x</title></head><body><p>Hello.</p></body></html>"


def settings(**kw) -> FetchSettings:
    base = dict(allowed_private_hosts=("127.0.0.1",), per_host_delay_s=0.0, timeout_s=5.0, total_timeout_s=5.0,
                retries=2, backoff_base_s=0.05, respect_robots=False)
    return FetchSettings(**(base | kw))


@pytest.fixture
def srv():
    with LocalServer("127.0.0.1") as s:
        yield s


def test_ok_feed_carries_validators_hash_and_user_agent(srv):
    url = srv.route("/feed", body=FEED, headers={"Content-Type": "application/rss+xml; charset=ISO-8859-1",
                                                  "ETag": '"v1"', "Last-Modified": "Sat, 28 Nov 2026 10:00:00 GMT"})
    [r] = fetch_all([FetchRequest(url, "feed")], settings())
    assert (r.ok, r.outcome, r.status, r.body) == (True, "ok", 200, FEED)
    assert (r.etag, r.last_modified, r.charset) == ('"v1"', "Sat, 28 Nov 2026 10:00:00 GMT", "iso-8859-1")
    assert r.content_hash and len(r.content_hash) == 64
    assert [a.outcome for a in r.attempts] == ["ok"] and r.attempts[0].bytes == len(FEED)
    assert srv.seen[0].headers["user-agent"].startswith("diplowatch/")
    assert srv.seen[0].headers["host"] == f"127.0.0.1:{srv.port}"


def test_304_sends_validators_and_gives_no_body(httpserver):
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Sat, 28 Nov 2026 10:00:00 GMT"}
                              ).respond_with_data("", status=304)
    req = FetchRequest(httpserver.url_for("/feed"), "feed", etag='"v1"', last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    [r] = fetch_all([req], settings())
    assert (r.outcome, r.status, r.body, r.ok) == ("not_modified", 304, None, False)
    assert outcome_class(r.outcome) == "ok"


def test_same_body_is_unchanged_by_hash(srv):
    url = srv.route("/feed", body=FEED)
    [first] = fetch_all([FetchRequest(url, "feed")], settings())
    [second] = fetch_all([FetchRequest(url, "feed", previous_hash=first.content_hash)], settings())
    assert second.outcome == "unchanged" and second.body is None and second.content_hash == first.content_hash
    srv.route("/feed", body=FEED + b" ")
    [third] = fetch_all([FetchRequest(url, "feed", previous_hash=first.content_hash)], settings())
    assert third.outcome == "ok" and third.body == FEED + b" "


def test_gzip_bomb_stops_at_the_cap_with_bounded_memory(srv):
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing, built in pieces: the test never holds 200 MB
    bomb = b"".join(z.compress(b"\0" * 1_000_000) for _ in range(200)) + z.flush()  # ~200 KB -> 200 MB
    url = srv.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/xml"})
    tracemalloc.start()
    try:
        [r] = fetch_all([FetchRequest(url, "feed")], settings(max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.outcome == "too_large" and r.body is None
    assert outcome_class("too_large") == "permanent"
    assert peak < 20_000_000, peak  # the cap (1 MB) plus a few chunks, never the 200 MB


def test_gzip_body_is_inflated_and_a_raw_gzip_body_too(srv):
    gz = gzip.compress(FEED)
    a = srv.route("/a", body=gz, headers={"Content-Encoding": "gzip"})
    b = srv.route("/b", body=gz)  # misconfigured: compressed bytes without Content-Encoding
    ra, rb = fetch_all([FetchRequest(a, "feed"), FetchRequest(b, "feed")], settings())
    assert ra.body == FEED and rb.body == FEED


def test_endless_slow_body_hits_the_total_time_cap(srv):
    def drip(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.end_headers()
        try:
            for _ in range(100):  # bounded: the server stops by itself
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    url = srv.route("/slow", fn=drip)
    t0 = time.monotonic()
    [r] = fetch_all([FetchRequest(url, "feed")], settings(total_timeout_s=1.0))
    took = time.monotonic() - t0
    assert r.outcome == "timeout" and len(r.attempts) == 1  # a dripping server is not asked again
    assert 1.0 <= took < 3.0


def test_redirect_loop_and_too_many_redirects(srv):
    srv.route("/a", 302, headers={"Location": "/b"})
    srv.route("/b", 302, headers={"Location": srv.url("/a")})
    for i in range(10):
        srv.route(f"/r{i}", 302, headers={"Location": f"/r{i + 1}"})
    loop, many = fetch_all([FetchRequest(srv.url("/a"), "feed"), FetchRequest(srv.url("/r0"), "feed")],
                           settings(max_redirects=3))
    assert loop.outcome == "redirect_loop" and [a.outcome for a in loop.attempts] == ["redirect", "redirect_loop"]
    assert many.outcome == "too_many_redirects" and len(many.attempts) == 4
    assert "/r5" not in srv.paths()


def test_permanent_redirect_records_the_new_url_only_when_every_hop_is_301_or_308(srv):
    srv.route("/old", 301, headers={"Location": "/mid"})
    srv.route("/mid", 308, headers={"Location": "/new"})
    srv.route("/temp", 302, headers={"Location": "/new"})
    new = srv.route("/new", body=FEED)
    moved, temp = fetch_all([FetchRequest(srv.url("/old"), "feed"), FetchRequest(srv.url("/temp"), "feed")], settings())
    assert (moved.outcome, moved.final_url, moved.permanent_redirect) == ("ok", new, new)
    assert (temp.outcome, temp.final_url, temp.permanent_redirect) == ("ok", new, None)


def test_429_with_retry_after_is_honoured(srv):
    url = srv.route("/feed", fn=sequence(Route(429, b"slow down", {"Retry-After": "1"}), Route(200, FEED)))
    [r] = fetch_all([FetchRequest(url, "feed")], settings())
    assert r.outcome == "ok" and [a.outcome for a in r.attempts] == ["http_429", "ok"]
    gap = srv.seen[1].at - srv.seen[0].at
    assert gap >= 0.95, gap


def test_retry_after_beyond_the_cap_ends_the_retries(srv):
    url = srv.route("/feed", fn=sequence(Route(503, b"", {"Retry-After": "3600"}), Route(200, FEED)))
    [r] = fetch_all([FetchRequest(url, "feed")], settings(max_retry_after_s=5))
    assert r.outcome == "http_503" and len(srv.seen) == 1


def test_503_then_200_is_retried(srv):
    url = srv.route("/feed", fn=sequence(Route(503), Route(200, FEED)))
    [r] = fetch_all([FetchRequest(url, "feed")], settings())
    assert r.outcome == "ok" and [a.status for a in r.attempts] == [503, 200]


def test_persistent_5xx_stops_after_the_retries(srv):
    url = srv.route("/feed", 500)
    [r] = fetch_all([FetchRequest(url, "feed")], settings(retries=2))
    assert r.outcome == "http_500" and len(srv.seen) == 3 and outcome_class(r.outcome) == "transient"


@pytest.mark.parametrize("status", [404, 410, 403])
def test_permanent_4xx_is_not_retried(srv, status):
    url = srv.route("/feed", status)
    [r] = fetch_all([FetchRequest(url, "feed")], settings())
    assert r.outcome == f"http_{status}" and len(srv.seen) == 1 and outcome_class(r.outcome) == "permanent"


def test_connection_refused_is_a_connect_error_after_retries():
    with LocalServer("127.0.0.1") as s:
        url = s.url("/gone")
    [r] = fetch_all([FetchRequest(url, "feed")], settings(retries=1))
    assert r.outcome == "connect_error" and len(r.attempts) == 2


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/x", "mailto:a@b.c"])
def test_non_http_schemes_are_refused_without_a_request(url):
    [r] = fetch_all([FetchRequest(url, "article")], settings())
    assert r.outcome == "bad_scheme" and r.attempts[0].status is None and r.body is None


def test_redirect_to_a_loopback_address_outside_the_allow_list_is_never_sent():
    with LocalServer("127.0.0.1") as front, LocalServer("127.0.0.2") as inner:
        inner.route("/secret", body=b"metadata")
        front.route("/go", 302, headers={"Location": inner.url("/secret")})
        redirected, direct = fetch_all([FetchRequest(front.url("/go"), "article"),
                                        FetchRequest(inner.url("/secret"), "article")], settings(respect_robots=True))
    assert redirected.outcome == "blocked_address" and "127.0.0.2" in redirected.error
    assert direct.outcome == "blocked_address"
    assert inner.seen == []  # not even robots.txt
    assert [a.outcome for a in redirected.attempts][-2:] == ["redirect", "blocked_address"]


def test_allow_list_accepts_matching_cidrs_only():
    with LocalServer("127.0.0.2") as inner:
        url = inner.route("/page", body=HTML, headers={"Content-Type": "text/html"})
        [inside] = fetch_all([FetchRequest(url, "article")], settings(allowed_private_hosts=("127.0.0.0/30",)))
        [outside] = fetch_all([FetchRequest(url, "article")], settings(allowed_private_hosts=("10.0.0.0/8",)))
    assert inside.outcome == "ok"
    assert outside.outcome == "blocked_address"
    assert len(inner.seen) == 1


def test_host_header_keeps_the_name_while_connecting_to_the_checked_ip(srv):
    srv.route("/feed", body=FEED)
    url = f"http://localhost:{srv.port}/feed"
    [r] = fetch_all([FetchRequest(url, "feed")], settings(allowed_private_hosts=("localhost",)))
    if r.outcome == "connect_error":
        pytest.skip("localhost resolves to ::1 first here and the server listens on IPv4 only")
    assert r.outcome == "ok" and srv.seen[-1].headers["host"] == f"localhost:{srv.port}"


def test_articles_must_be_html(srv):
    pdf = srv.route("/doc.pdf", body=b"%PDF-1.7 " * 1000, headers={"Content-Type": "application/pdf"})
    page = srv.route("/page", body=HTML, headers={"Content-Type": "text/html; charset=utf-8"})
    xhtml = srv.route("/x", body=HTML, headers={"Content-Type": "application/xhtml+xml"})
    feed_as_feed = srv.route("/feed", body=FEED, headers={"Content-Type": "text/plain"})
    r = fetch_all([FetchRequest(pdf, "article"), FetchRequest(page, "article"), FetchRequest(xhtml, "article"),
                   FetchRequest(feed_as_feed, "feed")], settings())
    assert [x.outcome for x in r] == ["bad_content_type", "ok", "ok", "ok"]
    assert r[0].body is None and r[0].attempts[0].bytes == 0


def test_one_failing_url_does_not_affect_the_others_and_order_is_kept(srv):
    good = [srv.route(f"/ok{i}", body=FEED + str(i).encode()) for i in range(3)]
    bad = [srv.route("/missing", 404), "file:///x", "http://10.1.2.3/", srv.route("/boom", 500)]
    mixed = [good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3]]
    results = fetch_all([FetchRequest(u, "feed") for u in mixed], settings(retries=0))
    assert [r.request.url for r in results] == mixed
    assert [r.outcome for r in results] == ["ok", "http_404", "ok", "bad_scheme", "blocked_address", "ok", "http_500"]
    assert [r.body for r in results if r.ok] == [FEED + b"0", FEED + b"1", FEED + b"2"]


def test_articles_without_a_content_type_are_sniffed(srv):
    def bare(body):
        def handle(h):
            h.send_response(200)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        return handle

    html, binary = srv.route("/h", fn=bare(HTML)), srv.route("/b", fn=bare(b"\x00\x01binary" * 50))
    r = fetch_all([FetchRequest(html, "article"), FetchRequest(binary, "article")], settings())
    assert [x.outcome for x in r] == ["ok", "bad_content_type"]


def test_unfetchable_urls_get_an_outcome_not_an_exception(srv):
    urls = ["http://exa mple/", "http://bad_ho$t/", "http://127.0.0.1:99999/x", "https://", "http://[::1/"]  # no DNS query
    results = fetch_all([FetchRequest(u, "feed") for u in urls], settings())
    assert [r.outcome for r in results] == ["bad_url", "bad_url", "bad_url", "bad_scheme", "bad_scheme"]


def test_fetch_all_works_from_inside_a_running_event_loop(srv):
    import asyncio

    url = srv.route("/feed", body=FEED)

    async def caller():
        return fetch_all([FetchRequest(url, "feed")], settings())

    [r] = asyncio.run(caller())
    assert r.outcome == "ok" and r.body == FEED


def test_a_redirect_without_a_usable_location_is_an_outcome(srv):
    srv.route("/weird", 302, headers={"Location": "http://[::1"})
    [r] = fetch_all([FetchRequest(srv.url("/weird"), "feed")], settings())
    assert r.outcome == "bad_url" and [a.outcome for a in r.attempts] == ["bad_url"]


def test_robots_answers_kept_for_later_nights_are_rules_or_their_absence_never_failures():
    from flows.fetch import RobotsCache
    from flows.fetch.robots import rules_from_response

    cache = RobotsCache([("http://kept.test", 200, b"User-agent: *\nDisallow: /private\n")])
    assert not cache.get("http://kept.test").allows("http://kept.test/private/x", "diplowatch/0.1")
    for origin, status, body in (("http://a.test", 200, b"User-agent: *\nAllow: /\n"), ("http://b.test", 404, b"<html>not found</html>"),
                                 ("http://c.test", 503, None), ("http://d.test", None, None)):
        cache.put(origin, rules_from_response(status, body), status, body)
    assert [(o, s, b) for o, s, b, _ in cache.fetched()] == [
        ("http://a.test", 200, b"User-agent: *\nAllow: /\n"), ("http://b.test", 404, None)]
    assert cache.get("http://c.test").kind == "disallow_all"  # still the rule for tonight, just not kept
    assert cache.fetched() == []  # each answer is handed over once: a night saves it once

