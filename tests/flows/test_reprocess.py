"""`diplowatch reprocess`: fresh detection over stored text, mentions swapped atomically, events rebuilt."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from extract.detect import DETECTOR_VERSION
from flows.cli import main
from warehouse import load
from warehouse.db import connect
from warehouse.events import rebuild_calls
from warehouse.mentions import replace_mentions

sys.path.insert(0, str(Path(__file__).parent.parent / "warehouse"))
from wh_support import PUTIN, XI, article, call, redline  # noqa: E402

TEXT = ("Chinese President Xi Jinping held a phone call with Russian President Vladimir Putin on Monday, "
        "state media reported.\n\nBeijing warned that Taiwan is a red line that must not be crossed.")
OLD = datetime(2025, 6, 1, tzinfo=timezone.utc)
NEW = datetime(2026, 1, 7, tzinfo=timezone.utc)


@pytest.fixture
def db(db_path):
    """Two stored articles with stale, wrong findings from an older detector."""
    con = connect(db_path)
    old, new = article(1, published=OLD), article(2, published=NEW)
    for a in (old, new):
        a["text"] = TEXT
    # The old detector saw a video call on the wrong day and a spurious second red line.
    calls = [call(a, 0, [PUTIN, XI], "video", on=date(2025, 1, 1)) for a in (old, new)]
    reds = [redline(a, i, "Ukraine") for a in (old, new) for i in range(2)]
    load.load_batch(con, [], [old, new], calls, reds)
    rebuild_calls(con)
    con.close()
    return db_path


def findings(db: str) -> list[tuple]:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(
            "select a.published_at, a.detector_version, c.mode, c.call_date, c.detector_version,"
            " (select list(issue order by mention_id) from redline_mentions r where r.article_id = a.article_id)"
            " from articles a left join call_mentions c using (article_id) order by a.published_at").fetchall()


def test_reprocess_replaces_mentions_and_rebuilds_events(db, capsys):
    assert main(["reprocess", "--db", db]) == 0
    assert "reprocessed 2 articles" in capsys.readouterr().out
    rows = findings(db)
    assert [r[1:] for r in rows] == [
        (DETECTOR_VERSION, "phone", date(2025, 5, 26), DETECTOR_VERSION, ["Taiwan"]),  # the Monday before Sunday 1 June
        (DETECTOR_VERSION, "phone", date(2026, 1, 5), DETECTOR_VERSION, ["Taiwan"]),
    ]
    with duckdb.connect(db, read_only=True) as con:
        calls = con.execute("select mode, call_date, n_mentions from calls order by call_date").fetchall()
        unlinked = con.execute("select count(*) from call_mentions where call_id is null").fetchone()[0]
    assert calls == [("phone", date(2025, 5, 26), 1), ("phone", date(2026, 1, 5), 1)]
    assert unlinked == 0


def test_reprocess_since_leaves_older_articles_alone(db, capsys):
    assert main(["reprocess", "--since", "2026-01-01", "--db", db]) == 0
    rows = findings(db)
    assert rows[0][1:] == ("t", "video", date(2025, 1, 1), "t", ["Ukraine", "Ukraine"])
    assert rows[1][1:] == (DETECTOR_VERSION, "phone", date(2026, 1, 5), DETECTOR_VERSION, ["Taiwan"])


def test_reprocess_twice_is_stable_and_stale_only_skips(db, capsys):
    assert main(["reprocess", "--db", db]) == 0
    first = findings(db)
    assert main(["reprocess", "--stale-only", "--db", db]) == 0
    assert "reprocessed 0 articles" in capsys.readouterr().out
    assert main(["reprocess", "--db", db]) == 0
    assert findings(db) == first


def test_a_failed_batch_changes_nothing(db):
    con = connect(db)
    before = con.execute("select count(*) from call_mentions").fetchone()[0]
    bad = [{"mention_id": "x:c0", "article_id": "x"}]  # participants, mode... missing: NOT NULL violation
    with pytest.raises(duckdb.Error):
        replace_mentions(con, [r[0] for r in con.execute("select article_id from articles").fetchall()], bad, [], "9")
    assert con.execute("select count(*) from call_mentions").fetchone()[0] == before
    assert con.execute("select count(*) from articles where detector_version = '9'").fetchone()[0] == 0
    con.close()


def test_bad_arguments(tmp_path, capsys):
    assert main(["reprocess", "--since", "yesterday", "--db", str(tmp_path / "x.duckdb")]) == 2
    assert main(["reprocess", "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "no warehouse here" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()
