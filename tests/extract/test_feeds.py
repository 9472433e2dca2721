"""parse_feed on the team's own RSS and Atom fixtures, plus hostile and broken inputs."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from extract.errors import FeedParseError
from extract.feeds import parse_feed

FEEDS = Path(__file__).parent.parent / "fixtures" / "feeds"


def read(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_rss20_entries_links_and_dates():
    feed = parse_feed(read("rss20_commentary.xml"), "https://lantern.example/feed.xml")
    assert feed.format == "rss20"
    assert feed.title == "Lantern Street Commentary"
    links = [e.link for e in feed.entries]
    # The duplicate item is dropped, the relative link is resolved, the javascript: link is kept for the
    # fetcher to refuse with a recorded outcome.
    assert links == [
        "https://lantern.example/2026/03/modi-albanese?utm_source=rss&utm_medium=feed",
        "https://lantern.example/2026/03/relative-path",
        "javascript:alert(1)",
    ]
    first = feed.entries[0]
    assert first.published_at == datetime(2026, 3, 11, 7, 30, tzinfo=timezone.utc)
    assert first.author == "Priya Natarajan"
    assert first.guid == "lantern-0311"


def test_atom_entries():
    feed = parse_feed(read("atom_wire.xml"), "https://wire.tidewater.example/world.atom")
    assert feed.format == "atom10"
    assert [e.link for e in feed.entries] == [
        "https://wire.tidewater.example/story/8812",
        "https://wire.tidewater.example/story/8813",  # no <link>: the id is a URL, so it stands in
    ]
    assert feed.entries[0].published_at == datetime(2026, 5, 2, 8, 15, tzinfo=timezone.utc)
    assert feed.entries[0].title.startswith("Erdoğan and Zelenskyy")
    assert feed.entries[1].published_at is None


def test_declared_windows_1251():
    feed = parse_feed(read("windows1251.xml"), "https://obzor.example/rss")
    assert feed.title == "Вечерний обзор"
    assert feed.entries[0].title == "Путин провёл телефонный разговор"


def test_billion_laughs_is_defused():
    start = time.perf_counter()
    feed = parse_feed(read("billion_laughs.xml"), "https://lol.example/rss")
    assert time.perf_counter() - start < 5  # expansion would take minutes and gigabytes
    assert [e.link for e in feed.entries] == ["https://lol.example/1"]
    assert "lol" * 100 not in (feed.title or "")


@pytest.mark.parametrize("body", [b"", b"<html><body>hello</body></html>", b"\x00\x01garbage"])
def test_not_a_feed_raises(body):
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(body, "https://x.example/feed")


def test_html_page_instead_of_feed():
    with pytest.raises(FeedParseError):
        parse_feed(read("not_a_feed.html"), "https://x.example/feed", "text/html")
