"""Concurrent use with real processes: a reader holding the file makes a night wait, not fail; two nights never mix."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "warehouse"))
from night_support import (  # noqa: E402
    PYTHON, ROOT, Site, detection_mismatches, night_env, start_night, wait_until,
)

from flows.demo.server import CORPUS  # noqa: E402
from wh_support import seed  # noqa: E402

READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    # A long analyst query over the warehouse, then the session stays open until told to go.
    con.execute("select count(*) from articles, range(2000000)").fetchall()
    print("holding", flush=True)
    sys.stdin.readline()
    con.close()
""")
NIGHT_HOLDER = textwrap.dedent("""
    import sys
    from flows.warehouse_session import acquire_night
    acquire_night(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.readline()
""")
WRITER = textwrap.dedent("""
    import logging, sys
    sys.path.insert(0, "tests/warehouse")
    from datetime import timedelta
    from flows.warehouse_session import warehouse_session, end_night
    from warehouse import load
    from wh_support import T0, article, call
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    a = article(99, "Late", T0 + timedelta(days=20))
    with warehouse_session(sys.argv[1]) as con:
        n = load.load_batch(con, [], [a], [call(a, 0, ["Emmanuel Macron", "Xi Jinping"])], [])
        end_night(con, sys.argv[1])
    print("loaded", n, flush=True)
""")


@pytest.fixture(scope="module")
def prefect_homes(tmp_path_factory) -> list:
    """Two Prefect homes shared by the nights of this module (creating one costs seconds)."""
    return [tmp_path_factory.mktemp("prefect-a"), tmp_path_factory.mktemp("prefect-b")]


def helper(code: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    proc = subprocess.Popen([PYTHON, "-c", code, *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "holding", proc.stderr.read()
    return proc


def release(proc: subprocess.Popen) -> None:
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.wait(timeout=30) == 0


def table_counts(db: str) -> dict[str, int]:
    with duckdb.connect(db, read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("articles", "call_mentions", "redline_mentions", "calls", "runs")}


def test_write_path_waits_for_a_reader_process_then_loads(db_path):
    seed(db_path)
    before = table_counts(db_path)
    reader = helper(READER, db_path)
    writer = subprocess.Popen([PYTHON, "-c", WRITER, db_path], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    line = ""
    while "is open in another process" not in line:  # blocks until the writer reports it is waiting
        line = writer.stderr.readline()
        assert line, "the writer ended without saying it waits for the reader"
    assert "retrying" in line
    assert writer.poll() is None  # still waiting, not failed
    release(reader)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert out.strip() == "loaded 1"
    after = table_counts(db_path)
    assert after == dict(before, articles=before["articles"] + 1, call_mentions=before["call_mentions"] + 1,
                         calls=before["calls"] + 1)


@pytest.mark.slow
def test_a_night_waits_for_an_analyst_session(tmp_path, prefect_homes):
    db = str(tmp_path / "w.duckdb")
    seed(db)  # the analyst has a warehouse open when the night starts
    before = table_counts(db)
    reader = helper(READER, db)
    log = tmp_path / "night.log"
    with Site() as site:
        night = start_night(site.config(tmp_path, db), db, night_env(prefect_homes[0]), log)
        try:
            wait_until(lambda: "is open in another process" in log.read_text(errors="replace"), 120,
                       "the night's log line saying it waits for the reader", night)
            assert night.poll() is None
            release(reader)
            assert night.wait(timeout=120) == 0, log.read_text(errors="replace")[-3000:]
        finally:
            if night.poll() is None:
                night.kill()
    after = table_counts(db)
    assert after["articles"] == before["articles"] + 40
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("select status from runs order by started_at desc limit 1").fetchone()[0] == "completed"


@pytest.mark.slow
def test_a_second_night_exits_with_a_clear_message(tmp_path, prefect_homes):
    db = str(tmp_path / "w.duckdb")
    seed(db)
    before = table_counts(db)
    holder = helper(NIGHT_HOLDER, db)
    log = tmp_path / "night.log"
    try:
        with Site() as site:
            env = night_env(prefect_homes[0], DIPLOWATCH_NIGHT_WAIT_S="1")
            night = start_night(site.config(tmp_path, db), db, env, log)
            assert night.wait(timeout=120) == 2
    finally:
        release(holder)
    text = log.read_text(errors="replace")
    assert "another night is already writing" in text and f"pid {holder.pid}" in text
    assert table_counts(db) == before  # not even a runs row


@pytest.mark.slow
def test_two_nights_started_together_do_not_mix(tmp_path, prefect_homes):
    db = str(tmp_path / "w.duckdb")
    with Site(page_delay_s=0.05) as site:
        config = site.config(tmp_path, db)
        nights = [start_night(config, db, night_env(prefect_homes[i]), tmp_path / f"night{i}.log")
                  for i in range(2)]
        codes = [n.wait(timeout=240) for n in nights]
    assert codes == [0, 0], [(tmp_path / f"night{i}.log").read_text(errors="replace")[-2000:] for i in range(2)]
    pages = len(json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")))
    assert table_counts(db)["articles"] == pages
    assert detection_mismatches(db) == []  # every article stored exactly once, with its detection results
    with duckdb.connect(db, read_only=True) as con:
        runs = con.execute("select status, new_articles from runs order by new_articles").fetchall()
        unlinked = con.execute("select count(*) from call_mentions where call_id is null").fetchone()[0]
    # One night did the work; the other waited for it and found nothing new.
    assert runs == [("completed", 0), ("completed", pages)]
    assert unlinked == 0
