"""Phrasing found while probing generalisation (eval/labelled/dev2.jsonl): venues, receptions, doubts, new cues."""

from __future__ import annotations

from datetime import date

from extract.detect import detect, findings_to_dict


def _calls(text: str, published: date) -> list[dict]:
    return findings_to_dict(detect(text, published))["calls"]


def _reds(text: str, published: date) -> list[dict]:
    return findings_to_dict(detect(text, published))["redlines"]


def test_venue_after_medium_less_verb_is_in_person() -> None:
    calls = _calls("Scholz and Biden conferred at the White House on Friday.", date(2023, 3, 5))
    assert [(c["participants"], c["mode"], c["date"]) for c in calls] == [
        (["Joe Biden", "Olaf Scholz"], "in_person", "2023-03-03")]


def test_venue_rule_ignores_months_and_attribution_and_phone() -> None:
    pub = date(2025, 6, 20)
    assert [c["mode"] for c in _calls("Modi spoke with Putin in June about oil.", pub)] == ["unspecified"]
    said = "Modi spoke with Putin on Tuesday, India's foreign ministry said in New Delhi."
    assert [c["mode"] for c in _calls(said, pub)] == ["unspecified"]
    phone = "Trump spoke with Xi by phone from the Oval Office on Thursday."
    assert [c["mode"] for c in _calls(phone, pub)] == ["phone"]


def test_passive_reception_with_place_before_by() -> None:
    calls = _calls("Milei was received in Rome by Meloni on Friday.", date(2025, 6, 10))
    assert [(c["participants"], c["mode"]) for c in calls] == [(["Giorgia Meloni", "Javier Milei"], "in_person")]


def test_trip_for_talks_is_planned_in_person() -> None:
    calls = _calls("Albanese will travel to Beijing next month for talks with Xi.", date(2025, 6, 20))
    assert [(c["mode"], c["status"], c["date"]) for c in calls] == [("in_person", "planned", "2025-07-01")]


def test_courtesy_call_is_a_visit() -> None:
    calls = _calls("Marcos paid a courtesy call on Albanese in Canberra on Thursday.", date(2024, 3, 2))
    assert [c["mode"] for c in calls] == ["in_person"]


def test_doubt_after_the_contact_makes_it_hypothetical() -> None:
    pub = date(2025, 10, 20)
    assert _calls("Analysts said a meeting between Kim and Trump was unlikely this year.", pub) == []
    assert len(_calls("A meeting between Kim and Trump took place in 2019.", date(2019, 7, 1))) == 1


def test_new_warning_and_caution_phrasings() -> None:
    pub = date(2025, 1, 14)
    red = _reds("Beijing told Washington to stop sending wrong signals to Taiwan independence forces.", pub)
    assert [(r["category"], r["speaker"], r["issue"]) for r in red] == [("caution_demand", "China", "Taiwan")]
    red = _reds("Moscow warned of retaliation after the EU adopted a new sanctions package.", pub)
    assert [(r["category"], r["speaker"], r["issue"]) for r in red] == [
        ("warning_of_consequences", "Russia", "Russia sanctions")]


def test_spanish_prime_minister_by_surname() -> None:
    calls = _calls("Sanchez visited Xi in Beijing on Friday.", date(2025, 4, 13))
    assert [c["participants"] for c in calls] == [["Pedro Sánchez", "Xi Jinping"]]


def test_state_media_and_agencies_speak_for_their_country() -> None:
    pub = date(2024, 8, 26)
    red = _reds("State news agency Xinhua said the Philippines must act with caution in the South China Sea.", pub)
    assert [(r["speaker"], r["issue"]) for r in red] == [("China", "South China Sea")]
    red = _reds("The one-China principle is the bottom line, a spokesman for the Taiwan Affairs Office said.", pub)
    assert [(r["category"], r["speaker"]) for r in red] == [("bottom_line", "China")]


def test_agency_acronyms_in_capitals_name_their_country() -> None:
    red = _reds("KCNA warned of grave consequences if U.S. bombers kept flying.", date(2024, 7, 8))
    assert [(r["category"], r["speaker"]) for r in red] == [("warning_of_consequences", "North Korea")]


def test_separate_meetings_are_one_contact_per_counterpart() -> None:
    calls = _calls("In Tianjin, Xi held separate meetings with Putin and Modi on Sunday.", date(2025, 9, 1))
    assert sorted(tuple(c["participants"]) for c in calls) == [("Narendra Modi", "Xi Jinping"),
                                                               ("Vladimir Putin", "Xi Jinping")]
    assert [c["date"] for c in calls] == ["2025-08-31", "2025-08-31"]


def test_sanctions_and_brexit_vocabulary_pick_the_issue() -> None:
    pub = date(2025, 9, 20)
    red = _reds("Moscow said the confiscation of Russian central bank reserves would cross a red line.", pub)
    assert [r["issue"] for r in red] == ["Russia sanctions"]
    red = _reds("Starmer said rejoining the EU's customs union was a red line for his government.", pub)
    assert [(r["speaker"], r["issue"]) for r in red] == [("Keir Starmer", "Brexit")]


def test_aides_and_lead_in_sources_speak_for_their_government() -> None:
    pub = date(2025, 10, 6)
    red = _reds("Putin's spokesman warned that Tomahawk deliveries to Ukraine would have grave consequences.", pub)
    assert [(r["speaker"], r["issue"]) for r in red] == [("Russia", "Ukraine")]
    red = _reds("According to the Chinese foreign ministry, Taiwan remains a red line.", pub)
    assert [r["speaker"] for r in red] == ["China"]
    red = _reds("According to the Chinese readout, Xi told Trump that Taiwan was a red line.", pub)
    assert [r["speaker"] for r in red] == ["Xi Jinping"]  # a leader speaking in the sentence still wins
