"""Contact phrasing of wire copy and readouts: shared stages, arrivals, reported clauses, ellipsis."""

from __future__ import annotations

from datetime import date

from extract.detect import detect, findings_to_dict

PUB = date(2025, 6, 10)  # a Tuesday


def _calls(text: str, published: date = PUB) -> list[tuple]:
    found = findings_to_dict(detect(text, published))["calls"]
    return [(c["participants"], c["mode"], c["status"], c["date"]) for c in found]


def test_shared_stage_is_in_person() -> None:
    pair = ["Benjamin Netanyahu", "Donald Trump"]
    assert _calls("Trump, speaking alongside Netanyahu at the White House, said the war would end.") == [
        (pair, "in_person", "held", None)]
    assert _calls("At a press conference with Netanyahu in Jerusalem, Trump said a deal was close.") == [
        (pair, "in_person", "held", None)]


def test_press_conference_with_reporters_is_no_contact() -> None:
    assert _calls("Trump held a news conference with reporters after Putin's speech.") == []


def test_expected_in_a_capital_is_a_plan() -> None:
    assert _calls("Zelenskyy is expected in Washington on Monday for a meeting with Trump.") == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "in_person", "planned", "2025-06-16")]


def test_reported_that_clause_keeps_its_own_subject() -> None:
    text = ("Xi noted that the two sides had kept in close touch through calls and meetings, and that Premier Li "
            "had received the visiting minister in Beijing in May.")
    assert _calls(text, date(2016, 9, 4)) == []


def test_readout_makes_told_a_contact_of_unknown_medium() -> None:
    text = "According to the Chinese readout, Xi told Trump that trade ties should be stable."
    assert _calls(text) == [(["Donald Trump", "Xi Jinping"], "unspecified", "held", None)]
    assert _calls("Xi told Trump-era officials that trade ties should be stable.") == []


def test_contrasted_subject_did_what_others_did_not() -> None:
    text = "Neither Meloni nor Sanchez has spoken to Putin this year, but Orban did on Friday."
    assert _calls(text) == [(["Viktor Orbán", "Vladimir Putin"], "unspecified", "held", "2025-06-06")]
    assert _calls("Merz has not met Xi this year, but Macron has.") == [
        (["Emmanuel Macron", "Xi Jinping"], "in_person", "held", None)]


def test_contrasted_subject_who_did_not_is_no_contact() -> None:
    assert _calls("Merz has not met Xi this year, but Macron did not either.") == []
    assert _calls("Merz spoke about Xi at length, but Macron did so too.") == []


def test_since_marks_a_gap_not_the_day_of_the_contact() -> None:
    assert _calls("Putin and Trump held a two-hour call, their first since February.") == [
        (["Donald Trump", "Vladimir Putin"], "unspecified", "held", None)]
    assert _calls("Putin and Trump spoke on Monday, their first call since Friday.") == [
        (["Donald Trump", "Vladimir Putin"], "unspecified", "held", "2025-06-09")]


def test_seeing_a_leader_somewhere_or_some_day_is_a_meeting() -> None:
    text = "Touring North Africa, Macron saw Tebboune in Algiers on Monday."
    assert _calls(text) == [(["Abdelmadjid Tebboune", "Emmanuel Macron"], "in_person", "held", "2025-06-09")]
    assert _calls("Starmer is to see Albanese on Thursday.") == [
        (["Anthony Albanese", "Keir Starmer"], "in_person", "planned", "2025-06-12")]


def test_seeing_a_leader_as_something_is_no_meeting() -> None:
    assert _calls("Trump saw Putin as a strong leader.") == []
    assert _calls("Trump said he saw Xi on television.") == []
    assert _calls("Macron sees Xi's proposals in a new light.") == []


def test_newer_gazetteer_leaders_resolve_from_titles() -> None:
    text = "The Taiwanese president held a video call with the Czech president on Wednesday."
    assert _calls(text, date(2024, 11, 22)) == [
        (["Lai Ching-te", "Petr Pavel"], "video", "held", "2024-11-20")]


