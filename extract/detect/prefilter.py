"""Cheap first pass: word stems that any call or red-line rule needs, found with one Aho-Corasick scan.

Sentences without a stem never reach the regex rules, which keeps the engine well above 2 MB/s on news text.
Stems are deliberately broad (a false hit costs one sentence of regex work; a missing stem loses findings), so
each rule's own trigger words must start with one of these stems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick

CALL_STEMS = (
    "call", "phon", "telephon", "encounter", "one-on-one", "teleconf", "tele-conf", "rang", "ring", "hug with", "dial", "spoke", "speak", "talk", "conversation", "confer", "met", "meet",
    "summit", "host", "receiv", "video", "virtual", "tete-a-tete", "face-to-face", "in person", "sit-down",
    "sat down", "sit down", "sits down", "dined", "dinner", "lunch", "golf", "bilateral", "online", "chat", "breakfast", "banquet", "in-person", "face to face",
    "visited", "visits", "visiting", "welcome", "greet", "shook hands", "embrace", "hugged",
    "state visit", "alongside", "interact", "pull-aside", "pleasantries", "joint news conference", "joint press conference", "conversed", "huddled", "tête-à-tête", "held discussions",
)
RED_STEMS = (
    "red line", "red-line", "redline", "line in the sand", "cross", "bottom line", "bottom-line", "core interest",
    "negotia", "not up for", "no room", "compromise", "for sale", "vital interest", "vital national",
    "fundamental interest",
    "fundamental national", "concession", "bargaining chip", "bargain", "haggl",
)
# Warnings and demands for caution count only when someone is named, so they need a gazetteer hit too.
WEAK_RED_STEMS = (
    "most important", "most sensitive", "highly important", "highly sensitive", "consequences", "price", "fire",
    "burn", "idly", "resolute", "measures", "countermeasures", "response", "warn", "prudence", "prudently",
    "caution", "cautiously", "carefully", "with care", "restraint", "repercussions", "hesitate", "on the table",
    "properly", "wrong signal", "mistake", "miscalculation", "pay dearly", "costs", "respond", "met with", "retaliat", "crushing",
    "overwhelming", "devastating", "massive", "harsh", "tough", "stern",
)


# Common words that name a contact only in a few shapes ("told X in <place>", "discussed Y with X", "a visit to
# X"): a sentence only they flag must match GATED_OK before any gazetteer work is spent on it.
GATED_STEMS = ("told", "assured", "discussed", "visit", "saw ", "see ", "sees ", "seeing ")
CALL, RED, WEAK_RED, GATED = 1, 2, 4, 8
GATED_OK = re.compile(r"\b(?:told|assured)\s+(?:\S+\s+){1,6}?(?:in|at)\s+(?:the\s+)?[A-Z]|"
                      r"\bdiscussed\b[^,;.]{0,60}?\bwith\b|(?:\band|,)\s+(?:\S+\s+){1,3}discussed\b|"
                      r"\b(?:state )?visit\s+(?:to|with|by)\b|\bstate visit\b|\bvisit\s+(?:\S+\s+)?[A-Z]|"
                      r"\b(?:told|assured)\b.*\breadouts?\b|\breadouts?\b.*\b(?:told|assured)\b|"
                      r"\b(?:saw|see|sees|seeing)\s+(?:him\b|her\b|(?-i:[A-Z]))", re.I)


def _build() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for stem in CALL_STEMS:
        auto.add_word(stem, (len(stem), 1))
    for stems, bit in ((RED_STEMS, RED), (WEAK_RED_STEMS, WEAK_RED), (GATED_STEMS, GATED)):
        for stem in stems:
            old = auto.get(stem, (len(stem), 0))
            auto.add_word(stem, (len(stem), old[1] | bit))
    auto.make_automaton()
    return auto


_AUTO = _build()


def scan(text: str) -> list[tuple[int, int]]:
    """(position, kind bits) of every stem that starts a word in text; kind has CALL, RED, WEAK_RED bits."""
    low = text.lower()
    out: list[tuple[int, int]] = []
    for end, (length, kind) in _AUTO.iter(low):
        start = end - length + 1
        if start == 0 or not low[start - 1].isalnum():
            out.append((start, kind))
    return out


def caseless(pattern: re.Pattern) -> re.Pattern:
    """The same regex for lowercased text, without re.IGNORECASE (2-3x faster on long alternations)."""
    out, i, src = [], 0, pattern.pattern
    while i < len(src):
        if src[i] == "\\" and i + 1 < len(src):
            out.append(src[i:i + 2])  # keep escapes as written: \W is not \w
            i += 2
            continue
        if src.startswith("(?P<", i):
            end = src.index(">", i)
            out.append(src[i:end + 1])  # named groups keep their syntax and names
            i = end + 1
            continue
        out.append(src[i].lower())
        i += 1
    return re.compile("".join(out), pattern.flags & ~re.IGNORECASE)


def finditer(fast: re.Pattern, slow: re.Pattern, text: str, pos: int = 0) -> Iterator[re.Match]:
    """Matches of a case-insensitive regex; offsets always index text (group text is lowercased when fast)."""
    low = text.lower()
    if len(low) == len(text):
        return fast.finditer(low, pos)
    return slow.finditer(text, pos)  # rare: lowercasing changed the length (e.g. "İ"), offsets would drift
