"""Subcommands of the `diplowatch` console script, one module each, plus the option helpers they share."""

from __future__ import annotations

import argparse
from datetime import date

from flows.config import DEFAULT_DB, default_db
from flows.errors import UsageError


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The --db option of commands that read or change an existing warehouse."""
    parser.add_argument("--db", metavar="PATH", help=f"warehouse file (default: $DIPLOWATCH_DB or {DEFAULT_DB})")


def warehouse_path(args: argparse.Namespace) -> str:
    """--db, else $DIPLOWATCH_DB, else ./diplowatch.duckdb."""
    return args.db or default_db()


def day_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date; a UsageError naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be a date YYYY-MM-DD, got {value!r}") from None
