"""`diplowatch serve`: serve the nightly deployment on its cron schedule (Prefect's serve)."""

from __future__ import annotations

import argparse
import os
import sys

from flows.config import load_config
from flows.errors import DiplowatchError

DEPLOYMENT = "nightly"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the nightly flow on its [schedule] cron (long-running)",
        description="Register the 'diplowatch-nightly/nightly' deployment with the Prefect API and run it on "
        "the config's [schedule] cron until interrupted. Needs a Prefect server (`prefect server start`) "
        "or Prefect Cloud; PREFECT_API_URL says which.",
    )
    p.add_argument("--config", metavar="PATH", required=True, help="TOML config file")
    p.add_argument("--db", metavar="PATH", help="warehouse file (overrides [warehouse] path)")
    p.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    try:
        cfg = load_config(args.config)
    except DiplowatchError as exc:
        print(f"diplowatch serve: error: {exc}", file=sys.stderr)
        return 2
    from prefect.schedules import Cron

    from flows import resident
    from flows.nightly import flow_for

    # Nights start as forks of a process that has imported the pipeline once (flows/resident.py).
    if resident.install():
        resident.warm_up()
    # At most one night at a time: DuckDB admits one writing process per file.
    flow_for(args.config).serve(
        name=DEPLOYMENT,
        schedules=[Cron(cfg.schedule.cron, timezone=cfg.schedule.timezone)],
        parameters={"config_path": os.path.abspath(args.config), "db_path": args.db},
        global_limit=1,
        description="diplowatch nightly run",
        tags=["diplowatch"],
    )
    return 0
