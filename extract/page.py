"""One fetched page, start to finish: bytes -> decoded HTML -> article -> MinHash signature -> findings.

This is the CPU-heavy part of a night (trafilatura dominates it), kept as one pure function so it
can run anywhere: inline, or on a pool of worker processes (flows.pages) that spreads it over cores
and bounds its time per page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from extract.articles import extract_article
from extract.charset import decode_bytes
from extract.dedup import minhash_signature
from extract.detect import detect
from extract.models import Article, Findings


@dataclass(frozen=True)
class PageRead:
    """What one page gave, and the CPU seconds each step took (for the night's stage figures)."""

    article: Article
    published_at: datetime | None  # the page's own date, else the feed entry's
    minhash: bytes
    findings: Findings
    extract_s: float  # decoding, trafilatura, tidying, signature
    detect_s: float


def read_page(body: bytes, charset: str | None, url: str, listed_published: datetime | None = None) -> PageRead:
    """Extract and analyse one fetched page; `url` is where the fetch ended (used for the canonical URL).

    Raises extract.errors.ExtractError (ArticleExtractError) when the page holds no readable text.
    """
    clock = time.process_time()
    html = decode_bytes(body, charset).text
    article = extract_article(html, url)
    signature = minhash_signature(article.text)
    published = article.published_at or listed_published
    extracted = time.process_time()
    findings = detect(article.text, published.date() if published else None)
    return PageRead(article, published, signature, findings, extracted - clock, time.process_time() - extracted)
