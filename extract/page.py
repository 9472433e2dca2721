"""One fetched page, start to finish: bytes -> decoded HTML -> article -> MinHash signature -> findings.

This is the CPU-heavy part of a night (trafilatura dominates it), kept as one pure function so it
can run anywhere: inline, or on a pool of worker processes (flows.pages) that spreads it over cores
and bounds its time per page.
"""

from __future__ import annotations

import time
from datetime import datetime

from extract.articles import extract_article
from extract.charset import decode_bytes
from extract.dedup import minhash_signature
from extract.detect import detect
# PageRead lives with the other plain records: the process that unpickles it (the flow's) must not import this
# module, and with it trafilatura (~0.5 s).
from extract.models import PageRead


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
