"""Validate every split's JSONL (the splits in PREFIX) against the labelling schema and print counts."""
from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

HERE = Path(__file__).parent
MODES = {"phone", "video", "in_person", "unspecified"}
STATUS = {"held", "planned"}
PRECISION = {"day", "week", "month", None}
CATEGORIES = {"explicit_red_line", "bottom_line", "core_interest", "warning_of_consequences",
              "non_negotiable", "caution_demand"}
ISSUES = {"Taiwan", "Ukraine", "Iran", "Syria", "Gaza", "South China Sea", "East China Sea", "Korean Peninsula",
          "Hong Kong", "Xinjiang", "Tibet", "NATO", "Brexit", "trade", "Israel", "Russia sanctions", None}
KEYS = {"id", "text", "published", "style", "calls", "redlines", "tags"}
# Split name -> id prefix; keep in step with SPLITS in _build.py.
PREFIX = {"dev": "d", "test": "t", "dev2": "x", "dev3": "y", "dev4": "q", "holdout": "h", "dev5": "p"}


def check(item: dict, seen: set[str], split: str) -> None:
    """Raise AssertionError naming the item id when a field breaks the schema."""
    iid = item.get("id")
    assert set(item) == KEYS, iid
    assert iid not in seen and iid[0] == PREFIX[split], iid
    seen.add(iid)
    assert item["style"] in {"wire", "readout", "commentary"} and item["text"].strip(), iid
    pub = item["published"]
    if pub is not None:
        dt.date.fromisoformat(pub)
    for c in item["calls"]:
        parts = c["participants"]
        assert parts == sorted(parts) and len(set(parts)) == len(parts) >= 2, iid
        assert c["mode"] in MODES and c["status"] in STATUS and c["date_precision"] in PRECISION, iid
        assert (c["date"] is None) == (c["date_precision"] is None), iid
        if c["date"]:
            dt.date.fromisoformat(c["date"])
            # A held contact cannot postdate its story; a planned one cannot predate it (day precision only).
            if pub and c["date_precision"] == "day":
                assert (c["date"] <= pub) if c["status"] == "held" else (c["date"] >= pub), iid
    for r in item["redlines"]:
        assert set(r) == {"category", "speaker", "issue", "negated"}, iid
        assert r["category"] in CATEGORIES and r["issue"] in ISSUES and isinstance(r["negated"], bool), iid


def summary(split: str, items: list[dict]) -> str:
    """Counts by kind for one split."""
    calls = [c for i in items for c in i["calls"]]
    reds = [r for i in items for r in i["redlines"]]
    call_items = [i for i in items if i["calls"]]
    hn = [i for i in items if any(t.startswith("hard_negative:") for t in i["tags"])]
    kinds = collections.Counter(t.split(":", 1)[1] for i in hn for t in i["tags"] if t.startswith("hard_negative:"))
    lines = [
        f"{split}: items={len(items)} call_items={len(call_items)} calls={len(calls)} "
        f"dated_call_items={sum(any(c['date'] for c in i['calls']) for i in call_items)} "
        f"redline_items={sum(bool(i['redlines']) for i in items)} redlines={len(reds)} "
        f"hard_negative_items={len(hn)} empty_items={sum(not i['calls'] and not i['redlines'] for i in items)}",
        f"  modes={dict(collections.Counter(c['mode'] for c in calls))} "
        f"status={dict(collections.Counter(c['status'] for c in calls))} "
        f"precision={dict(collections.Counter(str(c['date_precision']) for c in calls))}",
        f"  categories={dict(collections.Counter(r['category'] for r in reds))} negated={sum(r['negated'] for r in reds)}",
        f"  styles={dict(collections.Counter(i['style'] for i in items))}",
        f"  tags: title_by_date={sum('title_by_date' in i['tags'] for i in items)} "
        f"pronoun={sum('pronoun' in i['tags'] for i in items)} nominal={sum('nominal' in i['tags'] for i in items)}",
        f"  hard_negative kinds={dict(sorted(kinds.items()))}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    seen: set[str] = set()
    for split in PREFIX:
        if not (HERE / f"{split}.jsonl").exists():
            continue
        rows = [json.loads(line) for line in (HERE / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
        for row in rows:
            check(row, seen, split)
        print(summary(split, rows))
    print(f"valid: {len(seen)} items")
