"""Feed bytes -> entries, with feedparser working on bytes we fetched ourselves (never on a URL)."""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser

from extract.charset import strip_doctype, xml_to_utf8
from extract.errors import FeedParseError
from extract.models import FeedEntry, ParsedFeed

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_ALLOWED_SCHEMES = ("http://", "https://")


def _struct_to_datetime(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse RSS/Atom bytes into entries with absolute http(s) links.

    Raises FeedParseError when the bytes hold no feed at all (HTML page, empty or hopeless XML).
    """
    # Decode once, our way (header, BOM, declaration, detection), and hand feedparser UTF-8 that says so.
    # A DOCTYPE's internal subset can declare entities that expand exponentially ("billion laughs"):
    # feeds have no business declaring entities, so it is dropped before parsing.
    charset = m.group(1) if content_type and (m := _CHARSET.search(content_type)) else None
    body = strip_doctype(xml_to_utf8(body, charset))
    media_type = (content_type or "application/xml").split(";")[0].strip() or "application/xml"
    headers = {"content-location": url, "content-type": f"{media_type}; charset=utf-8"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FeedParseError(f"not a feed ({type(reason).__name__ if reason else 'no feed elements'}: {reason})")
    base = parsed.feed.get("link") if parsed.feed.get("link", "").startswith(_ALLOWED_SCHEMES) else url
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for e in parsed.entries:
        link = (e.get("link") or "").strip()
        if not link:
            guid = e.get("id") or ""
            link = guid if guid.startswith(_ALLOWED_SCHEMES) else ""
        if not link:
            continue
        # Relative links are resolved against the feed URL; other schemes are kept so that the
        # fetcher can refuse them with a recorded outcome ("bad_scheme") instead of vanishing.
        if ":" not in link.split("/", 1)[0]:
            link = urljoin(url if link.startswith("/") else base, link)
        if link in seen:
            continue
        seen.add(link)
        entries.append(
            FeedEntry(
                link=link,
                title=(e.get("title") or None),
                published_at=_struct_to_datetime(e.get("published_parsed") or e.get("updated_parsed")),
                guid=e.get("id"),
                summary=e.get("summary"),
                author=e.get("author"),
            )
        )
    bozo_reason = str(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    return ParsedFeed(
        title=parsed.feed.get("title"),
        format=version or "unknown",
        entries=tuple(entries),
        bozo=bool(parsed.get("bozo")),
        bozo_reason=bozo_reason,
    )
