"""Red-line language: categories, speakers, issues, negation, false friends, and the seed commentary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.detect import ISSUES, detect, findings_to_dict

PUB = date(2025, 6, 13)
SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "commentary-xi-trump-putin.txt"


def _reds(text: str, published: date = PUB) -> list[dict]:
    return findings_to_dict(detect(text, published))["redlines"]


def test_issue_labels_documented() -> None:
    required = {"Taiwan", "Ukraine", "Iran", "Syria", "Gaza", "South China Sea", "East China Sea",
                "Korean Peninsula", "Hong Kong", "Xinjiang", "Tibet", "NATO", "Brexit", "trade"}
    assert required <= set(ISSUES)


@pytest.mark.parametrize(
    ("text", "category", "speaker", "issue"),
    [
        ("Putin said Western troops in Ukraine would be a red line.", "explicit_red_line", "Vladimir Putin",
         "Ukraine"),
        ("Beijing warned that any visit by the speaker to Taipei would bring grave consequences.",
         "warning_of_consequences", "China", "Taiwan"),
        ("Tibet concerns China's core interests, the ministry insisted.", "core_interest", "China", "Tibet"),
        ("Modi said India's position on trade was non-negotiable.", "non_negotiable", "Narendra Modi", "trade"),
        ("Xi urged Washington to treat the Hong Kong question prudently.", "caution_demand", "Xi Jinping",
         "Hong Kong"),
        ("For Tehran, enrichment on its own soil is the bottom line.", "bottom_line", "Iran", "Iran"),
    ],
)
def test_categories_speakers_issues(text: str, category: str, speaker: str, issue: str) -> None:
    reds = _reds(text)
    assert len(reds) == 1, reds
    r = reds[0]
    assert (r["category"], r["speaker"], r["issue"], r["negated"]) == (category, speaker, issue, False)
    assert text[r["start"]:r["end"]] == r["evidence"]


def test_negated_red_line() -> None:
    r = _reds("Macron insisted there were no red lines in supporting Ukraine.")[0]
    assert (r["negated"], r["speaker"]) == (True, "Emmanuel Macron")


def test_prohibition_is_not_negation() -> None:
    r = _reds("Xi said Washington must not cross China's red line on Taiwan.")[0]
    assert r["negated"] is False


def test_issue_from_previous_sentence() -> None:
    reds = _reds("The talks turned to the South China Sea. Beijing said its red lines were clear.")
    assert [(r["speaker"], r["issue"]) for r in reds] == [("China", "South China Sea")]


@pytest.mark.parametrize(
    "text",
    [
        "Red Line trains to Alewife were delayed for an hour, the MBTA said.",
        "Service on the Chicago Red Line resumed after the fire.",
        "He carried the puck over the red line before the icing call.",
        "Higher tariffs hit the company's bottom line last quarter.",
        "The bottom line is that nobody expected the vote.",
        "The comedian was accused of crossing the line with his jokes about the king.",
        "A red line drawn on the map marked the flood zone.",
    ],
)
def test_false_friends(text: str) -> None:
    assert _reds(text) == []


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed not present")
def test_seed_commentary() -> None:
    found = findings_to_dict(detect(SEED.read_text(encoding="utf-8"), date(2026, 2, 6)))
    calls = {(tuple(c["participants"]), c["mode"], c["date"]) for c in found["calls"]}
    assert (("Vladimir Putin", "Xi Jinping"), "video", "2026-02-04") in calls
    assert (("Donald Trump", "Xi Jinping"), "phone", "2026-02-04") in calls
    taiwan = [r for r in found["redlines"] if r["issue"] == "Taiwan" and r["speaker"] in ("Xi Jinping", "China")]
    assert taiwan
    assert any(r["category"] == "explicit_red_line" for r in taiwan)


@pytest.mark.parametrize(
    ("text", "category", "speaker", "issue", "negated"),
    [
        ("Tokyo urged Beijing to act with restraint around the Senkaku Islands.", "caution_demand", "Japan",
         "East China Sea", False),
        ("According to the Chinese readout, Xi told Biden that Taiwan was the first red line.",
         "explicit_red_line", "Xi Jinping", "Taiwan", False),
        ("There are no red lines in Franco-German cooperation, Macron joked.", "explicit_red_line",
         "Emmanuel Macron", None, True),
        ("Pyongyang warned Seoul it would pay a heavy price for the drills.", "warning_of_consequences",
         "North Korea", "Korean Peninsula", False),
    ],
)
def test_more_red_line_phrasings(text: str, category: str, speaker: str, issue: str | None, negated: bool) -> None:
    reds = _reds(text)
    assert [(r["category"], r["speaker"], r["issue"], r["negated"]) for r in reds] == [
        (category, speaker, issue, negated)]


def test_quotation_attribution_after_the_phrase_names_the_speaker() -> None:
    assert [r["speaker"] for r in _reds('"Taiwan is China\'s red line," said Xi.')] == ["Xi Jinping"]
    assert [r["speaker"] for r in _reds("China's red line on Taiwan is clear, analysts say.")] == ["China"]
