"""What a night did: the summary kept while it runs, its `runs` row, and the text printed at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# A feed failing this many nights in a row is named in the summary (and in run_health).
FAILING_NIGHTS = 3


@dataclass
class FeedSummary:
    name: str
    outcome: str
    entries: int = 0
    new_articles: int = 0
    failures: int = 0
    error: str | None = None


@dataclass
class RunSummary:
    run_id: str
    status: str
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    feeds: list[FeedSummary] = field(default_factory=list)
    new_articles: int = 0
    call_mentions: int = 0
    redline_mentions: int = 0
    outcome_counts: Counter = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    failing: list[dict[str, Any]] = field(default_factory=list)

    def count_outcomes(self, fetch_rows: list[dict[str, Any]]) -> None:
        """Add HTTP attempts to the per-label outcome counts."""
        self.outcome_counts.update(r["outcome"] for r in fetch_rows)

    def tally(self, con) -> None:
        """Count what this night stored, from the warehouse itself (the truth, whatever was retried)."""
        per_feed = dict(con.execute(
            "select feed, count(*) from articles where run_id = ? group by feed", [self.run_id]).fetchall())
        for fs in self.feeds:
            fs.new_articles = per_feed.get(fs.name, 0)
        self.new_articles = sum(per_feed.values())
        for table in ("call_mentions", "redline_mentions"):
            n = con.execute(
                f"select count(*) from {table} where article_id in (select article_id from articles where run_id = ?)",
                [self.run_id]).fetchone()[0]
            setattr(self, table, n)

    @property
    def feeds_failed(self) -> int:
        return sum(1 for fs in self.feeds if fs.outcome not in ("ok", "not_modified", "unchanged", "skipped"))

    def run_row(self) -> dict[str, Any]:
        """The `runs` columns this summary fills in."""
        fetched = [fs for fs in self.feeds if fs.outcome != "skipped"]
        return {
            "finished_at": self.finished_at, "status": self.status, "error": self.error,
            "feeds_total": len(self.feeds), "feeds_ok": len(fetched) - self.feeds_failed,
            "feeds_failed": self.feeds_failed, "entries": sum(fs.entries for fs in self.feeds),
            "new_articles": self.new_articles, "article_failures": sum(fs.failures for fs in self.feeds),
            "call_mentions": self.call_mentions, "redline_mentions": self.redline_mentions,
            "outcome_counts": dict(self.outcome_counts), "stage_seconds": self.stage_seconds,
        }


def failing_feeds(states: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Feeds that failed FAILING_NIGHTS or more nights in a row, worst first."""
    rows = [s for s in states.values() if (s.get("consecutive_failures") or 0) >= FAILING_NIGHTS]
    return sorted(rows, key=lambda s: (-s["consecutive_failures"], s["name"]))


def format_summary(s: RunSummary, db: str) -> str:
    """Per feed entries / new articles / failures, outcome counts, failing feeds, and mention totals."""
    width = max([len(f.name) for f in s.feeds] + [4])
    lines = [f"night {s.run_id}: {s.status}  (warehouse: {db})", ""]
    lines.append(f"{'feed':<{width}}  {'outcome':<14} {'entries':>7} {'new':>5} {'failed':>6}")
    for f in s.feeds:
        note = f"  {f.error}" if f.error else ""
        lines.append(f"{f.name:<{width}}  {f.outcome:<14} {f.entries:>7} {f.new_articles:>5} {f.failures:>6}{note}")
    lines.append("")
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(s.outcome_counts.items(), key=lambda kv: (-kv[1], kv[0])))
    lines.append(f"fetch outcomes: {outcomes or 'none'}")
    for f in s.failing:
        since = f["failing_since"].strftime("%Y-%m-%d") if f.get("failing_since") else "?"
        lines.append(
            f"FAILING: {f['name']} has failed {f['consecutive_failures']} nights in a row since {since}: {f.get('last_error')}"
        )
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in s.stage_seconds.items())
    lines.append(f"stages: {stages}")
    lines.append(
        f"new articles: {s.new_articles}   call mentions: {s.call_mentions}   red-line mentions: {s.redline_mentions}"
    )
    return "\n".join(lines)
