"""`diplowatch export`: Parquet partitioned by month, readable by another engine, nothing lost."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pyarrow.dataset as ds

from flows.cli import main

sys.path.insert(0, str(Path(__file__).parent.parent / "warehouse"))
from wh_support import seed  # noqa: E402

TABLES = ("articles", "call_mentions", "redline_mentions", "calls")


def test_export_partitions_by_month_and_keeps_every_row(db_path, tmp_path, capsys):
    seed(db_path)
    out = tmp_path / "export"
    assert main(["export", "--to", str(out), "--db", db_path]) == 0
    with duckdb.connect(db_path, read_only=True) as con:
        for table in TABLES:
            assert (out / table / "month=2026-01").is_dir()
            data = ds.dataset(out / table, format="parquet", partitioning="hive").to_table()
            stored = con.execute(f"select count(*) from {table}").fetchone()[0]
            assert data.num_rows == stored > 0
        ids = sorted(ds.dataset(out / "call_mentions", partitioning="hive").to_table()["call_id"].to_pylist())
        assert ids == sorted(r[0] for r in con.execute("select call_id from call_mentions").fetchall())
    assert "minhash" not in ds.dataset(out / "articles", partitioning="hive").schema.names


def test_export_twice_replaces_the_previous_export(db_path, tmp_path, capsys):
    seed(db_path)
    out = tmp_path / "export"
    assert main(["export", "--to", str(out), "--db", db_path]) == 0
    assert main(["export", "--to", str(out), "--db", db_path]) == 0
    with duckdb.connect() as con:
        n = con.execute(f"select count(*) from read_parquet('{out}/articles/*/*.parquet', hive_partitioning = true)")
        assert n.fetchone()[0] == 7
    assert not list(out.glob(".*staging"))


def test_export_of_missing_warehouse_fails_clearly(tmp_path, capsys):
    assert main(["export", "--to", str(tmp_path / "x"), "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse here" in capsys.readouterr().err


def test_export_of_a_v1_warehouse_skips_tables_it_lacks(tmp_path, capsys):
    from importlib import resources

    db = str(tmp_path / "v1.duckdb")
    with duckdb.connect(db) as con:  # as warehouse v1 left it: no calls table yet
        con.execute((resources.files("warehouse") / "migrations" / "0001_init.sql").read_text(encoding="utf-8"))
    out = tmp_path / "export"
    assert main(["export", "--to", str(out), "--db", db]) == 0
    assert (out / "articles").is_dir() and not (out / "calls").exists()