def test_hopes_denials_and_unscheduled_summits_are_no_contacts() -> None:
    assert _calls("Albanese would welcome a conversation with Trump on the tariffs, his office said.") == []
    assert _calls("Reports of a secret meeting between Netanyahu and Erdogan were flatly denied on Monday.") == []
    assert _calls("The summit between Modi and Sharif that Pakistan proposed was never scheduled.") == []


def test_opening_talks_on_a_topic_is_negotiation_not_a_second_meeting() -> None:
    text = "Lee Myung-bak and Hu Jintao met in Beijing on Monday and agreed to open talks on a trade pact."
    assert _calls(text, date(2012, 1, 12)) == [(["Hu Jintao", "Lee Myung-bak"], "in_person", "held", "2012-01-09")]
    assert _calls("Xi and Putin resumed talks on Monday in the Kremlin.") == [
        (["Vladimir Putin", "Xi Jinping"], "in_person", "held", "2025-06-09")]


def test_relatives_and_namesakes_of_a_leader_are_not_the_leader() -> None:
    pub = date(2025, 4, 19)
    assert _calls("The Saudi crown prince's brother met Pezeshkian in Tehran on Thursday.", pub) == []
    assert _calls("Defence minister Khalid bin Salman met Pezeshkian in Tehran on Thursday.", pub) == []
    assert _calls("Crown Prince Mohammed bin Salman met Pezeshkian in Tehran on Thursday.", pub) == [
        (["Masoud Pezeshkian", "Mohammed bin Salman"], "in_person", "held", "2025-04-17")]


def test_a_day_after_counts_back_from_the_day_named_before() -> None:
    text = "'We will keep talking,' Tusk said of Orban on Friday, a day after the two prime ministers had met in Budapest."
    assert _calls(text, date(2025, 3, 1)) == [(["Donald Tusk", "Viktor Orbán"], "in_person", "held", "2025-02-27")]


def test_a_date_opening_the_next_clause_belongs_to_the_next_contact() -> None:
    text = "Earlier this week Wong met Anwar in Johor, and on Thursday he spoke with Prabowo by phone."
    assert _calls(text, date(2025, 1, 10)) == [
        (["Anwar Ibrahim", "Lawrence Wong"], "in_person", "held", "2025-01-06"),
        (["Lawrence Wong", "Prabowo Subianto"], "phone", "held", "2025-01-09")]


def test_chained_contacts_and_following_evenings_share_or_shift_the_day() -> None:
    text = "The Emir of Qatar called Biden on Friday, and the U.S. president then phoned Netanyahu."
    assert [c[3] for c in _calls(text, date(2024, 5, 5))] == ["2024-05-03", "2024-05-03"]
    text = "Meloni hosted Mitsotakis in Rome on Thursday; Mitsotakis then dined with Sanchez in Madrid the following evening."
    assert [c[3] for c in _calls(text, date(2024, 10, 26))] == ["2024-10-24", "2024-10-25"]


def test_evening_of_an_ordinal_and_the_following_week_of_a_plan() -> None:
    text = "Xi had a telephone conversation with Lula on the evening of the 8th, at the latter's request."
    assert [c[3] for c in _calls(text, date(2025, 8, 9))] == ["2025-08-08"]
    text = "Starmer will host the Japanese prime minister at Chequers the following week."
    assert [c[3] for c in _calls(text, date(2025, 11, 18))] == ["2025-11-24"]
    assert [c[3] for c in _calls("Starmer met Trump, and met Takaichi the following week.", date(2025, 11, 18))] == [
        None, None]


def test_second_object_of_a_left_out_verb_is_a_second_contact() -> None:
    text = "Tinubu met Macron in Paris on 22 January and Meloni in Rome on 24 January during a European tour."
    assert _calls(text, date(2024, 1, 26)) == [
        (["Bola Tinubu", "Emmanuel Macron"], "in_person", "held", "2024-01-22"),
        (["Bola Tinubu", "Giorgia Meloni"], "in_person", "held", "2024-01-24")]
    text = "Sisi was on the phone with Tamim and then with Erdogan on Thursday."
    assert [c[0] for c in _calls(text, date(2025, 1, 16))] == [
        ["Abdel Fattah el-Sisi", "Tamim bin Hamad Al Thani"], ["Abdel Fattah el-Sisi", "Recep Tayyip Erdoğan"]]


