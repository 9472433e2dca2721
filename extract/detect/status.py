"""Status of a contact from the words around its trigger: held, planned, or not a contact (negated/hypothetical)."""

from __future__ import annotations

import re

_NEGATED = re.compile(r"\b(?:not|n't|never|no|without|declined to|refused to|refuses to|yet to|rather than|"
                      r"instead of|cancel(?:l?ed|s)?|called off|scrapped|postponed|snubbed|rebuffed|denied|"
                      r"den(?:y|ies) (?:having|that)|nor|neither|unable to|failed to|fail to|fails to|rul(?:ed|es|ing|e) out|"
                      r"reject(?:ed|s|ing)?|turn(?:ed|s)? down|dismiss(?:ed|es)|declined|skip(?:s|ped|ping)?|missed|"
                      r"pulled out of|withdrew from)\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:could|might|(?-i:may)|if|should|unlikely|supposed to|would have|doubt\w*|(?:few|no one|nobody) expects?|willing(?:ness)? to|ready to|open to|"
                           r"offer(?:ed|s)? to|"
                           r"wants? to|wanted to|hop(?:e|es|ed|ing) to|would like to|would be willing|would (?:welcome|love|like|value|"
                           r"appreciate)|possible|"
                           r"possibility|potential|consider(?:s|ed|ing)?|whether|invit(?:ed|es|ation) to|"
                           r"unless|prepared to|call(?:ed|s|ing)? for|proposed|propos(?:al|es|e|ing)|suggest(?:ed|s|ing)?|"
                           r"seek(?:s|ing)?|sought|request(?:ed|s)?|push(?:ed|es|ing)? for)\b|"
                           r"\binvit(?:ed|es|ing)\b[^,;]{0,40}\bfor\s+(?:a|an|the)\s+(?:[\w-]+\s+)?$|\bany\s+(?:[\w-]+\s+)?$", re.I)
_PLANNED = re.compile(r"\b(?:will|'ll|shall|would|to (?:hold|have|meet|speak|talk|call|host|visit)|is to|are to|"
                      r"set to|due to|expected to|(?:is|are)\s+(?:expected|due)\s+(?:in|at|back in)|scheduled|schedule|plans? to|planned|planning|upcoming|"
                      r"next week|next month|later this (?:week|month|year)|tomorrow|agreed to|going to|"
                      r"preparing|arrange[sd]?|forthcoming|coming days|coming weeks)\b", re.I)
# "urged both leaders to talk": an appeal for a contact, not a contact.
_APPEAL = re.compile(r"\b(?:urg\w+|ask\w*|press\w*|push\w*|encourag\w*|appeal\w*)\b[^,;]{0,40}\bto\s*$", re.I)
_PLANNED_AFTER = re.compile(r"\S+(?:\s+\S+){0,5}?\s+(?:is|are|was|were)\s+(?:scheduled|planned|expected|due|set|"
                            r"slated|being (?:arranged|planned|prepared|organi[sz]ed|worked out|discussed)|in the works|"
                            r"under discussion|on the cards|in the pipeline)\b|"
                            r"\S+\s+(?:\S+\s+){0,3}?(?:next week|next month|tomorrow|later this (?:week|month|year))",
                            re.I)
_TRAVELLED_TO = re.compile(r"\b(?:flew|travell?ed|went|came|arrived|headed|stopped|was in|were in|visited)\b"
                           r"[^,;]{0,40}\bto\s*$", re.I)
# "a meeting between Kim and Trump was unlikely": the doubt follows the contact it is about.
_HYPOTHETICAL_AFTER = re.compile(r"[^.;,]{0,60}?\b(?:is|was|are|were|seems?|seemed|looks?|looked|remains?|remained|"
                                 r"appears?|appeared|(?:would|could|might|will)\s+(?:only\s+|not\s+|never\s+)?be)\s+"
                                 r"(?:\w+\s+){0,2}?(?:unlikely|doubtful|uncertain|in doubt|"
                                 r"improbable|possible|impossible|premature|off the table)\b", re.I)
_PRESUPPOSED = re.compile(r"\b(?:during|in|throughout|since|after)\s+(?:his|her|their|its|the)\s+(?:[\w-]+\s+){0,2}$",
                         re.I)
# "I was not on the call between X and Y": someone's absence, not a contact that did not happen.
_ABSENT = re.compile(r"\b(?:I|we|he|she|they)\s+(?:was|were|am|is|are)\s+not\s+(?:on|in|part of|privy to|present (?:at|for|on))\s+"
                     r"(?:the|that|this)\s+(?:[\w-]+\s+){0,3}$", re.I)
_ACCEPTED = re.compile(r"\baccept(?:s|ed|ing)?\s+(?:\S+\s+){0,3}?invitations?\s+to\s*$", re.I)
_OWNED_NOUN = re.compile(r"\b[A-Z][\w-]*['’]s?\s+(?:[\w-]+\s+){0,3}$")
_PLANNED_NP = re.compile(r"\b(?:upcoming|planned|next|forthcoming|scheduled|expected)\b", re.I)
_OFFER_NP = re.compile(r"\b(?:invitations?|invites?|offers?|proposals?|requests?|bids?|push|calls?)\s+to\s*$", re.I)
_UNREAL_NP = re.compile(r"\b(?:possible|potential|proposed|mooted|would-be|hoped-for|cancell?ed|postponed|"
                        r"aborted|scrapped)\b", re.I)
_PAST_OUTCOME = re.compile(r"[^,;]{0,60}?\b(?:produced|yielded|delivered|ended|brought|achieved|changed|went|was|were)\b",
                           re.I)
