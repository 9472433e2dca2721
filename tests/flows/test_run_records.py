"""Every night leaves its `runs` row and its Prefect artifact, whether it completed or failed."""

from __future__ import annotations

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.artifacts import ARTIFACT_KEY
from flows.nightly import run_night
from warehouse import load

pytestmark = pytest.mark.slow


def artifacts_for(run_id: str) -> list[str]:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))
    return [a.data for a in found if run_id in (a.description or "")]


def _config(tmp_path, base: str) -> str:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[warehouse]\npath = "{tmp_path / "w.duckdb"}"\n'
        '[fetch]\nallowed_private_hosts = ["127.0.0.1"]\nper_host_delay_s = 0\nretries = 0\n'
        f'[[feeds]]\nname = "missing"\nurl = "{base}/missing.xml"\n',
        encoding="utf-8",
    )
    return str(cfg)


def test_completed_night_has_row_and_artifact(tmp_path, httpserver, prefect_harness):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/missing.xml").respond_with_data("not here", status=404)
    summary = run_night(_config(tmp_path, httpserver.url_for("").rstrip("/")))
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        row = con.execute("select status, feeds_failed, outcome_counts, stage_seconds from runs").fetchone()
    assert row[0] == "completed" and row[1] == 1
    assert dict(row[2])["http_404"] == 1
    assert set(dict(row[3])) == {"feeds", "articles"}
    (markdown,) = artifacts_for(summary.run_id)
    assert "completed" in markdown and "| missing | http_404 |" in markdown
    assert "## New calls tonight" in markdown and "## Red lines tonight" in markdown


def test_failed_night_has_row_and_artifact(tmp_path, httpserver, prefect_harness, monkeypatch):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    # Fault injection: the night breaks after it started, while saving feed state.
    monkeypatch.setattr(load, "save_feed_states", disk_full)
    with pytest.raises(OSError, match="No space left"):
        run_night(_config(tmp_path, httpserver.url_for("").rstrip("/")))
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        run_id, status, error, finished = con.execute("select run_id, status, error, finished_at from runs").fetchone()
    assert status == "failed" and "No space left on device" in error and finished is not None
    (markdown,) = artifacts_for(run_id)
    assert "failed" in markdown and "No space left on device" in markdown


def test_a_feed_failing_three_nights_is_named(tmp_path, httpserver, prefect_harness, capsys):
    from flows.cli import main

    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/missing.xml").respond_with_data("not here", status=404)
    cfg = _config(tmp_path, httpserver.url_for("").rstrip("/"))
    for night in range(3):
        assert main(["run", "--config", cfg]) == 0
        out = capsys.readouterr().out
        assert ("FAILING: missing has failed 3 nights in a row" in out) == (night == 2)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        named = [r[0] for r in con.execute("select failing_feeds from run_health order by started_at").fetchall()]
        failing = con.execute("select name, consecutive_failures, last_outcome from failing_feeds").fetchall()
    assert named == [[], [], ["missing"]]
    assert failing == [("missing", 3, "http_404")]