def test_a_plain_list_of_objects_and_a_new_subject_are_not_split_wrongly() -> None:
    assert [c[0] for c in _calls("Trump met Xi and Modi in Osaka.")] == [
        ["Donald Trump", "Narendra Modi", "Xi Jinping"]]
    assert [c[0] for c in _calls("Trump met Xi in Busan and Putin said nothing.")] == [["Donald Trump", "Xi Jinping"]]
    assert [c[0] for c in _calls("Trump called Xi and Putin called Modi.")] == [
        ["Donald Trump", "Xi Jinping"], ["Narendra Modi", "Vladimir Putin"]]
    assert [c[0] for c in _calls("A call between Xi and Trump is being arranged, the ministry said.")] == [
        ["Donald Trump", "Xi Jinping"]]


def test_capitalised_bare_offices_of_readouts() -> None:
    text = "The Chancellor spoke by telephone with the Turkish President this evening."
    assert _calls(text, date(2025, 9, 4)) == [
        (["Friedrich Merz", "Recep Tayyip Erdoğan"], "phone", "held", "2025-09-04")]
    assert _calls("The Chancellor of the Exchequer met Biden on Saturday.", date(2023, 10, 22)) == []


def test_subordinate_clauses_keep_their_own_modality() -> None:
    text = "Macron, who is due to host Modi in Marseille next month, spoke with the Indian leader on Thursday."
    assert _calls(text, date(2025, 1, 18)) == [
        (["Emmanuel Macron", "Narendra Modi"], "in_person", "planned", "2025-02-01"),
        (["Emmanuel Macron", "Narendra Modi"], "unspecified", "held", "2025-01-16")]
    text = "The grain deal was not discussed when Putin took Erdogan's call on Saturday, the Kremlin said."
    assert _calls(text, date(2023, 7, 24)) == [
        (["Recep Tayyip Erdoğan", "Vladimir Putin"], "unspecified", "held", "2023-07-22")]


def test_plans_under_discussion_lead_ins_and_separate_calls() -> None:
    text = "A trilateral meeting of Trump, Lee and Ishiba is under discussion for the APEC week, Yonhap said."
    assert [c[2] for c in _calls(text, date(2025, 8, 20))] == ["planned"]
    text = "Fresh from talks with Putin in Astana, Tokayev flew on to Tashkent on Thursday."
    assert [c[0] for c in _calls(text, date(2024, 7, 5))] == [["Kassym-Jomart Tokayev", "Vladimir Putin"]]
    text = "Carney spoke with Zelenskyy and Tusk in separate calls over the weekend."
    assert [c[0] for c in _calls(text, date(2025, 4, 7))] == [
        ["Mark Carney", "Volodymyr Zelenskyy"], ["Donald Tusk", "Mark Carney"]]


def test_when_clause_shares_the_future_of_its_main_clause() -> None:
    text = "Lee said tariffs would top the agenda when they meet Trump."
    assert [c[2] for c in _calls(text)] == ["planned"]
    text = "Anwar said the haze would be on the table when he receives Prabowo in Putrajaya on Monday."
    assert _calls(text, date(2025, 1, 22)) == [
        (["Anwar Ibrahim", "Prabowo Subianto"], "in_person", "planned", "2025-01-27")]


def test_pair_before_a_new_clause_is_not_its_leaders() -> None:
    text = "The two leaders' meeting in Alaska on Friday ended without a deal, and Trump later called Zelenskyy."
    assert [c[0] for c in _calls(text, date(2025, 8, 17))] == [["Donald Trump", "Volodymyr Zelenskyy"]]


def test_leaders_of_a_list_of_countries() -> None:
    text = "Friday's videoconference between the leaders of France, Germany and Britain focused on Russian assets."
    assert _calls(text, date(2025, 10, 26)) == [
        (["Emmanuel Macron", "Friedrich Merz", "Keir Starmer"], "video", "held", "2025-10-24")]


