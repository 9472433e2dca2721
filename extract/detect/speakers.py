"""Who owns a red-line statement: the subject of a speech verb, an attribution, a possessive or a named owner."""

from __future__ import annotations

import re

from extract.detect.entities import Mention

_SPEECH = re.compile(r"(?:['’]s?)?\s*(?:(?!and\b|but\b|or\b|that\b|which\b|who\b)[\w-]+\s+){0,5}?(?:said|says|"
                     r"warn(?:s|ed)?|told|tells|insist\w*|stress\w*|"
                     r"repeat\w*|reiterat\w*|urg\w+|declar\w+|vow\w*|add(?:s|ed)|(?-i:stat(?:ed|es))|(?:was|is|were) clear|caution\w*|"
                     r"made clear|makes clear|emphasi[sz]\w*|underlin\w*|underscor\w*|not(?:ed|es)|assert\w*|"
                     r"threaten\w*|demand\w*|drew|draws|set out|laid out|spell\w* out|accus\w+|argu\w+|"
                     r"affirm\w*|describ\w+|call(?:s|ed)|regards?|considers?|sees|wrote|tweeted|posted|announc\w+|"
                     r"signal\w*|indicat\w+|confirm\w*|maintain\w*|responded|replied|hit back|retorted|joked|quipped|"
                     r"remarked|explained|claimed|pointed out|den(?:ied|ies|y)|quot(?:ed|es|ing)|as saying|remind\w*|recall(?:s|ed)|convey\w*|assur\w*|blast(?:s|ed)|slamm?(?:s|ed)|lash(?:es|ed) out|condemn(?:s|ed)|"
                     r"denounc(?:es|ed)|criticis(?:es|ed)|criticiz(?:es|ed)|"
                     r"warning|statement|remarks|message|insistence|position|admonition|readout|view)\b", re.I)
_ATTRIBUTED = re.compile(r"^[^;]{0,60}?[,\"”’]\s*(?:\w+\s+){0,2}$")
_HAS = re.compile(r"\s+(?:has|have|had)\s+(?:\w+\s+){0,3}", re.I)
_FOR_X = re.compile(r"\s*For\s+(\S.{0,30}?),")
# "Xinhua, the state news agency, said": an appositive between the speaker and the verb.
_APPOSITIVE = re.compile(r"(?:['’]s?)?\s*,\s+(?:a|an|the|who|its|his|her|for|in|meanwhile|however|though|too)\b"
                         r"[^,;\"“”]{1,70},", re.I)
# "urged Takaichi to exercise caution", "told Biden that": the object of a speech verb does not speak.
_OBJECT_BEFORE = re.compile(r"\b(?:urg\w+|told|tells|asked|ask|warn(?:ed|s)?|pressed|called on|reminded)\s+(?:the\s+)?$",
                            re.I)
# "State media said Beijing would take countermeasures": the government named right after the verb acts.
_REPORTED_SUBJECT = re.compile(r"\s*(?:that\s+)?$", re.I)
_ACTS_AFTER = re.compile(r"\s+(?:would|will|is ready to|was ready to|reserves|vowed|is prepared to|had no choice)\b",
                         re.I)
_NOT_OWNER_GAP = re.compile(r"\s*(?:question|issue|matter|problem|affairs|situation|crisis|conflict|war|file)\s+$",
                            re.I)
_HEADLINE_SPEAKER = re.compile(r"\s*(?:[A-Z][\w.'’-]*\s+){0,3}?[A-Z][\w.'’-]*(?:\s+to\s+(?:[A-Z][\w.'’-]*\s*){1,3})?\s*:\s")
_CLAUSE_GAP = re.compile(r";|,\s*(?:and|but|while|as|whereas)\s+(?!(?:he|she|it|they)\s+(?:said|added))", re.I)
_OFFICIAL_SAID = re.compile(r"(?:\b(?:the|its|a)\s+(?:foreign\s+)?(?:ministry|spokes(?:man|woman|person)|embassy|"
                            r"government|state media|foreign office|presidency|cabinet|statement)|"
                            r"\bstate[- ](?:run\s+)?(?:media|television|TV|news agency|broadcaster|newspaper))\b[^.;]{0,20}?"
                            r"\b(?:said|says|warned|added|insisted|stressed|warning|urged|told)\b", re.I)
_ANY_SPEECH = re.compile(r"\b(?:said|says|stressed|insisted|warned|told|reiterated|repeated|urged|declared|rejected|"
                         r"emphasi[sz]ed|made clear|added|noted)\b", re.I)
