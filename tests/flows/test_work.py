"""A batch of articles is fetched and read a window at a time: every article still comes back, in order."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from extract.models import FeedEntry
from flows.fetch import FetchSettings, close_shared_session
from flows.pages import PageSettings, close_shared_pool
from flows.work import process_articles

sys.path.insert(0, str(Path(__file__).parent))
from fetch_support import LocalServer  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "flows" / "demo" / "corpus" / "articles"


@pytest.fixture
def site():
    pages = sorted(CORPUS.rglob("*.html"))[:5]
    with LocalServer() as server:
        for i, page in enumerate(pages):
            server.route(f"/a/{i}.html", body=page.read_bytes(), headers={"Content-Type": "text/html; charset=utf-8"})
        yield server, len(pages)
    close_shared_pool()
    close_shared_session()


def _batch(server: LocalServer, n: int) -> list[tuple[str, FeedEntry]]:
    # Article 2 is missing on the server: its failure is counted whatever window it falls in.
    return [("f", FeedEntry(link=server.url(f"/a/{i}.html" if i != 2 else "/gone.html"))) for i in range(n)]


def _run(server, n, window):
    settings = FetchSettings(per_host_delay_s=0, retries=0, allowed_private_hosts=("127.0.0.0/8",),
                             respect_robots=False)
    return process_articles("r", _batch(server, n), settings, pages=PageSettings(workers=2), window=window)


def test_windows_read_every_article_in_order(site):
    server, n = site
    whole, windowed = _run(server, n, None), _run(server, n, 2)
    for out in (whole, windowed):
        assert [row["url"] for row in out.articles] == [server.url(f"/a/{i}.html") for i in range(n) if i != 2]
        assert out.failures == {"f": 1} and len(out.fetches) == n
        assert out.extract_s > 0 and out.fetch_ended > 0
    strip = ("fetched_at",)
    assert [{k: v for k, v in r.items() if k not in strip} for r in windowed.articles] == \
           [{k: v for k, v in r.items() if k not in strip} for r in whole.articles]
    assert len(windowed.calls) == len(whole.calls) and len(windowed.redlines) == len(whole.redlines)


def test_a_window_is_read_before_the_next_one_is_fetched(site):
    server, n = site
    out = _run(server, n, 2)  # windows: articles 0-1, 2-3, 4
    started = [datetime.fromisoformat(str(f["started_at"])) for f in out.fetches]
    read = {row["url"]: row["fetched_at"] for row in out.articles}
    first_window_read = max(read[server.url(f"/a/{i}.html")] for i in (0, 1))
    assert min(started[2:]) >= first_window_read  # no body of the next window was held while the first was read
    whole = _run(server, n, None)
    whole_started = [datetime.fromisoformat(str(f["started_at"])) for f in whole.fetches]
    assert max(whole_started) < min(row["fetched_at"] for row in whole.articles)  # one window: all fetched first

