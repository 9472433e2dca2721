"""The Prefect artifact of a night: its summary plus tonight's calls and red lines, for the Prefect UI."""

from __future__ import annotations

import logging

from prefect.artifacts import create_markdown_artifact
from prefect.exceptions import MissingContextError

from flows.summary import RunSummary

log = logging.getLogger("diplowatch")
ARTIFACT_KEY = "diplowatch-night"
MAX_ROWS = 25


def tonight_findings(con, run_id: str) -> dict[str, list[tuple]]:
    """Calls and red lines found in the articles this night stored."""
    calls = con.execute(
        "select array_to_string(m.participants, ' – '), m.mode, m.status, m.call_date, a.source, a.url"
        " from call_mentions m join articles a using (article_id) where a.run_id = ?"
        " order by m.call_date desc nulls last, 1 limit ?", [run_id, MAX_ROWS]).fetchall()
    redlines = con.execute(
        "select coalesce(m.speaker, '?'), coalesce(m.issue, '?'), m.category, m.negated, m.phrase, a.url"
        " from redline_mentions m join articles a using (article_id) where a.run_id = ?"
        " order by 2, 1 limit ?", [run_id, MAX_ROWS]).fetchall()
    return {"calls": calls, "redlines": redlines}


def _cell(value: object) -> str:
    # Feed and page text ends up here: keep it from breaking the table or injecting markup.
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def render_markdown(s: RunSummary, tonight: dict[str, list[tuple]]) -> str:
    """The artifact's markdown."""
    lines = [
        f"# diplowatch night {s.run_id}: {s.status}",
        "",
        f"**{s.new_articles}** new articles, **{s.call_mentions}** call mentions, "
        f"**{s.redline_mentions}** red-line mentions.",
        "",
        "| feed | outcome | entries | new | failed |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {_cell(f.name)} | {f.outcome} | {f.entries} | {f.new_articles} | {f.failures} |" for f in s.feeds]
    lines += ["", "**Fetch outcomes:** " + (", ".join(f"{k} {v}" for k, v in sorted(s.outcome_counts.items())) or "none")]
    lines += ["", "**Stages:** " + ", ".join(f"{k} {v:.1f}s" for k, v in s.stage_seconds.items())]
    if s.error:
        lines += ["", f"**Error:** {_cell(s.error)}"]
    if s.failing:
        lines += ["", "## Failing feeds", "", "| feed | nights | since | last error |", "|---|---:|---|---|"]
        lines += [
            f"| {_cell(f['name'])} | {f['consecutive_failures']} | {f.get('failing_since') or ''} | {_cell(f.get('last_error'))} |"
            for f in s.failing
        ]
    lines += ["", "## New calls tonight", ""]
    if tonight["calls"]:
        lines += ["| participants | mode | status | date | source |", "|---|---|---|---|---|"]
        lines += [f"| {_cell(p)} | {m} | {st} | {d or ''} | [{_cell(src)}]({_cell(u)}) |" for p, m, st, d, src, u in tonight["calls"]]
    else:
        lines.append("No calls tonight.")
    lines += ["", "## Red lines tonight", ""]
    if tonight["redlines"]:
        lines += ["| speaker | issue | category | negated | phrase |", "|---|---|---|---|---|"]
        lines += [f"| {_cell(sp)} | {_cell(i)} | {c} | {'yes' if n else ''} | [{_cell(ph)}]({_cell(u)}) |" for sp, i, c, n, ph, u in tonight["redlines"]]
    else:
        lines.append("No red lines tonight.")
    return "\n".join(lines)


def publish_run_artifact(s: RunSummary, tonight: dict[str, list[tuple]]) -> None:
    """Publish the night's summary as a markdown artifact of the flow run (a no-op outside one)."""
    try:
        create_markdown_artifact(render_markdown(s, tonight), key=ARTIFACT_KEY, description=f"diplowatch night {s.run_id}")
    except MissingContextError:
        log.debug("no flow run context: artifact for %s not published", s.run_id)
