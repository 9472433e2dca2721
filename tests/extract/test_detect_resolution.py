"""Contacts: pronouns and lead-ins, chained and elliptical contacts, dates carried across clauses, titles, status cues."""

from __future__ import annotations

from datetime import date

from extract.detect import detect, findings_to_dict


def _calls(text: str, published: date) -> list[tuple]:
    return [(c["participants"], c["mode"], c["date"]) for c in findings_to_dict(detect(text, published))["calls"]]


def _reds(text: str, published: date) -> list[tuple]:
    return [(r["category"], r["speaker"], r["issue"]) for r in findings_to_dict(detect(text, published))["redlines"]]


def test_possessive_in_a_lead_in_phrase_is_the_main_subject() -> None:
    pub = date(2025, 5, 16)
    text = "Talking to journalists after her meeting with Modi on Thursday, Meloni praised the trade deal."
    assert _calls(text, pub) == [(["Giorgia Meloni", "Narendra Modi"], "in_person", "2025-05-15")]
    # A leader named before the pronoun stays its antecedent.
    text = "Erdogan said that, after his call with Putin, Zelenskyy had asked for a meeting."
    assert all("Volodymyr Zelenskyy" not in c[0] or "Vladimir Putin" not in c[0] for c in _calls(text, pub))


def test_chained_contact_shares_the_first_contacts_day() -> None:
    pub = date(2025, 9, 14)
    text = "Merz received Tusk in Berlin on Friday and afterwards spoke with Macron by phone."
    assert _calls(text, pub) == [(["Donald Tusk", "Friedrich Merz"], "in_person", "2025-09-12"),
                                 (["Emmanuel Macron", "Friedrich Merz"], "phone", "2025-09-12")]
    # Without a word of sequence, the second contact keeps no date of its own.
    text = "Merz received Tusk in Berlin on Friday and spoke with Macron by phone."
    assert _calls(text, pub)[1] == (["Emmanuel Macron", "Friedrich Merz"], "phone", None)


def test_named_ministers_and_spokespeople_speak_for_their_country() -> None:
    pub = date(2025, 8, 2)
    assert _reds("Lavrov told reporters that Western troops in Ukraine were a red line.", pub) == [
        ("explicit_red_line", "Russia", "Ukraine")]
    assert _reds("Spokeswoman Mao Ning said Taiwan was at the very core of China's core interests.", pub) == [
        ("core_interest", "China", "Taiwan")]
    # A minister's "counterpart" is not a leader: no call between leaders here.
    assert _calls("Wang Yi spoke by phone with his Russian counterpart on Monday.", pub) == []


def test_more_contact_verbs() -> None:
    pub = date(2025, 6, 20)
    assert _calls("Macron and Carney had a tête-à-tête in Kananaskis.", pub) == [
        (["Emmanuel Macron", "Mark Carney"], "in_person", None)]
    assert _calls("Meloni huddled with Starmer on Tuesday.", pub) == [
        (["Giorgia Meloni", "Keir Starmer"], "in_person", "2025-06-17")]
    assert _calls("Lula conversed with Ramaphosa by telephone.", pub) == [
        (["Cyril Ramaphosa", "Luiz Inácio Lula da Silva"], "phone", None)]
    # Thanking a host of other people's talks is no contact of its own.
    assert _calls("In a call with Erdogan, Putin thanked him for hosting the talks.", pub) == [
        (["Recep Tayyip Erdoğan", "Vladimir Putin"], "unspecified", None)]


def test_more_countries_resolve_names_and_titles_by_date() -> None:
    assert _calls("Dutch Prime Minister Mark Rutte met Zelenskyy in Kharkiv on March 1.", date(2024, 3, 4)) == [
        (["Mark Rutte", "Volodymyr Zelenskyy"], "in_person", "2024-03-01")]
    assert _calls("The Taoiseach spoke with Starmer by phone on Friday.", date(2025, 7, 1)) == [
        (["Keir Starmer", "Micheál Martin"], "phone", "2025-06-27")]
    assert _calls("The Taoiseach met Biden in the Oval Office.", date(2024, 5, 1)) == [
        (["Joe Biden", "Simon Harris"], "in_person", None)]
    assert _calls("Mitsotakis and Erdogan met in Ankara.", date(2023, 12, 8)) == [
        (["Kyriakos Mitsotakis", "Recep Tayyip Erdoğan"], "in_person", None)]


