"""Leader-to-leader contacts in one sentence: trigger words, participants, mode, status and date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from extract.detect.calldates import Contact, date_for, dedupe
from extract.detect.ellipsis import days_apart, did_too, elliptical
from extract.detect.entities import Mention
from extract.detect.status import CLAUSE, contact_status, purpose_of_plan
from extract.detect.triggers import find_triggers, trigger_mode

_MODE_AFTER = re.compile(r"(?:(?!\band\s+(?:then|later|afterwards)\b)[^;,—]){0,60}?\b(?:by|over the|on the|via|over a)\s+(?:secure\s+|encrypted\s+)?"
                         r"(?P<m>(?:tele)?phone|video(?:\s*link|conference)?|videoconference|line)\b|"
                         r"[^;,—]{0,40}?\b(?P<v>virtually)\b", re.I)
# After the trigger: "a meeting Zelenskyy wanted with Trump", "the summit was cancelled".
_UNREAL_AFTER = re.compile(r"\s+(?:\w+\s+){0,5}?(?:wanted|wants|sought|seeks|requested|requests|hoped for|proposed|"
                           r"(?:was|were|has been|had been|is|are)\s+(?:canceled|cancelled|called off|postponed|"
                           r"scrapped|shelved|put off|not)|never|(?:more than |over |at least |some |nearly |"
                           r"about |almost )?"
                           r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|\w+ty|dozens of|several|many|"
                           r"numerous|countless) times)\b", re.I)
# "..., which had been planned for Tuesday, was postponed", "..., but the summit was called off".
_CANCELLED_AFTER = re.compile(r"[^.;]{0,90}?\b(?:was|were|has been|had been|have been|is|are|got)\s+(?:\w+\s+)?"
                              r"(?:called off|cancell?ed|scrapped|postponed|shelved|put off|aborted|scuttled|denied)\b|"
                              r"[^.;]{0,90}?\b(?:was|were|is|are|has|have|had)\s+(?:never|not|not yet)\s+(?:been\s+)?"
                              r"(?:scheduled|held|arranged|planned|agreed)\b|"
                              r"[^.;]{0,60}?\bbut\s+(?:\w+\s+){0,2}?(?:cancell?ed|called (?:it|the \w+) off|pulled out|"
                              r"postponed|scrapped)\b", re.I)
_CONDITION_AFTER = re.compile(r"[^.;,]{0,40}?\b(?:if|unless|provided|as long as)\b", re.I)
_HABITUAL = re.compile(r"\b(?:through|via|regular|frequent|numerous|several|many|multiple|repeated|series of|"
                       r"dozens of|years of|countless)\s+(?:\w+\s+)?$", re.I)
_PLACE = re.compile(r"\b(?i:in|at)\s+(?:the\s+)?[A-Z]|\b(?i:at|during)\s+(?:the|a|their)\s+(?:[\w-]+\s+)?summit\b|\b(?i:visit\w*|trip|sidelines|hosted|arriv\w*|toured|"
                    r"travel\w*|flew|fl(?:y|ies) to|went to|came to|heads? to|headed to)\b")
# "talked at the Chancellery in Berlin": a named venue after a medium-less verb puts the leaders in one room.
_VENUE_AFTER = re.compile(r"[^,;.]{0,40}?\b(?:in|at)\s+(?:the\s+)?(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
                          r"Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b)[A-Z]|[^,;.]{0,40}?\bon the (?:sidelines|margins|fringes)\b")
_MEDIUM_WORD = re.compile(r"\b(?:phon\w*|telephon\w*|video\w*|virtual\w*|online|call\w*|remarks|news conference|"
                          r"press conference|interview|speech|address|statement)\b", re.I)
_SOMEDAY = re.compile(r"[^,;.]{0,40}?\b(?:any ?time soon|one day|some day|someday|at some point|eventually)\b", re.I)
_BETWEEN = re.compile(r"[^,;]{0,40}?\bbetween\s+", re.I)
# What may follow "called X" when it means a phone call: a time, a purpose, a place, or the end of the clause.
_AFTER_PHONED = re.compile(r"\s*(?:$|[,.;:)—–-]|(?:on|to|from|after|before|last|this|earlier|later|yesterday|today|"
                           r"tonight|about|over|in|at|during|while|and|twice|again|shortly|late|early|hours|days|"
                           r"as|when|for|by|with|back|personally|directly|soon|once|first)\b)", re.I)
_DETERMINER = re.compile(r"\b(?:a|an|the|their|his|her|its|our|this|that|first|second|brief|long|lengthy|"
                         r"phone|video|hour-long|\d+-minute|[a-z]+ful|earlier|later|recent|previous|last)\s+$", re.I)
_OWNER_BEFORE = re.compile(r"\w['’]s?\s+(?:\w+\s+){0,2}$")  # "Trump's call", "Trump's July 25 call": a noun
# A lead-in phrase whose subject is the main clause's: "In a call on Friday, X told Y", "Speaking after talks
# with Y, X said", "Having hosted Y on Monday, X turned to...".
_LEADING_PP = re.compile(r"\s*(?:(?:[A-Z][a-z]+ing|Having|Asked|Pressed|Questioned)\b[^,;]{0,60}?(?:\b(?:after|during|following|in|at|before|"
                         r"ahead of|on)\b[^,;]{0,30}|\s)|(?:In|During|Over|At|On|After|Before|Following|Ahead of|Fresh from|Fresh off|"
                         r"Straight from|Back from|Returning from|Hours after|Days after|Shortly after|Soon after)\b"
                         r"[^,;]{0,30})$")
_VERB_GAP = re.compile(r"\s+[a-z]+(?:\s+[a-z]+)?\s+")
_AHEAD_OF = re.compile(r"\s*(?:Before|Ahead of|Prior to|In the run-up to)\b[^,;]{0,80},")
_MAIN_FUTURE = re.compile(r",\s+[^,;]{0,40}?\b(?:will|is to|are to|is due to|are due to|plans? to|is set to|is expected "
                          r"to|intends to)\b")
_COUNTERFACTUAL = re.compile(r"\b(?:would have|what would|what if|imagine|suppose|had\s+(?:\w+\s+){0,6}?(?:\w+ed|gone|been|"
                             r"done|said))\b", re.I)
_YES_NO = re.compile(r"\s*[\"“']?(?:Did|Does|Do|Will|Would|Could|Should|Can|Is|Was|Are|Were|Has|Have|Had|Might|May)\b")
_NEW_CLAUSE = re.compile(r";|,\s*(?:but|while|whereas)\s", re.I)
_OTHER_SUBJECT = re.compile(r"\b(?:said|says|told\s+\w+|added|insisted|claimed)\s+(?:that\s+)?(?:the|a|an|its|their)\s+"
                            r"[\w-]+(?:\s+[\w-]+)?\s+(?:had|has|would|will|was|is|did)?\s*$", re.I)
# "kept in touch through calls and meetings, and that Li had received...": a new reported clause, its own subject.
_THAT_CLAUSE = re.compile(r"[,;]\s*(?:and\s+|but\s+)?that\b")
# "a call from his lawyer about Putin": a leader after "about" is the topic, not a participant.
_TOPIC_BEFORE = re.compile(r"\b(?:about|regarding|concerning|against|towards?|critici[sz]ing|praising)\s+(?:the\s+)?$",
                           re.I)
_VERB_NEXT = re.compile(r"\s+(?!(?:in|on|at|for|to|by|with|during|over|from|and|or|last|this|next|via|about|"
                        r"separately|together|respectively|both|as|who|whose|earlier|later|days|weeks|months|years|hours|times|"
                        r"leaders|counterparts|officials|ministers|aides)\b)(?:[a-z]+(?:ed|s)|spoke|met|"
                        r"said|told|held|had|made|took|gave|went|flew|sent|will|would|has|have|is|was)\b")
# "Trump called Xi and Putin called Modi": a second subject with its own contact verb.
_CONTACT_VERB_NEXT = re.compile(r"\s+(?:also\s+|then\s+|later\s+)?(?:called|phoned|telephoned|met|hosted|received|visited|"
                                r"spoke|talked|welcomed|greeted)\s+(?:with\s+|to\s+)?(?:the\s+|his\s+|her\s+)?[A-Za-z]")
_SEPARATE_AFTER = re.compile(r"\s+(?:in|on|during|by)\s+(?:\w+\s+)?separate\b|\s+separately\b", re.I)
_PASSIVE_BY = re.compile(r"\s+(?:(?:at|in|on)\s+[^,;]{0,30}?\s+)?by\s+(?:the\s+)?")  # "was welcomed at the airport by"
_NAMING = re.compile(r"\s+(?:a|an|the)\s+(?!call\b|few\b|day\b|week\b)|\s*[\"“]", re.I)
_JOIN = re.compile(r"^[\s,]*(?:and|&|-|–|/|,|as well as|with|joined|(?:was|were) joined by)?[\s,]*"
                   r"(?:the\s+|his\s+|her\s+)?$", re.I)
_NEXT_DAY = re.compile(r"\b(?:the (?:following|next) (?:day|morning|evening|night)|a day later|the day after)\b"
                       r"(?!\s+(?:that|he|she|they))", re.I)
_MODAL_AFTER = re.compile(r"\s+(?:(?!that\b|which\b|who\b|if\b)\w+\s+){0,5}?(?:could|might|may|would|will)\s+(?:only\s+)?(?:happen|take place|be|come|"
                          r"go|need|require|depend|have to|hinge|involve)\b",
                          re.I)


def _group_left(people: list[Mention], sentence: str) -> list[Mention]:
    """The run of leaders closest to the trigger joined by and / hyphens / commas ("Trump and Xi", "Trump-Xi")."""
    if not people:
        return []
    group = [people[-1]]
    for m in reversed(people[:-1]):
        if _JOIN.match(sentence[m.end:group[0].start]) or (m.possessive and m.person == group[0].person):
            group.insert(0, m)
        else:
            break
    return group


def _group_right(people: list[Mention], sentence: str, end: int) -> list[Mention]:
    """Leaders named after the trigger ("with Putin", "between Trump and Xi", "Modi in Delhi")."""
    if not people:
        return []
    gap = sentence[end:people[0].start]
    if len(gap) > 70 or CLAUSE.search(gap) or _TOPIC_BEFORE.search(gap) or _THAT_CLAUSE.search(gap):
        return []
    group = [people[0]]
    joins: list[str] = []
    for m in people[1:]:
        gap = sentence[group[-1].end:m.start]
        if ("," in gap and _VERB_NEXT.match(sentence, m.end)) or \
                (re.fullmatch(r"\s+and\s+", gap) and _CONTACT_VERB_NEXT.match(sentence, m.end)):
            break  # "did not meet Xi, and Putin spoke with Modi": a new clause with its own subject
        if _JOIN.match(gap):
            group.append(m)
            joins.append(gap)
        else:
            break
    # "with Macron, Scholz flew on": a comma that no "and" closes starts a new clause, not a list.
    if joins and re.match(r"\s*,?\s+(?:and|as well as)\s", sentence[group[-1].end:]):
        return group  # "Xi, Premier Li and the speaker of parliament": a list that an "and" closes further on
    while joins and not re.search(r"\band\b|&", joins[-1]) and re.search(r",", joins[-1]):
        joins.pop()
        group.pop()
    return group


def _persons(group: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in group:
        for p in (m.others or (m.person,)):
            if p and p not in out:
                out.append(p)
    return out


def find_contacts(sentence: str, mentions: list[Mention], published: date) -> list[Contact]:
    """Contacts between two or more leaders in one sentence."""
    spans = find_triggers(sentence)
    if not spans or (sentence.rstrip().endswith("?") and (_COUNTERFACTUAL.search(sentence) or _YES_NO.match(sentence))):
        return []  # "What would have been the reaction had ... an Obama call to Medvedev?": imagined
    people = [m for m in mentions if m.person]
    if len({p for m in people for p in (m.others or (m.person,))}) < 2:
        return []
    spans, carried, objects = elliptical(sentence, spans, people)
    found: list[tuple[int, int, list[str], str, str, float]] = []  # ts, te, names, status, mode, confidence
    subjects: list[str] = []
    subject_end = 0
    used_right: set[int] = set()
    for i, (ts, te) in enumerate(spans):
        lo = spans[i - 1][1] if i else 0
        hi = spans[i + 1][0] if i + 1 < len(spans) else len(sentence)
        # A possessive right before the next trigger belongs to it ("... and his call with Trump").
        owner_next = [m for m in people if m.possessive and m.start >= te and m.end <= hi and
                      len(sentence[m.end:hi]) < 30]
        right_pool = [m for m in people if te <= m.start < hi and m not in owner_next]
        left_pool = [m for m in people if lo <= m.end <= ts and id(m) not in used_right]
        owner = [m for m in left_pool if m.possessive and len(sentence[m.end:ts]) < 30]
        left = owner[-1:] if owner else _group_left(left_pool, sentence)
        if (ts, te) in objects:
            left = []  # the first object is not the subject of the second: the clause subject is
        if left and _OTHER_SUBJECT.search(sentence, left[-1].end, ts):
            left = []  # "Lula said the president had met Xi": the speaker is not the one who met
        mine = {p for m in left for p in (m.others or (m.person,))}
        # "X's call, when he asked Y for...": a pronoun for X himself is not his counterpart.
        right = _group_right([m for m in right_pool if not (m.kind == "pronoun" and m.person in mine)], sentence, te)
        shared: list[Mention] = []
        if len(right) == 1 and not left and (_LEADING_PP.match(sentence[:ts]) or not sentence[:ts].strip()):
            # "In a telephone call on Friday, Xi told Putin that...", "After talks with Macron, Scholz flew...":
            # the main clause names the other side.
            more = [m for m in right_pool if m.start >= right[0].end]
            if more and (_VERB_GAP.fullmatch(sentence, right[0].end, more[0].start) or
                         re.fullmatch(r"[^,;]{0,40},\s+(?:the\s+)?", sentence[right[0].end:more[0].start])):
                shared = _group_right(more, sentence, more[0].start)  # "..., the leaders of A and B pledged"
        if not right and len(left) == 1 and not left[0].others:
            # "Sharif thanked Erdogan in a call", "Zelenskyy joined Starmer by video call": the clause subject too.
            earlier = [m for m in left_pool if m.end <= left[0].start and m.person != left[0].person and
                       not CLAUSE.search(sentence, m.end, left[0].start)]
            left = earlier[:1] + left
        consumed = [id(m) for m in right]  # taken from the next contact's left only once this one is kept...
        if right and re.fullmatch(r"\s*(?:with\s+|to\s+)?(?:the\s+)?", sentence[te:right[0].start]):
            used_right.update(consumed)  # ...unless it is the trigger's own object ("did not meet Xi, and ...")
        right = right + shared  # the main-clause subject stays available to the next contact
        names = _persons(left) + [p for p in _persons(right) if p not in _persons(left)]
        if not left and subjects:
            names = subjects + [p for p in names if p not in subjects]
        brk = _NEW_CLAUSE.search(sentence, subject_end, ts) if subjects else None
        if brk and any(brk.end() <= m.start < ts for m in people):
            subjects = []  # "Neither Meloni nor Tusk has spoken to Putin, but Orban did": a new subject
        if i == 0 or not subjects:
            subjects = _persons(left)
            subject_end = left[-1].end if left else 0
        if len(names) < 2 and subjects and (not left or re.search(r"\b(?!and\b|or\b)[a-z]+\s+$",
                                                                sentence[max(0, left[0].start - 15):left[0].start])):
            names = subjects + [p for p in names if p not in subjects]  # "Putin, who ..., told Modi by phone"
            left = []  # the subject is borrowed: the one-sided check below does not apply
        if len(names) < 2 and found and re.match(r"\s+again\b", sentence[te:]):
            names = list(found[-1][2])  # "spoke with Xi last week and would speak again soon"
        trigger = sentence[ts:te]
        verb_call = re.fullmatch(r"call(?:ed|s|ing)?", trigger, re.I) and \
            not _DETERMINER.search(sentence, max(0, ts - 25), ts) and \
            not (trigger.lower() in ("call", "calls") and _OWNER_BEFORE.search(sentence, max(0, ts - 25), ts)) and \
            not re.match(r"\s+with\b", sentence[te:])  # "says call with Trump was productive": a noun
        if len(names) < 2 or (verb_call and not left and not right):
            continue
        if verb_call and re.fullmatch(r"called|calls|calling", trigger, re.I) and \
                (not right or right[0].start - te > 6):
            continue  # "Trump called the meeting with Xi a twelve out of ten": not a contact
        if not right and len(left) < 2 and not any(m.others for m in left) and left:
            continue
        if re.fullmatch(r"welcome[sd]?|greet(?:ed|s)|embraced|visit(?:ed|s|ing)?|told|assured|alongside|rings?|dials|"
                        r"saw|see|sees|seeing", trigger,
                        re.I) and \
                (not right or right[0].possessive or right[0].start - te > 6) and \
                not (right and _PASSIVE_BY.fullmatch(sentence, te, right[0].start) and
                     re.search(r"\b(?:was|were|been|being)\s+$", sentence[max(0, ts - 8):ts])):
            continue  # "welcomed Putin's remarks", "visited Beijing": a meeting needs a leader as the object
        passive = re.search(r"\b(?:was|were|been|being)\s+$", sentence[max(0, ts - 8):ts])
        if trigger.lower().startswith("visit") and right and \
                not re.fullmatch(r"\s+(?:to\s+|with\s+|by\s+)?" if passive else r"\s+(?:to\s+|with\s+)?",
                                 sentence[te:right[0].start]):
            continue  # "the first visit by a Japanese leader": the visitor, not the host
        if verb_call and right and (_NAMING.match(sentence, right[-1].end) or right[0].possessive or
                                    not _AFTER_PHONED.match(sentence, right[-1].end)):
            continue  # "Trump called Xi a great leader", "called Xi's remarks unacceptable", "called them dictators"
        status = contact_status(sentence, ts, lo)
        if status == "held" and found and found[-1][3] == "planned" and \
                re.search(r"\bfor\s+(?:\w+\s+)?$", sentence[lo:ts]) and not CLAUSE.search(sentence, found[-1][1], ts):
            status = "planned"  # "will visit the White House on Monday for talks with Trump": the purpose of the trip
        elif status == "held" and purpose_of_plan(sentence, ts):
            status = "planned"
        elif status == "held" and _AHEAD_OF.match(sentence) and _MAIN_FUTURE.search(sentence, te):
            status = "planned"  # "Before meeting Modi on Thursday, Trump will visit Riyadh"
        if status == "planned" and _CONDITION_AFTER.match(sentence, te):
            continue  # "Macron would meet Xi if invited": a condition, not a plan
        if re.search(r"(?:calls|meetings|conversations|talks|visits|exchanges)$", trigger, re.I) and \
                _HABITUAL.search(sentence, max(0, ts - 40), ts):
            continue  # "kept in close touch through phone calls, letters and meetings": no one contact
        if status is None or _UNREAL_AFTER.match(sentence, te) or _SOMEDAY.match(sentence, te) or \
                _CANCELLED_AFTER.match(sentence, te):
            continue
        between = _BETWEEN.match(sentence, te)
        if between:
            # "a conversation between Sondland and an aide to Zelenskyy": only the pair named after "between".
            if not right or right[0].start - between.end() > 4:
                continue
            names = _persons(right)
            if len(names) < 2:
                continue
        modal = _MODAL_AFTER.match(sentence, te)
        if modal:
            if re.search(r"could|might|may|would", modal.group(0), re.I):
                continue  # "a Xi-Trump meeting could happen later this year"
            status = "planned"
        conf = 0.9 if all(m.kind == "name" for m in [*left, *right]) else 0.75
        ots, ote = carried.get((ts, te), (ts, te))
        mode = _contact_mode(sentence, sentence[ots:ote], ote, right)
        if (ts, te) in carried and (own := re.search(r"\b(?:by|over the)\s+(tele)?(phone|video)", sentence[max(0, ts - 25):ts])):
            mode = "video" if own.group(2) == "video" else "phone"  # "... and then by phone with Zelenskyy"
        host_country = {m.country for m in left} or {m.country for m in people if m.person in subjects}
        right_countries = [m.country for m in right if m.person and not m.others]
        same_side = len(right_countries) >= 2 and len(set(right_countries)) == 1 and \
            not host_country & set(right_countries)
        owner = _persons(left)[:1] if len(left) == 1 else subjects[:1] if not left and len(subjects) == 1 else []
        used_right.update(consumed)
        if owner and len(right) >= 2 and (same_side or re.search(r"\bseparate(?:ly)?\b",
                                                                sentence[max(0, ts - 10):right[-1].start]) or
                                          _SEPARATE_AFTER.match(sentence, right[-1].end)):
            # "Trump spoke separately with Putin and Zelenskyy", "met Xi and Premier Li": one contact each.
            found.extend((ts, te, [owner[0], p], status, mode, conf) for p in _persons(right) if p != owner[0])
            continue
        found.append((ts, te, names, status, mode, conf))
    out = []
    for k, (ts, te, names, status, mode, conf) in enumerate(found):
        day, precision = date_for(sentence, found, k, published)
        if day is None and out and out[-1].precision == "day" and out[-1].date and \
                _NEXT_DAY.search(sentence, found[k - 1][1]):
            day, precision = out[-1].date + timedelta(days=1), "day"  # "...received him again the following day"
        if day is None or precision != "day":
            day, precision = days_apart(sentence, ts, published) or (day, precision)
        if status == "held" and day and day > published + timedelta(days=1) and precision in ("day", "month"):
            status = "planned"  # "the summit in Varanasi this October": a contact dated ahead is still to come
        out.append(Contact(tuple(sorted(names)), mode, status, day, precision, sentence[ts:te], ts, conf))
    return dedupe(out + did_too(sentence, spans, people, published), sentence)


def _contact_mode(sentence: str, trigger: str, te: int, right: list[Mention]) -> str:
    """The medium of a contact, from its trigger words and mode words that follow it."""
    mode = trigger_mode(trigger)
    if mode == "in_person" and re.fullmatch(r"(?:(?:held|had|hold|holds|holding)\s+)?(?:their\s+)?(?:first\s+)?talks",
                                            trigger, re.I) and not _PLACE.search(sentence):
        mode = "unspecified"  # "held talks" with no place or visit named says nothing about the medium
    if mode == "in_person" and trigger.lower() in ("told", "assured") and \
            re.search(r"\breadouts?\b", sentence, re.I) and not _VENUE_AFTER.match(sentence, te):
        mode = "unspecified"  # "the readout said Xi told Trump...": a call as likely as a meeting
    if mode == "in_person" and trigger.lower().startswith("host") and \
            re.search(r"\b(?:virtual|online|video\w*)\b[^,;.]{0,50}$", sentence[:te - len(trigger)], re.I):
        mode = "video"  # "a virtual summit of BRICS leaders hosted by Lula": hosted online
    if mode == "in_person" and re.match(r"\s+(?:\w+\s+){0,3}?(?:online|virtually|by video|via video)\b", sentence[te:]):
        mode = "video"  # "met online", "met with Scholz virtually"
    if mode == "unspecified" and (after := _MODE_AFTER.match(sentence, te)):
        mode = "video" if (after.group("v") or "video" in (after.group("m") or "").lower()) else "phone"
    if mode == "unspecified" and re.fullmatch(r"(?:had\s+|held\s+)?(?:talk(?:ed|ing)|conferr?ed|conversed|spoke|met and talked|discussions|"
                                              r"(?:a\s+|long\s+)*conversations?|chatted|chat|interacted|interaction)",
                                              trigger, re.I) and \
            _VENUE_AFTER.match(sentence, te) and not _MEDIUM_WORD.search(sentence):
        mode = "in_person"
    if mode == "unspecified" and re.fullmatch(r"call(?:ed|ing|s)?", trigger, re.I) and right and \
            re.fullmatch(r"\s*(?:the\s+|his\s+|her\s+|their\s+|by\s+(?:the\s+)?)?", sentence[te:right[0].start]):
        mode = "phone"  # the verb with a direct object: "Milei called Trump", "intends to call Xi"
    return mode
