"""Sentence splitting and date resolution of the detection engine."""

from __future__ import annotations

from datetime import date

import pytest

from extract.detect.dates import best_date, find_dates
from extract.detect.sentences import split


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split(text)]


def test_split_keeps_abbreviations_and_initials_together() -> None:
    text = ("Mr. Albanese met the U.S. President on Feb. 3 in Washington. George W. Bush once did the same. "
            "Talks ended.")
    assert _sentences(text) == [
        "Mr. Albanese met the U.S. President on Feb. 3 in Washington.",
        "George W. Bush once did the same.",
        "Talks ended.",
    ]


def test_split_breaks_after_acronym_before_a_new_sentence() -> None:
    text = "Trade with the U.S. He added that more talks were planned."
    assert _sentences(text) == ["Trade with the U.S.", "He added that more talks were planned."]


def test_split_offsets_point_into_the_text_and_strip_whitespace() -> None:
    text = "  Heading line\n\nFirst one!  Second one?\n"
    spans = split(text)
    assert [text[s:e] for s, e in spans] == ["Heading line", "First one!", "Second one?"]
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_split_handles_closing_quotes() -> None:
    text = 'He called it "excellent." The readout was shorter.'
    assert _sentences(text) == ['He called it "excellent."', "The readout was shorter."]


REF = date(2026, 2, 6)  # a Friday


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("on Tuesday", date(2026, 2, 3), "day"),
        ("on February 4", date(2026, 2, 4), "day"),
        ("on Feb. 4", date(2026, 2, 4), "day"),
        ("on 4 February", date(2026, 2, 4), "day"),
        ("on Feb 4, 2025", date(2025, 2, 4), "day"),
        ("on 2026-01-30", date(2026, 1, 30), "day"),
        ("yesterday", date(2026, 2, 5), "day"),
        ("earlier this week", date(2026, 2, 2), "week"),
        ("last week", date(2026, 1, 26), "week"),
        ("last month", date(2026, 1, 1), "month"),
        ("in December", date(2025, 12, 1), "month"),
        ("last October", date(2025, 10, 1), "month"),
    ],
)
def test_dates_resolve_against_publication(phrase: str, expected: date, precision: str) -> None:
    found = best_date(find_dates(f"The two leaders talked {phrase}.", REF), 0)
    assert found is not None
    assert (found.day, found.precision) == (expected, precision)


def test_planned_dates_look_forward() -> None:
    assert best_date(find_dates("They will meet on Tuesday.", REF, future=True), 0).day == date(2026, 2, 10)
    assert best_date(find_dates("They will meet in January.", REF, future=True), 0).day == date(2027, 1, 1)


def test_held_dates_look_back_across_new_year() -> None:
    found = best_date(find_dates("They spoke on December 30.", date(2026, 1, 2)), 0)
    assert found.day == date(2025, 12, 30)


def test_day_precision_beats_week() -> None:
    found = best_date(find_dates("Earlier this week, on Wednesday, they spoke.", REF), 0)
    assert (found.day, found.precision) == (date(2026, 2, 4), "day")


def test_may_the_modal_is_not_a_month() -> None:
    assert find_dates("They may speak soon.", REF) == []


@pytest.mark.parametrize(
    "phrase",
    ["a red line", "a red-line issue", "a line in the sand", "would cross a line for Europe", "the bottom line",
     "core interests", "vital national interests", "the most important and most sensitive issue", "non-negotiable",
     "not negotiable", "not up for discussion", "no room for compromise", "never make concessions",
     "not a bargaining chip", "not for sale", "grave consequences", "pay a heavy price", "playing with fire",
     "will get burnt", "will not sit idly by", "resolute countermeasures", "all necessary measures",
     "warned against", "serious repercussions", "would not hesitate to", "with prudence", "prudently",
     "handle the question carefully", "handle it properly", "exercise restraint"],
)
def test_every_red_line_phrase_passes_the_prefilter(phrase: str) -> None:
    from extract.detect import prefilter, redlines

    assert redlines._PATTERN.search(phrase), phrase
    assert any(kind & (prefilter.RED | prefilter.WEAK_RED) for _, kind in prefilter.scan(phrase)), phrase


@pytest.mark.parametrize(
    "phrase",
    ["phone call", "telephoned", "rang", "dialled", "video link", "videoconference", "virtually", "online meeting",
     "spoke", "talked", "conversation", "conferred", "met", "meeting", "summit", "hosted", "received",
     "face-to-face", "sat down", "dinner", "golfed", "called on", "welcomed", "greeted", "shook hands", "chatted", "in-person", "visited"],
)
def test_every_call_trigger_passes_the_prefilter(phrase: str) -> None:
    from extract.detect import prefilter, triggers

    assert triggers.TRIGGER.search(phrase), phrase
    assert any(kind & prefilter.CALL for _, kind in prefilter.scan(phrase)), phrase


def test_dateline_is_not_a_contact_date() -> None:
    found = find_dates("BEIJING, Feb 5 (Reuters) - Xi spoke with Putin on Tuesday.", REF)
    assert [(d.day, d.precision) for d in found] == [(date(2026, 2, 3), "day")]


def test_mid_month_and_days_ago() -> None:
    assert best_date(find_dates("They met in mid-January.", REF), 0).day == date(2026, 1, 1)
    assert best_date(find_dates("They met two days ago.", REF), 0).day == date(2026, 2, 4)


def test_caseless_regex_matches_like_ignorecase() -> None:
    import re

    from extract.detect.prefilter import caseless, finditer

    slow = re.compile(r"(?P<a>Red[- ]Lines?)|\bWARN\w*\b(?=\W)|(?P<b>Feb\.?\s+\d+)", re.I)
    fast = caseless(slow)
    text = "Beijing WARNED of red-lines on FEB. 4; İstanbul red line."
    assert [m.span() for m in finditer(fast, slow, text)] == [m.span() for m in slow.finditer(text)]
    plain = "Beijing WARNED of red-lines on FEB. 4; Ankara red line."
    assert [(m.span(), m.lastgroup) for m in finditer(fast, slow, plain)] == \
        [(m.span(), m.lastgroup) for m in slow.finditer(plain)]
