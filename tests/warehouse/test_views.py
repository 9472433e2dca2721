"""Trend views: re-created from warehouse/views/*.sql on every open, copies counted once."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb

from warehouse.db import _sql_files, connect

sys.path.insert(0, str(Path(__file__).parent))
from wh_support import MACRON, PUTIN, TRUMP, XI, seed  # noqa: E402

REQUIRED = {"calls_by_pair_weekly", "calls_by_leader_monthly", "redlines_by_issue_weekly",
            "redlines_by_speaker_issue", "source_activity_daily", "run_health", "failing_feeds"}


def test_one_view_per_file_all_present(db_path):
    con = connect(db_path)
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    con.close()
    files = {name.removesuffix(".sql") for name, _ in _sql_files("views")}
    assert REQUIRED <= views
    assert files == views


def test_views_are_recreated_on_open(db_path):
    con = connect(db_path)
    con.execute("drop view run_health")
    con.close()
    con = connect(db_path)
    assert con.execute("select count(*) from run_health").fetchone()[0] == 0
    con.close()


def test_calls_by_pair_weekly(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        rows = con.execute("select week, leader_a, leader_b, calls, held, video, in_person, articles"
                           " from calls_by_pair_weekly order by week, leader_a").fetchall()
    assert rows == [
        (date(2025, 12, 29), PUTIN, XI, 1, 1, 1, 0, 3),
        (date(2026, 1, 12), TRUMP, MACRON, 1, 1, 0, 0, 2),
        (date(2026, 1, 12), PUTIN, XI, 1, 1, 0, 1, 1),
    ]


def test_calls_by_leader_monthly(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        rows = con.execute("select leader, calls, in_person, counterparts from calls_by_leader_monthly order by 1").fetchall()
    assert rows == [(TRUMP, 1, 0, 1), (MACRON, 1, 0, 1), (PUTIN, 2, 1, 1), (XI, 2, 1, 1)]


def test_redline_views_count_copies_once(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        weekly = con.execute("select week, issue, mentions, negated, sources from redlines_by_issue_weekly"
                             " order by week").fetchall()
        speakers = con.execute("select speaker, issue, mentions, negated from redlines_by_speaker_issue order by 1").fetchall()
    # Three Taiwan mentions stored, one in a wire copy: two count.
    assert weekly == [(date(2026, 1, 5), "Taiwan", 2, 0, 2), (date(2026, 1, 12), "Ukraine", 1, 0, 1),
                      (date(2026, 1, 19), "Ukraine", 1, 1, 1)]
    assert speakers == [("China", "Taiwan", 2, 0), ("Russia", "Ukraine", 2, 1)]


def test_source_activity_daily(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        rows = con.execute("select source, articles, duplicates, call_mentions, fetches, failures"
                           " from source_activity_daily where day = date '2026-01-05' order by source").fetchall()
    assert rows == [("atlantic", 0, 1, 0, 0, 0), ("harbor", 1, 0, 1, 1, 1), ("meridian", 1, 0, 1, 1, 0)]


def test_run_health_and_failing_feeds(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        runs = con.execute("select run_id, status, feeds_ok, feeds_failed, new_articles, new_duplicates, failed_fetches,"
                           " outcome_counts from run_health order by run_id").fetchall()
        failing = con.execute("select name, consecutive_failures, last_error, failing_since from failing_feeds").fetchall()
    assert runs[0] == ("r1", "completed", 2, 1, 7, 1, 1, {"http_503": 1, "ok": 1})
    assert runs[1][:7] == ("r2", "completed", 2, 1, 0, 0, 0)
    assert [f[:3] for f in failing] == [("harbor", 4, "Service Unavailable")]
    assert failing[0][3].date() == date(2026, 1, 2)
