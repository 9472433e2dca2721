"""Migrations and bulk loads on real DuckDB files: atomic, idempotent, nothing stored twice."""

from __future__ import annotations

from datetime import date, datetime, timezone

import duckdb
import pytest

from warehouse import load
from warehouse.db import connect, migrations

NOW = datetime(2026, 2, 6, 3, 0, tzinfo=timezone.utc)


def article(n: int, **over) -> dict:
    url = f"https://meridian.example/a/{n}"
    row = {
        "article_id": load.article_id_for(url), "url": url + "?utm_source=rss", "canonical_url": url,
        "feed": "meridian", "source": "Meridian", "title": f"Story {n}", "author": "A. Writer",
        "published_at": NOW, "fetched_at": NOW, "language": "en", "text": f"Text of story {n}.",
        "text_hash": f"h{n}", "run_id": "r1", "detector_version": "t",
    }
    row.update(over)
    return row


def call(article_id: str, i: int = 0) -> dict:
    return {
        "mention_id": f"{article_id}:c{i}", "article_id": article_id, "participants": ["Vladimir Putin", "Xi Jinping"],
        "mode": "video", "status": "held", "call_date": date(2026, 2, 4), "date_precision": "day",
        "evidence": "Xi held a video call with Putin.", "start_offset": 0, "end_offset": 31, "confidence": 0.9,
        "detector_version": "t",
    }


def redline(article_id: str) -> dict:
    return {
        "mention_id": f"{article_id}:r0", "article_id": article_id, "phrase": "red line", "category": "explicit_red_line",
        "speaker": "China", "issue": "Taiwan", "negated": False, "evidence": "Taiwan is a red line.",
        "start_offset": 0, "end_offset": 21, "confidence": 0.9, "detector_version": "t",
    }


def counts(con) -> tuple[int, int, int]:
    return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "call_mentions", "redline_mentions"))


def test_migrations_recorded_once(db_path):
    con = connect(db_path)
    versions = [r[0] for r in con.execute("select version from schema_migrations order by 1").fetchall()]
    assert versions == [v for v, _, _ in migrations()]
    con.close()
    con = connect(db_path)  # re-opening applies nothing again
    assert con.execute("select count(*) from schema_migrations").fetchone()[0] == len(versions)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {"runs", "fetches", "feeds", "articles", "call_mentions", "redline_mentions"} <= tables
    con.close()


def test_load_batch_is_idempotent(db_path):
    con = connect(db_path)
    arts = [article(1), article(2)]
    calls = [call(arts[0]["article_id"])]
    reds = [redline(arts[1]["article_id"])]
    assert load.load_batch(con, [], arts, calls, reds) == 2
    assert counts(con) == (2, 1, 1)
    assert load.load_batch(con, [], arts, calls, reds) == 0
    assert counts(con) == (2, 1, 1)
    row = con.execute("select participants, call_date from call_mentions").fetchone()
    assert row == (["Vladimir Putin", "Xi Jinping"], date(2026, 2, 4))
    con.close()


def test_same_article_twice_in_one_batch(db_path):
    con = connect(db_path)
    a = article(3)
    dup = dict(a, url="https://mirror.example/3", feed="mirror")
    assert load.load_batch(con, [], [a, dup], [call(a["article_id"])], []) == 1
    assert counts(con) == (1, 1, 0)
    con.close()


def test_failed_batch_leaves_nothing(db_path):
    con = connect(db_path)
    a = article(4)
    bad = dict(call(a["article_id"]), mode=None)  # violates NOT NULL: the whole batch must roll back
    with pytest.raises(duckdb.Error):
        load.load_batch(con, [], [a], [bad], [])
    assert counts(con) == (0, 0, 0)
    con.close()


def test_known_urls_by_listed_and_canonical(db_path):
    con = connect(db_path)
    a = article(5)
    load.load_batch(con, [], [a], [], [])
    probe = [a["url"], a["canonical_url"], "https://other.example/x"]
    assert load.known_urls(con, probe) == {a["url"], a["canonical_url"]}
    con.close()


def test_runs_and_fetches(db_path):
    con = connect(db_path)
    load.start_run(con, "r1", NOW, "test.toml", "t")
    load.load_fetches(con, [{
        "run_id": "r1", "started_at": NOW, "feed": "meridian", "url": "https://m.example/feed", "kind": "feed",
        "http_status": 200, "outcome": "ok", "error": None, "bytes": 1234, "elapsed_ms": 12.5,
    }])
    load.finish_run(con, "r1", {"finished_at": NOW, "status": "completed", "new_articles": 3,
                                "outcome_counts": {"ok": 4, "http_404": 1}, "stage_seconds": {"feeds": 0.5}})
    status, new, outcomes, stages = con.execute(
        "select status, new_articles, outcome_counts, stage_seconds from runs").fetchone()
    assert (status, new) == ("completed", 3)
    assert dict(outcomes) == {"ok": 4, "http_404": 1}
    assert dict(stages) == {"feeds": 0.5}
    assert con.execute("select outcome, bytes from fetches").fetchall() == [("ok", 1234)]
    con.close()


def test_read_only_refuses_missing_file(tmp_path):
    from warehouse.errors import WarehouseError

    with pytest.raises(WarehouseError, match="no warehouse here"):
        connect(tmp_path / "absent.duckdb", read_only=True)


def test_settle_duplicates_makes_the_earliest_published_the_original(db_path):
    from datetime import timedelta

    con = connect(db_path)
    early, late, other = article(10), article(11), article(12)
    early["published_at"] = NOW - timedelta(days=1)
    # The late copy was seen first tonight, so the night linked the earlier story to it.
    late["duplicate_of"] = None
    early["duplicate_of"] = late["article_id"]
    load.load_batch(con, [], [late, early, other], [], [])
    assert load.settle_duplicates(con, "r1") == 2
    links = dict(con.execute("select article_id, duplicate_of from articles").fetchall())
    assert links == {early["article_id"]: None, late["article_id"]: early["article_id"], other["article_id"]: None}
    assert load.settle_duplicates(con, "r1") == 0
    con.close()
