"""Open the warehouse, apply pending migrations in order, and (re)create the views."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import MigrationError, WarehouseError

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def _sql_files(folder: str) -> list[tuple[str, str]]:
    """(file name, SQL text) of every .sql file in a warehouse sub-folder, sorted by name."""
    root = resources.files("warehouse") / folder
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in root.iterdir() if f.name.endswith(".sql"))


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every shipped migration, in order."""
    found = []
    for filename, sql in _sql_files("migrations"):
        m = _MIGRATION_NAME.match(filename)
        if not m:
            raise MigrationError(f"badly named migration {filename!r}: expected NNNN_name.sql")
        found.append((int(m.group(1)), m.group(2), sql))
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions recorded in schema_migrations (empty for a new file)."""
    con.execute(
        "create table if not exists schema_migrations ("
        " version integer primary key, name varchar not null, applied_at timestamptz not null default now())"
    )
    return {row[0] for row in con.execute("select version from schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations, each in its own transaction; return the versions applied."""
    done = applied_versions(con)
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute("insert into schema_migrations (version, name) values (?, ?)", [version, name])
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise MigrationError(f"migration {version:04d}_{name} failed: {exc}") from exc
        applied.append(version)
    return applied


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """Re-create every view from warehouse/views/*.sql (views hold no data, so this is always safe)."""
    for filename, sql in _sql_files("views"):
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise WarehouseError(f"view {filename} failed: {exc}") from exc


# Warehouse files this process has migrated and given views, by (path, inode): a night opens the file
# once per write window, and re-running the DDL every time cost more than the loads it wraps.
_prepared: set[tuple[str, int]] = set()


def _views_present(con: duckdb.DuckDBPyConnection) -> bool:
    names = [Path(filename).stem for filename, _ in _sql_files("views")]  # one view per file, named after it
    found = con.execute("select count(*) from duckdb_views() where view_name in (select unnest(?))", [names])
    return found.fetchall()[0][0] == len(names)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writer also migrates it and refreshes the views (once per process and file)."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"{path}: no warehouse here (run `diplowatch run` first)")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        raise WarehouseError(f"{path}: cannot open warehouse: {exc}") from exc
    if not read_only:
        key = (str(path.resolve()), path.stat().st_ino)
        if key not in _prepared or not _views_present(con):
            migrate(con)
            apply_views(con)
            _prepared.add(key)
    return con