def test_possessive_call_is_a_noun_and_lowercase_office_of_country_resolves() -> None:
    pub = date(2019, 11, 20)
    assert _calls("Critics said Trump's October 2 call with the Ukrainian president broke the rules.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "unspecified", "2019-10-02")]
    assert _calls("Voters asked whether Trump erred in his conversation with the president of Ukraine.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "unspecified", None)]
    # A vice president is not the leader, whichever way the office is written.
    assert _calls("The vice president of China met Trump in Buenos Aires.", pub) == []
    assert _calls("China's vice-president met Trump in Buenos Aires.", pub) == []


def test_counterparts_of_one_country_are_separate_meetings() -> None:
    pub = date(2023, 11, 8)
    text = "Albanese went on to Beijing, where he met Xi, Premier Li Qiang and the head of the legislature."
    assert sorted(_calls(text, pub)) == [(["Anthony Albanese", "Li Qiang"], "in_person", None),
                                         (["Anthony Albanese", "Xi Jinping"], "in_person", None)]
    # Leaders of different countries around one table stay one meeting.
    text = "Sunak met Macron and Scholz in Granada."
    assert _calls(text, pub) == [(["Emmanuel Macron", "Olaf Scholz", "Rishi Sunak"], "in_person", None)]


def test_absence_and_accepted_invitations_and_dates_behind_a_relative_clause() -> None:
    pub = date(2019, 11, 20)
    assert _calls("She said she was not on the phone call between Trump and Zelenskyy.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "phone", None)]
    assert [c["status"] for c in findings_to_dict(detect("Kim accepted an invitation to meet Trump.", pub))["calls"]] \
        == ["planned"]
    text = "Lawmakers heard on Tuesday from an aide who had described Trump's call with Zelenskyy as a favour."
    assert _calls(text, pub) == [(["Donald Trump", "Volodymyr Zelenskyy"], "unspecified", None)]


def test_lead_in_participles_share_the_main_subject() -> None:
    assert _calls("Speaking after a long call with the Chinese president on Monday, Biden said talks would go on.",
                  date(2023, 11, 22)) == [(["Joe Biden", "Xi Jinping"], "unspecified", "2023-11-20")]
    assert _calls("Standing alongside Zelenskyy in Kyiv on Friday, Merz promised more air defence.",
                  date(2025, 5, 11)) == [(["Friedrich Merz", "Volodymyr Zelenskyy"], "in_person", "2025-05-09")]
    assert _calls("Having welcomed Albanese to the White House on Oct. 20, Trump turned to Asia.",
                  date(2025, 10, 25)) == [(["Anthony Albanese", "Donald Trump"], "in_person", "2025-10-20")]


def test_told_in_a_place_is_face_to_face_but_told_alone_is_speech() -> None:
    pub = date(2023, 11, 17)
    assert _calls("Xi told Biden in Woodside on Wednesday that Taiwan mattered most.", pub) == [
        (["Joe Biden", "Xi Jinping"], "in_person", "2023-11-15")]
    assert _calls("Xi told Biden in November that Taiwan mattered most.", pub) == []
    assert _calls("Xi told reporters in Beijing that Biden was wrong.", pub) == []


def test_titles_readouts_and_ordinal_days() -> None:
    assert _calls("The Kremlin chief phoned the Kazakh leader on Friday.", date(2022, 7, 9)) == [
        (["Kassym-Jomart Tokayev", "Vladimir Putin"], "phone", "2022-07-08")]
    assert _calls("The President of the Republic spoke by telephone with Chancellor Scholz on Saturday.",
                  date(2023, 9, 18)) == [(["Emmanuel Macron", "Olaf Scholz"], "phone", "2023-09-16")]
    assert _calls("May telephoned Macron on Sunday, Downing Street said.", date(2018, 4, 16)) == [
        (["Emmanuel Macron", "Theresa May"], "phone", "2018-04-15")]
    assert _calls("Modi received Albanese in Delhi on the 9th.", date(2023, 3, 12)) == [
        (["Anthony Albanese", "Narendra Modi"], "in_person", "2023-03-09")]
    assert _calls("Modi met Albanese on the 11th floor of the hotel.", date(2023, 3, 12)) == [
        (["Anthony Albanese", "Narendra Modi"], "in_person", None)]


def test_arranged_and_conditional_contacts() -> None:
    pub = date(2025, 5, 27)
    assert [c["status"] for c in findings_to_dict(detect(
        "A meeting between Modi and Trump is being arranged, officials said.", pub))["calls"]] == ["planned"]
    assert _calls("A summit between Putin and Zelenskyy would not be possible before a truce, Moscow said.", pub) == []
    assert _calls("Sharif and Modi were joined by the Chinese president for a three-way video call.", pub) == [
        (["Narendra Modi", "Shehbaz Sharif", "Xi Jinping"], "video", None)]


def test_elliptical_second_counterpart_repeats_the_verb() -> None:
    pub = date(2025, 6, 8)
    assert _calls("Starmer spoke by phone with Macron on Monday and with Merz on Tuesday.", pub) == [
        (["Emmanuel Macron", "Keir Starmer"], "phone", "2025-06-02"),
        (["Friedrich Merz", "Keir Starmer"], "phone", "2025-06-03")]
    # "and to" after a non-contact verb adds nothing.
    assert _calls("Starmer wrote to Macron on Monday and to Merz on Tuesday.", pub) == []


def test_pronouns_keep_their_referent_and_clause() -> None:
    pub = date(2026, 1, 17)
    text = ("Carney landed in Beijing on Wednesday. On Thursday he was received by Xi, and on Friday he held talks "
            "with Premier Li Qiang.")
    assert _calls(text, pub) == [(["Mark Carney", "Xi Jinping"], "in_person", "2026-01-15"),
                                 (["Li Qiang", "Mark Carney"], "unspecified", "2026-01-16")]
    text = "Sunak and Scholz went home early; only Meloni stayed, after her talks with Modi."
    assert _calls(text, date(2023, 9, 10)) == [(["Giorgia Meloni", "Narendra Modi"], "unspecified", None)]
    assert _calls("Ishiba had wanted to see Trump in Osaka. In the end, the two spoke by phone on Friday.",
                  date(2025, 4, 6)) == [(["Donald Trump", "Shigeru Ishiba"], "phone", "2025-04-04")]


def test_seats_of_government_name_their_host() -> None:
    pub = date(2025, 3, 1)
    assert _calls("Zelenskyy visited the White House on Friday.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "in_person", "2025-02-28")]
    assert _calls("The Indian prime minister was hosted at the Elysee on Tuesday.", pub) == [
        (["Emmanuel Macron", "Narendra Modi"], "in_person", "2025-02-25")]
    # The seat as a speaker is no host.
    assert _calls("The White House said Zelenskyy was welcome to visit.", pub) == []
    statuses = [c["status"] for c in findings_to_dict(detect(
        "Netanyahu will visit the White House on Monday for talks with Trump.", pub))["calls"]]
    assert statuses == ["planned"]


def test_owned_nominal_contacts_and_self_pronouns() -> None:
    pub = date(2019, 11, 20)
    text = "Lawmakers asked about Trump's September 9 call, when he pressed Ukrainian President Zelenskyy for help."
    assert _calls(text, pub) == [(["Donald Trump", "Volodymyr Zelenskyy"], "unspecified", "2019-09-09")]
    assert [c["status"] for c in findings_to_dict(detect(
        "Analysts looked ahead to Abe's upcoming visit with Trump.", pub))["calls"]] == ["planned"]
    assert _calls("Trump never returned Xi's call.", pub) == []


def test_time_frames_arrivals_and_headlines() -> None:
    pub = date(2019, 6, 30)
    text = "Trump-Xi Truce Lifts Stock Markets Across Asia\nThe two leaders agreed to resume negotiations during talks in Osaka."
    assert _calls(text, pub) == [(["Donald Trump", "Xi Jinping"], "in_person", None)]
    statuses = [c["status"] for c in findings_to_dict(detect("Modi arrived in Osaka on Friday for talks with Abe.",
                                                             pub))["calls"]]
    assert statuses == ["planned"]
    # A sentence with a full stop is no headline: "Penny Wong" stays someone else.
    assert _calls("Australian Foreign Minister Penny Wong met Anwar in Kuala Lumpur.", date(2025, 6, 1)) == []


def test_glued_sentences_split_and_jordan_and_warnings_against() -> None:
    pub = date(2019, 5, 29)
    text = "Modi received Abe in Delhi in April.Later, Modi hosted Xi in Chennai."
    assert _calls(text, pub) == [(["Narendra Modi", "Shinzo Abe"], "in_person", "2019-04-01"),
                                 (["Narendra Modi", "Xi Jinping"], "in_person", None)]
    assert _reds("King Abdullah warned Israel of dire consequences over annexation.", pub) == [
        ("warning_of_consequences", "Abdullah II", "Israel")]
    assert _reds("Macron warned against complacency.", pub) == []
    assert _reds("Beijing said they would face the consequences.", pub) == [
        ("warning_of_consequences", "China", None)]


def test_next_day_there_and_repeat_meetings() -> None:
    text = "Modi's talks with Albanese in Delhi on 9 March went well, and the Australian leader met him again the next day."
    assert _calls(text, date(2023, 3, 14)) == [(["Anthony Albanese", "Narendra Modi"], "in_person", "2023-03-09"),
                                               (["Anthony Albanese", "Narendra Modi"], "in_person", "2023-03-10")]
    text = "Erdogan flew to Baku on Tuesday. There he met Aliyev and Pashinyan's envoy."
    assert _calls(text, date(2025, 3, 13)) == [(["Ilham Aliyev", "Recep Tayyip Erdoğan"], "in_person", "2025-03-11")]


def test_ring_hug_plural_offices_and_visits_by() -> None:
    pub = date(2025, 6, 20)
    assert _calls("Carney's choice to ring Sheinbaum first was noticed in Washington.", pub) == [
        (["Claudia Sheinbaum", "Mark Carney"], "phone", None)]
    assert _calls("Modi's hug with Putin in Moscow last July angered Kyiv.", date(2025, 3, 10)) == [
        (["Narendra Modi", "Vladimir Putin"], "in_person", "2024-07-01")]
    text = "In a video call with Zelenskyy on Monday, the leaders of France and Germany promised more aid."
    assert _calls(text, pub) == [(["Emmanuel Macron", "Friedrich Merz", "Volodymyr Zelenskyy"], "video", "2025-06-16")]
    assert _calls("Should Lee and Ishiba meet, it would be the first visit by a Japanese leader in years.", pub) == []
    assert _calls("Police threw a ring of steel around Trump and Xi.", pub) == []


def test_again_keeps_contacts_apart_and_general_secretary_leads() -> None:
    pub = date(2025, 6, 16)
    assert _calls("Xi and Lula, who met in Beijing last year, spoke again on Tuesday.", pub) == [
        (["Luiz Inácio Lula da Silva", "Xi Jinping"], "in_person", None),
        (["Luiz Inácio Lula da Silva", "Xi Jinping"], "unspecified", "2025-06-10")]
    assert _calls("Xi held talks with Vietnamese General Secretary To Lam in Hanoi on Monday.", pub) == [
        (["Tô Lâm", "Xi Jinping"], "in_person", "2025-06-16")]
    assert _calls("Modi dials Putin, discusses Ukraine", pub) == [(["Narendra Modi", "Vladimir Putin"], "phone", None)]


def test_owned_invitations_stay_planned_and_far_issues_do_not_make_threats() -> None:
    pub = date(2019, 6, 30)
    assert [c["status"] for c in findings_to_dict(detect(
        "Kim accepted Trump's invitation to meet at the border.", pub))["calls"]] == ["planned"]
    text = "Netanyahu warned against a rushed deal in a long speech to Congress that strained U.S.-Israeli ties."
    assert _reds(text, pub) == []


def test_cancellations_and_deputies_after_the_contact() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Trump had been due to meet Putin in Budapest, but the summit was called off.", pub) == []
    assert _calls("Trump's call with Putin, which had been set for Tuesday, was postponed.", pub) == []
    assert _calls("Trump met Xi's vice premier in Geneva.", pub) == []
    assert _calls("Trump met Xi's premier Li Qiang in Geneva.", pub) == [(["Donald Trump", "Li Qiang"], "in_person", None)]


def test_weekend_ahead_and_weekday_with_calendar_date() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Starmer will host Zelenskyy at Chequers over the weekend.", pub) == [
        (["Keir Starmer", "Volodymyr Zelenskyy"], "in_person", "2025-03-10")]
    assert _calls("Xi met Trump in Busan on Thursday, October 30.", date(2025, 11, 2)) == [
        (["Donald Trump", "Xi Jinping"], "in_person", "2025-10-30")]


def test_object_pronouns_counterpart_titles_and_discussed_with() -> None:
    pub = date(2023, 6, 20)
    assert _calls("Meloni, who met Biden in May, phoned him again on Monday.", pub) == [
        (["Giorgia Meloni", "Joe Biden"], "in_person", "2023-05-01"),
        (["Giorgia Meloni", "Joe Biden"], "phone", "2023-06-19")]
    assert _calls("The Chinese leader received his Brazilian counterpart in Beijing.", pub) == [
        (["Luiz Inácio Lula da Silva", "Xi Jinping"], "in_person", None)]
    assert _calls("The British prime minister called the French president on Monday.", pub) == [
        (["Emmanuel Macron", "Rishi Sunak"], "phone", "2023-06-19")]
    assert _calls("Kishida told reporters he had discussed Taiwan with Biden.", pub) == [
        (["Fumio Kishida", "Joe Biden"], "unspecified", None)]
    assert _calls("Biden discussed the budget with aides.", pub) == []
    assert _calls("Biden has invited Modi for a state visit.", pub) == []


def test_company_bottom_lines_conversations_in_a_venue_and_may_with_a_partner() -> None:
    pub = date(2018, 6, 14)
    assert _reds("Tariffs are eating into Apple's bottom line in China.", pub) == []
    assert _reds("The firm's core interest is the Chinese market, its CEO said.", pub) == []
    assert _calls("The German chancellor had a conversation with Macron at the Elysee on Friday.", pub) == [
        (["Angela Merkel", "Emmanuel Macron"], "in_person", "2018-06-08")]
    assert _calls("May and Trump discussed trade when they met at Chequers.", pub) == [
        (["Donald Trump", "Theresa May"], "in_person", None)]


def test_more_media_words() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Xi and Putin held a teleconference on Tuesday.", pub) == [
        (["Vladimir Putin", "Xi Jinping"], "video", "2025-03-11")]
    assert _calls("Trump spoke with Putin by secure video link.", pub) == [
        (["Donald Trump", "Vladimir Putin"], "video", None)]
    assert _calls("Trump spoke to Zelenskyy over a secure line.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "phone", None)]
    assert _calls("Xi noted the two leaders had kept in touch through phone calls and letters.", pub) == []


def test_purposes_of_planned_trips_conditions_and_late_cancellations() -> None:
    pub = date(2025, 3, 12)
    assert [(c["status"], c["date"]) for c in findings_to_dict(detect(
        "Modi plans to visit Moscow in July for talks with Putin.", pub))["calls"]] == [("planned", "2025-07-01")]
    assert _calls("Macron would meet Xi if invited.", pub) == []
    assert _calls("Starmer was due to meet Trump but cancelled.", pub) == []
    assert [c["status"] for c in findings_to_dict(detect("Scholz flew to Kyiv to meet Zelenskyy.",
                                                         date(2023, 6, 1)))["calls"]] == ["held"]


def test_proposals_and_encounters() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Trump wrote to Khamenei proposing nuclear talks.", pub) == []
    assert _calls("Trump suggested a meeting with Putin in Riyadh.", pub) == []
    assert _calls("The Riyadh encounter between Trump and Putin lasted two hours.", pub) == [
        (["Donald Trump", "Vladimir Putin"], "in_person", None)]


def test_bare_president_new_clauses_and_objects_of_failed_contacts() -> None:
    text = ("Netanyahu will fly to Washington next month. It would be his third meeting with the president this "
            "year, his office said.")
    assert [(c["participants"], c["status"]) for c in findings_to_dict(detect(text, date(2025, 11, 20)))["calls"]] \
        == [(["Benjamin Netanyahu", "Donald Trump"], "planned")]
    text = "Putin and Trump parted without a deal, and the president's call with Zelenskyy on Monday was tense."
    assert _calls(text, date(2025, 8, 20)) == [(["Donald Trump", "Volodymyr Zelenskyy"], "unspecified", "2025-08-18")]
    assert _calls("Trump did not meet Xi, and Putin spoke with Modi.", date(2025, 8, 20)) == [
        (["Narendra Modi", "Vladimir Putin"], "unspecified", None)]
    # Without America in sight, a lower-case "the president" stays unresolved.
    assert _calls("Lula said the president had met Xi.", date(2025, 8, 20)) == []


def test_reactions_and_topics_are_not_meetings() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Trump's plan met with stiff resistance from Xi.", pub) == []
    assert _calls("Putin's demands were met with scorn by Zelenskyy.", pub) == []
    assert _calls("Trump received a call from his lawyer about Putin.", pub) == []
    assert _calls("The meeting of Xi and Putin in Moscow ran long.", pub) == [
        (["Vladimir Putin", "Xi Jinping"], "in_person", None)]


def test_ruled_out_rejected_and_conditional_meetings() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Trump ruled out meeting Zelenskyy before the deal was signed.", pub) == []
    assert _calls("Putin rejected a meeting with Zelenskyy.", pub) == []
    assert _calls("Any meeting between Trump and Putin would need careful preparation.", pub) == []
    assert _calls("A summit between Trump and Putin would require a ceasefire first.", pub) == []
    text = "Trump said he had warned Putin during their call on Tuesday that there would be severe consequences."
    assert _calls(text, pub) == [(["Donald Trump", "Vladimir Putin"], "unspecified", "2025-03-11")]


def test_dates_carried_from_the_sentence_before() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Xi arrived in Moscow on Monday. He held talks with Putin the next day.", pub) == [
        (["Vladimir Putin", "Xi Jinping"], "unspecified", "2025-03-11")]
    assert _calls("Starmer flew to Kyiv on Saturday. He met Zelenskyy there.", pub) == [
        (["Keir Starmer", "Volodymyr Zelenskyy"], "in_person", "2025-03-08")]
    assert _calls("Trump held a one-on-one with Macron at the White House.", pub) == [
        (["Donald Trump", "Emmanuel Macron"], "in_person", None)]


def test_whether_with_an_outcome_and_it_would_be_planned() -> None:
    text = "Whether the Busan summit between Xi and Trump produced a truce is debated."
    assert _calls(text, date(2025, 11, 5)) == [(["Donald Trump", "Xi Jinping"], "in_person", None)]
    assert _calls("Whether Xi meets Trump in April is uncertain.", date(2025, 11, 5)) == []
    text = "Modi is expected to travel to Tokyo next month. It will be his first meeting with Takaichi."
    assert [(c["status"], c["date"]) for c in findings_to_dict(detect(text, date(2025, 11, 20)))["calls"]] == [
        ("planned", "2025-12-01")]


def test_a_new_subject_after_but_and_the_next_day_before_the_verb() -> None:
    text = "Neither Meloni nor Tusk has spoken to Putin since the invasion, but Orban did, in a call he called useful."
    # Meloni and Tusk did not speak to Putin; Orban, the contrasted subject, did (the verb left out).
    assert _calls(text, date(2024, 12, 14)) == [(["Viktor Orbán", "Vladimir Putin"], "unspecified", None)]
    assert _calls("Trump met Xi on Monday, but the next day spoke with Putin by phone.", date(2025, 12, 14)) == [
        (["Donald Trump", "Xi Jinping"], "in_person", "2025-12-08"),
        (["Donald Trump", "Vladimir Putin"], "phone", "2025-12-09")]


def test_bare_datelines_and_lead_ins_before_a_future_main_clause() -> None:
    pub = date(2025, 2, 5)
    assert _calls("Feb 4 (Reuters) - Trump and Trudeau agreed in a call to pause tariffs.", pub) == [
        (["Donald Trump", "Justin Trudeau"], "unspecified", None)]
    assert [(c["status"], c["date"]) for c in findings_to_dict(detect(
        "Before meeting Modi on Thursday, Trump will visit Riyadh.", pub))["calls"]] == [("planned", "2025-02-06")]


def test_word_salad_never_raises() -> None:
    import random

    words = ("Xi met Trump called Putin red line on Tuesday the president he his said warned consequences , . ; "
             "İstanbul Erdoğan visit White House there next day It would be \n the two leaders Kremlin Beijing's "
             "core interest non-negotiable Lee May and with to by phone video summit talks received hosted told "
             "in Rome alongside Speaking after During").split(" ")
    rng = random.Random(7)
    for _ in range(1500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 50)))
        found = detect(text, date(2025, 3, 1))
        assert all(0 <= c.start <= c.end <= len(text) for c in found.calls)


