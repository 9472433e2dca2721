"""Upgrading a v1 warehouse that holds data: pending migrations apply in order, nothing is lost."""

from __future__ import annotations

from importlib import resources

import duckdb
import pytest

from warehouse import db as wdb
from warehouse.db import connect, migrations
from warehouse.errors import MigrationError
from warehouse.events import rebuild_calls

TABLES = ("runs", "fetches", "feeds", "articles", "call_mentions", "redline_mentions")


def build_v1(path: str) -> dict[str, list]:
    """A warehouse as v1 left it: only 0001 applied, with rows in every table."""
    sql = (resources.files("warehouse") / "migrations" / "0001_init.sql").read_text(encoding="utf-8")
    con = duckdb.connect(path)
    wdb.applied_versions(con)  # creates schema_migrations exactly as v1 did
    con.execute(sql)
    con.execute("insert into schema_migrations (version, name) values (1, 'init')")
    seed_sql = """
        insert into runs (run_id, started_at, status, outcome_counts) values
            ('r1', timestamptz '2025-03-01 03:00+00', 'completed', map {'ok': 3}),
            ('r2', timestamptz '2025-03-02 03:00+00', 'running', null);
        insert into fetches values ('r1', timestamptz '2025-03-01 03:00+00', 'f', 'https://x.example/feed', 'feed',
                                    200, 'ok', null, 10, 1.5);
        insert into feeds (name, url, etag, consecutive_failures) values ('f', 'https://x.example/feed', '"e1"', 0);
        insert into articles (article_id, url, canonical_url, feed, source, published_at, fetched_at, text, text_hash,
                              run_id, detector_version)
            select 'a' || i, 'https://x.example/' || i, 'https://x.example/' || i, 'f', 'X',
                   timestamptz '2025-03-01 00:00+00' + to_days(i), timestamptz '2025-03-01 03:00+00', 'text ' || i,
                   'h' || i, 'r1', '0.9'
            from range(5) t(i);
        insert into call_mentions select 'a' || i || ':c0', 'a' || i, ['Vladimir Putin', 'Xi Jinping'], 'phone',
                   'held', date '2025-02-28', 'day', 'They spoke.', 0, 11, 0.9, '0.9' from range(5) t(i);
        insert into redline_mentions select 'a' || i || ':r0', 'a' || i, 'red line', 'explicit_red_line', 'China',
                   'Taiwan', false, 'A red line.', 0, 11, 0.9, '0.9' from range(3) t(i)
    """
    for statement in seed_sql.split(";\n"):
        con.execute(statement)
    snapshot = {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}
    con.close()
    return snapshot


def test_upgrade_v1_keeps_every_row(db_path):
    before = build_v1(db_path)
    con = connect(db_path)  # applies 0002.. and creates the views
    versions = [r[0] for r in con.execute("select version from schema_migrations order by 1").fetchall()]
    assert versions == [v for v, _, _ in migrations()] and len(versions) >= 2
    for table in TABLES:
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
        # Old columns keep their values; columns added by later migrations come last.
        old_cols = ", ".join(cols[: len(before[table][0])])
        after = sorted(con.execute(f"select {old_cols} from {table}").fetchall(), key=repr)
        assert after == before[table], table
    assert con.execute("select count(*) from call_mentions where call_id is null").fetchone()[0] == 5
    assert rebuild_calls(con) == 1
    assert con.execute("select n_mentions, n_articles from calls").fetchone() == (5, 5)
    assert con.execute("select count(*) from calls_by_pair_weekly").fetchone()[0] == 1
    con.close()


def test_a_failing_migration_is_rolled_back_whole(db_path, monkeypatch):
    build_v1(db_path)
    shipped = migrations()
    broken = shipped + [(len(shipped) + 1, "broken", "create table half_done (x int); select * from no_such_table;")]
    monkeypatch.setattr(wdb, "migrations", lambda: broken)
    con = duckdb.connect(db_path)
    with pytest.raises(MigrationError, match="broken"):
        wdb.migrate(con)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    applied = [r[0] for r in con.execute("select version from schema_migrations order by 1").fetchall()]
    con.close()
    assert "half_done" not in tables
    assert applied == [v for v, _, _ in shipped]  # the good ones before it stay applied
