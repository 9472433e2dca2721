"""The nightly benchmark's generated corpus: deterministic, realistic enough, parseable, served per host."""

from __future__ import annotations

import http.client
import ipaddress
import random
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import nightcorpus as nc  # noqa: E402
import nightserver as ns  # noqa: E402

from extract.articles import extract_article  # noqa: E402
from extract.dedup import shingles  # noqa: E402
from extract.detect import detect  # noqa: E402
from extract.feeds import parse_feed  # noqa: E402
from flows.config import load_config  # noqa: E402
from flows.fetch.guard import AllowList  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> nc.Corpus:
    return nc.generate(45, 6, seed=7)


def _get(url: str) -> tuple[int, str, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path)
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type", ""), resp.read()
    finally:
        conn.close()


def test_same_seed_same_corpus_other_seed_other_text(corpus):
    assert nc.generate(45, 6, seed=7) == corpus
    other = nc.generate(45, 6, seed=8)
    assert {p.body_text for p in other.pages}.isdisjoint(p.body_text for p in corpus.pages)


def test_counts_spread_and_skew(corpus):
    assert corpus.hosts == tuple(f"host{k:03d}.test" for k in range(6))
    per_host = [sum(p.host == h for p in corpus.pages) for h in corpus.hosts]
    assert sum(per_host) == 45 and max(per_host) - min(per_host) <= 1
    skewed = nc.generate(200, 8, seed=1, skew=1.2)
    counts = [sum(p.host == h for p in skewed.pages) for h in skewed.hosts]
    assert min(counts) >= 1 and counts[0] > 3 * counts[-1]
    assert len(corpus.feeds) == 6 and {f.host for f in corpus.feeds} == set(corpus.hosts)


def test_bodies_vary_in_length_and_are_not_near_duplicates(corpus):
    lengths = sorted(len(p.body_text) for p in corpus.pages)
    paragraphs = [p.body_text.count("\n") + 1 for p in corpus.pages]
    assert lengths[0] < 2000 and lengths[-1] > 7000 and min(paragraphs) >= 3 and max(paragraphs) <= 40
    sets = [shingles(p.body_text) for p in corpus.pages]
    worst = max(len(a & b) / len(a | b) for i, a in enumerate(sets) for b in sets[:i])
    assert worst < 0.4  # the pipeline's near-duplicate threshold


def test_about_one_article_in_three_has_a_leader_call(corpus):
    with_calls = sum(bool(detect(p.body_text, p.published).calls) for p in corpus.pages)
    assert 0.25 * 45 <= with_calls <= 0.45 * 45


def test_hosts_have_their_own_boilerplate(corpus):
    layouts = {h: nc.host_layout(h, random.Random(f"7/layout/{h}")) for h in corpus.hosts}
    assert len({lay.prefix for lay in layouts.values()}) >= 5
    assert len({lay.css for lay in layouts.values()}) == 6 and len({lay.sections for lay in layouts.values()}) == 6
    for page in corpus.pages:
        assert f'class="{layouts[page.host].prefix}-header"' in page.html and layouts[page.host].css in page.html


def test_feeds_parse_and_list_every_article(corpus):
    assert {f.kind for f in corpus.feeds} == {"rss", "atom"}
    for feed in corpus.feeds:
        parsed = parse_feed(feed.body.encode(), nc.origin(feed.host) + feed.path)
        expected = {nc.origin(p.host) + p.path for p in corpus.pages if p.host == feed.host}
        assert {e.link for e in parsed.entries} == expected
        assert all(e.title and e.published_at and e.guid for e in parsed.entries)


def test_pages_extract_to_the_article_without_boilerplate(corpus):
    for page in corpus.pages[:12]:
        article = extract_article(page.html.encode(), nc.origin(page.host) + page.path)
        lines = article.text.splitlines()
        assert set(page.body_text.splitlines()) <= set(lines)
        assert set(lines) - set(page.body_text.splitlines()) <= {page.title}
        assert article.published_at == page.published and article.title == page.title
        assert article.canonical_url == nc.origin(page.host) + page.path


def test_page_sizes_resemble_real_pages():
    stats = nc.size_stats(nc.generate(80, 8, seed=2))
    # Replay pages: median ~101 KB, article text ~4% of the bytes.
    assert 60_000 <= stats["bytes_median"] <= 160_000
    assert 0.02 <= stats["text_share_median"] <= 0.08


def test_runaway_pages_are_listed_and_under_the_size_cap():
    small = nc.generate(4, 2, seed=3, runaway_pages=2)
    runaway = [p for p in small.pages if p.runaway]
    assert len(runaway) == 2 and {p.host for p in runaway} == set(small.hosts)
    for page in runaway:
        size = len(page.html.encode())
        assert 3_000_000 < size < 5_000_000 and page.html.count("<div") > 30_000
        feed = next(f for f in small.feeds if f.host == page.host)
        assert page.path in feed.body


