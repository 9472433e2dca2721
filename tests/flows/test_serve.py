"""`diplowatch serve` end to end: a real Prefect server, the served deployment run twice, nights forked warm."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "warehouse"))
from night_support import ROOT, Site, night_env  # noqa: E402

pytestmark = pytest.mark.slow


def run_and_wait(client, deployment_id, timeout_s: float = 180.0):
    """Create a run of the deployment now and wait for its final state."""
    run = client.create_flow_run_from_deployment(deployment_id)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        run = client.read_flow_run(run.id)
        if run.state is not None and run.state.is_final():
            return run
        time.sleep(0.3)
    raise AssertionError(f"flow run {run.id} still {run.state.type if run.state else None} after {timeout_s} s")


def night_logs(client, run_id, LogFilter, LogFilterFlowRunId, timeout_s: float = 20.0) -> list[str]:
    """The run's log messages once its last one ("night ... completed: ...") has reached the server."""
    deadline = time.monotonic() + timeout_s
    while True:
        messages = [e.message for e in client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))]
        if any("completed:" in m for m in messages) or time.monotonic() > deadline:
            return messages
        time.sleep(0.5)


def test_served_nights_run_as_warm_forks_and_record_everything(tmp_path, prefect_harness):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL

    with Site() as site:
        db = str(tmp_path / "served.duckdb")
        config = Path(site.config(tmp_path, db))
        # A cron that never fires during the test: the nights below are the ones the test asks for.
        config.write_text(config.read_text() + '\n[schedule]\ncron = "0 0 29 2 *"\n', encoding="utf-8")
        env = night_env(tmp_path / "prefect", PREFECT_API_URL=PREFECT_API_URL.value(),
                        PREFECT_RUNNER_POLL_FREQUENCY="1")
        log = tmp_path / "serve.log"
        with open(log, "wb") as out:
            served = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--config", str(config)],
                                      cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            with get_client(sync_client=True) as client:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        deployment = client.read_deployment_by_name("diplowatch-nightly/nightly")
                        break
                    except Exception:  # noqa: BLE001 - not registered yet
                        assert served.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
                        time.sleep(0.5)
                first = run_and_wait(client, deployment.id)
                second = run_and_wait(client, deployment.id)
                runs = [first, second]
                task_runs = [len(client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[r.id]))))
                             for r in runs]
                logs = [night_logs(client, r.id, LogFilter, LogFilterFlowRunId) for r in runs]
        finally:
            served.terminate()
            served.wait(timeout=60)
    output = log.read_text()
    assert [r.state.type.value for r in runs] == ["COMPLETED", "COMPLETED"], output[-3000:]
    # Each night was started by diplowatch's starter, as a fork of the process that imported the pipeline.
    for r in runs:
        assert f"night {r.id} started as a fork of the warm process" in output
    # What the child queued before it exited reached the server: task runs and the night's last log line.
    assert task_runs[0] >= 2 and task_runs[1] >= 1
    assert all(any("completed:" in m for m in messages) for messages in logs), logs
    with duckdb.connect(db, read_only=True) as con:
        nights = con.execute("select status, new_articles from runs order by started_at").fetchall()
        articles = con.execute("select count(*) from articles").fetchone()[0]
    assert nights[0][0] == "completed" and nights[0][1] == articles > 0
    assert nights[1] == ("completed", 0)