_SPEECH_AFTER = re.compile(r"[\"”’,]\s*(?:\w+\s+){0,2}?(?:said|says|warned|added|insisted|stressed)\s*$", re.I)
# A bloc speaking together owns no single country's red line ("European leaders said ... non-negotiable").
BLOC = re.compile(r"\b(?:European|Western|EU|G7|G-7|NATO|Arab|Gulf|Nordic|Baltic)\s+(?:leaders|officials|allies|"
                         r"governments|diplomats|ministers|countries|partners|capitals)\s+(?:\w+\s+)?(?:said|say|"
                         r"warned|insisted|stressed|agreed|declared)\b")
_ACCORDING = re.compile(r"\s*According to\b[^,;]{0,60},", re.I)
_OWNED = re.compile(r"line|core|negotia", re.I)  # "a red line for Moscow" names its owner; "consequences for" a target
_FOR_AFTER = re.compile(r"\s+for\s+(?:the\s+)?")
_VERBISH_GAP = re.compile(r"\s*(?:is|was|are|were|be|been|remains|remained|has|have|had|represents|called|"
                          r"calls|said|says|told|warned|urged|insisted)\s+", re.I)


def _speaks(sentence: str, mention_start: int, end: int, start: int) -> bool:
    """A speech verb follows the mention (past an appositive) and ends before the red-line phrase."""
    pos = end
    if appositive := _APPOSITIVE.match(sentence, end):
        pos = appositive.end()
    elif sentence.startswith(",", end) and re.search(r",\s*$", sentence[max(0, mention_start - 3):mention_start]):
        pos = end + 1  # the appositive itself: "China's ambassador, Xie Feng, warned"
    said = _SPEECH.match(sentence, pos)
    if not said:
        return False
    verb = re.search(r"[\w-]+$", sentence[:said.end()])
    return said.end() <= start or (verb is not None and verb.start() == start)  # "X warned that ...": the phrase


