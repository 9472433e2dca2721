"""`diplowatch report`: write a static HTML report of the warehouse."""

from __future__ import annotations

import argparse
import sys

from flows.commands import add_db_option, day_option, warehouse_path
from flows.errors import DiplowatchError
from warehouse.errors import WarehouseError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `report` subcommand."""
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report (charts and latest findings)",
        description="Write one static HTML page: calls per week by leader pair, red lines per week by issue, "
        "top speakers, source activity and failures, and the latest calls and red lines with their evidence. "
        "The page has no scripts and loads nothing from the network.",
    )
    add_db_option(p)
    p.add_argument("--since", metavar="DATE", help="only articles and calls from this day on (YYYY-MM-DD)")
    p.add_argument("--out", metavar="FILE", required=True, help="where to write the HTML page")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the report; exit 2 on a bad date or a missing warehouse."""
    from flows.report import build_report  # imported late: keeps `diplowatch --help` fast

    since = day_option(args.since, "--since")
    db = warehouse_path(args)
    try:
        data = build_report(db, args.out, since)
    except (WarehouseError, DiplowatchError, OSError) as exc:
        print(f"diplowatch report: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.out}: {data.articles} articles, {data.call_mentions} call mentions, "
        f"{data.redline_mentions} red-line mentions, {data.sources} sources"
    )
    return 0