_ARRIVED_FOR = re.compile(r"\barriv(?:es|ed|ing)\b[^,;]{0,40}\bfor\s+(?:\w+\s+)?$", re.I)
_TIME_FRAME = re.compile(r"\b(?:during|throughout)\s+(?:(?:the|their|his|her|its)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_FUTURE = re.compile(r"\b(?:will|'ll|shall|would|next|upcoming|tomorrow|expected|scheduled|due|set to|plans?|"
                     r"planned|planning|forthcoming)\b", re.I)
_COORDINATE = re.compile(r",\s+(?:and|but|while|whereas)\s+(?=(?:the|his|her|their|its)\b|[A-Z])")
# A closed relative clause or a "when" clause: its modality is not the main clause's.
_SUBORDINATE = re.compile(r",\s+(?:who|whose)\b[^,;]{0,80},|\bwhen\b", re.I)
CLAUSE = re.compile(r";|\bsaid\b|\bbut\b|\bwhile\b|\bwhereas\b|\bafter\b|\bbefore\b|\bwhich\b|—", re.I)
# First words of every cue above: a window without any of them is plainly "held" (a fast path; the regexes are
# slow on every contact). "to" counts only at the end of the window ("agreed to meet").
_CUES = frozenset(
    """not never no without declined refused refuses yet rather instead called scrapped postponed snubbed rebuffed
    denied deny denies nor neither unable failed fail fails could might may if should willing willingness ready open
    offer offered offers want wants wanted hope hopes hoped hoping would possible possibility potential consider
    considers considered considering whether invited invites invitation unless prepared call calls calling proposed
    proposal proposes propose proposing ruled rules ruling rule reject rejected rejects rejecting turned turn turns
    dismissed dismisses declined any skip skips skipped skipping missed pulled withdrew suggest suggested suggests suggesting seek seeks seeking sought request requested requests will ll shall set due expected scheduled
    schedule plan plans planned planning upcoming next later tomorrow agreed going preparing arrange arranges arranged
    forthcoming coming unlikely doubt doubts doubtful few nobody supposed arrives arrived arriving during
    throughout""".split()
)
_CUE_STEMS = ("urg", "ask", "press", "push", "encourag", "appeal", "cancel")
_WORD = re.compile(r"[a-z']+")


def purpose_of_plan(sentence: str, start: int) -> bool:
    """"plans to visit Moscow in July for talks with Putin": the contact is the purpose of a planned trip."""
    return bool(re.search(r"\b(?:for|to)\s+(?:\w+\s+)?$", sentence[max(0, start - 20):start])) and \
        bool(_PLANNED.search(sentence, max(0, start - 80), start)) and \
        not _NEGATED.search(sentence, max(0, start - 80), start)


def contact_status(sentence: str, start: int, lo: int) -> str | None:
    """held / planned, or None when the contact is negated or hypothetical."""
    near = sentence[max(lo, start - 60):start].lower()
    words = _WORD.findall(near)
    if not (_CUES.intersection(words) or "n't" in near or near.rstrip().endswith(" to") or
            any(w.startswith(_CUE_STEMS) for w in words)):
        if _HYPOTHETICAL_AFTER.match(sentence, start):
            return None
        return "planned" if _PLANNED_AFTER.match(sentence, start) else "held"
    for m in _COORDINATE.finditer(sentence, lo, start):
        lo = m.end()  # "..., without an agreement, and the president's call with X": a new clause
    owned = _OWNED_NOUN.search(sentence, max(lo, start - 40), start)
    if owned and not _NEGATED.search(sentence, max(lo, start - 60), start) and not _OFFER_NP.search(owned.group(0)):
        # "Trump's July 25 call", "the Prime Minister's upcoming visit": the noun phrase says all there is.
        if _PLANNED_NP.search(owned.group(0)):
            return "planned"
        return None if _UNREAL_NP.search(owned.group(0)) else "held"
    clause_start = lo
    for m in CLAUSE.finditer(sentence, lo, start):
        clause_start = m.end()
    for m in _SUBORDINATE.finditer(sentence, max(0, start - 150), start):
        if m.group(0).lower() == "when" and _PLANNED.search(sentence, max(0, m.start() - 60), m.start()):
            continue  # "tariffs would top the agenda when they meet": the when-clause shares the future
        clause_start = max(clause_start, m.end())  # "Macron, who is due to host Modi next month, spoke with...": the plan is not his
    window = sentence[max(clause_start, start - 60):start]
    presumed = _PRESUPPOSED.search(window)
    if presumed and not _PLANNED.search(window):
        # "if he erred during his conversation with X": the contact itself is taken as having happened.
        window = window[presumed.start():]
    if _NEGATED.search(window) and not _ABSENT.search(window):
        return None
    if _ACCEPTED.search(window):
        return "planned"  # "accepted Trump's invitation to meet": agreed, not yet held
    hypothetical = _HYPOTHETICAL.search(window)
    if hypothetical and hypothetical.group(0).lower() == "whether" and _PAST_OUTCOME.match(sentence, start):
        hypothetical = None  # "Whether the Busan summit produced a truce...": the summit itself took place
    if hypothetical or _APPEAL.search(window) or _HYPOTHETICAL_AFTER.match(sentence, start):
        return None
    if _ARRIVED_FOR.search(window):
        return "planned"  # "arrives in Pyongyang for talks with Kim": the talks lie ahead
    if _TIME_FRAME.search(window) and not _FUTURE.search(window) and not _NEGATED.search(window):
        return "held"  # "agreed to restart negotiations during talks in Osaka": the talks were the setting
    if _TRAVELLED_TO.search(window):
        return "held"  # "Scholz flew to Kyiv to meet Zelenskyy": the purpose of a trip already made
    if _PLANNED.search(window) or re.search(r"\bto\s*$", window) or _PLANNED_AFTER.match(sentence, start):
        return "planned"
    return "held"