def test_a_bare_year_decides_who_was_in_office() -> None:
    pub = date(2023, 5, 1)
    assert _calls("Trump met Kim at the DMZ in 2019.", pub) == [(["Donald Trump", "Kim Jong Un"], "in_person", None)]
    assert _calls("Trump met Kim in 2019 and Xi met Biden in 2022.", pub) == [
        (["Donald Trump", "Kim Jong Un"], "in_person", None), (["Joe Biden", "Xi Jinping"], "in_person", None)]
    assert _calls("Trump met Kim in 2023.", pub) == []


def test_counterfactual_and_yes_no_questions_assert_no_contact() -> None:
    pub = date(2019, 11, 19)
    assert _calls("What would the reaction have been had an aide leaked an Obama call to Medvedev in 2012?", pub) == []
    assert _calls("Did Trump call Xi on Tuesday?", pub) == []
    assert _calls("Why did Trump meet Xi on Tuesday?", pub) == [(["Donald Trump", "Xi Jinping"], "in_person",
                                                                 "2019-11-19")]


def test_state_visits_are_hosted_by_the_head_of_state() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Trump will pay a state visit to the United Kingdom in September.", pub) == [
        (["Charles III", "Donald Trump"], "in_person", "2025-09-01")]
    assert _calls("Xi arrived in Moscow on Monday for a three-day state visit.", pub) == [
        (["Vladimir Putin", "Xi Jinping"], "in_person", "2025-03-10")]


