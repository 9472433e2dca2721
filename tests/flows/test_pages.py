"""Pages and feeds read on worker processes: order kept, runaway pages and feeds cut off by the time limit, the
night goes on."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

from flows.pages import PageJob, PagePool

sys.path.insert(0, str(Path(__file__).parent))
CORPUS = Path(__file__).resolve().parents[2] / "flows" / "demo" / "corpus" / "articles"


def demo_pages(n: int) -> list[Path]:
    return sorted(CORPUS.rglob("*.html"))[:n]


def runaway_page(paragraphs: int = 80_000) -> bytes:
    """About 5 MB of tiny paragraphs: trafilatura needs many seconds for it (under the fetch cap)."""
    body = "".join(f"<p>Paragraph {i} of a page that never ends, said nobody.</p>" for i in range(paragraphs))
    return f"<html><body><article>{body}</article></body></html>".encode()


@pytest.fixture(scope="module")
def pool():
    p = PagePool(workers=2, timeout_s=1.0)
    yield p
    p.close()


def test_pages_come_back_in_order_with_their_findings(pool):
    paths = demo_pages(6)
    out = pool.read_all([PageJob(p.read_bytes(), None, f"http://127.0.0.1/{p.name}") for p in paths])
    assert [o.outcome for o in out] == ["ok"] * 6
    assert [o.read.article.url for o in out] == [f"http://127.0.0.1/{p.name}" for p in paths]
    assert all(o.read.extract_s > 0 and len(o.read.minhash) == 512 for o in out)


def test_warm_starts_the_workers_before_any_page():
    import time

    import psutil

    def workers() -> int:
        """Processes forked by the forkserver (page workers of every pool of this process)."""
        servers = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
        return sum(len(s.children()) for s in servers)

    fresh = PagePool(workers=2, timeout_s=5.0)
    try:
        before = workers()
        fresh.warm()
        deadline = time.monotonic() + 60
        while workers() < before + 2:  # both workers up, extraction code loaded, before any page arrives
            assert time.monotonic() < deadline, (before, workers())
            time.sleep(0.1)
    finally:
        fresh.close()


def test_a_runaway_page_is_cut_off_and_the_pool_goes_on(pool):
    good = [PageJob(p.read_bytes(), None, f"http://127.0.0.1/{p.name}") for p in demo_pages(3)]
    out = pool.read_all([good[0], PageJob(runaway_page(), "utf-8", "http://127.0.0.1/runaway"), *good[1:]])
    assert [o.outcome for o in out] == ["ok", "page_timeout", "ok", "ok"]
    assert "over 1 s" in out[1].error
    # The killed worker was replaced: the pool still reads pages on both workers.
    assert [o.outcome for o in pool.read_all(good * 2)] == ["ok"] * 6


def test_a_page_without_text_is_no_text(pool):
    (out,) = pool.read_all([PageJob(b"<html><body><nav>Home</nav></body></html>", None, "http://127.0.0.1/x")])
    assert out.outcome == "no_text" and out.read is None


@pytest.mark.slow
def test_a_runaway_page_never_sinks_the_night(tmp_path, httpserver, prefect_harness):
    from flows.nightly import run_night

    pages = {f"/a/{i}.html": p.read_bytes() for i, p in enumerate(demo_pages(3))}
    pages["/a/runaway.html"] = runaway_page()
    items = "".join(f"<item><title>t{path}</title><link>{httpserver.url_for(path)}</link></item>" for path in pages)
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    for path, body in pages.items():
        httpserver.expect_request(path).respond_with_data(body, content_type="text/html; charset=utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[warehouse]\npath = "{tmp_path / "w.duckdb"}"\n'
        '[fetch]\nallowed_private_hosts = ["127.0.0.1"]\nper_host_delay_s = 0\nretries = 0\n'
        '[run]\npage_timeout_s = 1\n'
        f'[[feeds]]\nname = "f"\nurl = "{httpserver.url_for("/feed.xml")}"\n',
        encoding="utf-8",
    )
    summary = run_night(str(cfg))
    assert summary.status == "completed" and summary.new_articles == 3
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        failed = con.execute("select url, outcome, error from fetches where outcome <> 'ok'").fetchall()
        stages = dict(con.execute("select stage_seconds from runs").fetchone()[0])
    assert [(u.rsplit("/", 1)[1], o) for u, o, _ in failed] == [("runaway.html", "page_timeout")]
    assert {"fetch", "extract_cpu", "detect_cpu", "load"} <= set(stages)


def test_the_process_that_schedules_pages_never_imports_trafilatura(tmp_path):
    """The flow only sends bytes and gets records back: trafilatura and the detector load in the workers alone."""
    import subprocess
    import sys

    page = demo_pages(1)[0]
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from flows.pages import PageJob, PagePool\n"
        "pool = PagePool(workers=1, timeout_s=30.0)\n"
        f"(out,) = pool.read_all([PageJob(Path({str(page)!r}).read_bytes(), None, 'http://127.0.0.1/a')])\n"
        "pool.close()\n"
        "print(out.outcome, len(out.read.article.text) > 0, sorted(m for m in ('trafilatura', 'extract.page',\n"
        "      'extract.detect') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "ok True []"


def runaway_feed(items: int = 60_000) -> bytes:
    """An RSS feed of ~5 MB: feedparser needs well over a second for it."""
    body = "".join(f"<item><title>Item {i}</title><link>http://127.0.0.1/{i}</link></item>" for i in range(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


def test_feeds_are_parsed_on_the_workers_and_every_failure_comes_back_as_a_reason(pool):
    feed = sorted((CORPUS.parent / "feeds").glob("*.xml"))[0]
    out = pool.parse_feeds([
        (feed.read_bytes(), "http://127.0.0.1/feed.xml", "application/rss+xml"),
        (b"<html><body><p>not a feed</p></body></html>", "http://127.0.0.1/page", "text/html"),
        (runaway_feed(), "http://127.0.0.1/huge.xml", "application/rss+xml"),
    ])
    (parsed, error), (none, why), (cut, timeout) = out
    assert error is None and parsed.entries and all(e.link.startswith("http") for e in parsed.entries)
    assert none is None and "not a feed" in why
    assert cut is None and "parsing the feed took over 1 s" in timeout


def test_feeds_are_parsed_here_when_small_and_on_the_workers_when_large():
    from fetch_support import LocalServer

    from flows import pages as page_module
    from flows.config import FeedConfig
    from flows.fetch import FetchRequest, FetchSettings, close_shared_session
    from flows.pages import PageSettings, close_shared_pool
    from flows.work import PARSE_ON_WORKERS_BYTES, fetch_feeds

    small = sorted((CORPUS.parent / "feeds").glob("*.xml"))[0].read_bytes()
    huge = runaway_feed()
    assert len(small) < PARSE_ON_WORKERS_BYTES <= len(huge)
    settings = FetchSettings(per_host_delay_s=0, retries=0, allowed_private_hosts=("127.0.0.0/8",),
                             respect_robots=False, max_bytes=10_000_000)
    rss = {"Content-Type": "application/rss+xml"}
    with LocalServer() as server:
        due = [(FeedConfig(name, server.route(f"/{name}.xml", body=body, headers=rss)), None)
               for name, body in (("small", small), ("huge", huge))]
        due = [(feed, FetchRequest(url=feed.url, kind="feed")) for feed, _ in due]
        try:
            close_shared_pool()
            (alone,) = fetch_feeds(due[:1], settings, pages=PageSettings(workers=1, timeout_s=1.0))
            assert alone.outcome == "ok" and alone.parsed.entries
            assert page_module._pools._value is None  # parsed here: no page worker was started for it
            both = fetch_feeds(due, settings, pages=PageSettings(workers=1, timeout_s=1.0))
            assert page_module._pools._value is not None  # on the workers, under the time limit
        finally:
            close_shared_pool()
            close_shared_session()
    assert [o.outcome for o in both] == ["ok", "parse_error"]
    assert both[0].parsed == alone.parsed
    assert "parsing the feed took over 1 s" in both[1].error
