"""Red-line speakers (officials, state media, appositives, headlines), issue choice and false friends."""

from __future__ import annotations

from datetime import date

from extract.detect import detect, findings_to_dict


def _reds(text: str, published: date) -> list[tuple]:
    return [(r["category"], r["speaker"], r["issue"]) for r in findings_to_dict(detect(text, published))["redlines"]]


def test_grave_mistake_and_distant_brink_of_war_are_warnings() -> None:
    pub = date(2025, 3, 10)
    assert _reds('"Sending troops would be a grave mistake," the Russian foreign ministry said of Ukraine.', pub) == [
        ("warning_of_consequences", "Russia", "Ukraine")]
    text = ("Pyongyang warned that joint U.S.-South Korean air drills near the inter-Korean border were dragging "
            "the region to the brink of war.")
    assert _reds(text, pub) == [("warning_of_consequences", "North Korea", "Korean Peninsula")]
    assert _reds("Critics said the merger was a big mistake for the company.", pub) == []


def test_issue_is_the_object_of_the_phrase_or_the_head_of_a_list() -> None:
    pub = date(2025, 3, 10)
    text = "On Ukraine, Xi told Trump that China had a clear bottom line on Taiwan."
    assert _reds(text, pub) == [("bottom_line", "Xi Jinping", "Taiwan")]
    text = "Xi said Tibet, Xinjiang and Hong Kong affairs were a red line for Beijing."
    assert _reds(text, pub) == [("explicit_red_line", "Xi Jinping", "Tibet")]
    text = "For the Kremlin, Ukraine's accession to NATO remains a red line."
    assert _reds(text, pub) == [("explicit_red_line", "Russia", "NATO")]


def test_state_media_and_appositives_name_the_speaker() -> None:
    pub = date(2025, 6, 20)
    text = "State television said Beijing would take firm countermeasures if Tokyo kept meddling over Taiwan."
    assert _reds(text, pub) == [("warning_of_consequences", "China", "Taiwan")]
    text = "KCNA, the North's official news agency, said Seoul was playing with fire near the DMZ."
    assert _reds(text, pub) == [("warning_of_consequences", "North Korea", "Korean Peninsula")]
    # "the Taiwan question" names the issue, not the owner; the addressee of a demand does not own it either.
    text = "The ministry said Tokyo must handle the Taiwan question prudently."
    assert _reds(text, pub) == [("caution_demand", None, "Taiwan")]


def test_more_warning_and_owner_phrasings() -> None:
    pub = date(2024, 8, 20)
    text = "Pyongyang's party newspaper slammed Seoul on Monday, warning that it would pay dearly for the drills."
    assert _reds(text, pub) == [("warning_of_consequences", "North Korea", "Korean Peninsula")]
    text = "The editorial accused the South of ignoring repeated warnings from Pyongyang, saying it would pay a price."
    assert _reds(text, pub) == [("warning_of_consequences", "North Korea", "Korean Peninsula")]
    assert _reds("The People’s Daily said there was no room for compromise.", pub) == [
        ("non_negotiable", "China", None)]
    assert _reds("The candidate trampled the red lines of political decency, Biden said.", pub) == []


def test_new_warning_and_non_negotiable_phrasings() -> None:
    pub = date(2025, 3, 3)
    assert _reds("Putin said Crimea's status was not a subject for negotiation.", pub) == [
        ("non_negotiable", "Vladimir Putin", "Ukraine")]
    assert _reds("Biden said Washington would respond decisively if Beijing moved on Taiwan.", date(2023, 3, 3)) == [
        ("warning_of_consequences", "Joe Biden", "Taiwan")]
    assert _reds("Tehran said any strike on its reactors would be met with a crushing response.", pub) == [
        ("warning_of_consequences", "Iran", "Iran")]
    assert _reds("Moscow, for its part, said it would retaliate if its frozen reserves were seized.", pub) == [
        ("warning_of_consequences", "Russia", "Russia sanctions")]


def test_speakers_governments_and_false_friends() -> None:
    pub = date(2024, 6, 10)
    assert _reds("The Biden administration warned Beijing of serious consequences over Taiwan.", pub) == [
        ("warning_of_consequences", "United States", "Taiwan")]
    assert _reds("Kim Jong Un's sister warned Seoul of grave consequences over the leaflets.", pub) == [
        ("warning_of_consequences", "North Korea", "Korean Peninsula")]
    # "United States" is not the verb "states"; the office that warned owns the warning.
    text = "The Taiwan Affairs Office warned that Lai's stopover in the United States would meet firm countermeasures."
    assert _reds(text, pub) == [("warning_of_consequences", "China", "Taiwan")]
    # Each clause keeps its own speaker.
    text = "Tokyo sees the Senkakus as non-negotiable; Beijing sees Taiwan as a core interest."
    assert _reds(text, pub) == [("non_negotiable", "Japan", "East China Sea"), ("core_interest", "China", "Taiwan")]
    assert _reds("Nvidia's core interest in China is data-centre sales, an analyst wrote.", pub) == []
    assert _reds("Red Line Partners, a Tokyo fund, bought a stake in the chipmaker.", pub) == []
    assert _reds("The referee said the striker had crossed a line with his tackle.", pub) == []


def test_issue_from_own_clause_and_statehood() -> None:
    pub = date(2025, 9, 20)
    text = "Tariffs and Taiwan were raised, but the red line, the Kremlin said, was NATO troops in Ukraine."
    assert _reds(text, pub) == [("explicit_red_line", "Russia", "Ukraine")]
    assert _reds("Netanyahu said Palestinian statehood was a red line.", pub) == [
        ("explicit_red_line", "Benjamin Netanyahu", "Israel")]


