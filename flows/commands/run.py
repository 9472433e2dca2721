"""`diplowatch run`: run the nightly flow once (on the built-in demo when no config is given)."""

from __future__ import annotations

import argparse
import gc
import sys

from contextlib import ExitStack

from flows import progress
from flows.config import default_db, load_config, uses_threads
from flows.errors import DiplowatchError
from flows.pages import start_template
from flows.summary import format_summary


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="run the nightly flow once",
        description="Fetch every feed, read new articles, detect calls and red lines, and load the warehouse. "
        "With no --config, runs on the built-in demo corpus served from 127.0.0.1.",
    )
    p.add_argument("--config", metavar="PATH", help="TOML config file (default: the built-in demo)")
    p.add_argument("--db", metavar="PATH", help="warehouse file (overrides [warehouse] path)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        # Validate the config before starting Prefect, so a typo fails fast with a clear message.
        cfg = load_config(args.config) if args.config else None
        cfg_db = cfg.warehouse_path if cfg else default_db()
    except DiplowatchError as exc:
        print(f"diplowatch run: error: {exc}", file=sys.stderr)
        return 2
    if uses_threads(cfg):  # the page workers' template imports the extraction code while Prefect loads here
        start_template()
    # Imported late: Prefect is slow to import and --help should be fast. What the imports create lives as long as
    # the process: no collection while importing, and none of the night's collections walks it (measured: the
    # flow process spent ~0.55 s of a 2,000-page night in collections, ~0.25 s of it during these imports).
    first = "flows.nightly" not in sys.modules
    if first:
        gc.disable()
    try:
        from flows.nightly import run_night
    finally:
        if first:
            gc.freeze()
            gc.enable()

    try:
        with ExitStack() as stack:
            if progress.wants_rich():
                bar = stack.enter_context(progress.RichProgress())
                stack.callback(progress.reset, progress.use(bar))
            summary = run_night(args.config, args.db)
    except DiplowatchError as exc:
        print(f"diplowatch run: error: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary, args.db or cfg_db))
    return 0