def test_asked_lead_in_and_a_title_of_another_country_before_a_name() -> None:
    text = "Asked about his meeting with the Indian prime minister, Trudeau said he had raised the killing directly."
    assert _calls(text, date(2023, 9, 10)) == [(["Justin Trudeau", "Narendra Modi"], "in_person", "held", None)]


def test_sentence_initial_their_with_exactly_two_leaders_after() -> None:
    text = "Their phone call was the first since the clashes, the spokesman said after Paetongtarn spoke with Hun Manet."
    assert _calls(text, date(2025, 6, 16)) == [
        (["Hun Manet", "Paetongtarn Shinawatra"], "phone", "held", None)]


def test_that_morning_is_the_day_of_the_report() -> None:
    text = "The Elysee said the President of the Republic had spoken that morning with President Tebboune."
    assert [c[3] for c in _calls(text, date(2025, 3, 31))] == ["2025-03-31"]


def test_lead_in_leader_is_not_the_antecedent_and_where_clause_takes_the_trip_day() -> None:
    text = "Fresh from talks with Putin in Astana, Tokayev flew on to Tashkent on Thursday, where he met Mirziyoyev."
    assert _calls(text, date(2024, 7, 5)) == [
        (["Kassym-Jomart Tokayev", "Vladimir Putin"], "in_person", "held", None),
        (["Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"], "in_person", "held", "2024-07-04")]


def test_calling_a_meeting_something_keeps_the_meeting_in_person() -> None:
    text = "Trump called his meeting with Xi a great success."
    assert _calls(text, date(2025, 11, 1)) == [(["Donald Trump", "Xi Jinping"], "in_person", "held", None)]


def test_a_contact_named_again_in_the_next_sentence_is_one_contact() -> None:
    text = "Putin had a phone call with Erdogan. During the call, the two leaders discussed Syria."
    assert _calls(text) == [(["Recep Tayyip Erdoğan", "Vladimir Putin"], "phone", "held", None)]
    text = "Xi and Putin met in Moscow on Tuesday. They held another meeting on Friday."
    assert [c[3] for c in _calls(text)] == ["2025-06-10", "2025-06-06"]


def test_the_two_leaders_after_a_trip_to_a_capital() -> None:
    text = "Trump arrived in Beijing on Tuesday. The two leaders' meeting lasted two hours, officials said."
    assert [c[0] for c in _calls(text)] == [["Donald Trump", "Xi Jinping"]]
    assert _calls("Trump criticised the EU and China on Tuesday. The two leaders met later.") == []


def _reds(text: str, published: date = PUB) -> list[tuple]:
    found = findings_to_dict(detect(text, published))["redlines"]
    return [(r["category"], r["speaker"]) for r in found]


def test_home_affairs_warnings_and_red_lines_are_not_diplomatic() -> None:
    assert _reds("Biden warned that inflation would have consequences for working families.", date(2023, 5, 1)) == []
    assert _reds("Critics said the policy crossed a red line for many voters.") == []
    assert _reds("The union said pay was a red line in the talks with management.") == []
    assert _reds("Kim warned of consequences if the U.S. continued its drills.") == [
        ("warning_of_consequences", "Kim Jong Un")]


def test_present_tense_courtesy_call_on_a_leader() -> None:
    assert _calls("Sharif calls on Erdogan in Ankara") == [
        (["Recep Tayyip Erdoğan", "Shehbaz Sharif"], "in_person", "held", None)]
    assert _calls("Macron calls on Xi to press Russia.") == []


def test_speaking_of_a_leader_is_a_topic() -> None:
    assert _calls("Meloni spoke highly of Trump.") == []
    assert _calls("Erdogan spoke of Putin as a friend.") == []
    assert [c[0] for c in _calls("Erdogan spoke about his call with Putin.")] == [
        ["Recep Tayyip Erdoğan", "Vladimir Putin"]]