def test_responses_and_attribution_after_a_clause_with_and() -> None:
    pub = date(2025, 6, 16)
    assert _reds("Zakharova warned of a tough response.", pub) == [("warning_of_consequences", "Russia", None)]
    assert _reds("Seoul will respond sternly to any provocation, Lee told his cabinet.", pub) == [
        ("warning_of_consequences", "Lee Jae-myung", "Korean Peninsula")]
    assert _reds("India's bottom line is that terror and talks cannot go together, Modi said.", pub) == [
        ("bottom_line", "Narendra Modi", None)]
    assert _reds("Taiwan is a red line, and Putin said nothing.", pub) == [("explicit_red_line", None, "Taiwan")]


def test_quoted_as_saying_appositive_officials_and_bloc_statements() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Xinhua quoted Xi as saying that Taiwan was a red line.", pub) == [
        ("explicit_red_line", "Xi Jinping", "Taiwan")]
    assert _reds("Moscow's envoy to the UN, Nebenzia, warned that the West was playing with fire.", pub) == [
        ("warning_of_consequences", "Russia", None)]
    assert _reds("European officials said the ceasefire terms were non-negotiable.", pub) == [
        ("non_negotiable", None, None)]


def test_lists_need_and_and_speakers_keep_their_clause() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Araghchi said that, as with Gaza, Tehran's missile programme was a red line.", pub) == [
        ("explicit_red_line", "Iran", "Iran")]
    assert _reds("Macron said troops for Ukraine could not be ruled out, as Moscow warned of consequences.", pub) == [
        ("warning_of_consequences", "Russia", "Ukraine")]


def test_rejection_denial_and_possessive_owners() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Netanyahu rejected Biden's red line on Rafah.", date(2024, 3, 12)) == [
        ("explicit_red_line", "Joe Biden", "Gaza")]
    assert [(r["speaker"], r["negated"]) for r in findings_to_dict(detect(
        "Xi rejected any red lines on Taiwan.", pub))["redlines"]] == [("Xi Jinping", True)]
    assert _reds("The Kremlin denied that it had drawn a red line over Ukraine.", pub) == [
        ("explicit_red_line", "Russia", "Ukraine")]
    assert _reds("Biden's Rafah red line was quietly dropped.", date(2024, 6, 1)) == [
        ("explicit_red_line", "Joe Biden", "Gaza")]


def test_someone_elses_red_line_is_theirs() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Zelenskyy said Putin's red lines were a bluff.", pub) == [
        ("explicit_red_line", "Vladimir Putin", "Ukraine")]
    assert _reds("Xi said China's red lines on Taiwan must be respected.", pub) == [
        ("explicit_red_line", "Xi Jinping", "Taiwan")]


def test_descriptive_consequences_and_advice_are_no_warnings() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Putin's war has had devastating consequences for Ukraine's economy.", pub) == []
    assert _reds("Xi's policies have had severe consequences for Hong Kong, critics say.", pub) == []
    assert _reds("Erdogan warned fans not to boo the team.", pub) == []
    assert _reds("Xi warned Washington not to interfere in Taiwan.", pub) == [
        ("warning_of_consequences", "Xi Jinping", "Taiwan")]


def test_speaker_carried_from_the_sentence_before_and_topics_after_said() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Beijing reacted sharply. A foreign ministry spokesperson said Taiwan was a red line.", pub) == [
        ("explicit_red_line", "China", "Taiwan")]
    assert _reds("The Kremlin was unmoved. It said NATO troops in Ukraine would be a red line.", pub) == [
        ("explicit_red_line", "Russia", "Ukraine")]
    assert _reds("A spokesperson said Taiwan was a red line.", pub) == [("explicit_red_line", None, "Taiwan")]


def test_headline_speakers_before_a_colon() -> None:
    pub = date(2024, 11, 17)
    assert _reds("Xi to Biden: Taiwan is the first red line", pub) == [("explicit_red_line", "Xi Jinping", "Taiwan")]
    assert _reds("Putin: Western troops in Ukraine a red line", pub) == [
        ("explicit_red_line", "Vladimir Putin", "Ukraine")]


def test_not_merely_is_no_negation() -> None:
    assert [(r["speaker"], r["negated"]) for r in findings_to_dict(detect(
        "For Xi, Taiwan is not merely a red line but the red line.", date(2026, 2, 6)))["redlines"]] == [
        ("Xi Jinping", False)]


def test_anaphoric_ministry_warning_takes_the_previous_government() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Moscow protested to Kyiv. The ministry said further strikes would have severe consequences.",
                 pub) == [("warning_of_consequences", "Russia", "Ukraine")]
    assert _reds("The weather was bad. It said the consequences would be severe.", pub) == []


def test_crossing_the_line_with_a_government_in_sight() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Beijing said Manila had crossed the line at Scarborough Shoal.", pub) == [
        ("explicit_red_line", "China", "South China Sea")]
    assert _reds("The runner crossed the line first.", pub) == []
    assert _reds("Troops crossed the line of control near Uri.", pub) == []


def test_more_issue_keywords() -> None:
    pub = date(2025, 8, 1)
    assert _reds("Beijing said Lai's transit through New York crossed a red line.", pub) == [
        ("explicit_red_line", "China", "Taiwan")]
    assert _reds("Beijing said Jimmy Lai's case was a red line.", pub) == [("explicit_red_line", "China", "Hong Kong")]
    assert _reds("Araghchi said enrichment was a red line.", pub) == [("explicit_red_line", "Iran", "Iran")]


def test_transit_red_line_at_sentence_start() -> None:
    pub = date(2025, 3, 12)
    assert _reds("Red Line service was suspended between two stops on Monday.", pub) == []
    assert _reds("Taiwan is a red line, Xi told the service chiefs.", pub) == [
        ("explicit_red_line", "Xi Jinping", "Taiwan")]
