"""Throughput of extract.detect.detect in MB/s of CPU time on one core (median of several runs).

Usage: python benchmarks/bench_detect.py [--mb 4] [--runs 5]

The corpus mixes three kinds of text, repeated up to the requested size: the labelled sentences (dense in
triggers), team-written filler prose (no triggers, the common case in real articles), and short diplomatic
paragraphs with calls and red lines. Each document is detected separately, as in the nightly flow.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.detect import detect  # noqa: E402

FILLER = (
    "The harbour authority said on Monday that container volumes had risen for a third month, helped by "
    "stronger demand for electronics and a recovery in car exports. Economists expect the central bank to hold "
    "rates steady at its next meeting, although some warned that inflation in services remains sticky. "
    "Local officials opened a new bridge across the river, cutting commuting times by a quarter. "
)
DIPLOMATIC = (
    "Xi Jinping spoke by phone with Vladimir Putin on Tuesday, the Kremlin said. The two leaders discussed "
    "energy and the war in Ukraine. Beijing warned Washington that Taiwan remained a red line. "
    "Macron will meet Modi in Paris next month, officials said, while Starmer called for calm. "
)


def corpus(megabytes: float) -> list[str]:
    """Documents of about 4-8 KB each, totalling roughly the requested size."""
    labelled = []
    for split in ("dev", "test"):
        path = ROOT / "eval" / "labelled" / f"{split}.jsonl"
        if path.exists():
            labelled += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    docs: list[str] = []
    size = 0
    i = 0
    while size < megabytes * 1_000_000:
        parts = [FILLER * 8, DIPLOMATIC, FILLER * 4]
        if labelled:
            parts.append(" ".join(labelled[(i * 7) % len(labelled):(i * 7) % len(labelled) + 7]))
        doc = "\n\n".join(parts)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
        i += 1
    return docs


def replay_corpus() -> list[str]:
    """Article texts of the local replay pages (measurement only; absent outside the team's machines)."""
    import trafilatura  # a project dependency; only this optional measurement needs it

    pages = sorted((ROOT / ".." / "shared" / "replay" / "html").glob("*.html"))
    texts = [trafilatura.extract(p.read_text(encoding="utf-8", errors="replace")) for p in pages]
    return [t for t in texts if t]


def main(argv: list[str] | None = None) -> int:
    """Print MB/s for each run and the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--replay", action="store_true",
                        help="measure on ../shared/replay article pages instead (real news text, local only)")
    args = parser.parse_args(argv)
    docs = replay_corpus() if args.replay else corpus(args.mb)
    if not docs:
        print("no documents (is ../shared/replay present?)", file=sys.stderr)
        return 1
    total = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    detect(docs[0], date(2025, 6, 13))  # load the gazetteer outside the timed runs
    rates, walls = [], []
    for run in range(args.runs):
        # CPU time of this process: the figure that matters for "one core", unaffected by other load on the host.
        c0, w0 = time.process_time(), time.perf_counter()
        for doc in docs:
            detect(doc, date(2025, 6, 13))
        rates.append(total / (time.process_time() - c0))
        walls.append(total / (time.perf_counter() - w0))
        print(f"run {run + 1}: {rates[-1]:.2f} MB/s CPU ({walls[-1]:.2f} MB/s wall)")
    print(f"median: {statistics.median(rates):.2f} MB/s CPU, {statistics.median(walls):.2f} MB/s wall, "
          f"over {total:.1f} MB in {len(docs)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
