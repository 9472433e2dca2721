"""A small synthetic warehouse for the warehouse and CLI tests (loaded through warehouse.load, as a night does)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from warehouse import load
from warehouse.db import connect

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
PUTIN, XI, TRUMP, MACRON = "Vladimir Putin", "Xi Jinping", "Donald Trump", "Emmanuel Macron"


def article(n: int, source: str = "Meridian", published: datetime = T0, duplicate_of: str | None = None) -> dict:
    """An article row; n picks the URL."""
    url = f"https://{source.lower()}.example/a/{n}"
    return {
        "article_id": load.article_id_for(url), "url": url, "canonical_url": url, "feed": source.lower(),
        "source": source, "title": f"Story {n}", "author": None, "published_at": published, "fetched_at": published,
        "language": "en", "text": f"Text of story {n}.", "text_hash": f"h{n}", "duplicate_of": duplicate_of,
        "run_id": "r1", "detector_version": "t",
    }


def call(art: dict, i: int, participants: list[str], mode: str = "phone", status: str = "held",
         on: date | None = date(2026, 1, 4), precision: str | None = "day", evidence: str = "They spoke.") -> dict:
    """A call mention row of an article."""
    return {
        "mention_id": f"{art['article_id']}:c{i}", "article_id": art["article_id"], "participants": sorted(participants),
        "mode": mode, "status": status, "call_date": on, "date_precision": precision if on else None,
        "evidence": evidence, "start_offset": 0, "end_offset": len(evidence), "confidence": 0.9, "detector_version": "t",
    }


def redline(art: dict, i: int, issue: str = "Taiwan", speaker: str = "China", negated: bool = False) -> dict:
    """A red-line mention row of an article."""
    return {
        "mention_id": f"{art['article_id']}:r{i}", "article_id": art["article_id"], "phrase": "red line",
        "category": "explicit_red_line", "speaker": speaker, "issue": issue, "negated": negated,
        "evidence": f"{issue} is a red line.", "start_offset": 0, "end_offset": 10, "confidence": 0.9,
        "detector_version": "t",
    }


def seed(db: str) -> None:
    """Three weeks of news: one call reported by four articles (one a wire copy), a planned call that then
    happened, a separate in-person meeting, red lines on two issues, two nights and a failing feed."""
    con = connect(db)
    a1 = article(1, "Meridian", T0)
    a2 = article(2, "Harbor", T0 + timedelta(hours=3))
    a3 = article(3, "Atlantic", T0 + timedelta(hours=5), duplicate_of=a2["article_id"])
    a4 = article(4, "Meridian", T0 + timedelta(days=1))
    a5 = article(5, "Harbor", T0 + timedelta(days=7))   # announces a planned call
    a6 = article(6, "Atlantic", T0 + timedelta(days=10))  # the planned call held
    a7 = article(7, "Meridian", T0 + timedelta(days=14))  # Putin and Xi meet in person
    arts = [a1, a2, a3, a4, a5, a6, a7]
    calls = [
        call(a1, 0, [PUTIN, XI], "video", evidence="Xi and Putin held a video call on Sunday."),
        call(a2, 0, [PUTIN, XI], "video"),
        call(a3, 0, [PUTIN, XI], "unspecified"),
        call(a4, 0, [PUTIN, XI], "unspecified", on=date(2026, 1, 5), precision="week"),
        call(a5, 0, [MACRON, TRUMP], "phone", "planned", on=None),
        call(a6, 0, [MACRON, TRUMP], "phone", on=date(2026, 1, 14)),
        call(a7, 0, [PUTIN, XI], "in_person", on=date(2026, 1, 18)),
    ]
    reds = [redline(a1, 0), redline(a2, 0), redline(a3, 0), redline(a6, 0, "Ukraine", "Russia"),
            redline(a7, 0, "Ukraine", "Russia", negated=True)]
    load.start_run(con, "r1", T0, "test", "t")
    load.start_run(con, "r2", T0 + timedelta(days=1), "test", "t")
    fetches = [
        {"run_id": "r1", "started_at": T0, "feed": "meridian", "url": "https://meridian.example/feed", "kind": "feed",
         "http_status": 200, "outcome": "ok", "bytes": 100, "elapsed_ms": 5.0},
        {"run_id": "r1", "started_at": T0, "feed": "harbor", "url": "https://harbor.example/feed", "kind": "feed",
         "http_status": 503, "outcome": "http_503", "error": "Service Unavailable", "bytes": 0, "elapsed_ms": 5.0},
    ]
    load.load_batch(con, fetches, arts, calls, reds)
    for run, night in (("r1", 0), ("r2", 1)):
        load.finish_run(con, run, {
            "finished_at": T0 + timedelta(days=night, hours=1), "status": "completed", "feeds_total": 3, "feeds_ok": 2,
            "feeds_failed": 1, "entries": 10, "new_articles": 7 if night == 0 else 0, "article_failures": 0,
            "call_mentions": 7, "redline_mentions": 5, "outcome_counts": {"ok": 9, "http_503": 1},
        })
    load.save_feed_states(con, [
        {"name": "harbor", "url": "https://harbor.example/feed", "last_status": 503, "last_outcome": "http_503",
         "last_error": "Service Unavailable", "consecutive_failures": 4, "failing_since": T0 - timedelta(days=3)},
        {"name": "meridian", "url": "https://meridian.example/feed", "last_status": 200, "last_outcome": "ok",
         "consecutive_failures": 0},
    ])
    from warehouse.events import rebuild_calls

    rebuild_calls(con)
    con.close()
