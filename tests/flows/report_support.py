"""A warehouse with known rows for the report tests: four weeks, eight leader pairs, hostile titles."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

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


class Page(HTMLParser):
    """Elements (tag, attrs, enclosing svg id) and the page's text, as a browser would read them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], str | None]] = []
        self.text: list[str] = []
        self._svg: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "svg":
            self._svg = a.get("id")
        self.elements.append((tag, a, self._svg))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg = None

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, cls: str | None = None, chart: str | None = None) -> list[dict[str, str]]:
        """Attributes of every matching element."""
        return [
            a for t, a, svg in self.elements
            if t == tag and (cls is None or cls in a.get("class", "").split()) and (chart is None or svg == chart)
        ]

    def all_text(self) -> str:
        return "".join(self.text)


def check_report_page(page: Page) -> None:
    """What every rendering of the known warehouse must show (shared with the browser test)."""
    # Calls: one bar segment per pair and week, each call once however many articles report it.
    bars = page.find("rect", "bar", "chart-calls")
    assert sum(int(b["data-value"]) for b in bars) == len(CALLS)
    per_week = Counter(MONDAY.toordinal() + 7 * week for _, week, _, _ in CALLS)
    labels = page.find("text", "data-label", "chart-calls")
    assert len(labels) == len(per_week)
    shown: Counter = Counter()
    for b in bars:
        shown[date.fromisoformat(b["data-week"]).toordinal()] += int(b["data-value"])
    assert shown == per_week
    putin_xi = [b for b in bars if b["data-series"] == "Vladimir Putin – Xi Jinping"]
    assert [int(b["data-value"]) for b in putin_xi] == [1, 1]  # 3 reports + a near-duplicate = 1 call
    series = {b["data-series"] for b in bars}
    assert len(series) == 7 and "other" in series and "Donald Trump – Xi Jinping" in series
    assert sum(int(b["data-value"]) for b in bars if b["data-series"] == "other") == 2
    # Red lines by issue: negated statements left out.
    red = page.find("rect", "bar", "chart-redlines")
    assert sum(int(b["data-value"]) for b in red) == sum(1 for r in REDLINES if not r[3])
    taiwan = sum(int(b["data-value"]) for b in red if b["data-series"] == "Taiwan")
    assert taiwan == sum(1 for r in REDLINES if r[1] == "Taiwan" and not r[3])
    # Speakers: one bar each, largest first.
    speakers = page.find("rect", "bar", "chart-speakers")
    expected = Counter(s for s, _, _, neg in REDLINES if not neg)
    assert {b["data-series"]: int(b["data-value"]) for b in speakers} == dict(expected)
    values = [int(b["data-value"]) for b in speakers]
    assert values == sorted(values, reverse=True)
    # Source activity: 28 days x 3 feeds, failures marked where the feed timed out.
    cells = page.find("rect", "cell", "chart-activity")
    assert len(cells) == 28 * 3
    failed = {(c["data-feed"], c["data-day"]) for c in cells if c["data-failures"] != "0"}
    assert failed == {("harbour-post", "2026-01-14"), ("harbour-post", "2026-01-15")}
    assert len(page.find("path", "fail-mark", "chart-activity")) == 2
    assert {c["data-feed"] for c in cells} == {"meridian", "harbour-post", HOSTILE_FEED}
    # Tables and text from feeds and pages shown as text.
    assert len(page.find("tr", "call-row")) == sum(c[3] for c in CALLS) + 1
    assert len(page.find("tr", "redline-row")) == len(REDLINES)
    text = page.all_text()
    assert HOSTILE_TITLE in text and HOSTILE_EVIDENCE in text and HOSTILE_FEED in text
    assert "<b>Service Unavailable</b>" in text
    assert not page.find("script") and not page.find("img") and not page.find("b")
