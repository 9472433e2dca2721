"""Detection of leader-to-leader contacts and red-line language, with evidence sentences and offsets.

Public surface: detect(), findings_to_dict(), DETECTOR_VERSION, ISSUES. The pipeline is:
prefilter (two compiled regexes over the whole text) -> sentence split -> only sentences holding a trigger get
gazetteer matching (Aho-Corasick), pronoun resolution, contact/red-line rules and date resolution -> a
document pass that links dates of contacts mentioned more than once.
"""

from __future__ import annotations

import bisect
import dataclasses
from datetime import date

from extract.detect import calls, entities, redlines, sentences
from extract.detect.gazetteer import load
from extract.detect.issues import ISSUES, home_issue, issue_mentions, pick_issue
from extract.detect.linking import link_dates
from extract.models import CallFinding, Findings, RedlineFinding

DETECTOR_VERSION = "1.0.0"

__all__ = ["DETECTOR_VERSION", "ISSUES", "detect", "findings_to_dict"]


def _trigger_positions(text: str) -> list[int]:
    """Where any call or red-line trigger starts; a text without any costs two regex scans."""
    found = [m.start() for m in calls._TRIGGER.finditer(text)]
    found += [m.start() for m in redlines._PATTERN.finditer(text)]
    return sorted(found)


def _heading_before(text: str, spans: list[tuple[int, int]], index: int) -> str | None:
    """The nearest earlier line that looks like a heading (short, no final punctuation), for issue context."""
    for j in range(index - 1, max(-1, index - 40), -1):
        s, e = spans[j]
        line = text[s:e]
        if len(line) < 120 and line[-1] not in ".!?\"”’:;," and "\n" in text[e:e + 2] and \
                (s == 0 or text[s - 1] == "\n"):
            return line
    return None


def detect(text: str, published: date | None = None) -> Findings:
    """Find leader calls/meetings and red-line statements in text; dates resolve against published (or today)."""
    ref = published or date.today()
    positions = _trigger_positions(text)
    if not positions:
        return Findings()
    gaz = load()
    spans = sentences.split(text)
    starts = [s for s, _ in spans]
    wanted = sorted({bisect.bisect_right(starts, p) - 1 for p in positions} - {-1})
    cache: dict[int, list[entities.Mention]] = {}

    def mentions_of(i: int) -> list[entities.Mention]:
        if i not in cache:
            s, e = spans[i]
            cache[i] = entities.find(text[s:e], gaz, ref) if i >= 0 else []
        return cache[i]

    found_calls: list[tuple[int, CallFinding]] = []
    found_red: list[RedlineFinding] = []
    for i in wanted:
        s, e = spans[i]
        sentence = text[s:e]
        prev = mentions_of(i - 1) if i > 0 else []
        mentions = entities.add_pronouns(sentence, mentions_of(i), prev)
        for c in calls.find_contacts(sentence, mentions, ref):
            # Only people in office on the day of the contact (or, undated, on the day of the article) count.
            people = tuple(p for p in c.participants if gaz.in_office(p, c.date or ref))
            if len(people) < 2:
                continue
            c = dataclasses.replace(c, participants=people)
            found_calls.append((i, CallFinding(c.participants, c.mode, c.status, c.date, c.precision, sentence, s, e,
                                               c.confidence, c.trigger)))
        reds = redlines.find_redlines(sentence, mentions)
        if not reds:
            continue
        here = issue_mentions(sentence)
        context = None
        if not here:
            context = pick_issue(issue_mentions(text[spans[i - 1][0]:spans[i - 1][1]]), 10**6) if i > 0 else None
            if context is None and (heading := _heading_before(text, spans, i)):
                context = pick_issue(issue_mentions(heading), 0)
        for r in reds:
            issue = pick_issue(here, r.start) if here else context
            if issue is None and r.speaker:
                issue = home_issue(gaz.country_of.get(r.speaker, r.speaker))
            found_red.append(RedlineFinding(r.phrase, r.category, r.speaker, issue, r.negated, sentence, s, e,
                                            r.confidence))
    linked = link_dates(text, spans, found_calls)
    return Findings(tuple(linked), tuple(found_red))


def findings_to_dict(f: Findings) -> dict:
    """JSON-ready form of findings: {"calls": [...], "redlines": [...]}."""
    return {
        "calls": [
            {
                "participants": list(c.participants), "mode": c.mode, "status": c.status,
                "date": c.date.isoformat() if c.date else None, "date_precision": c.date_precision,
                "evidence": c.evidence, "start": c.start, "end": c.end, "confidence": c.confidence,
            }
            for c in f.calls
        ],
        "redlines": [
            {
                "phrase": r.phrase, "category": r.category, "speaker": r.speaker, "issue": r.issue,
                "negated": r.negated, "evidence": r.evidence, "start": r.start, "end": r.end,
                "confidence": r.confidence,
            }
            for r in f.redlines
        ],
    }
