"""The built-in demo corpus: feeds parse, links resolve, and the answer key covers every page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

CORPUS = Path(__file__).resolve().parents[2] / "flows" / "demo" / "corpus"
BASE = "http://127.0.0.1:1"
FEEDS = sorted((CORPUS / "feeds").glob("*.xml"))
PAGES = sorted((CORPUS / "articles").glob("*/*.html"))
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def _parse(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes().replace(b"{{BASE}}", BASE.encode()))


def _page_key(link: str) -> str:
    """The page a feed link names, relative to articles/ (query strings such as utm_* dropped)."""
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == BASE, link
    assert parts.path.startswith("/articles/"), link
    return parts.path.removeprefix("/articles/")


@pytest.mark.parametrize("feed", FEEDS, ids=lambda p: p.name)
def test_feed_parses_cleanly(feed: Path) -> None:
    parsed = _parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.get("title") and entry.get("link") and entry.get("id") and entry.get("author")
        assert entry.get("published_parsed") is not None
        assert entry.get("summary")


def test_both_feed_formats_and_five_outlets() -> None:
    versions = [_parse(feed).version for feed in FEEDS]
    assert sum(v.startswith("rss") for v in versions) >= 3
    assert sum(v == "atom10" for v in versions) >= 2
    assert len(FEEDS) >= 5


def test_feed_links_and_pages_match_one_to_one() -> None:
    linked: list[str] = []
    for feed in FEEDS:
        linked += [_page_key(entry.link) for entry in _parse(feed).entries]
    on_disk = {p.relative_to(CORPUS / "articles").as_posix() for p in PAGES}
    assert len(linked) == len(set(linked)), "a page is linked twice"
    assert set(linked) == on_disk
    assert len(PAGES) >= 38


def test_answer_key_covers_every_page() -> None:
    assert set(EXPECTED) == {p.relative_to(CORPUS / "articles").as_posix() for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(CORPUS / "articles").as_posix())
def test_page_shape_and_phrases(page: Path) -> None:
    raw = page.read_text(encoding="utf-8")
    key = EXPECTED[page.relative_to(CORPUS / "articles").as_posix()]
    assert 2_000 <= len(raw.encode()) <= 12_000
    for marker in ('<html lang="en">', "<meta charset", 'rel="canonical"', 'property="og:title"',
                   'property="article:published_time"', 'name="author"', "{{BASE}}"):
        assert marker in raw, marker
    published = re.search(r'article:published_time" content="(\d{4}-\d\d-\d\d)', raw)
    assert published and published.group(1) == key["published"]
    assert key["body_phrases"] and key["boilerplate"]
    for phrase in key["body_phrases"]:
        assert phrase in raw, phrase
    for phrase in key["boilerplate"]:
        assert phrase in raw, phrase  # boilerplate the extractor must drop is really on the page
    body_count = len(re.findall(r"<p>", raw))
    assert body_count >= 4
    assert "127.0.0.1" not in raw and "http://" not in raw.replace("http://purl.org", "")


def test_answer_key_records_are_well_formed() -> None:
    for path, key in EXPECTED.items():
        for call in key["calls"]:
            assert call["participants"] == sorted(call["participants"]) and len(call["participants"]) >= 2, path
            assert call["mode"] in {"phone", "video", "in_person", "unspecified"}, path
            assert call["status"] in {"held", "planned"}, path
            if call["date"] is not None and call["status"] == "held":
                assert call["date"] <= key["published"], path
        for redline in key["redlines"]:
            assert set(redline) == {"issue", "speaker", "negated"}, path
    assert sum(bool(k["calls"]) for k in EXPECTED.values()) >= 20
    assert any(r["negated"] for k in EXPECTED.values() for r in k["redlines"])
