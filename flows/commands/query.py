"""`diplowatch query`: run a named trend query or ad-hoc SQL on the warehouse, read-only."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date, datetime
from decimal import Decimal

from flows.commands import add_db_option, warehouse_path
from warehouse.errors import WarehouseError

FORMATS = ("table", "csv", "json", "parquet")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `query` subcommand."""
    p = sub.add_parser(
        "query",
        help="run a named trend query or your own SQL, read-only",
        description="Run a named query from warehouse/queries/ with bound parameters (--param k=v), or ad-hoc SQL "
        "with --sql. The warehouse is opened read-only: no query can change it. --list shows the named queries.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="named query (see --list)")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="query parameter (repeatable)")
    p.add_argument("--sql", metavar="SQL", help="run this SQL instead of a named query")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    add_db_option(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout (required for parquet)")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"diplowatch query: error: {message}", file=sys.stderr)
    return 2


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def format_table(names: list[str], rows: list[tuple], max_width: int = 60) -> str:
    """A plain aligned text table; long cells are cut with an ellipsis."""
    cells = [[_cell(v) for v in row] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(table, fmt: str) -> str:
    """An Arrow result as table, CSV or JSON text."""
    names = table.column_names
    records = table.to_pylist()
    if fmt == "json":
        return json.dumps(records, default=_json_default, ensure_ascii=False, indent=1) + "\n"
    rows = [tuple(r[n] for n in names) for r in records]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_cell(v) for v in row] for row in rows)
        return buf.getvalue()
    return format_table(names, rows)


def _list_queries() -> int:
    from warehouse.queries import named_queries

    for q in named_queries().values():
        print(f"{q.name}: {q.description}")
        for p in q.params:
            default = "required" if p.default is None else f"default {p.default}"
            print(f"    --param {p.name}=...  {p.help} ({default})")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the query and print or write its result; exit 2 on any error."""
    from warehouse.queries import named_queries, open_read_only
    from warehouse.queries import run as run_sql

    if args.list:
        return _list_queries()
    if bool(args.name) == bool(args.sql):
        return _fail("give either a query NAME or --sql (see --list)")
    if args.format == "parquet" and not args.out:
        return _fail("--format parquet needs --out FILE")
    given = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            return _fail(f"--param must be KEY=VALUE, got {item!r}")
        given[key.strip()] = value
    db = warehouse_path(args)
    try:
        if args.sql:
            if given:
                return _fail("--param only applies to named queries")
            sql, params = args.sql, None
        else:
            queries = named_queries()
            if args.name not in queries:
                return _fail(f"no named query {args.name!r}; available: {', '.join(queries)}")
            sql, params = queries[args.name].sql, queries[args.name].bind(given)
        con = open_read_only(db)
        try:
            table = run_sql(con, sql, params)
        finally:
            con.close()
    except WarehouseError as exc:
        return _fail(str(exc))
    try:
        if args.format == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, args.out)
        elif args.out:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(render(table, args.format))
        else:
            sys.stdout.write(render(table, args.format))
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc}")
    if args.out:
        print(f"wrote {table.num_rows} rows to {args.out}", file=sys.stderr)
    return 0
