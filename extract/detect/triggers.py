"""Trigger words of contacts in a sentence, merged into spans, and the medium they name."""

from __future__ import annotations

import re

from extract.detect.prefilter import caseless, finditer

# Words that can name a contact. Exclusions ("called for", "earnings call"...) are checked per match.
TRIGGER = re.compile(
    r"\b(?:video[- ]?(?:call|conference|conferencing|link|summit|talks|meeting|chat|conversation)s?|videoconferenced?|"
    r"videoconferences|tele-?conferences?|virtual(?:ly)?|online (?:meeting|summit|talks|call)s?|(?:tele)?phon(?:e|ed|es|ing)|rang|rings?|"
    r"hug|"
    r"dial(?:l)?ed|dials|courtesy calls?|called on|calls on|call(?:s|ed|ing)?|"
    r"spoke|speak(?:s|ing)?|spoken|talk(?:s|ed|ing)?|conversations?|conversed|conferr?ed|met|meet(?:s|ing|ings)?|"
    r"huddled|t[eê]te-[aà]-t[eê]te|held discussions|encounters?|one-on-ones?|"
    r"visit|summit(?:s|ry)?|hosted|hosts|host|hosting|received|receives|receiving|receive|tete-a-tete|face-to-face|in person|sit-down|sat down|"
    r"sit down|sits down|dined|dinner|breakfast|banquet|chatted|chats|in-person|face to face|visited|visits|visiting|"
    r"welcomed|welcomes|welcome|greeted|greets|shook hands|embraced|hugged|alongside|discussed|"
    r"joint (?:news|press) conference|(?:news|press) conference with|told|assured|"
    r"state visit|lunch|luncheon|golfed|bilateral|saw|see|sees|seeing|interacted|interaction|pull-asides?|"
    r"chat|exchanged pleasantries)\b",
    re.I,
)
_FAST = caseless(TRIGGER)
_GLUE = re.compile(r"^[\s\-–]*(?:(?:by|over|on|via|the|a|an|held|had|hold|holds|holding|have|in|their|his|her|"
                   r"first|brief|lengthy|long|hour-long|\d+-minute|subsequent|separate|new)[\s\-–]+){0,4}$", re.I)
_BAD_CALL = re.compile(
    r"(?:so-|earnings|conference|investor|analyst|roll|close|referee'?s?|umpire'?s?|judgment|judgement|wake-up|"
    r"margin|curtain|casting|last|cold|sales|customer|robo|scam|spam|distress|prank|999|911|emergency|zoom|"
    r"facetime|whatsapp|skype|family|consumer)[\s-]+$",
    re.I,
)
_BAD_AFTER = re.compile(
    r"^\s*(?:for|upon|it|into question|off|out|up|options?|centers?|centres?|sign|letters?|to action|"
    r"to arms|waiting|times?\b|him an?|her an?|them|a\s+\"|an?\s+\w+\s+(?:leader|man|dictator|genius|liar|friend)|"
    r"the (?:move|decision|election|shots)|about|of duty)\b",
    re.I,
)
_CALLED_ON = re.compile(r"^\s*on\s+(?!the\s+phone|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d|(?:Jan|Feb|Mar|Apr|May|"
                        r"Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)(?:\S+\s+){0,4}?to\b", re.I)
# Mode words that follow the verb at a distance: "spoke for two hours by phone", "will speak ... by video link".
# "the APEC summit", "an Arab-Islamic summit": an event, not a meeting of two leaders.
_EVENT_SUMMIT = re.compile(r"(?:\bthe|\b[A-Z][\w.-]*|\b(?:regional|climate|peace|security|annual|global))\s+$")


def trigger_mode(words: str) -> str:
    """phone | video | in_person | unspecified, from the trigger words alone."""
    low = words.lower()
    if "video" in low or "virtual" in low or "online" in low or "teleconf" in low or "tele-conf" in low:
        return "video"
    if "phon" in low or re.search(r"\b(?:rang|rings?|dial\w*)\b", low):
        return "phone"
    if re.search(r"\balongside\b|\b(?:news|press) conference\b", low):
        return "in_person"  # "speaking alongside X", "told a news conference with X": on one stage
    if re.match(r"call(?:ed|s)? on\b", low) or "courtesy call" in low:
        return "in_person"  # "called on President Erdogan at the palace" is a courtesy visit
    if re.search(r"\b(?:call\w*|conversations?|conversed|spoke|speak\w*|spoken|talked|talking|discussions|discussed|"
                 r"interacted|interaction|chat)\b", low):
        return "unspecified"
    if re.search(r"\b(?:met|meet|meets|meeting|meetings|summit|summitry|hosted|hosts|host|hosting|received|receives|receiving|receive|face-to-face|"
                 r"in person|tete-a-tete|t[eê]te-[aà]-t[eê]te|huddled|encounters?|one-on-ones?|sit-down|talks|sat down|sit down|sits down|dined|dinner|lunch|luncheon|golfed|"
                 r"bilateral|breakfast|banquet|in-person|face to face|saw|see|sees|seeing|pull-asides?|exchanged pleasantries|visit|visited|visits|visiting|welcomed|welcomes|welcome|greeted|greets|shook hands|embraced|hugged|hug|state visit|alongside|joint (?:news|press) conference|(?:news|press) conference with|told|assured)\b", low):
        return "in_person"
    return "unspecified"


