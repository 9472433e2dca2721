"""A whole night over real publishers' pages (../shared/replay, local measurement only), served from 127.0.0.1.

Skipped where ../shared is absent. Nothing from replay/ is copied into the repo: the test reads the
files where they lie and serves them, with the headers serve_hints.json asks for.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows.nightly import run_night

from .fetch_support import LocalServer

REPLAY = Path(__file__).resolve().parents[3] / "shared" / "replay"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REPLAY.is_dir(), reason="../shared/replay is not here"),
]
LOCAL_BASE = "http://127.0.0.1:8000/"


def serve_replay(server: LocalServer) -> list[str]:
    """Serve every replay feed and page; return the feed URLs."""
    hints = json.loads((REPLAY / "serve_hints.json").read_text(encoding="utf-8"))
    base = server.url("/")
    feeds = []
    for path in sorted(REPLAY.glob("*/*")):
        rel = path.relative_to(REPLAY).as_posix()
        if rel.split("/")[0] not in ("feeds", "feeds_quirks", "feeds_local", "html"):
            continue
        body = path.read_bytes()
        if rel.startswith("feeds_local/"):
            body = body.replace(LOCAL_BASE.encode(), base.encode())
        headers = {k: v for k, v in hints.get(rel, {}).items() if k != "why"}
        headers.setdefault("Content-Type", "text/html" if path.suffix == ".html" else "application/xml")
        url = server.route("/" + rel, body=body, headers=headers)
        if not rel.startswith("html/"):
            feeds.append(url)
    server.route("/robots.txt", body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    return feeds


def test_real_feeds_and_pages_make_a_complete_night(tmp_path, prefect_harness):
    with LocalServer() as server:
        feed_urls = serve_replay(server)
        # Only feeds whose links stay on this server: the real and quirk feeds link to publishers' hosts,
        # which a test must never contact (not even by DNS). tests/flows/test_fetch_replay.py fetches and
        # parses those as feeds.
        local = [u for u in feed_urls if "/feeds_local/" in u]
        db = tmp_path / "replay.duckdb"
        cfg = tmp_path / "replay.toml"
        cfg.write_text(
            f'[warehouse]\npath = "{db}"\n'
            '[fetch]\nallowed_private_hosts = ["127.0.0.1"]\nper_host_delay_s = 0\nretries = 0\n'
            '[run]\nbatch_size = 50\nmax_articles_per_feed = 500\n'
            + "".join(f'[[feeds]]\nname = "f{i}"\nurl = "{u}"\n' for i, u in enumerate(local)),
            encoding="utf-8",
        )
        summary = run_night(str(cfg))
    assert summary.status == "completed"
    with duckdb.connect(str(db), read_only=True) as con:
        feed_outcomes = dict(con.execute(
            "select url, outcome from fetches where kind = 'feed'").fetchall())
        n_articles, n_langs = con.execute("select count(*), count(distinct language) from articles").fetchone()
        article_outcomes = dict(con.execute(
            "select outcome, count(*) from fetches where kind = 'article' and url like '%/html/%' group by 1").fetchall())
    # Every feed answered, and each either parsed or carries a clear label.
    assert set(feed_outcomes) == set(local)
    assert set(feed_outcomes.values()) == {"ok"}
    # The 188 real pages: nearly all yield an article; the rest are labelled, never lost silently.
    assert article_outcomes.get("ok", 0) >= 180
    assert n_articles >= 180 and n_langs >= 5
