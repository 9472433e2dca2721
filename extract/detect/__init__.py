"""Detection of leader calls and red-line language (first, minimal version; replaced by the full engine)."""

from __future__ import annotations

import re
from datetime import date

from extract.models import CallFinding, Findings, RedlineFinding

DETECTOR_VERSION = "0.1.0"

ISSUES = ("Taiwan", "Ukraine", "Iran")

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CALL = re.compile(r"\b(phone call|video call|telephone conversation|spoke by phone)\b", re.I)
_REDLINE = re.compile(r"\bred lines?\b", re.I)


def detect(text: str, published: date | None = None) -> Findings:
    """Find calls and red lines in text (minimal first version: trigger words only)."""
    calls: list[CallFinding] = []
    redlines: list[RedlineFinding] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if c := _CALL.search(sentence):
            mode = "video" if "video" in c.group(0).lower() else "phone"
            calls.append(CallFinding((), mode, "held", None, None, sentence.strip(), m.start(), m.end(), 0.3, c.group(0)))
        if r := _REDLINE.search(sentence):
            issue = next((i for i in ISSUES if i in sentence), None)
            redlines.append(RedlineFinding(r.group(0), "explicit_red_line", None, issue, False, sentence.strip(), m.start(), m.end(), 0.3))
    return Findings(tuple(calls), tuple(redlines))