_BESIDE = re.compile(r"\b(?:spoke|speaking|speaks|stood|standing|stands|appear\w*|sat|sitting|conference|briefing)\b"
                     r"[^,;]{0,50}$", re.I)
_TOLD_IN_PLACE = re.compile(r"\s+(?:(?:President|Prime Minister|Chancellor|Premier|Mr\.?|Ms\.?|Mrs\.?)\s+)?"
                            r"(?:(?:[A-Z][\w'’.-]*\s+){1,3}|(?:the|his|her)\s+(?:[\w.'’-]+\s+){0,3}?(?:president|prime "
                            r"minister|chancellor|premier|leader|counterpart|king|emir)\s+)(?:in|at)\s+(?:the\s+)?(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
                            r"Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b)[A-Z]")
# A readout reports what one leader told another in a call or meeting: "According to the readout, Xi told Trump".
_READOUT = re.compile(r"\breadouts?\b", re.I)
# "saw Tebboune in Algiers", "is to see Albanese on Tuesday", "would see him in Berlin next week".
SEE_LEADER = re.compile(r"\s+(?:him|her|(?:(?:President|Prime Minister|Chancellor|King|Emir|Premier|Crown Prince|Sheikh)\s+)?"
                        r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:(?:in|at)\s+(?:the\s+)?[A-Z]|"
                        r"(?:next|this|last|later|tomorrow|again|during)\b|on\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
                        r"\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)))")
_WELCOME_IDEA = re.compile(r"\s+(?:a|an|any|the|further|more)\s+(?:[\w-]+\s+)?(?:call|conversation|talks|meeting|"
                          r"summit|visit|dialogue|chance|opportunity|contacts?|exchanges?|discussions?)\b", re.I)
