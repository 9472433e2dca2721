"""Export the warehouse as Parquet partitioned by month, for BI tools and other engines.

Each table is written with DuckDB's COPY ... (FORMAT parquet, PARTITION_BY (month)) into a hidden
staging folder that then replaces the previous export of that table, so a reader of the export folder
never sees a half-written table. Mentions are partitioned by the month their article was published,
so an article and its mentions land in the same partition.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError

# table -> SELECT producing its rows plus a `month` (YYYY-MM) partition column.
EXPORTS = {
    "articles": "select * exclude (minhash), strftime(coalesce(published_at, fetched_at), '%Y-%m') as month"
                " from articles",
    "call_mentions": "select m.*, strftime(coalesce(a.published_at, a.fetched_at), '%Y-%m') as month"
                     " from call_mentions m left join articles a using (article_id)",
    "redline_mentions": "select m.*, strftime(coalesce(a.published_at, a.fetched_at), '%Y-%m') as month"
                        " from redline_mentions m left join articles a using (article_id)",
    "calls": "select *, strftime(coalesce(call_date, cast(first_reported_at as date)), '%Y-%m') as month from calls",
    "fetches": "select *, strftime(started_at, '%Y-%m') as month from fetches",
    "runs": "select *, strftime(started_at, '%Y-%m') as month from runs",
}


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> dict[str, int]:
    """Write every exported table under out_dir/<table>/month=YYYY-MM/; return rows written per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    for table, select in EXPORTS.items():
        if table not in present:  # an older warehouse not yet upgraded by a night (e.g. no calls)
            continue
        staging, final = out / f".{table}.staging", out / table
        shutil.rmtree(staging, ignore_errors=True)
        n = con.execute(f"select count(*) from ({select})").fetchone()[0]
        try:
            if n:
                con.execute(f"copy ({select}) to '{_quote(staging)}' (format parquet, partition_by (month))")
            else:
                staging.mkdir()  # an empty table still gets its folder, so readers find every table
        except duckdb.Error as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise WarehouseError(f"export of {table} failed: {exc}") from exc
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
        written[table] = n
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