def find_speaker(sentence: str, start: int, end: int, mentions: list[Mention]) -> tuple[str | None, float]:
    """Who owns the red line: the subject of a speech verb, else a possessive or adjective next to the phrase."""
    cands = [m for m in mentions if m.person or m.country]
    # The subject of a speech verb ahead of the phrase speaks ("Zelenskyy said Ukraine's integrity is non-negotiable").
    speakers = [m for m in cands if m.end <= start and _speaks(sentence, m.start, m.end, start) and
                not _OBJECT_BEFORE.search(sentence, max(0, m.start - 25), m.start)]
    # "Beijing sees X as...; Washington sees Y as non-negotiable", "Macron said ..., as Russia warned of...".
    own_clause = [m for m in speakers if not _CLAUSE_GAP.search(sentence, m.end, start)]
    speakers = own_clause or speakers
    headline = _HEADLINE_SPEAKER.match(sentence)
    if not speakers and headline and headline.end() <= start:
        first = [m for m in cands if m.end <= headline.end()]
        if first:
            return first[0].person or first[0].country, 0.75  # "Xi to Biden: Taiwan is the first red line"
    bloc = BLOC.search(sentence, 0, start)
    if bloc and not speakers:  # a named speaker ("..., and Merz said") still owns its own clause
        return None, 0.6
    if speakers:
        best = next((m for m in speakers if m.person), speakers[0])  # "the Chinese readout ... Xi told Biden"
        owner = [m for m in cands if m.possessive and m.end <= start and
                 re.fullmatch(r"['’]s?\s+(?:[\w-]+\s+)?", sentence[m.end:start]) and m.start > best.end]
        if owner and owner[-1].country != best.country:
            return owner[-1].person or owner[-1].country, 0.8  # "Zelenskyy said Putin's red lines were a bluff"
        return best.person or best.country, 0.85
    # "According to the Chinese foreign ministry, ...": the source named in the lead-in speaks.
    lead_in = _ACCORDING.match(sentence)
    if lead_in and lead_in.end() <= start:
        source = [m for m in cands if m.end <= lead_in.end()]
        if source:
            return source[0].person or source[0].country, 0.8
    # A quotation's attribution after it: "Taiwan is China's red line," Xi said / said Xi.
    quoted = [m for m in cands if m.start >= end and m.person and _ATTRIBUTED.search(sentence[end:m.start]) and
              not re.search(r"[,;]\s*(?:and|but|while)\b|\b(?:but|while)\b", sentence[end:m.start]) and
              (_SPEECH.match(sentence, m.end) or _SPEECH_AFTER.search(sentence[:m.start]))]
    if quoted:
        return quoted[0].person, 0.8
    holders = [m for m in cands if _HAS.fullmatch(sentence, m.end, start)]
    if holders:
        return holders[0].person or holders[0].country, 0.8  # "Seoul has no red line on..."
    framed = _FOR_X.match(sentence)
    if framed:
        owner = [m for m in cands if m.start == framed.start(1)]
        if owner:
            return owner[0].person or owner[0].country, 0.75  # "For Moscow, NATO membership is the bottom line"
    if re.search(r"\b(?:its|their)\s+(?:own\s+|\w+\s+)?$", sentence[max(0, start - 20):start]):
        owners = [m for m in cands if m.end <= start]
        subjects = [m for m in owners if not m.possessive]  # "Washington's policy swings" modifies, not owns
        if owners:
            best = (subjects or owners)[-1]
            return best.person or best.country, 0.7
    for_x = _FOR_AFTER.match(sentence, end) if _OWNED.search(sentence[start:end]) else None
    if for_x:
        owner = [m for m in cands if m.start == for_x.end()]
        if owner:
            return owner[0].person or owner[0].country, 0.75  # "a red line for Moscow", "the bottom line for Beijing"
    # "China's red lines", "Beijing's bottom line", "Chinese sovereign red lines": the owner sits right before.
    # "Putin's war has had devastating consequences": the cause of consequences is not the one who warns.
    owning = not re.match(r"[\"“']?(?:very |extremely |really )?\w+[\"”']?\s+consequences|consequences",
                          sentence[start:end], re.I) or bool(re.match(r"\s+(?:warnings?|threats?)\b", sentence[end:]))
    near = [m for m in cands if owning and m.end <= start and start - m.end <= 25 and
            not _NOT_OWNER_GAP.match(sentence[m.end:start]) and
            (m.possessive or (m.kind == "country" and re.fullmatch(r"\s*(?:(?!(?:a|an|the)\s)[\w-]+\s+)?",
                                                                   sentence[m.end:start])
                              and not _VERBISH_GAP.match(sentence[m.end:start])))
            and not re.search(r"[.;]|\b(?:to|on|over|with)\b", sentence[m.end:start])]
    if near:
        best = ([m for m in near if m.possessive] or near)[-1]  # "Obama's Syria red line": Syria is the issue
        return best.person or best.country, 0.8
    after = [m for m in cands if m.start >= end and (_SPEECH_AFTER.search(sentence[:m.start]) or
             _SPEECH.match(sentence, m.end)) and not re.search(r";|\band\b", sentence[end:m.start])]
    if after:
        return after[0].person or after[0].country, 0.8
    after = [m for m in cands if m.start >= end and _SPEECH.match(sentence, m.end) and
             not re.search(r";|\band\b", sentence[end:m.start])]
    if after:
        return after[0].person or after[0].country, 0.7
    lead = [m for m in cands if m.person]
    if lead and lead[0].start < start and _ANY_SPEECH.search(sentence, lead[0].end, start):
        return lead[0].person, 0.65  # "Xi spoke by phone with Biden and stressed that ... red line"
    warner = [m for m in cands if re.search(r"\bwarnings?\s+(?:from|by)\s+(?:the\s+)?$", sentence[max(0, m.start - 25):m.start])]
    if warner and not lead:
        return warner[0].person or warner[0].country, 0.6  # "despite repeated warnings from Pyongyang, ... pay a price"
    countries = {m.country for m in cands if m.kind == "country"}
    official = _OFFICIAL_SAID.search(sentence)
    if official and not lead and len(countries) > 1:
        acting = [m for m in cands if m.kind == "country" and m.start >= official.end() and m.end <= start and
                  _REPORTED_SUBJECT.fullmatch(sentence, official.end(), m.start) and
                  _ACTS_AFTER.match(sentence, m.end)]
        if acting:
            return acting[0].country, 0.6
    # "..., the ministry said": the one government in sight, named before or within the attribution (a country
    # named after "said" is what the statement is about: "A spokesperson said Taiwan was a red line").
    sources = {m.country for m in cands if m.kind == "country" and (m.end <= official.end() or m.start >= end)} \
        if official else set()
    if official and len(sources) == 1 and not lead:
        return sources.pop(), 0.6
    return None, 0.6
