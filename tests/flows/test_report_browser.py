"""The report in a real headless Chromium: it renders, the charts are in the DOM, hostile text stays text,
nothing logs to the console.

docs/report.png is made from the demo warehouse:
    diplowatch run --db /tmp/demo.duckdb
    diplowatch report --db /tmp/demo.duckdb --out /tmp/report.html
    chromium --headless --no-sandbox --disable-gpu --user-data-dir=/tmp/chromium-profile \
        --screenshot=docs/report.png --window-size=1280,2000 file:///tmp/report.html
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from report_support import HOSTILE_EVIDENCE, HOSTILE_TITLE, Page, build_warehouse, check_report_page  # noqa: E402

ROOT = Path(__file__).parent.parent.parent
SCREENSHOT = ROOT / "docs" / "report.png"
# Quiet, offline, deterministic: no first-run UI, no background traffic, no component updates.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]
# Chromium logs every console message (errors, CSP violations, uncaught exceptions) as INFO:CONSOLE.
CONSOLE = re.compile(r":CONSOLE[:(\]]|Uncaught")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


def run_chromium(chromium: str, tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run one headless Chromium on a file with its own throwaway profile."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    db = tmp / "warehouse.duckdb"
    build_warehouse(str(db))
    out = tmp / "report.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    return out


def test_console_check_catches_errors(chromium, tmp_path):
    # The control: a page that does log errors must be caught, or the checks below prove nothing.
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><p>x</p><script>console.error("bad"); throw new Error("boom")</script>')
    proc = run_chromium(chromium, tmp_path, bad, "--dump-dom")
    lines = console_lines(proc.stderr)
    assert any("bad" in line for line in lines) and any("Uncaught" in line for line in lines)


def test_rendered_dom_has_charts_and_escaped_text(chromium, report, tmp_path):
    proc = run_chromium(chromium, tmp_path, report, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    page = Page(proc.stdout)
    assert len(page.find("svg")) == 4
    check_report_page(page)  # bars, data labels, cells and tables as parsed by the browser
    text = page.all_text()
    assert HOSTILE_TITLE in text and HOSTILE_EVIDENCE in text
    assert not page.find("script") and not page.find("img")
    assert console_lines(proc.stderr) == []


def test_screenshot_renders_without_console_errors(chromium, report, tmp_path):
    shot = tmp_path / "report.png"
    proc = run_chromium(chromium, tmp_path, report, f"--screenshot={shot}", "--window-size=1280,2000")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 50_000  # a blank page compresses to a few kB
    assert console_lines(proc.stderr) == []


def test_screenshot_is_kept_in_docs():
    assert png_size(SCREENSHOT) == (1280, 2000)