def test_served_per_host_with_latency_and_rewritten_links(corpus):
    with ns.serve(corpus, latency_ms=150) as bases:
        hosts = {urlsplit(b).hostname for b in bases.values()}
        assert len(hosts) == 6 and all(ipaddress.ip_address(h).is_loopback for h in hosts)
        feed = corpus.feeds[0]
        start = time.perf_counter()
        status, ctype, body = _get(bases[feed.host] + feed.path)
        assert time.perf_counter() - start >= 0.15
        assert status == 200 and "charset=utf-8" in ctype and "xml" in ctype
        entries = parse_feed(body, bases[feed.host] + feed.path, ctype).entries
        assert entries and all(e.link.startswith(bases[feed.host] + "/news/") for e in entries)
        status, ctype, body = _get(entries[0].link)
        assert status == 200 and ctype == "text/html; charset=utf-8" and bases[feed.host].encode() in body
        assert b"http://host0" not in body
        assert _get(bases[feed.host] + "/robots.txt")[2] == b"User-agent: *\nAllow: /\n"
        assert _get(bases[feed.host] + "/missing.html")[0] == 404


def test_server_answers_many_connections_at_once(corpus):
    with ns.serve(corpus, latency_ms=400) as bases:
        urls = [bases[corpus.hosts[i % 6]] + "/robots.txt" for i in range(120)]
        start = time.perf_counter()
        with ThreadPoolExecutor(120) as pool:
            statuses = list(pool.map(lambda u: _get(u)[0], urls))
        # Served one at a time this would take 48 s; concurrently, a little over the latency.
        assert statuses == [200] * 120 and time.perf_counter() - start < 4


def test_config_lists_every_feed_and_allows_the_loopback_hosts(corpus, tmp_path):
    bases = {h: f"http://{nc.host_address(k)}:8{k:03d}" for k, h in enumerate(corpus.hosts)}
    path = nc.write_config(corpus, bases, tmp_path / "w.duckdb", tmp_path / "bench.toml",
                           per_host_delay_s=0.5, batch_size=10, page_timeout_s=5.0)
    config = load_config(path)
    assert {f.url for f in config.feeds} == {bases[f.host] + f.path for f in corpus.feeds}
    assert config.warehouse_path == str(tmp_path / "w.duckdb")
    assert config.fetch.per_host_delay_s == 0.5 and config.run.batch_size == 10 and config.run.page_timeout_s == 5.0
    allow = AllowList.parse(config.fetch.allowed_private_hosts)
    assert all(allow.allows_ip(ipaddress.ip_address(urlsplit(b).hostname)) for b in bases.values())
    with pytest.raises(ValueError, match="no_such_option"):
        nc.write_config(corpus, bases, "w.duckdb", tmp_path / "x.toml", no_such_option=1)


def test_cli_writes_pages_and_feeds(tmp_path, capsys):
    assert nc.main(["--articles", "12", "--hosts", "3", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("host*/news/**/*.html"))) == 12
    assert len(list(tmp_path.glob("host*/*.xml"))) == 3 and (tmp_path / "host000.test/robots.txt").exists()
    assert "bytes_median" in capsys.readouterr().out


