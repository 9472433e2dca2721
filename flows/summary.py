"""The short plain-text summary printed after a night."""

from __future__ import annotations

from flows.nightly import RunSummary


def format_summary(s: RunSummary, db: str) -> str:
    """Per feed entries / new articles / failures, outcome counts, and mention totals."""
    width = max([len(f.name) for f in s.feeds] + [4])
    lines = [f"night {s.run_id}: {s.status}  (warehouse: {db})", ""]
    lines.append(f"{'feed':<{width}}  {'outcome':<14} {'entries':>7} {'new':>5} {'failed':>6}")
    for f in s.feeds:
        note = f"  {f.error}" if f.error else ""
        lines.append(f"{f.name:<{width}}  {f.outcome:<14} {f.entries:>7} {f.new_articles:>5} {f.failures:>6}{note}")
    lines.append("")
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(s.outcome_counts.items(), key=lambda kv: (-kv[1], kv[0])))
    lines.append(f"fetch outcomes: {outcomes or 'none'}")
    lines.append(
        f"new articles: {s.new_articles}   call mentions: {s.call_mentions}   red-line mentions: {s.redline_mentions}"
    )
    return "\n".join(lines)
