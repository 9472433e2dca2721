"""The demo night on a two-worker local Dask cluster stores exactly what the default thread runner stores."""

from __future__ import annotations

import duckdb
import pytest

from flows.demo.server import demo_config, serve_demo
from flows.nightly import run_night

pytest.importorskip("prefect_dask")
pytestmark = pytest.mark.slow

QUERIES = {
    "articles": "select count(*), count(distinct text_hash), count(distinct feed) from articles",
    "calls": "select count(*), count(distinct participants::varchar || mode || status) from call_mentions",
    "redlines": "select count(*), count(distinct coalesce(issue, '') || category) from redline_mentions",
    "fetches": "select kind, outcome, count(*) from fetches group by all order by all",
}


def write_config(path, base: str, db: str, runner: str) -> str:
    feeds = "".join(f'[[feeds]]\nname = "{f.name}"\nurl = "{f.url}"\n' for f in demo_config(base, db).feeds)
    path.write_text(
        f'[warehouse]\npath = "{db}"\n'
        '[fetch]\nallowed_private_hosts = ["127.0.0.1"]\nper_host_delay_s = 0\n'
        f'[run]\ntask_runner = "{runner}"\ndask_workers = 2\nbatch_size = 8\n' + feeds,
        encoding="utf-8",
    )
    return str(path)


def night(tmp_path, base: str, runner: str) -> dict:
    db = str(tmp_path / f"{runner}.duckdb")
    summary = run_night(write_config(tmp_path / f"{runner}.toml", base, db, runner))
    assert summary.status == "completed"
    with duckdb.connect(db, read_only=True) as con:
        return {k: con.execute(q).fetchall() for k, q in QUERIES.items()}


def test_dask_runner_gives_the_same_warehouse(tmp_path, prefect_harness):
    with serve_demo() as base:
        threads = night(tmp_path, base, "threads")
        dask = night(tmp_path, base, "dask")
    assert threads["articles"][0][0] >= 38
    assert dask == threads
