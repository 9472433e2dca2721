"""Score the detection engine on the team's labelled sentences: P/R/F1 and field accuracies, gated by floors.

Usage: python eval/evaluate.py [--split dev|dev2|dev3|dev4|test|holdout|dev5 | --file PATH] [--check] [--errors] [--json]

--file scores any JSONL in the labelled schema (e.g. a local set of real sentences kept outside the repo);
it has no pinned floors, so it cannot be combined with --check.

Calls match on the exact participant set within an item (in-person meetings also get their own P/R/F1);
participants accuracy is measured over pairs that share at least one participant; mode and date accuracy over
exact matches. Red lines match within an item, greedily by category and issue.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extract.detect import detect, findings_to_dict  # noqa: E402

FLOORS = HERE / "floors.json"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _greedy(gold: list[dict], pred: list[dict], keys) -> list[tuple[int, int]]:
    """Pair gold and predicted items, trying each key function in turn (strictest first)."""
    pairs: list[tuple[int, int]] = []
    free_g, free_p = set(range(len(gold))), set(range(len(pred)))
    for key in keys:
        for gi in sorted(free_g):
            for pi in sorted(free_p):
                if key(gold[gi], pred[pi]):
                    pairs.append((gi, pi))
                    free_g.discard(gi)
                    free_p.discard(pi)
                    break
    return pairs


def _same_set(g: dict, p: dict) -> bool:
    return sorted(g["participants"]) == sorted(p["participants"])


def _overlap(g: dict, p: dict) -> bool:
    return bool(set(g["participants"]) & set(p["participants"]))


def evaluate(rows: list[dict], errors: bool = False) -> dict:
    """All metrics over the labelled rows."""
    n = {"call": [0, 0, 0], "meet": [0, 0, 0], "red": [0, 0, 0]}
    acc = {k: [0, 0] for k in ("participants", "mode", "date", "issue", "category", "speaker", "negated", "status")}
    for row in rows:
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        found = findings_to_dict(detect(row["text"], published))
        gold_c, pred_c = row["calls"], found["calls"]
        strict = _greedy(gold_c, pred_c, [
            lambda g, p: _same_set(g, p) and g["mode"] == p["mode"] and g["status"] == p["status"],
            lambda g, p: _same_set(g, p) and g["mode"] == p["mode"], _same_set])
        _count(n["call"], len(strict), len(pred_c), len(gold_c))
        gm = [c for c in gold_c if c["mode"] == "in_person"]
        pm = [c for c in pred_c if c["mode"] == "in_person"]
        _count(n["meet"], len(_greedy(gm, pm, [_same_set])), len(pm), len(gm))
        for gi, pi in _greedy(gold_c, pred_c, [_same_set, _overlap]):
            _tick(acc["participants"], _same_set(gold_c[gi], pred_c[pi]))
        for gi, pi in strict:
            g, p = gold_c[gi], pred_c[pi]
            _tick(acc["mode"], g["mode"] == p["mode"])
            _tick(acc["status"], g["status"] == p["status"])
            _tick(acc["date"], (g.get("date"), g.get("date_precision")) == (p["date"], p["date_precision"]))
        gold_r, pred_r = row["redlines"], found["redlines"]
        pairs = _greedy(gold_r, pred_r, [
            lambda g, p: g["category"] == p["category"] and g["issue"] == p["issue"],
            lambda g, p: g["category"] == p["category"], lambda g, p: True])
        _count(n["red"], len(pairs), len(pred_r), len(gold_r))
        for gi, pi in pairs:
            g, p = gold_r[gi], pred_r[pi]
            for field in ("issue", "category", "speaker", "negated"):
                _tick(acc[field], g[field] == p[field])
        if errors:
            _show(row, found, len(strict) != len(gold_c) or len(strict) != len(pred_c),
                  len(pairs) != len(gold_r) or len(pairs) != len(pred_r) or any(
                      (gold_r[g]["issue"], gold_r[g]["category"], gold_r[g]["speaker"], gold_r[g]["negated"]) !=
                      (pred_r[p]["issue"], pred_r[p]["category"], pred_r[p]["speaker"], pred_r[p]["negated"])
                      for g, p in pairs) or any(
                      (gold_c[g]["mode"], gold_c[g]["status"], gold_c[g].get("date")) !=
                      (pred_c[p]["mode"], pred_c[p]["status"], pred_c[p]["date"]) for g, p in strict))
    out = {"calls": _prf(*n["call"]), "in_person": _prf(*n["meet"]), "redlines": _prf(*n["red"])}
    out["accuracy"] = {k: (ok / total if total else 1.0) for k, (ok, total) in acc.items()}
    out["items"] = len(rows)
    return out


def _count(cell: list[int], tp: int, npred: int, ngold: int) -> None:
    cell[0] += tp
    cell[1] += npred - tp
    cell[2] += ngold - tp


def _tick(cell: list[int], ok: bool) -> None:
    cell[0] += int(ok)
    cell[1] += 1


def _show(row: dict, found: dict, call_err: bool, red_err: bool) -> None:
    if not (call_err or red_err):
        return
    print(f"--- {row['id']} ({row['published']}) {row['tags']}\n    {row['text']}")
    slim = lambda c: {k: c.get(k) for k in ("participants", "mode", "status", "date", "date_precision")}  # noqa: E731
    red = lambda r: {k: r.get(k) for k in ("category", "speaker", "issue", "negated", "phrase")}  # noqa: E731
    if call_err or red_err:
        print(f"    gold calls {[slim(c) for c in row['calls']]}\n    pred calls {[slim(c) for c in found['calls']]}")
    if call_err or red_err:
        print(f"    gold red {[red(r) for r in row['redlines']]}\n    pred red {[red(r) for r in found['redlines']]}")


def _flat(metrics: dict) -> dict[str, float]:
    flat = {f"{k}_{m}": metrics[k][m] for k in ("calls", "in_person", "redlines")
            for m in ("precision", "recall", "f1")}
    flat.update({f"{k}_accuracy": v for k, v in metrics["accuracy"].items()})
    return flat


def check(metrics: dict, split: str) -> list[str]:
    """Names of the metrics below their pinned floor for this split."""
    floors = json.loads(FLOORS.read_text()).get(split, {})
    flat = _flat(metrics)
    return [f"{k}: {flat.get(k, 0.0):.3f} < floor {v:.3f}" for k, v in floors.items() if flat.get(k, 0.0) < v]


def main(argv: list[str] | None = None) -> int:
    """Print metrics for a split; with --check, exit 1 when any is below its floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--split", choices=("dev", "dev2", "dev3", "dev4", "test", "holdout", "dev5"), default=None)
    source.add_argument("--file", type=Path, help="score this JSONL file (labelled schema) instead of a split")
    parser.add_argument("--check", action="store_true", help="fail when a metric is below eval/floors.json")
    parser.add_argument("--errors", action="store_true", help="print every item the engine gets wrong")
    parser.add_argument("--json", action="store_true", help="print metrics as JSON")
    args = parser.parse_args(argv)
    if args.file is not None and args.check:
        parser.error("--check needs a split with pinned floors; it cannot be used with --file")
    split = args.split or "dev"
    path = args.file if args.file is not None else HERE / "labelled" / f"{split}.jsonl"
    if not path.is_file():
        parser.error(f"no such file: {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    metrics = evaluate(rows, errors=args.errors)
    if args.json:
        print(json.dumps(_flat(metrics), indent=2, sort_keys=True))
    else:
        print(f"{'file=' + str(path) if args.file is not None else 'split=' + split} items={metrics['items']}")
        for k in ("calls", "in_person", "redlines"):
            m = metrics[k]
            print(f"{k:10s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} "
                  f"(tp={m['tp']} fp={m['fp']} fn={m['fn']})")
        print("accuracy   " + " ".join(f"{k}={v:.3f}" for k, v in metrics["accuracy"].items()))
    if args.check:
        failures = check(metrics, split)
        for line in failures:
            print(f"BELOW FLOOR {line}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
