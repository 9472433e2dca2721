"""Detector rules added with dev3: bloc speakers own no red line; Malaysian and Singaporean leaders are known."""
import datetime

from extract.detect import detect


def test_bloc_speaker_is_unattributed() -> None:
    found = detect("European leaders said Ukraine's sovereignty was non-negotiable.", datetime.date(2025, 8, 17))
    assert [r.speaker for r in found.redlines] == [None]


def test_named_speaker_after_bloc_keeps_clause() -> None:
    text = "Western allies warned of serious consequences, and Merz said the sanctions were not up for negotiation."
    speakers = [r.speaker for r in detect(text, datetime.date(2025, 5, 15)).redlines]
    assert "Friedrich Merz" in speakers


def test_wong_meets_anwar() -> None:
    found = detect("Wong met Anwar for the annual leaders' retreat in Putrajaya on Tuesday.", datetime.date(2025, 1, 9))
    assert [sorted(c.participants) for c in found.calls] == [["Anwar Ibrahim", "Lawrence Wong"]]


def test_penny_wong_is_not_the_singapore_leader() -> None:
    found = detect("Australian Foreign Minister Penny Wong met Anwar in Kuala Lumpur.", datetime.date(2025, 1, 9))
    assert found.calls == ()
