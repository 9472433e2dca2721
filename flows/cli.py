"""The `diplowatch` console script: one subcommand per module in flows/commands/."""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
import threading

from flows.errors import UsageError

# Each module in flows/commands/ exposes register(subparsers), which adds its parser and sets `func`.
# `func(args) -> int` returns the exit code.
COMMANDS = ("run", "detect", "serve", "query", "export", "reprocess", "report")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="diplowatch",
        description="Watch great-power diplomacy in the news: leader calls and red lines, into DuckDB.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"flows.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"flows.commands.{name}":
                raise
            continue  # command not built yet
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    # These machines reach no outside host: never let Prefect try to send telemetry.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # the client side of Prefect's telemetry (and ~0.15 s of import)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"diplowatch {args.command}: error: {exc}", file=sys.stderr)
        return 2


def console() -> None:
    """The `diplowatch` console script (and `python -m flows.cli`): main(), then a quick exit."""
    leave(main())


def leave(code: int) -> None:
    """End the process with `code` after what Python does at exit, but without its teardown.

    Once a command that imported Prefect (with pydantic, DuckDB, aiohttp) has returned, the interpreter spends
    ~0.5 s freeing module objects one by one (measured after `diplowatch run`), work the operating system does
    at once. So this runs the exit steps that matter, in Python's own order: threading's exit callbacks (where
    Prefect's log and event workers send what they still hold) while non-daemon threads are joined, then the
    atexit handlers, then flushes stdout and stderr; and then leaves. Where those steps are not available
    (another Python), it exits as usual.
    """
    shutdown = getattr(threading, "_shutdown", None)
    exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if shutdown is None or exitfuncs is None or threading.current_thread() is not threading.main_thread():
        sys.exit(code)
    shutdown()
    exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a broken pipe: nothing more can be said there
            pass
    os._exit(code)


if __name__ == "__main__":
    console()
