"""Crash safety with real processes: nights SIGKILLed at several points, then a night that completes the work.

After every kill the warehouse must open, hold no article without its detection results, and the
next night must end with exactly what a clean night stores. The dead nights' `runs` rows are marked
'abandoned' by the next night.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest

from flows.demo.server import CORPUS
from warehouse.db import connect

sys.path.insert(0, str(Path(__file__).parent.parent / "warehouse"))
from night_support import Site, detection_mismatches, kill_night, night_env, start_night, wait_until  # noqa: E402

pytestmark = pytest.mark.slow


def snapshot(db: str) -> dict:
    """What a night leaves that must not depend on crashes: articles, mentions, call events."""
    with duckdb.connect(db, read_only=True) as con:
        return {
            "articles": sorted(con.execute("select canonical_url, text_hash, detector_version from articles").fetchall()),
            "calls": sorted(con.execute("select mention_id, participants, mode, status, call_date from call_mentions"
                                        ).fetchall()),
            "redlines": sorted(con.execute("select mention_id, phrase, issue, negated from redline_mentions").fetchall()),
            "events": sorted(con.execute("select call_id, participants, status, call_date, n_mentions, n_articles"
                                         " from calls").fetchall()),
            "unlinked": con.execute("select count(*) from call_mentions where call_id is null").fetchone()[0],
        }


def stored(db: str, sql: str):
    """Read while the night may be writing: a busy file reads as None (the night holds it for a moment)."""
    try:
        with duckdb.connect(db, read_only=True) as con:
            return con.execute(sql).fetchone()[0]
    except duckdb.Error:
        return None


def check_after_kill(db: str) -> None:
    con = connect(db)  # opens, migrates and re-creates the views after the kill
    con.close()
    assert detection_mismatches(db) == []


def test_killed_nights_leave_a_sound_warehouse_and_the_next_night_completes(tmp_path):
    clean_db, db = str(tmp_path / "clean.duckdb"), str(tmp_path / "crashed.duckdb")
    # Small write windows, so that a night can be caught (and killed) between two of them.
    env = night_env(tmp_path / "prefect", DIPLOWATCH_WRITE_EVERY_ARTICLES="3")
    with Site(page_delay_s=0.25) as site:
        (tmp_path / "clean").mkdir()
        clean_cfg, cfg = site.config(tmp_path / "clean", clean_db), site.config(tmp_path, db)

        # Kill 1: feeds fetched and their ETags stored, no article loaded yet.
        night = start_night(cfg, db, env, tmp_path / "n1.log")
        wait_until(lambda: site.count("/articles/") >= 1, 120, "the first article request", night)
        kill_night(night)
        check_after_kill(db)
        with duckdb.connect(db, read_only=True) as con:
            assert con.execute("select count(*) from feeds where etag is not null").fetchone()[0] == 5
            assert con.execute("select count(*) from articles").fetchone()[0] == 0

        # Kill 2: in the middle of fetching the article pages.
        seen = site.count("/articles/")
        night = start_night(cfg, db, env, tmp_path / "n2.log")
        wait_until(lambda: site.count("/articles/") >= seen + 12, 120, "a dozen article requests", night)
        kill_night(night)
        check_after_kill(db)

        # Kill 3: as soon as this night has loaded articles, before it finishes.
        night = start_night(cfg, db, env, tmp_path / "n3.log")
        wait_until(lambda: (stored(db, "select count(*) from articles a join runs r using (run_id)"
                                       " where r.status = 'running'") or 0) > 0, 120, "a loaded batch", night)
        kill_night(night)
        check_after_kill(db)
        with duckdb.connect(db, read_only=True) as con:
            assert con.execute("select count(*) from runs where status = 'running'").fetchone()[0] == 1

        # The next night completes the work.
        night = start_night(cfg, db, env, tmp_path / "n4.log")
        assert night.wait(timeout=180) == 0, (tmp_path / "n4.log").read_text(errors="replace")[-3000:]

        # A clean night on a fresh warehouse, for comparison.
        night = start_night(clean_cfg, clean_db, env, tmp_path / "clean.log")
        assert night.wait(timeout=180) == 0, (tmp_path / "clean.log").read_text(errors="replace")[-3000:]

    crashed, clean = snapshot(db), snapshot(clean_db)
    assert len(clean["articles"]) == len(json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")))
    assert clean["unlinked"] == 0
    assert crashed == clean
    with duckdb.connect(db, read_only=True) as con:
        runs = con.execute("select status, error is not null from runs order by started_at").fetchall()
    assert runs == [("abandoned", True)] * 3 + [("completed", False)]
