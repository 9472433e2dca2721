"""Assemble the report: one self-contained HTML page (inline CSS and SVG, no script, no remote resource)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from flows.report import svg
from flows.report.data import ReportData, as_date, week_range
from flows.report.svg import esc

# Defence in depth: even if some text slipped through unescaped, the browser runs no script and
# loads nothing from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
TOP_SERIES = 6
MAX_COLUMNS = 53  # weeks in the activity grid
CSS = """
:root{--ink:#1b2733;--muted:#5b6773;--line:#d9dee3;--bg:#f6f7f9;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 24px 48px}
header h1{margin:0 0 4px;font-size:26px;letter-spacing:-.01em}
header h1 span{color:var(--accent)}
.summary{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 6px;padding:0;list-style:none}
.summary li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
.summary strong{display:block;font-size:22px}
.summary small,.meta,.note{color:var(--muted)}
.meta{margin:6px 0 0;font-size:13px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin-top:20px}
section h2{margin:0 0 2px;font-size:18px}
section .note{margin:0 0 12px;font-size:13px}
svg.chart{display:block;width:100%;height:auto;max-width:100%}
svg .grid{stroke:#e8ebee}svg .axis{stroke:#8a949e}
svg .tick{font-size:11px;fill:#5b6773}svg .axis-title{font-size:12px;fill:#5b6773}
svg .label{font-size:13px;fill:#1b2733}svg .data-label{font-size:12px;font-weight:600;fill:#1b2733}
svg .cell-label{font-size:11px;font-weight:600}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;margin:10px 0 0;padding:0;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.fail-key{display:inline-block;width:0;height:0;border-top:10px solid #D55E00;border-left:10px solid transparent;margin-right:6px}
.empty{margin:6px 0;padding:18px;border:1px dashed var(--line);border-radius:8px;color:var(--muted);text-align:center}
table{width:100%;border-collapse:collapse;font-size:13.5px}
th{text-align:left;font-weight:600;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid #edf0f2;padding:7px 8px;vertical-align:top}
td.nowrap{white-space:nowrap}
td.evidence{max-width:420px}
td.article{min-width:190px}
mark{background:#fdeccf;color:inherit;padding:0 2px;border-radius:2px}
a{color:#005a8c}
.tag{display:inline-block;font-size:11.5px;border:1px solid var(--line);border-radius:10px;padding:0 7px;white-space:nowrap}
.tag.neg{border-color:#D55E00;color:#a13f00}
footer{margin-top:24px;font-size:12px;color:var(--muted)}
"""


def _top_series(rows: list[tuple[date, str, int]], n: int = TOP_SERIES) -> tuple[list[str], dict[str, Counter]]:
    """The n largest series by total (ties by name) plus "other" for the rest, with weekly counts."""
    totals: Counter = Counter()
    latest: dict[str, date] = {}
    for week, name, count in rows:
        totals[name] += count
        latest[name] = max(latest.get(name, as_date(week)), as_date(week))
    # Busiest first; among equals the most recent, so a quiet period still names this week's pairs.
    ranked = sorted(totals, key=lambda k: (-totals[k], -latest[k].toordinal(), k))
    # One leftover series is shown by name: an "other" of one hides its name for nothing.
    keep = ranked if len(ranked) <= n + 1 else ranked[:n]
    weekly: dict[str, Counter] = defaultdict(Counter)
    for week, name, count in rows:
        weekly[name if name in keep else "other"][as_date(week)] += count
    names = keep + (["other"] if len(ranked) > len(keep) else [])
    return names, weekly


def _weekly_chart(chart_id: str, rows: list[tuple[date, str, int]], data: ReportData, unit: str, empty: str) -> str:
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    names, weekly = _top_series(rows)
    first = min(as_date(r[0]) for r in rows)
    last = max(as_date(r[0]) for r in rows)
    if data.since:
        first = min(first, data.since)
    weeks = week_range(first, last)
    series = [(name, [weekly[name][w] for w in weeks]) for name in names]
    return svg.stacked_bars(chart_id, weeks, series, unit) + svg.legend(names)


def _activity(data: ReportData) -> str:
    if not data.activity:
        return '<p class="empty">No fetches or articles in this period.</p>'
    days = [c.day for c in data.activity]
    first, last = min(days), max(days)
    by_week = (last - first).days > 35  # a grid of days gets unreadable past five weeks
    columns = week_range(first, last) if by_week else [first + timedelta(d) for d in range((last - first).days + 1)]
    unit = "week" if by_week else "day"
    # Past a year of weeks the cells get too thin to read: show the latest year, where the trouble is.
    dropped = max(0, len(columns) - MAX_COLUMNS)
    columns = columns[dropped:]
    sums: dict[tuple[str, date], list] = defaultdict(lambda: [0, 0, 0, Counter()])
    for c in data.activity:
        col = c.day - timedelta(days=c.day.weekday()) if by_week else c.day
        cell = sums[(c.feed, col)]
        cell[0] += c.articles
        cell[1] += c.attempts
        cell[2] += c.failures
        cell[3].update(c.outcomes)
    cells = {k: (a, t, f, ", ".join(f"{o} ×{n}" for o, n in why.most_common())) for k, (a, t, f, why) in sums.items()}
    feeds = sorted({c.feed for c in data.activity})
    key = (
        '<ul class="legend"><li><span class="swatch" style="background:#0072B2"></span>darker = more articles kept '
        '(number in the cell)</li><li><span class="fail-key"></span>some fetches failed (hover for the outcomes)</li></ul>'
    )
    note = f'<p class="note">Latest {len(columns)} weeks shown; {dropped} earlier weeks left out.</p>' if dropped else ""
    return svg.activity_grid("chart-activity", feeds, columns, cells, unit) + key + note + _feed_health(data)


def _feed_health(data: ReportData) -> str:
    if not data.feed_health:
        return '<p class="note">Every feed answered on its last attempt.</p>' if data.feeds_known else ""
    rows = []
    for name, outcome, error, streak, since, ok_at in data.feed_health:
        rows.append(
            f"<tr><td>{esc(name)}</td><td>{esc(outcome)}</td><td>{esc(error)}</td><td>{esc(streak)}</td>"
            f'<td class="nowrap">{esc(_day(since))}</td><td class="nowrap">{esc(_day(ok_at) or "never")}</td></tr>'
        )
    return (
        '<h3 style="font-size:15px;margin:16px 0 6px">Feeds failing now</h3><table class="feed-health"><thead><tr>'
        "<th>feed</th><th>last outcome</th><th>last error</th><th>nights failing</th><th>since</th><th>last ok</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _day(value: object) -> str:
    d = as_date(value) if isinstance(value, (date, datetime)) else None
    return d.isoformat() if d else ""


def _link(title: object, url: object, source: object) -> str:
    """The article's title linked to its URL: http(s) only, anything else is shown as plain text."""
    text = esc(title or url or "(untitled)")
    src = f'<br><small class="note">{esc(source)}</small>' if source else ""
    if isinstance(url, str) and urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{text}</a>{src}'
    return text + src


def _highlight(evidence: str, phrase: str | None) -> str:
    """Evidence escaped, with the red-line phrase marked where it occurs (case-insensitive)."""
    if not phrase:
        return esc(evidence)
    m = re.search(re.escape(phrase), evidence, flags=re.IGNORECASE)
    if not m:
        return esc(evidence)
    return f"{esc(evidence[:m.start()])}<mark>{esc(m.group(0))}</mark>{esc(evidence[m.end():])}"


def _calls_table(data: ReportData) -> str:
    if not data.latest_calls:
        return '<p class="empty">No calls in this period.</p>'
    rows = []
    for c in data.latest_calls:
        approx = "" if c["date_precision"] in (None, "day") else f" <small class='note'>({esc(c['date_precision'])})</small>"
        rows.append(
            f'<tr class="call-row"><td class="nowrap">{esc(_day(c["day"]))}{approx}</td>'
            f'<td>{esc(" – ".join(c["participants"] or []))}</td>'
            f'<td class="nowrap"><span class="tag">{esc(c["mode"])}</span> <span class="tag">{esc(c["status"])}</span></td>'
            f'<td class="evidence">{esc(c["evidence"])}</td><td class="article">{_link(c["title"], c["url"], c["source"])}</td></tr>'
        )
    return (
        "<table class='calls'><thead><tr><th>date</th><th>leaders</th><th>mode, status</th><th>evidence</th>"
        f"<th>article</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _redlines_table(data: ReportData) -> str:
    if not data.latest_redlines:
        return '<p class="empty">No red lines in this period.</p>'
    rows = []
    for r in data.latest_redlines:
        neg = ' <span class="tag neg">negated</span>' if r["negated"] else ""
        rows.append(
            f'<tr class="redline-row"><td class="nowrap">{esc(_day(r["day"]))}</td><td>{esc(r["speaker"] or "—")}</td>'
            f'<td>{esc(r["issue"] or "—")}</td><td><span class="tag">{esc((r["category"] or "").replace("_", " "))}</span>{neg}</td>'
            f'<td class="evidence">{_highlight(r["evidence"], r["phrase"])}</td>'
            f'<td class="article">{_link(r["title"], r["url"], r["source"])}</td></tr>'
        )
    return (
        "<table class='redlines'><thead><tr><th>date</th><th>speaker</th><th>issue</th><th>category</th>"
        f"<th>evidence</th><th>article</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _summary(data: ReportData) -> str:
    span = f"{_day(data.first_day)} → {_day(data.last_day)}" if data.first_day else "no articles yet"
    items = [
        ("articles", data.articles), ("call mentions", data.call_mentions),
        ("red-line mentions", data.redline_mentions), ("sources", data.sources),
    ]
    cards = "".join(
        f'<li data-metric="{esc(label)}" data-value="{n}"><strong>{n:,}</strong><small>{esc(label)}</small></li>'
        for label, n in items
    )
    cards += f"<li><strong style='font-size:16px;padding-top:5px'>{esc(span)}</strong><small>article dates</small></li>"
    return f'<ul class="summary">{cards}</ul>'


def _section(sid: str, title: str, note: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{esc(title)}</h2><p class="note">{esc(note)}</p>{body}</section>'


def render_report(data: ReportData, db_label: str, generated_at: datetime | None = None) -> str:
    """The whole page as a string."""
    now = (generated_at or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    scope = f"since {data.since.isoformat()}" if data.since else "all dates"
    run = ""
    if data.last_run:
        run_id, started, _finished, status = data.last_run
        run = f" · last night {esc(run_id)} started {esc(_day(started))}: {esc(status)}"
    dupes = f" · {data.duplicates:,} near-duplicate articles counted once" if data.duplicates else ""
    body = [
        f'<header><h1><span>diplowatch</span> report</h1><p class="meta">{esc(scope)} · warehouse {esc(db_label)}'
        f"{run}{dupes}</p>{_summary(data)}</header>",
        _section("calls", "Leader calls per week, by pair",
                 "Held calls; one call = one pair on one date, however many articles report it. "
                 f"Top {TOP_SERIES} pairs, the rest as “other”.",
                 _weekly_chart("chart-calls", data.calls_weekly, data, "calls", "No calls in this period.")),
        _section("redlines", "Red lines per week, by issue",
                 "Red-line statements (negated ones left out), by the week the article appeared.",
                 _weekly_chart("chart-redlines", data.redlines_weekly, data, "red lines",
                               "No red lines in this period.")),
        _section("speakers", "Who draws red lines", "Red-line statements per speaker, most frequent first.",
                 svg.horizontal_bars("chart-speakers", data.speakers, "red lines") if data.speakers
                 else '<p class="empty">No speakers in this period.</p>'),
        _section("sources", "Source activity and failures",
                 "Articles kept per feed per day (per week over longer periods), and fetch attempts that failed.",
                 _activity(data)),
        _section("latest-calls", "Latest calls", "Newest first, with the sentence they were found in.",
                 _calls_table(data)),
        _section("latest-redlines", "Latest red lines", "Newest first; the red-line phrase is highlighted.",
                 _redlines_table(data)),
        f"<footer>Generated {esc(now)} by <code>diplowatch report</code>. Static page: no scripts, "
        "nothing loaded from the network.</footer>",
    ]
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>diplowatch report · {esc(scope)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