def test_a_plan_for_the_weekday_of_publication_is_today() -> None:
    text = "Xi will be received by Lula at the Alvorada Palace on Wednesday."
    assert [c[3] for c in _calls(text, date(2024, 11, 20))] == ["2024-11-20"]
    text = "Xi will be received by Lula at the Alvorada Palace next Wednesday."
    assert [c[3] for c in _calls(text, date(2024, 11, 20))] == ["2024-11-27"]


def test_by_phone_after_a_new_verb_is_its_own_contact() -> None:
    text = "Orban flew to Mar-a-Lago to see Trump on Thursday and briefed Meloni by phone on his return."
    assert _calls(text, date(2024, 3, 9)) == [(["Giorgia Meloni", "Viktor Orbán"], "phone", "held", None)]


def test_hosting_an_online_event_is_video() -> None:
    text = "Ramaphosa joined a virtual summit of BRICS leaders hosted by Lula on Monday."
    assert _calls(text, date(2025, 9, 10)) == [
        (["Cyril Ramaphosa", "Luiz Inácio Lula da Silva"], "video", "held", "2025-09-08")]


def test_brief_encounters_at_summits() -> None:
    pub = date(2025, 6, 20)
    pair = ["Donald Trump", "Narendra Modi"]
    assert _calls("Modi had a brief chat with Trump at the G7.", pub) == [(pair, "in_person", "held", None)]
    assert _calls("Modi and Trump exchanged pleasantries at the G7 summit.", pub) == [(pair, "in_person", "held", None)]
    assert _calls("Trump had a pull-aside with Modi at the G20.", pub) == [(pair, "in_person", "held", None)]
    text = "Modi interacted with President Macron on the sidelines of the G7 Summit."
    assert _calls(text, pub) == [(["Emmanuel Macron", "Narendra Modi"], "in_person", "held", None)]
    assert _calls("Trump joined a chat with supporters on X.", pub) == []


def test_that_morning_outside_reported_speech_dates_nothing() -> None:
    text = "Tusk, who had met Zelenskyy in Warsaw that morning, later joined a video conference."
    assert [c[3] for c in _calls(text, date(2025, 1, 16))] == [None]


def test_the_two_leaders_pair_only_with_a_place_travelled_to() -> None:
    assert _calls("Starmer criticised Russia on Tuesday. The two leaders spoke by phone.") == []


def test_a_contact_in_another_year_is_not_merged_with_the_one_before() -> None:
    text = "Modi met Putin in Moscow in 2019. Their talks in Kazan in 2024 were warmer."
    assert len(_calls(text)) == 2


def test_passive_welcome_with_a_place_before_by_and_travel_to_see() -> None:
    assert _calls("Xi was welcomed at the airport by Tokayev.") == [
        (["Kassym-Jomart Tokayev", "Xi Jinping"], "in_person", "held", None)]
    assert _calls("Xi was welcomed at the airport by crowds as Tokayev watched.") == []
    text = "Orban flew to Moscow on Friday to see Putin."
    assert _calls(text) == [(["Viktor Orbán", "Vladimir Putin"], "in_person", "held", "2025-06-06")]


def test_consequences_described_versus_threatened() -> None:
    assert _reds("Xi said the pandemic had serious consequences for global trade.") == []
    assert _reds("Putin said any attack on Russia would have dire consequences.") == [
        ("warning_of_consequences", "Vladimir Putin")]
    assert _reds("China said the visit was a serious mistake that would have consequences.") == [
        ("warning_of_consequences", "China")]


def test_respond_with_overwhelming_force_is_a_warning() -> None:
    assert _reds("Pyongyang threatened to respond with overwhelming force.") == [
        ("warning_of_consequences", "North Korea")]
    assert _reds("The company will respond with full measures to customer complaints.") == []


def test_and_then_by_phone_with_a_second_leader() -> None:
    text = "Trump spoke with Putin for two hours and then by phone with Zelenskyy."
    assert _calls(text, date(2025, 3, 9)) == [
        (["Donald Trump", "Vladimir Putin"], "unspecified", "held", None),
        (["Donald Trump", "Volodymyr Zelenskyy"], "phone", "held", None)]