def _raw(base: str) -> socket.socket:
    parts = urlsplit(base)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def _read_response(sock: socket.socket, buf: bytearray, head_only: bool = False) -> tuple[str, dict[str, str], bytes]:
    """One response off a raw socket: status line, lower-cased headers, body (by Content-Length)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before a full response head"
        buf += chunk
    end = buf.index(b"\r\n\r\n")
    status, *lines = buf[:end].decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    del buf[:end + 4]
    length = 0 if head_only else int(headers["content-length"])
    while len(buf) < length:
        chunk = sock.recv(1 << 20)
        assert chunk, "connection closed inside a body"
        buf += chunk
    body = bytes(buf[:length])
    del buf[:length]
    return status, headers, body


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def test_keep_alive_serves_several_requests_on_one_connection_each_after_the_latency(corpus):
    feed = corpus.feeds[1]
    page = next(p for p in corpus.pages if p.host == feed.host)
    with ns.serve(corpus, latency_ms=100) as bases:
        base = bases[feed.host]
        conn = http.client.HTTPConnection(urlsplit(base).hostname, urlsplit(base).port, timeout=10)
        conn.connect()
        sock, local = conn.sock, conn.sock.getsockname()
        seen = []
        start = time.perf_counter()
        for method, path in [("GET", feed.path), ("GET", page.path + "?utm_source=x&b=2"), ("HEAD", page.path),
                             ("GET", "/robots.txt?x=1"), ("GET", "/nope/" + page.path)]:
            conn.request(method, path)
            resp = conn.getresponse()
            body = resp.read()
            assert not resp.will_close and conn.sock is sock and sock.getsockname() == local
            seen.append((resp.status, resp.getheader("Content-Type"), int(resp.getheader("Content-Length")), body))
        elapsed = time.perf_counter() - start
        conn.close()
    assert elapsed >= 5 * 0.1  # the latency is per response, one after the other on a connection
    page_bytes = page.html.encode().replace(nc.origin(page.host).encode(), base.encode())
    feed_type = "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
    assert seen[0][:2] == (200, f"{feed_type}; charset=utf-8") and seen[0][2] == len(seen[0][3])
    assert seen[0][3] == feed.body.encode().replace(nc.origin(feed.host).encode(), base.encode())
    assert seen[1] == (200, "text/html; charset=utf-8", len(page_bytes), page_bytes)
    assert seen[2] == (200, "text/html; charset=utf-8", len(page_bytes), b"")  # HEAD: the GET's length, no body
    assert seen[3] == (200, "text/plain; charset=utf-8", 23, b"User-agent: *\nAllow: /\n")
    assert seen[4] == (404, "text/plain; charset=utf-8", 10, b"not found\n")


def test_pipelined_requests_answered_in_order_and_connection_close_honoured(corpus):
    host = corpus.hosts[2]
    with ns.serve(corpus, latency_ms=30) as bases:
        sock, buf = _raw(bases[host]), bytearray()
        # Two requests in one write, the first with a GET body to skip, the second asking to close.
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                     b"GET /missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        first, second = _read_response(sock, buf), _read_response(sock, buf)
        assert first[0] == "HTTP/1.1 200 OK" and first[2] == b"User-agent: *\nAllow: /\n"
        assert "connection" not in first[1]
        assert second[0] == "HTTP/1.1 404 Not Found" and second[1]["connection"] == "close"
        assert not buf and _closed_by_server(sock)
        sock.close()
        # HTTP/1.0 closes unless it asks for keep-alive.
        sock, buf = _raw(bases[host]), bytearray()
        sock.sendall(b"GET /robots.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        assert _read_response(sock, buf)[0] == "HTTP/1.1 200 OK"
        sock.sendall(b"GET /robots.txt HTTP/1.0\r\n\r\n")
        assert _read_response(sock, buf)[1]["connection"] == "close" and _closed_by_server(sock)
        sock.close()


def test_other_methods_and_garbage_are_refused_and_closed(corpus):
    with ns.serve(corpus) as bases:
        for request, status in [(b"POST /robots.txt HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "501"),
                                (b"what is this\r\n\r\n", "400"), (b"GET / SPDY/3\r\n\r\n", "400")]:
            sock, buf = _raw(bases[corpus.hosts[0]]), bytearray()
            sock.sendall(request)
            line, headers, _ = _read_response(sock, buf)
            assert line.split()[1] == status and headers["connection"] == "close" and _closed_by_server(sock)
            sock.close()


def test_no_conditional_get_as_before(corpus):
    feed = corpus.feeds[0]
    with ns.serve(corpus) as bases:
        conn = http.client.HTTPConnection(urlsplit(bases[feed.host]).hostname, urlsplit(bases[feed.host]).port)
        conn.request("GET", feed.path)
        first = conn.getresponse()
        first.read()
        assert first.getheader("ETag") is None and first.getheader("Last-Modified") is None
        conn.request("GET", feed.path, headers={"If-None-Match": '"x"', "If-Modified-Since": first.getheader("Date")})
        again = conn.getresponse()
        assert again.status == 200 and len(again.read()) == int(again.getheader("Content-Length")) > 0
        conn.close()


def test_runaway_page_is_served_whole():
    small = nc.generate(2, 1, seed=3, runaway_pages=1)
    runaway = next(p for p in small.pages if p.runaway)
    with ns.serve(small) as bases:
        status, _, body = _get(bases[runaway.host] + runaway.path)
    assert status == 200 and len(body) == len(runaway.html.encode().replace(b"http://host000.test",
                                                                             bases[runaway.host].encode()))


def test_exit_closes_listeners_and_open_connections_and_leaves_no_thread(corpus):
    before = {t.ident for t in threading.enumerate()}
    with ns.serve(corpus, latency_ms=200) as bases:
        assert any(t.name == "nightcorpus-serve" for t in threading.enumerate())
        idle = _raw(bases[corpus.hosts[0]])
        waiting = _raw(bases[corpus.hosts[1]])
        waiting.sendall(b"GET /robots.txt HTTP/1.1\r\n\r\n")  # still inside its latency at exit
        time.sleep(0.05)
    assert {t.ident for t in threading.enumerate()} <= before
    assert _closed_by_server(idle) and _closed_by_server(waiting)
    with pytest.raises(ConnectionRefusedError):
        _raw(bases[corpus.hosts[0]])
    idle.close()
    waiting.close()
