"""`prefect deploy` works from the repository root with the shipped prefect.yaml (a real Prefect CLI run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def prefect(*args: str, env: dict) -> subprocess.CompletedProcess:
    cli = [sys.executable, "-m", "prefect", *args]
    return subprocess.run(cli, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)


def test_prefect_deploy_creates_the_nightly_deployment(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DIPLOWATCH_HOME": str(ROOT), "PREFECT_API_URL": ""}
    assert prefect("work-pool", "create", "diplowatch", "--type", "process", env=env).returncode == 0
    done = prefect("--no-prompt", "deploy", "--name", "nightly", env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    shown = prefect("deployment", "inspect", "diplowatch-nightly/nightly", env=env)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "0 3 * * *" in shown.stdout and "flows/nightly.py:nightly" in shown.stdout
