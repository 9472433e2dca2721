"""The docs stay true: every command has help and a README mention; the Quickstart is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.cli import build_parser
from flows.config import SCHEMA

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_quickstart_is_two_commands_and_ci_runs_the_second():
    section = README.split("## Quickstart", 1)[1]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pip install" in commands[0] and commands[0].rstrip().endswith("diplowatch run")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in [line.strip() for line in ci.splitlines()]


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_help_and_a_readme_mention(name):
    parser = subcommands()[name]
    assert parser.description and len(parser.description) > 20
    assert f"diplowatch {name}" in README


@pytest.mark.parametrize("section, key", [(s, k) for s, keys in SCHEMA.items() for k in keys])
def test_every_config_key_is_documented(section, key):
    label = f"`[[feeds]] {key}`" if section == "feeds" else f"`[{section}] {key}`"
    assert label in README
