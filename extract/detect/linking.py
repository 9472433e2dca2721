"""Document-level date linking: a contact mentioned vaguely in one place and precisely in another gets the day."""

from __future__ import annotations

import bisect
import dataclasses
import re
from datetime import date, timedelta

from extract.models import CallFinding

_SAME_DAY = re.compile(r"\bsame[- ]day\b|\b(?:on|in) the same day\b|\bhours apart\b|\bback-to-back\b", re.I)


def _within(day: date, f: CallFinding) -> bool:
    """Is day inside the period a less precise finding denotes (its week or month)?"""
    if f.date is None:
        return True
    if f.date_precision == "week":
        return f.date <= day < f.date + timedelta(days=7)
    if f.date_precision == "month":
        return (day.year, day.month) == (f.date.year, f.date.month)
    return f.date == day


def _compatible(a: CallFinding, b: CallFinding) -> bool:
    same_mode = a.mode == b.mode or "unspecified" in (a.mode, b.mode)
    return a.participants == b.participants and a.status == b.status and same_mode


def link_dates(text: str, spans: list[tuple[int, int]], found: list[tuple[int, CallFinding]]) -> list[CallFinding]:
    """Refine vague dates of repeated contacts, and share a day among contacts said to be on the same day."""
    found = _merge_repeats(found)
    calls = [f for _, f in found]
    if len(calls) < 2:
        return calls
    _refine(calls)
    _later_that_day(text, spans, [i for i, _ in found], calls)
    _same_day(text, spans, [i for i, _ in found], calls)
    _refine(calls)  # a contact dated through "same day" may date its own later mentions
    return calls


_THAT_DAY = re.compile(r"\b(?:later|earlier)\s+(?:in\s+the|that)\s+day\b|\bthe\s+same\s+day\b|\blater\s+that\s+"
                       r"(?:morning|afternoon|evening|night)\b|\bthat\s+same\s+day\b", re.I)


def _later_that_day(text: str, spans: list[tuple[int, int]], index: list[int], calls: list[CallFinding]) -> None:
    """An undated contact "later in the day" takes the day of the contact just before it."""
    for k, f in enumerate(calls):
        if f.date is not None or k == 0 or not _THAT_DAY.search(f.evidence):
            continue
        prev = calls[k - 1]
        if prev.date_precision == "day" and index[k] - index[k - 1] <= 2:
            calls[k] = dataclasses.replace(f, date=prev.date, date_precision="day")


def _refine(calls: list[CallFinding]) -> None:
    """The same contact named again with an exact day ("the February 4 phone call between Trump and Xi")."""
    for k, f in enumerate(calls):
        if f.date_precision == "day":
            continue
        # Two contacts kept apart within one sentence are distinct ("who met last year, spoke again on Tuesday").
        days = {g.date for g in calls if g is not f and g.date_precision == "day" and _compatible(f, g)
                and _within(g.date, f) and g.start != f.start}
        if len(days) == 1:
            calls[k] = dataclasses.replace(f, date=days.pop(), date_precision="day")


def _same_day(text: str, spans: list[tuple[int, int]], index: list[int], calls: list[CallFinding]) -> None:
    """Contacts in a sentence that says "same day" (or in the one before it) share one exact day."""
    low = text.lower()
    if "same" not in low and "back-to-back" not in low and "hours apart" not in low:
        return  # the regex below is slow on long texts; most have none of its words
    starts = [s for s, _ in spans]
    for i in sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _SAME_DAY.finditer(text)}):
        group = [k for k, j in enumerate(index) if j in (i - 1, i) and calls[k].status == "held"]
        if len(group) < 2:
            continue
        days = {calls[k].date for k in group if calls[k].date_precision == "day"}
        if len(days) != 1:
            continue
        day = days.pop()
        for k in group:
            if calls[k].date_precision != "day" and _within(day, calls[k]):
                calls[k] = dataclasses.replace(calls[k], date=day, date_precision="day")


# "During the call, the two leaders discussed Syria": the contact of the sentence before, named again.
_BACK_REFERENCE = re.compile(r"\b(?:the|their|that|this|his|her)\s+(?:[\w-]+\s+){0,2}?(?:call|conversation|talks|meeting|"
                             r"summit|encounter|discussions?|exchange)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NEW_CONTACT = re.compile(r"\b(?:again|another|second|third|next|new|later|follow-up|subsequent|previous|earlier|last)\b",
                          re.I)


def _merge_repeats(found: list[tuple[int, CallFinding]]) -> list[tuple[int, CallFinding]]:
    """Drop an undated mention that refers back to the contact of the sentence before (its mode may refine it)."""
    out: list[tuple[int, CallFinding]] = []
    for i, f in found:
        prev = next((k for k in range(len(out) - 1, -1, -1) if out[k][0] in (i - 1, i - 2)), None)
        if prev is not None and out[prev][0] != i and f.date is None and _compatible(out[prev][1], f) and \
                _BACK_REFERENCE.search(f.evidence) and not _NEW_CONTACT.search(f.evidence) and \
                set(_YEAR.findall(f.evidence)) <= set(_YEAR.findall(out[prev][1].evidence)):
            g = out[prev][1]
            if g.mode == "unspecified" and f.mode != "unspecified":
                out[prev] = (out[prev][0], dataclasses.replace(g, mode=f.mode))
            continue
        out.append((i, f))
    return out
