"""Mentions that stand for a leader by context: seats of government visited, state-visit hosts, "the president"."""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.detect.entities import Mention, _is_possessive

# Seats of government that stand for their leader as a host ("visited the White House", "hosted at the Kremlin").
_SEATS = frozenset({"white house", "kremlin", "élysée", "elysee", "downing street", "number 10", "zhongnanhai",
                    "palazzo chigi", "la moncloa", "moncloa", "casa rosada", "planalto", "malacañang", "malacanang",
                    "akorda", "miraflores", "istana", "chancellery"})
_STATE_VISIT_TO = re.compile(r"\bstate visit to\s+(?:the\s+)?$", re.I)
_FOR_STATE_VISIT = re.compile(r"\s+(?:\w+\s+){0,3}?for\s+(?:a|an|his|her|their)\s+(?:[\w-]+\s+)?state visit\b", re.I)
_TO_SEAT = re.compile(r"\b(?:visit(?:ed|s|ing)?|visit to|trip to|(?:hosted|received|welcomed)\s+(?:\w+\s+){0,2}?"
                      r"(?:at|in))\s+$", re.I)


def seat_hosts(sentence: str, mentions: list[Mention], resolve: Callable[[str], str | None],
               state_host: Callable[[str], str | None] | None = None) -> list[Mention]:
    """A seat of government visited or hosted at names its leader: "Zelenskyy visited the White House"."""
    if "state visit" not in sentence and not any(sentence[m.start:m.end].lower().removeprefix("the ") in _SEATS
                                                 for m in mentions if m.kind == "country"):
        return mentions  # the common case: no seat of government and no state visit
    out = []
    for m in mentions:
        text = sentence[m.start:m.end].lower().removeprefix("the ")
        seat = text in _SEATS and _TO_SEAT.search(sentence, max(0, m.start - 40), m.start)
        # A state visit is hosted by the head of state: "a state visit to China", "in Moscow for a state visit".
        state = _STATE_VISIT_TO.search(sentence, max(0, m.start - 20), m.start) or \
            _FOR_STATE_VISIT.match(sentence, m.end)
        if m.kind == "country" and not m.possessive and (seat or state):
            use = state_host if state and not seat and state_host else resolve
            host = use(m.country) if m.country else None
            if host:
                m = Mention(m.start, m.end, host, m.country, "title")
        out.append(m)
    return out


_BARE_PRESIDENT = re.compile(r"\bthe president\b(?!\s+of\b|-elect|ial)")


def bare_president(sentence: str, mentions: list[Mention], holder: str | None) -> list[Mention]:
    """Add "the president" (lower case, no country named) as the given holder, where no mention covers it."""
    if not holder:
        return mentions
    extra = [Mention(m.start(), m.end(), holder, "United States", "title", _is_possessive(sentence, m.end()))
             for m in _BARE_PRESIDENT.finditer(sentence)
             if not any(x.start <= m.start() < x.end or m.start() <= x.start < m.end() for x in mentions)]
    return sorted([*mentions, *extra], key=lambda x: x.start) if extra else mentions
