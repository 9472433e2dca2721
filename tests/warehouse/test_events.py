"""Call events: reports of one contact become one `calls` row; rebuilds are stable."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb

from warehouse import load
from warehouse.db import connect
from warehouse.events import rebuild_calls

sys.path.insert(0, str(Path(__file__).parent))
from wh_support import MACRON, PUTIN, T0, TRUMP, XI, article, call, seed  # noqa: E402


def events(db: str) -> list[tuple]:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(
            "select participants, mode, status, call_date, n_mentions, n_articles, n_sources, evidence"
            " from calls order by call_date, participants").fetchall()


def test_reports_of_one_call_make_one_event(db_path):
    seed(db_path)
    rows = events(db_path)
    assert rows == [
        # Four reports (one a wire copy, one dated only to the week, two saying 'video') of one call.
        ([PUTIN, XI], "video", "held", date(2026, 1, 4), 4, 3, 3, "Xi and Putin held a video call on Sunday."),
        # Announced as planned, then reported held: one event.
        ([TRUMP, MACRON], "phone", "held", date(2026, 1, 14), 2, 2, 2, "They spoke."),
        # Same pair, two weeks later, in person: a different contact.
        ([PUTIN, XI], "in_person", "held", date(2026, 1, 18), 1, 1, 1, "They spoke."),
    ]


def test_every_mention_points_at_its_event(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        orphans = con.execute("select count(*) from call_mentions where call_id not in (select call_id from calls)")
        assert orphans.fetchone()[0] == 0
        assert con.execute("select sum(n_mentions) from calls").fetchone()[0] == \
            con.execute("select count(*) from call_mentions").fetchone()[0]


def test_rebuild_is_stable(db_path):
    seed(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        before = con.execute("select mention_id, call_id from call_mentions order by 1").fetchall()
    con = connect(db_path)
    assert rebuild_calls(con) == 3
    con.close()
    with duckdb.connect(db_path, read_only=True) as con:
        assert con.execute("select mention_id, call_id from call_mentions order by 1").fetchall() == before


def test_earliest_report_is_the_evidence(db_path):
    con = connect(db_path)
    late = article(10, "Late", T0 + timedelta(days=2))
    early = article(11, "Early", T0)
    load.load_batch(con, [], [late, early], [
        call(late, 0, [PUTIN, XI], evidence="late report"), call(early, 0, [PUTIN, XI], evidence="early report")], [])
    rebuild_calls(con)
    row = con.execute("select first_article_id, first_source, evidence, first_reported_at from calls").fetchone()
    con.close()
    assert row[:3] == (early["article_id"], "Early", "early report")
    assert row[3] == T0


def test_incompatible_modes_and_distant_dates_stay_apart(db_path):
    con = connect(db_path)
    arts = [article(20 + i) for i in range(4)]
    load.load_batch(con, [], arts, [
        call(arts[0], 0, [PUTIN, XI], "phone", on=date(2026, 1, 4)),
        call(arts[1], 0, [PUTIN, XI], "in_person", on=date(2026, 1, 4)),   # same day, met in person: another event
        call(arts[2], 0, [PUTIN, XI], "phone", on=date(2026, 1, 9)),       # five days later: another call
        call(arts[3], 0, [PUTIN, TRUMP], "phone", on=date(2026, 1, 4)),    # other participants
    ], [])
    assert rebuild_calls(con) == 4
    con.close()


def test_planned_call_that_never_happens_stays_planned(db_path):
    con = connect(db_path)
    a = article(30)
    b = article(31, published=T0 + timedelta(days=90))
    load.load_batch(con, [], [a, b], [
        call(a, 0, [MACRON, XI], "video", "planned", on=date(2026, 1, 20)),
        call(b, 0, [MACRON, XI], "video", "held", on=date(2026, 4, 2)),  # months later: not the planned one
    ], [])
    assert rebuild_calls(con) == 2
    statuses = con.execute("select status, call_date from calls order by call_date").fetchall()
    con.close()
    assert statuses == [("planned", date(2026, 1, 20)), ("held", date(2026, 4, 2))]


def test_a_multilateral_meeting_counts_for_every_pair(db_path):
    con = connect(db_path)
    a = article(40)
    load.load_batch(con, [], [a], [call(a, 0, [MACRON, TRUMP, XI], "in_person", on=date(2026, 1, 6))], [])
    rebuild_calls(con)
    pairs = con.execute("select leader_a, leader_b, calls from calls_by_pair_weekly order by 1, 2").fetchall()
    con.close()
    assert pairs == [(TRUMP, MACRON, 1), (TRUMP, XI, 1), (MACRON, XI, 1)]


def test_calls_are_stale_only_when_mentions_changed(db_path):
    from warehouse.events import calls_stale

    seed(db_path)
    con = connect(db_path)
    assert not calls_stale(con)  # just rebuilt: a night with nothing new skips the rebuild
    extra = article(20, "Extra", T0)
    load.load_batch(con, [], [extra], [call(extra, 0, [PUTIN, XI], evidence="new report")], [])
    assert calls_stale(con)  # a loaded mention has no event yet
    rebuild_calls(con)
    assert not calls_stale(con)
    con.execute("delete from call_mentions where article_id = ?", [extra["article_id"]])
    con.execute("delete from call_mentions where call_id in (select call_id from calls limit 1)")
    assert calls_stale(con)  # an event whose mentions are gone
    con.close()
