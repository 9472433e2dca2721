"""A fast rule-based sentence splitter that keeps character offsets (abbreviation- and initial-aware)."""

from __future__ import annotations

import re

# Candidate boundaries: terminal punctuation plus closing quotes/brackets, then whitespace; or a line break.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_NEXT = re.compile(r"\s*([\"'“‘(\[]*)(\S)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

# Lowercased abbreviations (without the final dot) after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt sen rep gov pres amb rev fr st ft mt sr jr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vol fig approx est dept univ corp inc ltd co bros vs etc al cf e.g i.e a.m p.m""".split()
)
# Dotted acronyms that may end a sentence; we split after them only before a typical sentence opener.
_ACRONYMS = frozenset({"u.s", "u.k", "u.n", "e.u", "d.c", "u.s.a", "p.r.c", "r.o.k"})
_OPENERS = frozenset(
    """the a an he she it they we i you his her its their this that these those there but and or so yet
    in on at for after before while when if as since although though however meanwhile still also
    mr mrs ms dr president prime""".split()
)


def _is_boundary(text: str, pos: int, end: int) -> bool:
    """Decide whether the punctuation run text[pos:end] ends a sentence."""
    if text[pos] != ".":
        return True
    word = text[pos - 6:pos]
    if word[:1] == " " and word[1:].isalpha() and word[1:].islower() and text[end + 1:end + 2].isupper():
        return True  # fast path: "... said. The" (a 5-letter lowercase word is never an abbreviation here)
    nxt = _NEXT.match(text, end)
    if nxt is None:
        return True
    first = nxt.group(2)
    if first.islower():
        return False  # "U.S. officials said", "Feb. 4"... rarely a new sentence
    m = _WORD_BEFORE.search(text, max(0, pos - 12), pos + 1)
    if m is None:
        return True
    word = m.group(1).lower()
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "George W. Bush"
    if word in ABBREVIATIONS:
        # "Feb. 4" never ends a sentence; "Mr." never does.
        return False
    if word == "h.e":
        return False  # "H.E. Mr. Shigeru Ishiba": an honorific, never a sentence end
    if word in _ACRONYMS or ("." in word and len(word) <= 6):  # "U.S.", "H.E.", "J.D."
        token = re.match(r"[A-Za-z]+", text[nxt.start(2):nxt.start(2) + 20])
        return bool(token) and token.group(0).lower() in _OPENERS and token.group(0)[0].isupper() and \
            token.group(0).lower() not in {"president", "prime"}
    if first.isdigit() and word.isalpha() and len(word) <= 4 and word.lower() in ABBREVIATIONS:
        return False
    return True


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) into text, each stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0) != "\n" and not _is_boundary(text, m.start(), m.end()):
            continue
        _add_glued(text, start, m.end() if m.group(0) != "\n" else m.start(), spans)
        start = m.end()
    _add_glued(text, start, len(text), spans)
    return spans


# A full stop glued to the next sentence, as in scraped feed text: "in April.Previously, Modi hosted Xi".
_GLUED = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]{2}")


def _add_glued(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    if text.find(".", start, end - 1) >= 0:  # rare: a full stop inside the span (abbreviations, glued sentences)
        for g in _GLUED.finditer(text, start, end):
            _add(text, start, g.start() + 3, spans)
            start = g.start() + 3
    _add(text, start, end, spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
