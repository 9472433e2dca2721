"""A warehouse with known rows for the report tests: four weeks, eight leader pairs, hostile titles."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from warehouse import load
from warehouse.db import connect

HOSTILE_TITLE = "<script>alert(1)</script> Leaders talk"
HOSTILE_EVIDENCE = 'Xi said Taiwan is a red line <img src=x onerror="alert(2)"> for Beijing.'
HOSTILE_FEED = 'wire"><script>alert(3)</script>'
MONDAY = date(2026, 1, 5)  # weeks of 5, 12, 19 and 26 January 2026
# Eight pairs: the chart names the top six and stacks the last two as "other".

# (pair, week index, call day offset, number of articles reporting that same call)
CALLS = [
    (("Vladimir Putin", "Xi Jinping"), 0, 1, 3),
    (("Vladimir Putin", "Xi Jinping"), 2, 3, 1),
    (("Donald Trump", "Xi Jinping"), 0, 2, 1),
    (("Donald Trump", "Xi Jinping"), 1, 2, 2),
    (("Donald Trump", "Xi Jinping"), 3, 0, 1),
    (("Emmanuel Macron", "Volodymyr Zelensky"), 1, 4, 1),
    (("Keir Starmer", "Narendra Modi"), 2, 1, 1),
    (("Olaf Scholz", "Recep Tayyip Erdogan"), 3, 2, 1),
    (("Fumio Kishida", "Yoon Suk Yeol"), 3, 3, 1),
    (("Anthony Albanese", "Luiz Inacio Lula da Silva"), 1, 0, 1),
    (("Narendra Modi", "Vladimir Putin"), 0, 4, 1),
]
# (speaker, issue, week index, negated)
REDLINES = [
    ("China", "Taiwan", 0, False), ("China", "Taiwan", 1, False), ("Xi Jinping", "Taiwan", 2, False),
    ("Russia", "NATO enlargement", 0, False), ("Russia", "NATO enlargement", 2, False),
    ("Vladimir Putin", "Ukraine", 3, False), ("United States", "Iran nuclear programme", 1, False),
    ("China", "Taiwan", 3, True),  # "not a red line": shown in the table, left out of the charts
]
FEEDS = ["meridian", "harbour-post", HOSTILE_FEED]


def _at(day: date, hour: int = 6) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def build_warehouse(path: str) -> dict:
    """Write the known rows to a new warehouse at path; return the figures the report should show."""
    con = connect(path)
    arts, calls, reds, fetches = [], [], [], []
    n = 0

    def article(day: date, feed: str, title: str, **over) -> dict:
        nonlocal n
        n += 1
        host = feed.split('"')[0]
        url = f"https://{host}.example/story/{n}"
        row = {
            "article_id": load.article_id_for(url), "url": url, "canonical_url": url, "feed": feed,
            "source": feed.title(), "title": title, "author": None, "published_at": _at(day), "fetched_at": _at(day, 7),
            "language": "en", "text": f"Text {n}.", "text_hash": f"h{n}", "run_id": "r1", "detector_version": "t",
        }
        row.update(over)
        arts.append(row)
        return row

    for i, (pair, week, offset, reports) in enumerate(CALLS):
        day = MONDAY + timedelta(weeks=week, days=offset)
        for k in range(reports):
            title = HOSTILE_TITLE if i == 0 and k == 0 else f"{pair[0]} and {pair[1]} speak"
            a = article(day, FEEDS[k % len(FEEDS)], title)
            calls.append({
                "mention_id": f"{a['article_id']}:c0", "article_id": a["article_id"], "participants": list(pair),
                "mode": "phone", "status": "held", "call_date": day, "date_precision": "day",
                "evidence": f"{pair[0]} spoke by phone with {pair[1]}.", "start_offset": 0, "end_offset": 10,
                "confidence": 0.9, "detector_version": "t",
            })
    # A near-duplicate of the first article: its mention must not be counted again anywhere.
    first = arts[0]
    dup = article(MONDAY + timedelta(days=1), "meridian", "Copy", duplicate_of=first["article_id"])
    calls.append({**calls[0], "mention_id": f"{dup['article_id']}:c0", "article_id": dup["article_id"]})
    # A planned call: listed in the table, not drawn as a held call.
    planned = article(MONDAY + timedelta(weeks=3, days=4), "meridian", "A call is planned")
    calls.append({**calls[-1], "mention_id": f"{planned['article_id']}:c0", "article_id": planned["article_id"],
                  "participants": ["Narendra Modi", "Xi Jinping"], "status": "planned", "call_date": None,
                  "date_precision": None, "evidence": "Modi will call Xi next week."})
    for j, (speaker, issue, week, negated) in enumerate(REDLINES):
        a = article(MONDAY + timedelta(weeks=week, days=2), FEEDS[j % 2], f"Red line story {j}")
        evidence = HOSTILE_EVIDENCE if j == 0 else f"{speaker} said {issue} is a red line."
        reds.append({
            "mention_id": f"{a['article_id']}:r0", "article_id": a["article_id"], "phrase": "red line",
            "category": "explicit_red_line", "speaker": speaker, "issue": issue, "negated": negated,
            "evidence": evidence, "start_offset": 0, "end_offset": 10, "confidence": 0.8, "detector_version": "t",
        })
    for d in range(28):
        day = MONDAY + timedelta(days=d)
        for feed in FEEDS[:2]:
            outcome = "timeout" if feed == "harbour-post" and d in (9, 10) else "ok"
            fetches.append({"run_id": f"r{d}", "started_at": _at(day, 2), "feed": feed, "url": f"https://{feed}.example/rss",
                            "kind": "feed", "http_status": None if outcome == "timeout" else 200, "outcome": outcome,
                            "error": "read timed out" if outcome == "timeout" else None, "bytes": 100, "elapsed_ms": 5.0})
    load.load_batch(con, fetches, arts, calls, reds)
    load.save_feed_states(con, [{
        "name": HOSTILE_FEED, "url": "https://wire.example/rss", "last_outcome": "http_503",
        "last_error": "<b>Service Unavailable</b>", "consecutive_failures": 3, "failing_since": _at(MONDAY + timedelta(days=25)),
    }])
    con.close()
    return {
        "articles": len(arts) - 1, "held_calls": len(CALLS), "pairs": len({c[0] for c in CALLS}),
        "weeks": 4, "redlines_charted": sum(1 for r in REDLINES if not r[3]),
        "speakers": {s for s, _, _, neg in REDLINES if not neg},
    }
