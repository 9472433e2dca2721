"""`diplowatch detect` as users run it: a real subprocess on files, stdin and JSON-lines streams."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXE = ROOT / ".venv" / "bin" / "diplowatch"

pytestmark = pytest.mark.slow


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    cmd = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "flows.cli"]
    return subprocess.run([*cmd, "detect", *args], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PATH": "/usr/bin:/bin"})


def test_file_with_published_date(tmp_path: Path) -> None:
    text = "Intro line.\nMacron spoke by phone with Modi on Monday, and said the red line on Ukraine stood.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    done = _run(str(path), "--published", "2025-06-13")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"calls", "redlines"}
    call = out["calls"][0]
    assert call["participants"] == ["Emmanuel Macron", "Narendra Modi"]
    assert (call["mode"], call["date"], call["date_precision"]) == ("phone", "2025-06-09", "day")
    assert text[call["start"]:call["end"]] == call["evidence"]
    assert out["redlines"][0]["issue"] == "Ukraine"


def test_stdin_dash() -> None:
    done = _run("-", "--published", "2025-06-13", stdin="Merz met Starmer in London.")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["calls"][0]["mode"] == "in_person"


def test_bad_published_is_a_clear_error() -> None:
    done = _run("-", "--published", "13/06/2025", stdin="x")
    assert done.returncode != 0
    assert "--published" in done.stderr and "YYYY-MM-DD" in done.stderr


def test_jsonl_stream_one_line_per_input_and_errors_per_line() -> None:
    lines = [json.dumps({"id": f"n{i}", "text": f"Trump and Xi held a video call on Tuesday. Item {i}.",
                         "published": "2025-06-13"}) for i in range(2000)]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps({"id": "bad-date", "text": "x", "published": "2025-02-30"}))
    lines.append(json.dumps({"id": "nodate", "text": "Putin met Modi yesterday.", "published": None}))
    done = _run("--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)
    assert "error" in out[5] and out[5]["id"] is None
    assert out[9]["id"] == "bad-date" and "error" in out[9]
    good = [o for o in out if "error" not in o]
    assert len(good) == 2001
    assert good[0]["id"] == "n0" and good[0]["calls"][0]["date"] == "2025-06-10"
    assert good[-1]["id"] == "nodate" and good[-1]["calls"][0]["participants"] == ["Narendra Modi", "Vladimir Putin"]
