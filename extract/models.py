"""Frozen records that cross package boundaries (extract -> flows -> warehouse).

Everything here is plain data: no I/O, no Prefect, no DuckDB. The warehouse loads
these records column by column, so field names match the warehouse columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, as listed (link already resolved to an absolute URL)."""

    link: str
    title: str | None = None
    published_at: datetime | None = None
    guid: str | None = None
    summary: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its title, format and entries, plus whether the parser had to recover."""

    title: str | None
    format: str  # e.g. "rss20", "atom10", "rss10", "unknown"
    entries: tuple[FeedEntry, ...]
    bozo: bool = False  # the parser recovered from malformed input
    bozo_reason: str | None = None


@dataclass(frozen=True)
class Article:
    """The readable part of an article page plus its metadata."""

    url: str
    canonical_url: str
    title: str | None
    author: str | None
    published_at: datetime | None
    site_name: str | None
    language: str | None
    text: str
    text_hash: str  # sha256 hex of the normalised text


@dataclass(frozen=True)
class CallFinding:
    """A contact between top leaders found in text.

    participants: sorted canonical names (English Wikipedia titles).
    mode: phone | video | in_person | unspecified.  status: held | planned.
    start/end: character offsets of the evidence sentence in the input text.
    """

    participants: tuple[str, ...]
    mode: str
    status: str
    date: date | None
    date_precision: str | None  # day | week | month | None
    evidence: str
    start: int
    end: int
    confidence: float
    trigger: str = ""  # the words that fired, e.g. "telephone conversation"


@dataclass(frozen=True)
class RedlineFinding:
    """Red-line language found in text, with who says it and about which issue."""

    phrase: str
    category: str  # explicit_red_line | bottom_line | core_interest | warning_of_consequences | non_negotiable | caution_demand
    speaker: str | None  # canonical leader name, or a country / government
    issue: str | None  # one label of extract.detect.ISSUES, or None
    negated: bool
    evidence: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class Findings:
    calls: tuple[CallFinding, ...] = field(default_factory=tuple)
    redlines: tuple[RedlineFinding, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PageRead:
    """What one page gave (extract.page.read_page), and the CPU seconds each step took (the night's stage figures)."""

    article: Article
    published_at: datetime | None  # the page's own date, else the feed entry's
    minhash: bytes
    findings: Findings
    extract_s: float  # decoding, trafilatura, tidying, signature
    detect_s: float
