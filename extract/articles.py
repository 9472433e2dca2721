"""HTML -> article: readable text and metadata, with page boilerplate left out (trafilatura)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from urllib.parse import urljoin

import lxml.html
import trafilatura
from dateutil import parser as dateparser
from lxml.etree import ParserError

from extract.charset import decode_bytes
from extract.dedup import text_hash
from extract.errors import ArticleExtractError
from extract.models import Article
from extract.urls import canonicalize_url

# The one trafilatura call of the pipeline (benchmarks/nightly.py measures its floor with the same).
TRAFILATURA_OPTIONS = {"with_metadata": True, "include_comments": False, "include_tables": False, "favor_precision": True}
# Below this, what trafilatura kept is a menu or a teaser, not an article worth storing.
MIN_TEXT_CHARS = 80
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\u00a0]+")
_PUBLISHED_META = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//time[@itemprop="datePublished"]/@datetime',
    '//meta[@name="date"]/@content',
    '//meta[@name="pubdate"]/@content',
)
# Lines that survive extraction on some layouts but are never article text.
_BOILERPLATE_LINE = re.compile(
    r"^(home\s*[>›»/|].*|loading\.*|advertisement|share this article|read more:?.*|"
    r"sign up for our newsletter.*|we use cookies.*|accept( all)? cookies)$",
    re.I,
)


def tidy_lines(text: str) -> str:
    """NFC-normalise text for display and collapse runs of spaces; keep paragraph breaks (hashing: extract.dedup)."""
    text = unicodedata.normalize("NFC", text)
    lines = (_WS.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _parse_date(value: str) -> datetime | None:
    try:
        parsed = dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        try:
            parsed = dateparser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def extract_article(html: bytes | str, url: str) -> Article:
    """Extract the article text and metadata from a page (bytes, or text already decoded).

    Raises ArticleExtractError when the page holds no readable text.
    """
    if isinstance(html, bytes):
        # The same decoding as the pipeline (BOM, header, <meta charset>, then detection): left to lxml,
        # UTF-8 pages that do not declare it come out as mojibake.
        html = decode_bytes(html).text
    # lxml refuses a decoded string that still carries an XML encoding declaration (XHTML pages).
    html = _XML_DECL.sub("", html, count=1)
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError) as exc:
        raise ArticleExtractError(f"unparseable HTML: {exc}") from exc
    # Read what trafilatura does not return (or returns coarsened) before it prunes the tree.
    lang = (tree.get("lang") or "").strip() or None
    canonical = next(iter(tree.xpath('//link[@rel="canonical"]/@href')), None)
    meta_published = [v for x in _PUBLISHED_META for v in tree.xpath(x)]

    doc = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    if doc is None or not (doc.text or "").strip():
        raise ArticleExtractError("no article text found")
    lines = [line for line in tidy_lines(doc.text).splitlines() if not _BOILERPLATE_LINE.match(line)]
    text = "\n".join(lines)
    if len(text) < MIN_TEXT_CHARS:
        raise ArticleExtractError(f"no article text found ({len(text)} characters after extraction)")
    published = next(filter(None, map(_parse_date, meta_published)), None) or (
        _parse_date(doc.date) if doc.date else None
    )
    language = (doc.language or lang or None)
    return Article(
        url=url,
        canonical_url=canonicalize_url(urljoin(url, canonical.strip()) if canonical else url),
        title=doc.title or None,
        author=doc.author or None,
        published_at=published,
        site_name=doc.sitename or None,
        language=language.split("-")[0].lower() if language else None,
        text=text,
        text_hash=text_hash(text),
    )
