"""`diplowatch query`: named queries with bound parameters, ad-hoc SQL, every format, and read-only."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from warehouse.queries import named_queries

sys.path.insert(0, str(Path(__file__).parent.parent / "warehouse"))
from wh_support import seed  # noqa: E402

# A sample value for every required parameter of the shipped queries.
SAMPLES = {"leader": "Xi Jinping", "a": "Xi Jinping", "b": "Vladimir Putin", "issue": "Taiwan", "since": "2026-01-01"}


@pytest.fixture
def db(db_path):
    seed(db_path)
    return db_path


def counts(db: str) -> tuple:
    with duckdb.connect(db, read_only=True) as con:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0]
                     for t in ("articles", "call_mentions", "redline_mentions", "calls", "runs"))


def test_at_least_six_named_queries_with_descriptions(capsys):
    queries = named_queries()
    assert len(queries) >= 6
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for q in queries.values():
        assert f"{q.name}: {q.description}" in out
        assert q.description and not q.description.startswith("param")


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs(db, name, capsys):
    q = named_queries()[name]
    params = [f"{p.name}={SAMPLES[p.name]}" for p in q.params if p.default is None]
    argv = ["query", name, "--db", db, "--format", "json"]
    for p in params:
        argv += ["--param", p]
    assert main(argv) == 0, capsys.readouterr().err
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_leader_contacts_binds_parameters(db, capsys):
    assert main(["query", "leader_contacts", "--param", "leader=Xi Jinping", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["call_date"], r["with_whom"], r["mode"]) for r in rows] == [
        ("2026-01-18", ["Vladimir Putin"], "in_person"), ("2026-01-04", ["Vladimir Putin"], "video")]
    assert main(["query", "leader_contacts", "--param", "leader=Xi Jinping", "--param", "since=2026-01-10",
                 "--db", db, "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_parameters_are_bound_not_pasted(db, capsys):
    # A value holding SQL is just a leader name nobody has: no rows, no error, nothing changed.
    before = counts(db)
    evil = "x'); delete from articles; --"
    assert main(["query", "leader_contacts", "--param", f"leader={evil}", "--db", db, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []
    assert counts(db) == before


def test_adhoc_sql_and_formats(db, tmp_path, capsys):
    sql = "select participants, n_articles from calls order by call_date"
    assert main(["query", "--sql", sql, "--db", db, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["participants", "n_articles"], ["Vladimir Putin, Xi Jinping", "3"],
                    ["Donald Trump, Emmanuel Macron", "2"], ["Vladimir Putin, Xi Jinping", "1"]]
    assert main(["query", "--sql", sql, "--db", db]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["participants", "n_articles"] and "(3 rows)" in table
    out = tmp_path / "calls.parquet"
    assert main(["query", "--sql", sql, "--db", db, "--format", "parquet", "--out", str(out)]) == 0
    assert pq.read_table(out).num_rows == 3


@pytest.mark.parametrize("sql", [
    "delete from articles",
    "drop table calls",
    "update runs set status = 'x'",
    "insert into feeds (name, url) values ('x', 'y')",
    "create table t as select 1",
])
def test_query_cannot_change_the_warehouse(db, sql, capsys):
    before = counts(db)
    assert main(["query", "--sql", sql, "--db", db]) == 2
    assert "read-only" in capsys.readouterr().err
    assert counts(db) == before


def test_no_reattach_read_write_or_file_access(db, tmp_path, capsys):
    before = counts(db)
    assert main(["query", "--sql", f"attach '{tmp_path / 'other.duckdb'}' as o", "--db", db]) == 2
    assert main(["query", "--sql", f"copy articles to '{tmp_path / 'a.csv'}'", "--db", db]) == 2
    assert not (tmp_path / "a.csv").exists()
    assert counts(db) == before


def test_errors_are_clear(db, tmp_path, capsys):
    assert main(["query", "nope", "--db", db]) == 2
    assert "no named query 'nope'" in capsys.readouterr().err
    assert main(["query", "pair_timeline", "--param", "a=Xi Jinping", "--db", db]) == 2
    assert "parameter b is required" in capsys.readouterr().err
    assert main(["query", "failing_feeds", "--param", "bogus=1", "--db", db]) == 2
    assert "unknown parameter bogus" in capsys.readouterr().err
    assert main(["query", "--sql", "select 1", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "no warehouse here" in capsys.readouterr().err
    assert not (tmp_path / "missing.duckdb").exists()
