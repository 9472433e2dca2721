"""Leader contacts: participants, mode, status, dates, and the many ways "call" is not a call."""

from __future__ import annotations

from datetime import date

import pytest

from extract.detect import DETECTOR_VERSION, detect, findings_to_dict

PUB = date(2025, 6, 13)  # a Friday; Trump, Xi, Putin, Macron, Modi, Starmer, Merz in office


def _calls(text: str, published: date = PUB) -> list[dict]:
    return findings_to_dict(detect(text, published))["calls"]


def _one(text: str, published: date = PUB) -> dict:
    calls = _calls(text, published)
    assert len(calls) == 1, calls
    return calls[0]


def test_full_names_phone_call_with_date_and_offsets() -> None:
    text = "Markets were calm. Narendra Modi held a phone call with Emmanuel Macron on Wednesday. More later."
    call = _one(text)
    assert call["participants"] == ["Emmanuel Macron", "Narendra Modi"]
    assert (call["mode"], call["status"], call["date"], call["date_precision"]) == ("phone", "held", "2025-06-11",
                                                                                     "day")
    assert text[call["start"]:call["end"]] == call["evidence"]
    assert call["evidence"].startswith("Narendra Modi held")


def test_titles_resolve_by_publication_date() -> None:
    text = "The U.S. president spoke with the Russian president by telephone."
    assert _one(text, date(2022, 3, 1))["participants"] == ["Joe Biden", "Vladimir Putin"]
    assert _one(text, date(2026, 3, 1))["participants"] == ["Donald Trump", "Vladimir Putin"]


def test_surname_resolves_regardless_of_title_and_video_mode() -> None:
    call = _one("Xi and Putin held a videoconference, the Kremlin said.")
    assert (call["participants"], call["mode"]) == (["Vladimir Putin", "Xi Jinping"], "video")


def test_in_person_meeting_and_unspecified_talk() -> None:
    assert _one("Macron met Merz in Berlin on Tuesday.")["mode"] == "in_person"
    assert _one("Starmer spoke with Modi about the trade deal.")["mode"] == "unspecified"


def test_possessive_and_pronoun_make_two_calls() -> None:
    calls = _calls("Putin's phone call with Modi and his later conversation with Xi drew attention.")
    assert [c["participants"] for c in calls] == [["Narendra Modi", "Vladimir Putin"],
                                                   ["Vladimir Putin", "Xi Jinping"]]


def test_pronoun_from_previous_sentence() -> None:
    calls = _calls("Merz flew to Paris on Monday. He then spoke by phone with Trump.")
    assert [(c["participants"], c["mode"]) for c in calls] == [(["Donald Trump", "Friedrich Merz"], "phone")]


def test_nominal_forms() -> None:
    assert _one("The Modi-Putin call was short.")["participants"] == ["Narendra Modi", "Vladimir Putin"]
    call = _one("The June 2 video call between Macron and Starmer covered Ukraine.")
    assert (call["mode"], call["date"]) == ("video", "2025-06-02")


def test_planned_contact() -> None:
    call = _one("Trump will meet Xi in Beijing next month, officials said.")
    assert (call["status"], call["date"], call["date_precision"]) == ("planned", "2025-07-01", "month")


@pytest.mark.parametrize(
    "text",
    [
        "Macron has not spoken to Putin by phone since the spring.",
        "Trump said he could call Xi if needed.",
        "A Modi-Xi meeting might take place in the autumn.",
        "Putin called for a ceasefire while Xi called on both sides to talk.",
        "Trump called Xi a tough negotiator.",
        "Analysts on the earnings call asked whether Modi and Starmer would help the company.",
        "Traders bought call options after Macron and Merz announced tariffs.",
        "It was a close call for Starmer, whose majority Modi once praised.",
        "The referee's call angered fans as Putin watched beside Xi.",
        "The foreign ministers of China and Russia spoke by phone on Monday.",
        "Secretary of State Marco Rubio met Wang Yi in Kuala Lumpur.",
        "The roll call vote came as Merz and Macron watched.",
    ],
)
def test_not_a_leader_contact(text: str) -> None:
    assert _calls(text) == []


def test_not_in_office_is_not_a_leader_contact() -> None:
    assert _calls("Obama met Modi in New Delhi.", date(2024, 5, 1)) == []


def test_detector_version_is_semver() -> None:
    assert DETECTOR_VERSION.count(".") == 2


def test_second_contact_inherits_participants_with_again() -> None:
    calls = _calls("Trump said he spoke with Xi last week and would speak again soon.")
    assert [(c["participants"], c["status"], c["date_precision"]) for c in calls] == [
        (["Donald Trump", "Xi Jinping"], "held", "week"), (["Donald Trump", "Xi Jinping"], "planned", None)]


def test_attribution_date_is_not_the_contact_date() -> None:
    call = _one("Modi and Macron held a virtual meeting, the Elysee said on Tuesday.")
    assert (call["mode"], call["date"]) == ("video", None)


def test_between_names_only_the_pair() -> None:
    assert _calls("Trump described a conversation between his envoy and an aide to Putin.") == []
    call = _one("The summit between Putin and Trump in Alaska ended without a deal.")
    assert (call["participants"], call["mode"]) == (["Donald Trump", "Vladimir Putin"], "in_person")


def test_event_summit_and_cancelled_contacts_are_not_contacts() -> None:
    assert _calls("Macron and Modi attended the G20 summit in Johannesburg.") == []
    assert _calls("A planned call between Trump and Putin was postponed.") == []


def test_two_presidents_of_two_named_countries() -> None:
    call = _one("China urged the United States to show restraint during a call between the two presidents.")
    assert call["participants"] == ["Donald Trump", "Xi Jinping"]


