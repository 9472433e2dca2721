"""A night at scale: a generated corpus served from loopback hosts, measured against its own limits.

    .venv/bin/python benchmarks/nightly.py --articles 2000 --hosts 50 --latency-ms 0
    .venv/bin/python benchmarks/nightly.py --articles 2000 --hosts 50 --latency-ms 100 --delay-s 1

In one run it measures, on the same pages:
- floor_extract_s: bare `trafilatura.extract` (the pipeline's settings) over every page in this process: no
  fetch, no Prefect, no DuckDB. What a night cannot beat on one core. Taken before and again after the
  nights (floor_extract_before_s, floor_extract_after_s); the figure is their mean, since this machine's
  speed drifts within minutes. floor_bare_extraction_s: the same with
  `trafilatura.bare_extraction`, the call the pipeline makes (no content fingerprint, no text output), timed
  page by page beside it; ratio_pipeline_to_bare_extraction is the stricter ratio.
- pipeline_s: `diplowatch run --config ...` as a subprocess, into a fresh warehouse, process start to exit;
  rerun_s: a second night with nothing new as the nightly schedule runs it: the deployment served by
  `diplowatch serve`, from the runner taking the night (its Pending state) to the exit of the night's
  process; rerun_run_s: a third night, nothing new again, by `diplowatch run` (a fresh interpreter).
- fetch_bound_s: the politeness bound (the busiest host's requests times the delay, plus one latency);
  fetch_s, extract_s, detect_s, load_s: the night's own figures from `runs.stage_seconds` (fetch is
  wall time from the first feed request to the last article body; extract and detect are CPU
  seconds summed over the page workers; load is the flow's time writing DuckDB).
- task_runs: Prefect task runs the first night created (read back from the Prefect server); flow_cpu_s,
  prefect_server_cpu_s, corpus_server_cpu_s: CPU seconds of the flow process, the Prefect server and the
  threads of this script serving the corpus (all on the same machine as the page workers);
  peak_rss_mb: the largest sum of RSS over the night's process tree (flow process, forkserver and page
  workers), sampled every 0.1 s.
The nights talk to a Prefect server this script starts (as a scheduled deployment would): a
temporary server per `diplowatch run` would add its ~8 s start to every night. The corpus is served
by threads of this process, so serving costs CPU on the same machine as the night. The last line of
output is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from nightcorpus import Corpus, generate, origin, write_config  # noqa: E402
from nightserver import serve  # noqa: E402


def floor_extract(corpus: Corpus) -> tuple[float, float, int]:
    """Seconds for bare trafilatura over every page (one process, no I/O), and how many gave text.

    Two floors, timed page by page in turn so that the machine's drift hits both alike:
    `trafilatura.extract` (the issue's floor: text out, with the pipeline's settings, which with metadata
    includes trafilatura's own content fingerprint) and `trafilatura.bare_extraction` (the call the
    pipeline makes; no fingerprint, no text serialisation), the stricter of the two."""
    import trafilatura

    from extract.articles import TRAFILATURA_OPTIONS

    pages = [(p.html, f"{origin(p.host)}{p.path}") for p in corpus.pages if not p.runaway]
    extract_s = bare_s = 0.0
    kept = 0
    for html, url in pages:
        started = time.perf_counter()
        text = trafilatura.extract(html, url=url, **TRAFILATURA_OPTIONS)
        middle = time.perf_counter()
        doc = trafilatura.bare_extraction(html, url=url, **TRAFILATURA_OPTIONS)
        extract_s += middle - started
        bare_s += time.perf_counter() - middle
        kept += bool(text and doc is not None and doc.text)
    return extract_s, bare_s, kept


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def background(cmd: list[str], env: dict[str, str], log: Path, ready: Callable[[], Any], what: str):
    """Run a command until the block ends; yields (process, what `ready()` gave once it gave something)."""
    out = open(log, "wb")
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while (answer := ready()) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what}: see {log}")
            time.sleep(0.5)
        yield proc, answer
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@contextmanager
def prefect_server(home: Path):
    """A Prefect server on 127.0.0.1 for the nights of this run; yields the environment that points at it."""
    port = free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_API_URL=f"http://127.0.0.1:{port}/api", PREFECT_LOGGING_LEVEL="WARNING")

    def healthy():
        try:
            return httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200 or None
        except httpx.HTTPError:
            return None

    cmd = [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1", "--port",
           str(port), "--no-ui", "--analytics-off"]
    with background(cmd, env, home / "server.log", healthy, "the Prefect server did not start") as (proc, _):
        yield env, psutil.Process(proc.pid)


def task_run_count(env: dict[str, str]) -> int:
    return httpx.post(f"{env['PREFECT_API_URL']}/task_runs/count", json={}, timeout=30).json()


def tree_rss(proc: psutil.Process) -> int:
    """RSS of a process and all its descendants, in bytes (processes that just exited count as 0)."""
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in family:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run_night(config: Path, env: dict[str, str], log: Path, server: psutil.Process) -> dict:
    """Run `diplowatch run` once: wall seconds, peak tree RSS in MB, CPU seconds of the flow process and the server.

    (The page workers' CPU is in the night's own stage figures: they are the forkserver's children, not ours.)"""
    peak, flow_cpu, done = 0, 0.0, threading.Event()
    server_cpu = sum(server.cpu_times()[:2])
    own_cpu = time.process_time()  # this process serves the corpus (and samples): CPU a real night would not share
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen([str(Path(sys.executable).with_name("diplowatch")), "run", "--config", str(config)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
        watched = psutil.Process(proc.pid)

        def sample() -> None:
            nonlocal peak, flow_cpu
            while not done.is_set():
                peak = max(peak, tree_rss(watched))
                try:
                    flow_cpu = sum(watched.cpu_times()[:2])
                except psutil.NoSuchProcess:
                    break
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    if code != 0:
        raise RuntimeError(f"diplowatch run exited with {code}: see {log}")
    return {"wall": wall, "rss_mb": peak / 2**20, "flow_cpu_s": flow_cpu, "serving_cpu_s": time.process_time() - own_cpu,
            "server_cpu_s": sum(server.cpu_times()[:2]) - server_cpu}


@contextmanager
def served(config: Path, env: dict[str, str], log: Path):
    """`diplowatch serve` for the config, as a nightly schedule runs it; yields its deployment id once registered.

    The runner polls for due runs every second here (Prefect's default is 10 s): the wait before a night
    starts is not part of what the night costs, and is not measured."""
    def registered():
        found = httpx.get(f"{env['PREFECT_API_URL']}/deployments/name/diplowatch-nightly/nightly", timeout=10)
        return found.json()["id"] if found.status_code == 200 else None

    cmd = [str(Path(sys.executable).with_name("diplowatch")), "serve", "--config", str(config)]
    with background(cmd, dict(env, PREFECT_RUNNER_POLL_FREQUENCY="1"), log, registered,
                    "diplowatch serve did not register its deployment") as (_, deployment_id):
        yield deployment_id


def served_night(env: dict[str, str], deployment_id: str, log: Path) -> float:
    """Run the served deployment once: seconds from the runner taking the night (state Pending, just before it
    starts the night's process) to that process's exit."""
    api = env["PREFECT_API_URL"]
    for attempt in range(5):  # the server may still be busy with the first night's events: ask again
        made = httpx.post(f"{api}/deployments/{deployment_id}/create_flow_run", json={}, timeout=30)
        if made.status_code in (200, 201):
            break
        time.sleep(2)
    else:
        raise RuntimeError(f"creating a run of the served deployment failed: HTTP {made.status_code} {made.text[:500]}")
    run = made.json()
    started = re.compile(rf"night {run['id']} started as a fork of the warm process \(pid (\d+)\)")
    pid = None
    deadline = time.monotonic() + 600
    while pid is None or psutil.pid_exists(pid):
        if pid is None and (m := started.search(log.read_text(errors="replace"))):
            pid = int(m.group(1))
        if time.monotonic() > deadline:
            raise RuntimeError(f"the served night {run['id']} did not end: see {log}")
        time.sleep(0.02)
    ended = time.time()
    while True:  # the night's own final state, which it sets before it exits
        state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=30).json()["state"]
        if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            break
        time.sleep(0.1)
    if state["type"] != "COMPLETED":
        raise RuntimeError(f"the served night ended {state['type']}: see {log}")
    states = httpx.get(f"{api}/flow_run_states/", params={"flow_run_id": run["id"]}, timeout=30).json()
    pending = min(datetime.fromisoformat(s["timestamp"]) for s in states if s["type"] == "PENDING")
    return ended - pending.timestamp()


def night_figures(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("select stage_seconds, epoch(finished_at) - epoch(started_at) from runs"
                           " order by started_at").fetchall()
        stages = runs[0][0]
        articles = con.execute("select count(*) from articles").fetchone()[0]
        cut = con.execute("select count(*) from fetches where outcome = 'page_timeout'").fetchone()[0]
        mentions = con.execute("select (select count(*) from call_mentions), (select count(*) from redline_mentions)")
        calls, redlines = mentions.fetchone()
    return {"stages": dict(stages), "run_seconds": [r[1] for r in runs], "articles": articles, "page_timeouts": cut, "calls": calls, "redlines": redlines}


def fetch_bound(corpus: Corpus, delay_s: float, latency_ms: float) -> float:
    """The busiest host's requests (robots.txt, feed, articles) times the delay, plus one latency."""
    per_host = {h: 2 for h in corpus.hosts}
    for p in corpus.pages:
        per_host[p.host] += 1
    return max(per_host.values()) * delay_s + latency_ms / 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=0.0)
    ap.add_argument("--delay-s", type=float, default=0.0, help="per-host delay between requests (fetch.per_host_delay_s)")
    ap.add_argument("--runaway", type=int, default=0, help="pages made to make trafilatura run away")
    ap.add_argument("--page-timeout-s", type=float, default=None, help="[run] page_timeout_s (default: the config default)")
    ap.add_argument("--batch-size", type=int, default=None, help="[run] batch_size (default: the config default)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, default=None, help="keep the warehouse, config and logs in this directory")
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="diplowatch-night-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = generate(args.articles, args.hosts, seed=args.seed, runaway_pages=args.runaway)
    print(f"corpus: {len(corpus.pages)} pages on {len(corpus.hosts)} hosts; work dir {work}", flush=True)
    floor_before = floor_extract(corpus)
    print(f"floor: trafilatura.extract over {floor_before[2]} pages in {floor_before[0]:.1f} s (bare_extraction "
          f"{floor_before[1]:.1f} s)", flush=True)

    db = work / "night.duckdb"
    for stale in (db, work / "night.duckdb.wal"):
        stale.unlink(missing_ok=True)
    # The schedule never fires during a run (29 February at midnight): the served night below is asked for.
    options = {"per_host_delay_s": args.delay_s, "retries": 0, "max_articles_per_feed": args.articles,
               "cron": "0 0 29 2 *"}
    if args.page_timeout_s:
        options["page_timeout_s"] = args.page_timeout_s
    if args.batch_size:
        options["batch_size"] = args.batch_size
    home = work / "prefect-home"
    home.mkdir(exist_ok=True)
    with prefect_server(home) as (env, server), serve(corpus, latency_ms=args.latency_ms) as bases:
        config = write_config(corpus, bases, db, work / "night.toml", **options)
        before = task_run_count(env)
        first = run_night(config, env, work / "night1.log", server)
        task_runs = task_run_count(env) - before
        print(f"night 1: {first['wall']:.1f} s, peak RSS {first['rss_mb']:.0f} MB, {task_runs} task runs; CPU s: "
              f"flow process {first['flow_cpu_s']:.1f}, corpus server {first['serving_cpu_s']:.1f}, "
              f"Prefect server {first['server_cpu_s']:.1f}", flush=True)
        # Night 2, nothing new, as the nightly schedule runs it: the deployment served by `diplowatch serve`.
        with served(config, env, work / "serve.log") as deployment:
            rerun_s = served_night(env, deployment, work / "serve.log")
        print(f"night 2 (nothing new, served): {rerun_s:.2f} s", flush=True)
        # Night 3, nothing new, by hand: `diplowatch run` again, a fresh interpreter importing everything.
        third = run_night(config, env, work / "night3.log", server)
        print(f"night 3 (nothing new, diplowatch run): {third['wall']:.1f} s", flush=True)
    # The floor again after the nights: this machine's speed drifts by tens of percent within minutes, and the
    # mean of a floor taken before and one taken after the nights is what the nights are compared with.
    floor_after = floor_extract(corpus)
    print(f"floor again: trafilatura.extract {floor_after[0]:.1f} s (bare_extraction {floor_after[1]:.1f} s)",
          flush=True)
    floor_s = (floor_before[0] + floor_after[0]) / 2
    bare_s = (floor_before[1] + floor_after[1]) / 2
    pipeline_s = first["wall"]
    night = night_figures(db)
    stages = night["stages"]
    result = {
        "articles": args.articles, "hosts": args.hosts, "latency_ms": args.latency_ms, "delay_s": args.delay_s,
        "stored_articles": night["articles"], "page_timeouts": night["page_timeouts"],
        "call_mentions": night["calls"], "redline_mentions": night["redlines"],
        "floor_extract_s": round(floor_s, 2), "floor_bare_extraction_s": round(bare_s, 2),
        "floor_extract_before_s": round(floor_before[0], 2), "floor_extract_after_s": round(floor_after[0], 2),
        "pipeline_s": round(pipeline_s, 2), "rerun_s": round(rerun_s, 2), "rerun_run_s": round(third["wall"], 2),
        "fetch_bound_s": round(fetch_bound(corpus, args.delay_s, args.latency_ms), 2),
        "fetch_s": stages.get("fetch"), "extract_s": stages.get("extract_cpu"), "detect_s": stages.get("detect_cpu"),
        "load_s": stages.get("load"), "task_runs": task_runs,
        "peak_rss_mb": round(max(first["rss_mb"], third["rss_mb"]), 1),
        "flow_cpu_s": round(first["flow_cpu_s"], 2), "corpus_server_cpu_s": round(first["serving_cpu_s"], 2),
        "prefect_server_cpu_s": round(first["server_cpu_s"], 2),
        # The nights' own time in their flow run (runs.started_at -> finished_at): without process start,
        # imports and the Prefect engine's set-up around the flow.
        "pipeline_flow_s": round(night["run_seconds"][0], 2), "rerun_flow_s": round(night["run_seconds"][1], 2),
        "ratio_pipeline_to_floor": round(pipeline_s / floor_s, 3),
        "ratio_pipeline_to_bare_extraction": round(pipeline_s / bare_s, 3),
        "ratio_rerun_to_pipeline": round(rerun_s / pipeline_s, 3),
        "ratio_rerun_run_to_pipeline": round(third["wall"] / pipeline_s, 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
