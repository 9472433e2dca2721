"""The console script's quick exit: everything Python does at exit that matters still happens."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_leave_keeps_exit_code_output_threads_and_exit_handlers(tmp_path):
    script = textwrap.dedent(f"""
        import atexit, sys, threading, time
        from pathlib import Path
        from flows.cli import leave

        out = Path({str(tmp_path)!r})
        atexit.register(lambda: (out / "atexit").write_text("ran"))
        threading._register_atexit(lambda: (out / "threading-exit").write_text("ran"))  # where Prefect drains
        def late():
            time.sleep(0.5)
            (out / "thread").write_text("finished")
        threading.Thread(target=late).start()  # not a daemon: Python waits for it, so must leave()
        sys.stdout.write("x" * 200_000)  # buffered, no newline: flushed before leaving
        sys.stderr.write("said on stderr")
        leave(3)
        (out / "after").write_text("leave() returned")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "x" * 200_000 and done.stderr == "said on stderr"
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
        "atexit": "ran", "threading-exit": "ran", "thread": "finished"}


@pytest.mark.slow
def test_a_night_run_through_the_console_script_records_everything(tmp_path, prefect_harness):
    """Leaving quickly loses nothing of the night: COMPLETED on the server, its last log line there, the summary printed."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import PREFECT_API_URL

    sys.path.insert(0, str(ROOT / "tests" / "warehouse"))
    from night_support import Site, night_env

    with Site() as site:
        config = site.config(tmp_path, str(tmp_path / "night.duckdb"))
        env = night_env(tmp_path / "prefect", PREFECT_API_URL=PREFECT_API_URL.value())
        done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--config", config], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "completed" in done.stdout  # the summary table was printed in full before leaving
    with get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(limit=1, sort=FlowRunSort.START_TIME_DESC)  # the night just run
        assert run.state is not None and run.state.type.value == "COMPLETED"
        deadline = time.monotonic() + 20  # the server files what it received asynchronously
        while True:
            messages = [e.message for e in client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))]
            if any("completed:" in m for m in messages) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert any(m.startswith("night ") and "completed:" in m for m in messages), messages
