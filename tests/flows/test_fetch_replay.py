"""Real publishers' quirky feeds served locally: each one fetches, decodes and parses, or gets a clear outcome.

Reads ../shared/replay (local measurement only; nothing from it is copied here) and skips without it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import feedparser
import pytest

from extract.charset import decode_bytes, strip_doctype, xml_to_utf8
from flows.fetch import FetchRequest, FetchSettings, fetch_all

sys.path.insert(0, str(Path(__file__).parent))
from fetch_support import LocalServer  # noqa: E402

REPLAY = Path(__file__).resolve().parents[2].parent / "shared" / "replay"
pytestmark = pytest.mark.skipif(not (REPLAY / "feeds_quirks").is_dir(), reason="../shared/replay not present")

KNOWN = {"ok", "not_modified", "unchanged", "too_large", "timeout", "bad_encoding", "bad_content_type"}


def serve_dir(server: LocalServer, sub: str, hints: dict) -> dict[str, str]:
    """Route every file of a replay folder with the headers a real server would send; name -> URL."""
    urls = {}
    for path in sorted((REPLAY / sub).iterdir()):
        key = f"{sub}/{path.name}"
        headers = {"Content-Type": "text/html" if path.suffix == ".html" else "application/xml"}
        headers.update({k: v for k, v in hints.get(key, {}).items() if k != "why"})
        urls[key] = server.route(f"/{key}", body=path.read_bytes(), headers=headers)
    return urls


@pytest.fixture(scope="module")
def fetched():
    hints = json.loads((REPLAY / "serve_hints.json").read_text(encoding="utf-8"))
    with LocalServer() as server:
        urls = serve_dir(server, "feeds_quirks", hints) | serve_dir(server, "feeds", hints)
        results = fetch_all([FetchRequest(u, "feed") for u in urls.values()],
                            FetchSettings(allowed_private_hosts=("127.0.0.1",), per_host_delay_s=0.0, retries=0))
    return dict(zip(urls, results))


def parse(result):
    xml = strip_doctype(xml_to_utf8(result.body, result.charset))
    return feedparser.parse(xml, response_headers={"content-type": "application/xml; charset=utf-8"})


def test_every_file_fetches_with_a_known_outcome(fetched):
    assert len(fetched) >= 70
    assert {r.outcome for r in fetched.values()} <= KNOWN
    assert all(r.ok for r in fetched.values())  # all are served 200 with a sane size


def test_every_fetched_body_decodes_and_parses_without_raising(fetched):
    versions = {}
    for name, r in fetched.items():
        parsed = parse(r)
        versions[name] = parsed.get("version") or ""
    feeds = [n for n in versions if n.startswith("feeds/")]
    assert all(versions[n] for n in feeds), [n for n in feeds if not versions[n]]
    # The quirks are parser edge cases: most still yield a feed, the rest are recognisably not feeds.
    quirks = [n for n in versions if n.startswith("feeds_quirks/")]
    assert sum(bool(versions[n]) for n in quirks) >= 0.8 * len(quirks)
    assert versions["feeds_quirks/nodefp_notafeed.html"] == ""


HANGUL, CYRILLIC, CJK = re.compile("[\uac00-\ud7a3]"), re.compile("[\u0400-\u04ff]"), re.compile("[\u4e00-\u9fff]")


@pytest.mark.parametrize("name, script", [
    ("feeds_quirks/miniflux_utf8-incorrect-prolog.xml", HANGUL),
    ("feeds_quirks/miniflux_invalid-prolog.xml", HANGUL),
    ("feeds_quirks/miniflux_windows-1251_ibash.xml", CYRILLIC),
    ("feeds_quirks/nodefp_gzip_body_windows-1251.xml", CYRILLIC),
    ("feeds_quirks/fp_illformed_chardet_koi8r.xml", CYRILLIC),
    ("feeds_quirks/rsparser_kc0011_gb2312.xml", CJK),
])
def test_non_utf8_feeds_decode_to_their_script(fetched, name, script):
    r = fetched[name]
    text = decode_bytes(r.body, r.charset).text
    assert len(script.findall(text)) >= 5 and "\ufffd" not in text


@pytest.mark.parametrize("name", [
    "feeds_quirks/fp_enc_utf-16le-bom.xml", "feeds_quirks/fp_enc_utf-32be-bom.xml", "feeds_quirks/fp_enc_utf-8-bom.xml",
])
def test_byte_order_marked_feeds_parse_cleanly(fetched, name):
    parsed = parse(fetched[name])
    assert not parsed.bozo and parsed.version


@pytest.mark.parametrize("name", [
    "feeds_quirks/miniflux_no_encoding_iso-8859-1.xml", "feeds_quirks/miniflux_windows-1252-incorrect-prolog.xml",
    "feeds/uol_noticias_2018-09.xml",
])
def test_latin_feeds_have_no_mojibake(fetched, name):
    r = fetched[name]
    title = parse(r).feed.get("title", "")
    assert title and "\ufffd" not in title and "Ã" not in title and "â‚" not in title


def test_real_article_pages_decode_without_new_replacement_characters():
    pages = sorted((REPLAY / "html").glob("*.html"))
    assert len(pages) > 100
    # A few publishers' bytes already hold U+FFFD; decoding must add none of its own.
    added = {p.name for p in pages
             if decode_bytes(p.read_bytes()).text.count("\ufffd") > p.read_bytes().count("\ufffd".encode())}
    assert added == set()