def test_same_day_links_dates_across_a_document() -> None:
    text = ("Earlier this week, Modi held a video call with Putin and a phone call with Macron. Such same-day "
            "diplomacy is rare. The June 11 phone call between Modi and Macron covered trade.")
    calls = _calls(text)
    dated = {(tuple(c["participants"]), c["mode"]): (c["date"], c["date_precision"]) for c in calls}
    assert dated[(("Narendra Modi", "Vladimir Putin"), "video")] == ("2025-06-11", "day")
    assert dated[(("Emmanuel Macron", "Narendra Modi"), "phone")] == ("2025-06-11", "day")


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "call " * 5000, "Xi" * 3000, "U.S. U.K. E.U. Mr. Dr. Feb. " * 200, "红线 Xi–Putin ☎ call.",
     "He. She. They. It.", "On February 30 Putin met Xi."],
)
def test_odd_inputs_do_not_crash(text: str) -> None:
    result = findings_to_dict(detect(text, PUB))
    for item in result["calls"] + result["redlines"]:
        assert text[item["start"]:item["end"]] == item["evidence"]


def test_published_may_be_a_datetime() -> None:
    from datetime import datetime, timezone

    call = _one("Macron met Merz in Berlin yesterday.", datetime(2025, 6, 13, 22, 5, tzinfo=timezone.utc))
    assert call["date"] == "2025-06-12"


@pytest.mark.parametrize(
    "text",
    ["Speaker Mike Johnson met Netanyahu in Washington.", "Kim Yo Jong met Putin in Pyongyang.",
     "Donald Trump Jr. met Modi in Mumbai.", "Trump's envoy met Putin in Moscow on Thursday."],
)
def test_other_people_sharing_a_leader_name_are_not_leaders(text: str) -> None:
    assert _calls(text) == []


def test_readout_titles_and_counterparts() -> None:
    call = _one("The Prime Minister spoke to President Macron this morning.", date(2025, 3, 3))
    assert (call["participants"], call["date"]) == (["Emmanuel Macron", "Keir Starmer"], "2025-03-03")
    call = _one("The President held a call with Prime Minister Modi on Friday.", date(2021, 5, 3))
    assert call["participants"] == ["Joe Biden", "Narendra Modi"]
    assert _one("Xi held talks with his Russian counterpart in Moscow.")["participants"] == \
        ["Vladimir Putin", "Xi Jinping"]


def test_pronoun_she_and_plural_pronoun() -> None:
    calls = _calls("Meloni welcomed the plan. She later met Modi in Rome, and they agreed to speak again soon.",
                   date(2025, 6, 13))
    assert [(c["participants"], c["status"]) for c in calls] == [
        (["Giorgia Meloni", "Narendra Modi"], "held"), (["Giorgia Meloni", "Narendra Modi"], "planned")]


def test_titles_of_a_dated_past_contact_resolve_on_its_date() -> None:
    call = _one("The U.S. president met the Chinese leader in San Francisco in November 2023.", date(2026, 2, 6))
    assert (call["participants"], call["date"]) == (["Joe Biden", "Xi Jinping"], "2023-11-01")


def test_headline_title_case() -> None:
    call = _one("Xi Arrives In Moscow For Talks With Putin")
    assert (call["participants"], call["mode"]) == (["Vladimir Putin", "Xi Jinping"], "in_person")
    assert _calls("Melania Trump met Brigitte Macron in Paris.") == []


@pytest.mark.parametrize(
    ("text", "published", "people", "mode"),
    [
        ("The Japanese and South Korean leaders held a summit in Seoul on Sunday.", date(2023, 9, 20),
         ["Fumio Kishida", "Yoon Suk Yeol"], "in_person"),
        ("In a telephone call on Friday, Xi told Putin that trade would grow.", PUB,
         ["Vladimir Putin", "Xi Jinping"], "phone"),
        ("Modi was received by Macron at the Elysee Palace.", PUB, ["Emmanuel Macron", "Narendra Modi"],
         "in_person"),
        ("Merz and Macron agreed in a call on Monday to coordinate their response.", PUB,
         ["Emmanuel Macron", "Friedrich Merz"], "unspecified"),
    ],
)
def test_more_phrasings(text: str, published: date, people: list[str], mode: str) -> None:
    call = _one(text, published)
    assert (call["participants"], call["mode"]) == (people, mode)


def test_today_in_a_quote_is_not_a_date() -> None:
    assert _one('Modi told Putin during their meeting in Samarkand that "today\'s era is not one of war".')[
        "date"] is None


def test_clauses_lists_and_separate_contacts() -> None:
    pub = date(2023, 9, 20)
    calls = _calls("After talks with Macron, Scholz flew to Kyiv to meet Zelenskyy.", pub)
    assert [(c["participants"], c["status"]) for c in calls] == [
        (["Emmanuel Macron", "Olaf Scholz"], "held"), (["Olaf Scholz", "Volodymyr Zelenskyy"], "held")]
    calls = _calls("Putin, who met Xi last week, told Modi by phone on Monday that talks would resume.", pub)
    assert [(c["participants"], c["mode"]) for c in calls] == [
        (["Vladimir Putin", "Xi Jinping"], "in_person"), (["Narendra Modi", "Vladimir Putin"], "phone")]
    calls = _calls("Biden spoke separately with Macron and Scholz on Monday.", pub)
    assert [c["participants"] for c in calls] == [["Emmanuel Macron", "Joe Biden"], ["Joe Biden", "Olaf Scholz"]]


def test_meeting_online_is_video_and_trips_make_talks_in_person() -> None:
    assert _one("Modi met Putin online on Monday.")["mode"] == "video"
    assert _one("Modi travelled to Moscow for talks with Putin.")["mode"] == "in_person"
    assert _one("Xi is visiting Putin this week.")["status"] == "held"
