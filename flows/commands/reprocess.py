"""`diplowatch reprocess`: re-run detection over the stored text, with no HTTP request."""

from __future__ import annotations

import argparse
import os
import sys

from flows.commands import add_db_option, day_option, warehouse_path
from flows.errors import DiplowatchError
from warehouse.errors import WarehouseError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `reprocess` subcommand."""
    p = sub.add_parser(
        "reprocess",
        help="re-run detection over stored text after the engine or gazetteer changed",
        description="Re-run call and red-line detection over the text already in the warehouse (no HTTP "
        "request), replacing each article's mentions atomically in batches, recording the new "
        "detector_version, and rebuilding the call events. Waits while a night is running.",
    )
    p.add_argument("--since", metavar="DATE", help="only articles published on or after this day (YYYY-MM-DD)")
    p.add_argument("--stale-only", action="store_true", help="skip articles already at the current detector version")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Reprocess; exit 2 on a bad date, a missing warehouse, or a warehouse that stays busy."""
    since = day_option(args.since, "--since")
    db = warehouse_path(args)
    if not os.path.exists(db):
        print(f"diplowatch reprocess: error: {db}: no warehouse here (run `diplowatch run` first)", file=sys.stderr)
        return 2
    from flows.reprocess import reprocess  # imported late: the detector loads its gazetteer

    try:
        result = reprocess(db, since, args.stale_only)
    except (DiplowatchError, WarehouseError) as exc:
        print(f"diplowatch reprocess: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"reprocessed {result.articles} articles with detector {result.detector_version}: "
        f"call mentions {result.calls_before} -> {result.calls_after}, "
        f"red-line mentions now {result.redlines_after}, {result.events} call events"
    )
    return 0
