"""Shared fixtures: a clean environment, real DuckDB files under tmp_path, a Prefect test harness."""

from __future__ import annotations

import os

import pytest

# These machines reach no outside host: Prefect must not try to send telemetry, and it must use a
# throwaway local database rather than whatever the developer's profile points at.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"  # the client side of Prefect's telemetry
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No DIPLOWATCH_* variable from the developer's shell leaks into a test."""
    for key in list(os.environ):
        if key.startswith("DIPLOWATCH_"):
            monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def prefect_harness():
    """One ephemeral Prefect API for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def db_path(tmp_path):
    """Path of a fresh warehouse file under tmp_path."""
    return str(tmp_path / "warehouse.duckdb")