def test_headline_nouns_and_pairs_that_discussed() -> None:
    pub = date(2025, 3, 19)
    assert _calls("Zelenskyy says call with Trump was 'productive'", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "unspecified", None)]
    assert _calls("Kremlin says Putin, Trump discussed prisoner swap", pub) == [
        (["Donald Trump", "Vladimir Putin"], "unspecified", None)]
    assert _calls("Xi discussed the economy with party cadres.", pub) == []


def test_sentence_opening_participle_contacts() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Meeting Erdogan in Ankara on Tuesday, Putin warned of consequences.", pub) == [
        (["Recep Tayyip Erdoğan", "Vladimir Putin"], "in_person", "2025-03-11")]
    assert _calls("Hosting Modi at the White House, Trump praised India.", pub) == [
        (["Donald Trump", "Narendra Modi"], "in_person", None)]


def test_passive_visits_and_calls() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Putin was visited by Modi in Moscow in July.", pub) == [
        (["Narendra Modi", "Vladimir Putin"], "in_person", "2024-07-01")]
    assert _calls("Zelenskyy was called by Trump after the summit.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "phone", None)]


def test_counterparts_and_separate_calls() -> None:
    pub = date(2025, 3, 12)
    assert _calls("Putin spoke with his Iranian counterpart.", pub) == [
        (["Masoud Pezeshkian", "Vladimir Putin"], "unspecified", None)]
    assert _calls("Macron called his British counterpart.", pub) == [
        (["Emmanuel Macron", "Keir Starmer"], "phone", None)]
    assert _calls("Putin held separate calls with the presidents of Iran and Turkey.", pub) == [
        (["Masoud Pezeshkian", "Vladimir Putin"], "unspecified", None),
        (["Recep Tayyip Erdoğan", "Vladimir Putin"], "unspecified", None)]


def test_skipped_meetings_and_talks_at_a_summit() -> None:
    pub = date(2025, 6, 26)
    assert _calls("Trump left the G7 early, skipping a planned meeting with Zelenskyy.", pub) == []
    assert _calls("At the summit, Trump and Zelenskyy held talks.", pub) == [
        (["Donald Trump", "Volodymyr Zelenskyy"], "in_person", None)]
