"""Quality gate: the engine must stay above the floors pinned in eval/floors.json on the labelled test split."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPLITS = ROOT / "eval" / "labelled"


@pytest.mark.parametrize("split", ["test", "holdout"])
def test_split_meets_floors(split: str) -> None:
    if not (SPLITS / f"{split}.jsonl").exists():
        pytest.skip(f"labelled {split} split not written yet")
    done = subprocess.run([sys.executable, str(ROOT / "eval" / "evaluate.py"), "--split", split, "--check"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_floors_cover_the_targets() -> None:
    floors = json.loads((ROOT / "eval" / "floors.json").read_text())["test"]
    for key in ("calls_f1", "in_person_f1", "redlines_f1", "participants_accuracy", "mode_accuracy",
                "date_accuracy", "issue_accuracy"):
        assert 0.0 < floors[key] <= 1.0, key


def test_check_fails_below_a_floor(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "eval"))
    try:
        import evaluate
    finally:
        sys.path.pop(0)
    metrics = {"calls": {"precision": 1.0, "recall": 0.0, "f1": 0.0}, "in_person": {"precision": 1.0,
               "recall": 1.0, "f1": 1.0}, "redlines": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
               "accuracy": {"participants": 1.0, "mode": 1.0, "date": 1.0, "issue": 1.0}}
    failures = evaluate.check(metrics, "test")
    assert any(line.startswith("calls_f1") for line in failures)
    assert not any(line.startswith("redlines_f1") for line in failures)