_NEGOTIATION = re.compile(r"\b(?:open|opening|launch\w*|start\w*|begin|began|speed\w* up|accelerat\w*|expedit\w*|"
                          r"resum\w*|restart\w*|reviv\w*|conclud\w*|stalled|fast-track\w*)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
_TOPIC_AFTER = re.compile(r"\s+(?:on|over|towards?|for)\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d|the\s+"
                          r"(?:sidelines|margins|phone)|(?:the\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))", re.I)
_TRIP_TO = re.compile(r"\b(?:trip|travel\w*|flew|fly|flies|went|go|goes|head\w*|journey\w*|arriv\w*)\b[^,;.]{0,50}"
                      r"\bto\s+$", re.I)  # "flew to Mar-a-Lago to see Trump"
_WITH_LEADER = re.compile(r"[^,;.]{0,60}?\bwith\s+(?:(?:President|Prime Minister|Chancellor|the|his|her)\s+)?[A-Z]")
_MET_WITH_REACTION = re.compile(
    r"\s+(?:with\s+)?(?:(?:a|an|some|little|much|stiff|fierce|strong|widespread|growing)\s+)?(?:\w+\s+)?"
    r"(?:resistance|criticism|scorn|silence|opposition|approval|s[ck]epticism|praise|anger|outrage|derision|disbelief|"
    r"dismay|protests?|applause|condemnation|hostility|suspicion|indifference|alarm|backlash|rebuff|reception|"
    r"response|reaction|welcome|support|success|failure|resolve|defiance)\b", re.I)
_PAIR_BEFORE = re.compile(r"(?:\band|,)\s+(?:President\s+|Prime Minister\s+)?[A-Z][\w-]+\s+(?:(?:also|have|had|has)\s+)?$")
_LEADER_BEFORE = re.compile(r"[A-Z][\w]+[-–][A-Z][\w]+\s+$")  # "the Trump-Kim summit"


def find_triggers(sentence: str) -> list[tuple[int, int]]:
    """Trigger spans, adjacent words of one contact merged ("spoke by phone", "held a video call")."""
    spans: list[tuple[int, int]] = []
    for m in finditer(_FAST, TRIGGER, sentence):
        word = m.group(0).lower()
        if word.startswith("call"):
            before = sentence[max(0, m.start() - 30):m.start()]
            after = sentence[m.end():m.end() + 40]
            if _BAD_CALL.search(before) or _BAD_AFTER.match(after) or _CALLED_ON.match(after):
                continue
            if word in ("called on", "calls on") and re.match(r"\s*(?:\S+\s+){0,4}?to\b", after):
                continue  # "called on Trump to impose sanctions": an appeal, not a visit
        if word.startswith("host") and re.search(r"\bfor\s+$", sentence[max(0, m.start() - 6):m.start()]) and \
                re.match(r"\s+(?:the|these|those)\s+(?:\w+\s+)?(?:talks|negotiations|summit|meeting)", sentence[m.end():]):
            continue  # "thanked Erdogan for hosting the talks": a host of other people's talks
        if word.startswith(("met", "meet")) and _MET_WITH_REACTION.match(sentence, m.end()):
            continue  # "the plan met with resistance from Xi": a reaction, not a meeting
        if word in ("talks", "talk") and re.match(r"\s+(?:about|of)\b", sentence[m.end():]):
            continue
        if word in ("spoke", "speak", "speaks", "speaking", "spoken", "talked", "talking") and \
                re.match(r"\s+(?:\w+ly\s+)?(?:of|about)\b", sentence[m.end():]):
            continue  # "spoke highly of Trump", "talked about Putin": a topic, not a counterpart
        if re.match(r"(?:tele)?phone$|video|videoconference$", word) and \
                re.search(r"\b(?:by|over the|on the|via)\s+$", sentence[max(0, m.start() - 10):m.start()]) and spans \
                and not re.search(r"[,;]|\band\s+(?:then\s+)?[a-z]+ed\b", sentence[spans[-1][1]:m.start()]):
            continue  # "spoke ... by phone": a mode word of the contact before, read by _MODE_AFTER
        if re.search(r"\bsince\s+(?:their|the|his|her|a|an|"
                     r"last\s+\w+'s)?\s*(?:\w+\s+)?$", sentence[max(0, m.start() - 30):m.start()]):
            continue  # "have not spoken since their summit": a past contact used as a time anchor
        if word.startswith("summit") and _EVENT_SUMMIT.search(sentence, max(0, m.start() - 30), m.start()) and \
                not re.match(r"\s+(?:between|with)\b", sentence[m.end():]) and \
                not _LEADER_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            continue
        if word.startswith("receiv") and not re.match(r"\s+(?:(?:in|at)\s+[^,;]{0,30}?\s+)?by\b", sentence[m.end():]) and not re.match(r"\s+(?:[A-Z]|him\b|her\b|(?:the|his|her)\s+(?:\w+\s+)?(?:president|leader|prime|"
                                                r"counterpart|chancellor|premier|king|emir|crown))",
                                                sentence[m.end():]):
            continue
        if word in ("ring", "rings", "dials") and not re.match(r"\s+(?:President\s+|Prime Minister\s+)?[A-Z]", sentence[m.end():]):
            continue  # "a ring of steel"; only "ring Ishiba" is a call
        if word.startswith("welcome") and _WELCOME_IDEA.match(sentence, m.end()):
            continue  # "would welcome a conversation with Trump": an attitude to a contact, not a reception
        if word == "talks" and _NEGOTIATION.search(sentence, max(0, m.start() - 25), m.start()) and \
                _TOPIC_AFTER.match(sentence, m.end()):
            continue  # "agreed to speed up talks on their maritime boundary": negotiations, not a meeting
        if word == "hug" and not re.match(r"\s+with\b", sentence[m.end():]):
            continue
        if word == "alongside" and not _BESIDE.search(sentence, max(0, m.start() - 60), m.start()):
            continue  # only "spoke/stood/appeared alongside X": sharing a stage
        if word == "discussed" and not _WITH_LEADER.match(sentence, m.end()) and \
                not _PAIR_BEFORE.search(sentence, max(0, m.start() - 40), m.start()):
            continue  # "discussed Taiwan with Biden": an exchange; "discussed the budget" is not
        if word in ("saw", "see", "sees", "seeing") and not SEE_LEADER.match(sentence, m.end()) and \
                not _TRIP_TO.search(sentence, max(0, m.start() - 70), m.start()):
            continue  # only "saw Tebboune in Algiers", "will see him on Monday": a visit, not a view
        if word in ("told", "assured") and not _TOLD_IN_PLACE.match(sentence, m.end()) and \
                not _READOUT.search(sentence):
            continue  # "Xi told Biden in San Francisco": said face to face; otherwise just speech
        if spans and _GLUE.match(sentence[spans[-1][1]:m.start()]) and \
                not (re.fullmatch(r"call(?:ed|s|ing)?", sentence[spans[-1][0]:spans[-1][1]], re.I) and
                     re.search(r"\b(?:the|his|her|their)\b", sentence[spans[-1][1]:m.start()], re.I)):
            # ("called the meeting with Xi a success": a verb of naming and a contact noun, two words apart)
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans
