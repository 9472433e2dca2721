"""`diplowatch export`: write the warehouse as Parquet partitioned by month."""

from __future__ import annotations

import argparse
import sys

from flows.commands import add_db_option, warehouse_path
from warehouse.errors import WarehouseError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `export` subcommand."""
    p = sub.add_parser(
        "export",
        help="write Parquet partitioned by month for BI tools and other engines",
        description="Write articles, call_mentions, redline_mentions, calls, fetches and runs as Parquet files "
        "partitioned by month (DIR/<table>/month=YYYY-MM/*.parquet). Each table's previous export is replaced "
        "only once the new one is complete. The warehouse is opened read-only.",
    )
    p.add_argument("--to", required=True, metavar="DIR", help="output folder")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export; exit 2 when the warehouse cannot be read or the folder written."""
    from warehouse.db import connect
    from warehouse.export import export_parquet

    db = warehouse_path(args)
    try:
        con = connect(db, read_only=True)
        try:
            written = export_parquet(con, args.to)
        finally:
            con.close()
    except (WarehouseError, OSError) as exc:
        print(f"diplowatch export: error: {exc}", file=sys.stderr)
        return 2
    for table, n in written.items():
        print(f"{table:<17} {n:>9} rows")
    print(f"wrote {args.to}")
    return 0
