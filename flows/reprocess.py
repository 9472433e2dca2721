"""Re-run detection over stored article text (no HTTP), after the engine or the gazetteer changed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from extract.detect import DETECTOR_VERSION
from flows.warehouse_session import night, warehouse_session
from flows.work import detection_rows
from warehouse.events import rebuild_calls
from warehouse.mentions import article_page, replace_mentions

log = logging.getLogger("diplowatch.reprocess")

BATCH = 200  # articles per transaction: small enough that readers wait seconds at most


@dataclass
class ReprocessResult:
    articles: int = 0
    calls_before: int = 0
    calls_after: int = 0
    redlines_after: int = 0
    events: int = 0
    detector_version: str = DETECTOR_VERSION


def reprocess(db: str, since: date | None = None, stale_only: bool = False, batch: int = BATCH) -> ReprocessResult:
    """Replace every (selected) article's mentions with a fresh detection, batch by batch, then rebuild call events.

    Holds the night lock throughout, so no night loads articles meanwhile; the warehouse itself is
    open only while reading a page of text and while writing its results, so analysts are not locked out.
    """
    out = ReprocessResult()
    with night(db):
        after = ""
        while True:
            with warehouse_session(db) as con:
                page = article_page(con, after, batch, since, DETECTOR_VERSION if stale_only else None)
            if not page:
                break
            calls, redlines = [], []
            for article_id, text, published in page:
                c, r = detection_rows(article_id, text, published)
                calls += c
                redlines += r
            with warehouse_session(db) as con:
                removed, added = replace_mentions(con, [p[0] for p in page], calls, redlines, DETECTOR_VERSION)
            out.articles += len(page)
            out.calls_before += removed
            out.calls_after += added
            out.redlines_after += len(redlines)
            after = page[-1][0]
            log.info("reprocessed %d articles (up to %s)", out.articles, after)
        with warehouse_session(db) as con:
            out.events = rebuild_calls(con)
    return out
