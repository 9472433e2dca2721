"""A night at scale: a generated corpus served from loopback hosts, measured against its own limits.

    .venv/bin/python benchmarks/nightly.py --articles 2000 --hosts 50 --latency-ms 0
    .venv/bin/python benchmarks/nightly.py --articles 2000 --hosts 50 --latency-ms 100 --delay-s 1

In one run it measures, on the same pages:
- floor_extract_s: bare trafilatura (the pipeline's settings) over every page in this process: no fetch,
  no Prefect, no DuckDB. What a night cannot beat on one core.
- pipeline_s: `diplowatch run --config ...` as a subprocess, into a fresh warehouse; rerun_s: the same
  command again, with nothing new.
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
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from nightcorpus import Corpus, generate, origin, serve, write_config  # noqa: E402


def floor_extract(corpus: Corpus) -> tuple[float, int]:
    """Seconds for bare trafilatura over every page (one process, no I/O), and how many gave text."""
    import trafilatura

    from extract.articles import TRAFILATURA_OPTIONS

    pages = [(p.html, f"{origin(p.host)}{p.path}") for p in corpus.pages if not p.runaway]
    started, kept = time.perf_counter(), 0
    for html, url in pages:
        doc = trafilatura.bare_extraction(html, url=url, **TRAFILATURA_OPTIONS)
        kept += bool(doc is not None and doc.text)
    return time.perf_counter() - started, kept


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def prefect_server(home: Path):
    """A Prefect server on 127.0.0.1 for the nights of this run; yields the environment that points at it."""
    port = free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_API_URL=f"http://127.0.0.1:{port}/api", PREFECT_LOGGING_LEVEL="WARNING")
    log = open(home / "server.log", "wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1", "--port", str(port),
         "--no-ui", "--analytics-off"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not start: see {home / 'server.log'}")
            time.sleep(0.5)
        yield env, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


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
    floor_s, kept = floor_extract(corpus)
    print(f"floor: bare trafilatura over {kept} pages in {floor_s:.1f} s", flush=True)

    db = work / "night.duckdb"
    for stale in (db, work / "night.duckdb.wal"):
        stale.unlink(missing_ok=True)
    options = {"per_host_delay_s": args.delay_s, "retries": 0, "max_articles_per_feed": args.articles}
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
        second = run_night(config, env, work / "night2.log", server)
        print(f"night 2 (nothing new): {second['wall']:.1f} s", flush=True)
    pipeline_s, rerun_s = first["wall"], second["wall"]
    night = night_figures(db)
    stages = night["stages"]
    result = {
        "articles": args.articles, "hosts": args.hosts, "latency_ms": args.latency_ms, "delay_s": args.delay_s,
        "stored_articles": night["articles"], "page_timeouts": night["page_timeouts"],
        "call_mentions": night["calls"], "redline_mentions": night["redlines"],
        "floor_extract_s": round(floor_s, 2), "pipeline_s": round(pipeline_s, 2), "rerun_s": round(rerun_s, 2),
        "fetch_bound_s": round(fetch_bound(corpus, args.delay_s, args.latency_ms), 2),
        "fetch_s": stages.get("fetch"), "extract_s": stages.get("extract_cpu"), "detect_s": stages.get("detect_cpu"),
        "load_s": stages.get("load"), "task_runs": task_runs,
        "peak_rss_mb": round(max(first["rss_mb"], second["rss_mb"]), 1),
        "flow_cpu_s": round(first["flow_cpu_s"], 2), "corpus_server_cpu_s": round(first["serving_cpu_s"], 2),
        "prefect_server_cpu_s": round(first["server_cpu_s"], 2),
        # The nights' own time in their flow run (runs.started_at -> finished_at): without process start,
        # imports and the Prefect engine's set-up around the flow.
        "pipeline_flow_s": round(night["run_seconds"][0], 2), "rerun_flow_s": round(night["run_seconds"][-1], 2),
        "ratio_pipeline_to_floor": round(pipeline_s / floor_s, 3),
        "ratio_rerun_to_pipeline": round(rerun_s / pipeline_s, 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
