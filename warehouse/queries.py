"""Named queries (warehouse/queries/*.sql) and a read-only connection that no query can change.

Each file starts with a header comment:

    -- One-line description of the question the query answers.
    -- param leader: canonical leader name (no default: required)
    -- param since = 2000-01-01: earliest call date

and refers to its parameters as DuckDB named parameters ($leader, $since), which are bound, never
pasted into the SQL text. Parameter values arrive as strings; the SQL casts them where it needs to.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError

_PARAM = re.compile(r"^--\s*param\s+([a-z_][a-z0-9_]*)\s*(?:=\s*(.*?))?\s*:\s*(.*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    name: str
    default: str | None  # None: required
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    sql: str

    def bind(self, given: dict[str, str]) -> dict[str, str]:
        """Values for every parameter: given ones, else defaults; unknown or missing ones are errors."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise WarehouseError(
                f"query {self.name}: unknown parameter {', '.join(unknown)} (takes: {', '.join(sorted(known)) or 'none'})")
        values = {}
        for p in self.params:
            value = given.get(p.name, p.default)
            if value is None:
                raise WarehouseError(f"query {self.name}: parameter {p.name} is required ({p.help})")
            values[p.name] = value
        # DuckDB rejects named parameters the SQL does not use, so bind only those it does.
        return {k: v for k, v in values.items() if re.search(rf"\${k}\b", self.sql)}


def parse(name: str, text: str) -> NamedQuery:
    """Read the header comment of a named query file."""
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line.rstrip())
    if not header or _PARAM.match(header[0]):
        raise WarehouseError(f"query {name}: the first line must be a '-- description' comment")
    params = []
    for line in header[1:]:
        m = _PARAM.match(line)
        if m:
            default = m.group(2)
            params.append(Param(m.group(1), default.strip("'\"") if default is not None else None, m.group(3)))
    return NamedQuery(name, header[0].lstrip("- ").strip(), tuple(params), text)


def named_queries() -> dict[str, NamedQuery]:
    """Every shipped named query, by name."""
    root = resources.files("warehouse") / "queries"
    found = {}
    for f in sorted(root.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".sql"):
            name = f.name.removesuffix(".sql")
            if not _NAME.match(name):
                raise WarehouseError(f"badly named query file {f.name!r}: expected lower_case.sql")
            found[name] = parse(name, f.read_text(encoding="utf-8"))
    return found


def open_read_only(path: str | Path, wait_s: float = 10.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, with no access to other files, and settings locked.

    Read-only mode refuses every write to the warehouse; blocking external access also stops ATTACH
    of the same file read-write from inside a query. A night holds the file only in short windows,
    so a busy file is retried for a few seconds before giving up.
    """
    path = Path(path)
    if not path.exists():
        raise WarehouseError(f"{path}: no warehouse here (run `diplowatch run` first)")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.Error as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise WarehouseError(f"{path}: cannot open warehouse read-only: {exc}") from exc
            time.sleep(0.2)
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, str] | None = None):
    """Run SQL with bound parameters and return the result as an Arrow table."""
    # A cursor of its own: the caller may hold an unfinished result, and DuckDB then refuses sql() on it.
    cur = con.cursor()
    try:
        return cur.sql(sql, params=params or None).to_arrow_table()
    except duckdb.Error as exc:
        raise WarehouseError(str(exc).splitlines()[0]) from exc
    finally:
        cur.close()
