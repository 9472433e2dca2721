"""Time every view and named query on a big synthetic warehouse (1M call + 1M red-line mentions, 2 years, 200 sources).

    .venv/bin/python benchmarks/bench_warehouse.py [--db PATH] [--mentions N] [--keep]

The warehouse is filled with set-based SQL over range() (pseudo-random but deterministic: hash of the
row number), call events are rebuilt, and each view (select *) and named query (with sample
parameters) is run three times; the median is reported and checked against the 0.5 s budget.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse.db import _sql_files, connect  # noqa: E402
from warehouse.events import rebuild_calls  # noqa: E402
from warehouse.queries import named_queries, open_read_only  # noqa: E402
from warehouse.queries import run as run_sql  # noqa: E402

BUDGET_S = 0.5
DAYS = 730
SOURCES = 200
LEADERS = [f"Leader {i:02d}" for i in range(60)]
ISSUES = ["Taiwan", "Ukraine", "South China Sea", "Korean Peninsula", "Iran nuclear", "Gaza", "NATO enlargement",
          "Arctic", "trade", "sanctions"]
SAMPLES = {"leader": "Leader 07", "a": "Leader 07", "b": "Leader 11", "issue": "Taiwan", "since": "2025-06-01"}


def fill(db: str, mentions: int) -> dict[str, int]:
    """Fill a fresh warehouse with `mentions` call mentions and as many red-line mentions."""
    con = connect(db)
    n_articles = mentions // 2  # two call and two red-line mentions per article on average
    params = {"n": n_articles, "m": mentions, "days": DAYS, "sources": SOURCES, "leaders": LEADERS, "issues": ISSUES}
    con.execute("create temp table p as select $n as n, $m as m, $days as days, $sources as sources,"
                " $leaders as leaders, $issues as issues", params)
    con.execute("""
        insert into runs (run_id, started_at, finished_at, status, feeds_total, feeds_ok, feeds_failed, entries,
                          new_articles, article_failures, call_mentions, redline_mentions)
        select 'r' || d, timestamptz '2024-01-01 03:00+00' + to_days(d::int),
               timestamptz '2024-01-01 03:20+00' + to_days(d::int), 'completed', 200, 195, 5, 4000,
               (select n from p) // (select days from p), 3, 0, 0
        from range((select days from p)) t(d)""")
    con.execute("""
        insert into feeds (name, url, last_status, last_outcome, last_error, consecutive_failures, failing_since)
        select 'source' || s, 'https://source' || s || '.example/feed',
               case when s % 40 = 0 then 503 else 200 end,
               case when s % 40 = 0 then 'http_503' else 'ok' end,
               case when s % 40 = 0 then 'Service Unavailable' end,
               case when s % 40 = 0 then 4 + s // 40 else 0 end,
               case when s % 40 = 0 then timestamptz '2025-12-20 03:00+00' end
        from range((select sources from p)) t(s)""")
    con.execute("""
        insert into articles (article_id, url, canonical_url, feed, source, title, published_at, fetched_at,
                              language, text, text_hash, duplicate_of, run_id, detector_version)
        select 'a' || i, 'https://source' || (i % 200) || '.example/a/' || i,
               'https://source' || (i % 200) || '.example/a/' || i, 'source' || (i % 200), 'Source ' || (i % 200),
               'Story ' || i,
               timestamptz '2024-01-01 00:00+00' + to_seconds((i * (select days from p) * 86400 // (select n from p))::bigint),
               timestamptz '2024-01-01 03:00+00' + to_days((i * (select days from p) // (select n from p))::int),
               'en', 'text ' || i, 'h' || i,
               case when hash(i, 'dup') % 20 = 0 and i > 0 then 'a' || (i - 1) end,
               'r' || (i * (select days from p) // (select n from p)), '1.0.0'
        from range((select n from p)) t(i)""")
    con.execute("""
        insert into fetches
        select r.run_id, r.started_at, 'source' || s, 'https://source' || s || '.example/feed', 'feed',
               case when s % 40 = 0 then 503 else 200 end, case when s % 40 = 0 then 'http_503' else 'ok' end,
               null, 20000, 35.0
        from runs r, range((select sources from p)) t(s)""")
    con.execute("""
        insert into fetches
        select run_id, fetched_at, feed, url, 'article', 200, 'ok', null, 60000, 120.0 from articles""")
    # Call mentions: articles report calls between pairs of 60 leaders, several articles per call.
    con.execute("""
        insert into call_mentions (mention_id, article_id, participants, mode, status, call_date, date_precision,
                                   evidence, start_offset, end_offset, confidence, detector_version)
        with m as (
            select i, 'a' || (i // 2) as article_id,
                   (select leaders from p)[1 + (hash(i // 6, 'x') % 60)::bigint] as x,
                   (select leaders from p)[1 + (hash(i // 6, 'y') % 60)::bigint] as y,
                   (i // 2) * (select days from p) // (select n from p) as day
            from range((select m from p)) t(i)
        )
        select article_id || ':c' || (i % 2), article_id,
               case when x = y then [x, (select leaders from p)[1 + ((hash(i // 6, 'y') + 1) % 60)::bigint]]
                    else list_sort([x, y]) end,
               ['phone', 'video', 'in_person', 'unspecified'][1 + (hash(i // 6, 'mode') % 4)::bigint],
               case when hash(i, 's') % 10 = 0 then 'planned' else 'held' end,
               cast(date '2024-01-01' + to_days(day::int - (hash(i, 'd') % 2)::int) as date),
               case when hash(i, 'p') % 8 = 0 then 'week' else 'day' end,
               'They spoke.', 0, 11, 0.9, '1.0.0'
        from m""")
    con.execute("""
        insert into redline_mentions (mention_id, article_id, phrase, category, speaker, issue, negated, evidence,
                                      start_offset, end_offset, confidence, detector_version)
        select 'a' || (i // 2) || ':r' || (i % 2), 'a' || (i // 2), 'red line',
               ['explicit_red_line', 'bottom_line', 'core_interest', 'warning_of_consequences'][1 + (hash(i, 'c') % 4)::bigint],
               (select leaders from p)[1 + (hash(i, 'sp') % 60)::bigint], (select issues from p)[1 + (hash(i, 'is') % 10)::bigint],
               hash(i, 'neg') % 12 = 0, 'A red line.', 0, 11, 0.9, '1.0.0'
        from range((select m from p)) t(i)""")
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("articles", "call_mentions", "redline_mentions", "fetches", "runs", "feeds")}
    started = time.perf_counter()
    counts["calls"] = rebuild_calls(con)
    counts["rebuild_calls_s"] = round(time.perf_counter() - started, 2)
    con.execute("checkpoint")
    con.close()
    return counts


def median_time(con, sql: str, params: dict | None) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(3):
        started = time.perf_counter()
        rows = run_sql(con, sql, params).num_rows
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def main(argv: list[str] | None = None) -> int:
    """Fill, time, print the table; exit 1 when anything is over budget."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="warehouse file to create (default: a temporary file)")
    ap.add_argument("--mentions", type=int, default=1_000_000, help="call mentions (and as many red-line mentions)")
    args = ap.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="bench-warehouse-")
    db = args.db or str(Path(folder) / "bench.duckdb")
    started = time.perf_counter()
    counts = fill(db, args.mentions)
    print(f"filled {db} in {time.perf_counter() - started:.1f}s: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    con = open_read_only(db)
    # The busiest pair, so pair_timeline has rows to return.
    pair = con.execute("select participants from calls group by all order by count(*) desc, 1 limit 1").fetchone()[0]
    samples = dict(SAMPLES, a=pair[0], b=pair[1])
    results = []
    for name, _ in _sql_files("views"):
        view = name.removesuffix(".sql")
        results.append(("view", view, *median_time(con, f"select * from {view}", None)))
    for q in named_queries().values():
        given = {p.name: samples[p.name] for p in q.params if p.name in samples}
        results.append(("query", q.name, *median_time(con, q.sql, q.bind(given))))
    con.close()
    print(f"\n{'kind':<6} {'name':<28} {'rows':>8} {'median s':>9}")
    for kind, name, seconds, rows in results:
        flag = "" if seconds < BUDGET_S else "  OVER BUDGET"
        print(f"{kind:<6} {name:<28} {rows:>8} {seconds:>9.3f}{flag}")
    slowest = max(r[2] for r in results)
    print(f"\nslowest {slowest:.3f}s (budget {BUDGET_S}s)")
    return 0 if slowest < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
