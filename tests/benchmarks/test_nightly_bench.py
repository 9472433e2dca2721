"""benchmarks/nightly.py end to end on a small corpus: every figure is there and agrees with the warehouse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "floor_extract_s", "pipeline_s", "rerun_s", "fetch_bound_s", "fetch_s", "extract_s", "detect_s", "load_s",
    "task_runs", "peak_rss_mb", "ratio_pipeline_to_floor", "ratio_rerun_to_pipeline",
    "floor_bare_extraction_s", "ratio_pipeline_to_bare_extraction", "rerun_run_s", "ratio_rerun_run_to_pipeline",
}

pytestmark = pytest.mark.slow


def test_small_night_benchmark(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "nightly.py"), "--articles", "60", "--hosts", "4",
         "--latency-ms", "5", "--delay-s", "0.05", "--runaway", "1", "--page-timeout-s", "2", "--keep", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert KEYS <= set(result)
    # Every generated article is stored; the runaway page was cut off by the time limit, not waited out.
    assert result["stored_articles"] == 60 and result["page_timeouts"] == 1
    assert 0 < result["task_runs"] < 60  # batched: never a task per article
    assert result["ratio_pipeline_to_floor"] == pytest.approx(result["pipeline_s"] / result["floor_extract_s"], rel=0.02)
    assert result["ratio_pipeline_to_bare_extraction"] == pytest.approx(
        result["pipeline_s"] / result["floor_bare_extraction_s"], rel=0.02)
    assert result["ratio_rerun_to_pipeline"] == pytest.approx(result["rerun_s"] / result["pipeline_s"], rel=0.02)
    # 62 requests on the busiest host at most (robots, feed, 16 articles) times 0.05 s, plus 5 ms.
    assert result["fetch_bound_s"] == pytest.approx(18 * 0.05 + 0.005, abs=0.06)
    assert result["fetch_s"] >= result["fetch_bound_s"] - 0.05  # politeness held: no faster than the bound
    with duckdb.connect(str(tmp_path / "night.duckdb"), read_only=True) as con:
        runs = con.execute("select status, new_articles from runs order by started_at").fetchall()
    # Night 2 was the served deployment (a warm fork), night 3 `diplowatch run` again: nothing new either time.
    assert runs == [("completed", 60), ("completed", 0), ("completed", 0)]
    assert 0 < result["rerun_s"] < result["rerun_run_s"]
