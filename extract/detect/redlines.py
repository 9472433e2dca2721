"""Red-line language in one sentence: phrase, category, speaker, negation (issue is picked by the caller)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.detect.entities import Mention
from extract.detect.issues import issue_mentions
from extract.detect.prefilter import caseless, finditer

_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("explicit_red_line", r"red[- ]?lines?|line in the sand|(?:a|the) line (?:that )?(?:\w+ ){1,2}?(?:would|will|could|"
                          r"must|should) (?:not|never) (?:be )?cross(?:ed)?|lines? (?:not|never) to be crossed|"
                          r"cross(?:es|ed|ing)? a (?:\w+ )?line\b"),
    ("bottom_line", r"bottom[- ]lines?"),
    ("core_interest", r"core interests?|(?:vital|fundamental) (?:national )?(?:security )?interests?|(?:most|"
                      r"highly) (?:important|sensitive)\W{0,3}(?:\s+and\s+(?:most\s+)?"
                      r"sensitive\W{0,3})?\s+(?:\w+\s+){0,2}?(?:issues?|questions?|concerns?|matters?)"),
    ("non_negotiable", r"non-?negotiable|not (?:be )?negotiable|not up for (?:negotiation|debate|discussion)|"
                       r"no room for compromise|(?:never|not) (?:make|making) (?:any )?concessions|"
                       r"(?:will|would|shall) (?:never|not) compromise|no compromise|not a bargaining chip|"
                       r"not (?:a )?(?:subject|matter|topic) (?:for|of) (?:bargaining|negotiations?|"
                       r"discussion|debate|haggling)|not up for (?:bargaining|grabs)|(?:cannot|can't|won't|will not) be "
                       r"(?:bargained|negotiated) away|"
                       r"not for sale"),
    ("warning_of_consequences", r"[\"“']?(?:very |extremely |really )?(?:serious|severe|grave|dire|disastrous|"
                                r"devastating|catastrophic|unpredictable|far-reaching|unimaginable|unforeseeable|"
                                r"irreversible|bad|terrible|harsh|tremendous)[\"”']?\s+consequences|"
                                r"consequences\s+(?:will|would)\s+be|pay (?:a|the|any) (?:heavy |high |steep )?price|pay dearly|"
                                r"play(?:s|ed|ing)? with fire|(?:get|be|been) burn(?:ed|t)|"
                                r"(?:not|never) (?:sit|stand) idly by|resolute(?:ly)? (?:countermeasures|response|"
                                r"counter|respond)|(?:forceful|decisive|firm) (?:countermeasures|measures|response)|"
                                r"(?:strong|reciprocal|firm) counter-?measures|"
                                r"(?:would|will|could)\s+(?:be\s+|be making\s+|make\s+)?(?:a|an)\s+(?:\w+\s+)?"
                                r"(?:grave|serious|big|huge|strategic|historic|terrible|fatal|dangerous|"
                                r"catastrophic|tragic)\s+(?:mistake|error|miscalculation)s?|"
                                r"all necessary measures|(?:swift and )?(?:severe|heavy|significant) costs|"
                                r"respond(?:s|ed)? (?:decisively|forcefully|firmly|resolutely|sternly|harshly|strongly)|"
                                r"met with (?:\w+\s+){0,2}?(?:retaliation|countermeasures|force|a (?:\w+ )?response)|"
                                r"(?:will|would) retaliate|threaten\w* (?:\w+ )?retaliation|(?:will|would|may|could) be retaliation|"
                                r"face (?:the |serious |severe |grave )?consequences|(?:crushing|overwhelming|devastating|massive|harsh|tough|stern) "
                                r"(?:response|retaliation|blow|counter-?attack)|(?:serious|severe|grave|dire) repercussions|(?:will|"
                                r"would) not hesitate to|"
                                r"all options (?:are|remain) on the table|warn(?:s|ed|"
                                r"ing|ings)?\b(?=[^;]{0,80}\b(?:against|not to|"
                                r"consequences|would|will|if|retaliat\w*|reprisals?|response|countermeasures|brink of (?:war|conflict))\b|[^;]{0,140}\bbrink of (?:war|conflict)\b)|"
                                r"stark warnings?"),
    ("caution_demand", r"with\s+[\"“']?(?:the utmost |great |maximum )?(?:prudence|caution|restraint)|prudently|(?:act|handle|proceed|"
                       r"tread)\w*\s+"
                       r"(?:\w+\s+){0,6}?(?:cautiously|carefully|with care)|handl\w*\s+(?:\w+\s+){0,6}?properly|"
                       r"exercise (?:restraint|caution)|"
                       r"(?:show|showing|shows) restraint|stop sending (?:any |the )?wrong signals?"),
)
_PATTERN = re.compile("|".join(f"(?P<c{i}>\\b(?:{alts})\\b)" for i, (_, alts) in enumerate(_CATEGORIES)), re.I)
_FAST = caseless(_PATTERN)
_NAMES = [name for name, _ in _CATEGORIES]

_TRANSIT = re.compile(r"\b(?:metro|subway|trains?|stations?|mbta|cta|marta|dart|commut\w+|transit|riders?|"
                      r"rail|platforms?|outbound|inbound|shuttle|buses|boston|chicago|track work|the T\b)", re.I)
_HOCKEY = re.compile(r"\b(?:hockey|puck|icing|blue line|offside|nhl|goalie|rink|center ice|centre ice|"
                     r"skat\w+|power play|defen[cs]eman|faceoff|slap ?shot)\b", re.I)
_BUSINESS = re.compile(r"\b(?:profits?|earnings|revenues?|margins?|shareholders?|investors?|compan(?:y|ies)|"
                       r"firms?|sales|costs?|quarter(?:ly)?|balance sheet|dividends?|retailers?|brands?|"
                       r"business(?:es)?|stock|budget|customers?|corporate|bank's|airlines?|percent|per cent|CFO|CEO|"
                       r"chief (?:executive|financial)|our bottom line|\w*makers'?|manufacturers?'?|"
                       r"producers?'?|exporters?'?|importers?'?|farmers?'?|households?'?|consumers?'?)\b", re.I)
_OTHER_REDLINE = re.compile(r"\b(?:mortgages?|lending|housing|loans?|draft contract|contracts?|markup|edits|"
                            r"document|manuscript|comedian|comedy|joke|jokes|stand-up|editor|maps?|chart|graph|"
                            r"route|ink|pen|"
                            r"marker|drawn on|painted|paint)\b", re.I)
_DISCOURSE = re.compile(r"(?:^|[,:;—–-]\s*|\bbut\s+|\band\s+|\bso\s+)[\"“']?the\s+$", re.I)
_NEG = re.compile(r"\b(?:no|not|n't|never|without|nor|neither|nothing|refus\w+ to|declin\w+ to|rul(?:ed|es|ing) out|"
                  r"den(?:y|ies|ied)|reject\w*|any)\b", re.I)
_PROHIBIT = re.compile(r"\b(?:cross\w*|touch\w*|challeng\w*|violat\w*|test\w*|overstep\w*|breach\w*|tread\w*|"
                       r"allow\w*|tolerat\w*|accept\w*|ignor\w*|underestimat\w*|compromis\w*|trampl\w*|"
                       r"infring\w*|undermin\w*|provok\w*|interfer\w*|hesitat\w*|be|play\w*|"
                       r"sit|stand|hurt\w*|damag\w*|harm\w*)\b", re.I)
_SPEECH = re.compile(r"(?:['’]s?)?\s*(?:(?!and\b|but\b|or\b|that\b|which\b|who\b)[\w-]+\s+){0,5}?(?:said|says|"
                     r"warn(?:s|ed)?|told|tells|insist\w*|stress\w*|"
                     r"repeat\w*|reiterat\w*|urg\w+|declar\w+|vow\w*|add(?:s|ed)|(?-i:stat(?:ed|es))|(?:was|is|were) clear|caution\w*|"
                     r"made clear|makes clear|emphasi[sz]\w*|underlin\w*|underscor\w*|not(?:ed|es)|assert\w*|"
                     r"threaten\w*|demand\w*|drew|draws|set out|laid out|spell\w* out|accus\w+|argu\w+|"
                     r"affirm\w*|describ\w+|call(?:s|ed)|regards?|considers?|sees|wrote|tweeted|posted|announc\w+|"
                     r"signal\w*|indicat\w+|confirm\w*|maintain\w*|responded|replied|hit back|retorted|joked|quipped|"
                     r"remarked|explained|claimed|pointed out|remind\w*|recall(?:s|ed)|convey\w*|assur\w*|blast(?:s|ed)|slamm?(?:s|ed)|lash(?:es|ed) out|condemn(?:s|ed)|"
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
_COMPANY_BEFORE = re.compile(r"\b([A-Z][\w&.-]*)['’]s\s+(?:\w+\s+)?$")
_STRONG_CUE = re.compile(r"\b(?:consequences|would|will|retaliat\w*|reprisals?|brink|respond\w*|price)\b", re.I)
_NOT_OWNER_GAP = re.compile(r"\s*(?:question|issue|matter|problem|affairs|situation|crisis|conflict|war|file)\s+$",
                            re.I)
_OFFICIAL_SAID = re.compile(r"(?:\b(?:the|its|a)\s+(?:foreign\s+)?(?:ministry|spokes(?:man|woman|person)|embassy|"
                            r"government|state media|foreign office|presidency|cabinet|statement)|"
                            r"\bstate[- ](?:run\s+)?(?:media|television|TV|news agency|broadcaster|newspaper))\b[^.;]{0,20}?"
                            r"\b(?:said|says|warned|added|insisted|stressed|warning|urged|told)\b", re.I)
_ANY_SPEECH = re.compile(r"\b(?:said|says|stressed|insisted|warned|told|reiterated|repeated|urged|declared|"
                         r"emphasi[sz]ed|made clear|added|noted)\b", re.I)
_SPEECH_AFTER = re.compile(r"[\"”’,]\s*(?:\w+\s+){0,2}?(?:said|says|warned|added|insisted|stressed)\s*$", re.I)
# A bloc speaking together owns no single country's red line ("European leaders said ... non-negotiable").
_COLLECTIVE = re.compile(r"\b(?:European|Western|EU|G7|G-7|NATO|Arab|Gulf|Nordic|Baltic)\s+(?:leaders|officials|allies|"
                         r"governments|diplomats|ministers|countries|partners|capitals)\s+(?:\w+\s+)?(?:said|say|"
                         r"warned|insisted|stressed|agreed|declared)\b")
_ACCORDING = re.compile(r"\s*According to\b[^,;]{0,60},", re.I)
_OWNED = re.compile(r"line|core|negotia", re.I)  # "a red line for Moscow" names its owner; "consequences for" a target
_FOR_AFTER = re.compile(r"\s+for\s+(?:the\s+)?")
_VERBISH_GAP = re.compile(r"\s*(?:is|was|are|were|be|been|remains|remained|has|have|had|represents|called|"
                          r"calls|said|says|told|warned|urged|insisted)\s+", re.I)


@dataclass(frozen=True)
class Redline:
    """A red-line phrase in a sentence (offsets relative to the sentence)."""

    phrase: str
    category: str
    speaker: str | None
    negated: bool
    start: int
    confidence: float


def _excluded(sentence: str, m: re.Match, category: str) -> bool:
    """Transit lines, hockey, business bottom lines, discourse markers and the like."""
    phrase = sentence[m.start():m.end()]
    if category == "explicit_red_line" and "red" in phrase.lower():
        if phrase.startswith("Red L") and re.match(r"\s+[A-Z]", sentence[m.end():]):
            return True  # "Red Line Capital", "Red Line Metro": a name
        if phrase.startswith("Red L") and m.start() > 0 and not re.search(r"['’]s\s*[\"“]?$", sentence[:m.start()]):
            return True  # a proper name mid-sentence: Boston's/Chicago's/Washington's Red Line
        if _TRANSIT.search(sentence) or _HOCKEY.search(sentence) or _OTHER_REDLINE.search(sentence):
            return True
    if category == "explicit_red_line" and re.match(r"\s+of\s+(?:\w+\s+)?(?:civility|decency|taste|good taste|propriety|"
                                                    r"decorum|ethics|morality|journalism|comedy|humou?r|satire)\b",
                                                    sentence[m.end():]):
        return True  # "the red lines of civility": manners, not policy
    if category == "bottom_line":
        if _BUSINESS.search(sentence):
            return True
        before = sentence[:m.start()]
        after = sentence[m.end():m.end() + 8]
        if _DISCOURSE.search(before) and re.match(r"\s*(?:is|was|:|here|remains)\b|\s*:", after):
            return True
        if re.match(r"\s*[:—–]", after) and m.start() < 5:
            return True
        if re.fullmatch(r"\s*[\"“]?the\s+", before, re.I) and not re.match(r"\s+(?:for|of)\b", after):
            return True  # "The bottom line, as one diplomat put it, is that..."
    return False


def _negated(sentence: str, start: int) -> bool:
    window = sentence[max(0, start - 45):start]
    window = re.split(r"[;,]|\bbut\b|\bthat\b", window)[-1]
    last = None
    for last in _NEG.finditer(window):
        pass
    if last is None or last.group(0).lower() == "any" and not re.search(r"\b(?:no|not|n't|without)\b", window):
        return False
    return not _PROHIBIT.search(window[last.end():])


def _speaks(sentence: str, end: int, start: int) -> bool:
    """A speech verb follows the mention (past an appositive) and ends before the red-line phrase."""
    pos = end
    if appositive := _APPOSITIVE.match(sentence, end):
        pos = appositive.end()
    said = _SPEECH.match(sentence, pos)
    if not said:
        return False
    verb = re.search(r"[\w-]+$", sentence[:said.end()])
    return said.end() <= start or (verb is not None and verb.start() == start)  # "X warned that ...": the phrase


def _speaker(sentence: str, start: int, end: int, mentions: list[Mention]) -> tuple[str | None, float]:
    """Who owns the red line: the subject of a speech verb, else a possessive or adjective next to the phrase."""
    cands = [m for m in mentions if m.person or m.country]
    # The subject of a speech verb ahead of the phrase speaks ("Zelenskyy said Ukraine's integrity is non-negotiable").
    speakers = [m for m in cands if m.end <= start and _speaks(sentence, m.end, start) and
                not _OBJECT_BEFORE.search(sentence, max(0, m.start - 25), m.start)]
    own_clause = [m for m in speakers if ";" not in sentence[m.end:start]]
    speakers = own_clause or speakers  # "Beijing sees X as...; Washington sees Y as non-negotiable"
    bloc = _COLLECTIVE.search(sentence, 0, start)
    if bloc and not speakers:  # a named speaker ("..., and Merz said") still owns its own clause
        return None, 0.6
    if speakers:
        best = next((m for m in speakers if m.person), speakers[0])  # "the Chinese readout ... Xi told Biden"
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
    near = [m for m in cands if m.end <= start and start - m.end <= 25 and
            not _NOT_OWNER_GAP.match(sentence[m.end:start]) and
            (m.possessive or (m.kind == "country" and re.fullmatch(r"\s*(?:[\w-]+\s+)?", sentence[m.end:start])
                              and not _VERBISH_GAP.match(sentence[m.end:start])))
            and not re.search(r"[.;]|\b(?:to|on|over|with)\b", sentence[m.end:start])]
    if near:
        return near[-1].person or near[-1].country, 0.8
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
    if official and len(countries) == 1 and not lead:
        return countries.pop(), 0.6  # "..., the ministry said": the one government in sight
    return None, 0.6


def find_redlines(sentence: str, mentions: list[Mention]) -> list[Redline]:
    """Every red-line phrase in the sentence that is not a known false friend."""
    out: list[Redline] = []
    for m in finditer(_FAST, _PATTERN, sentence):
        category = _NAMES[int(m.lastgroup[1:])]
        phrase = sentence[m.start():m.end()]
        if _excluded(sentence, m, category):
            continue
        speaker, conf = _speaker(sentence, m.start(), m.end(), mentions)
        if category in ("warning_of_consequences", "core_interest", "caution_demand", "non_negotiable") and \
                speaker is None and not any(x.person or x.country for x in mentions) and not issue_mentions(sentence):
            continue  # generic "serious consequences" or "non-negotiable terms" with nobody in sight
        if category == "warning_of_consequences" and speaker is None and not re.search(r"\bwarn", sentence, re.I):
            continue  # "leaders who risked it tended to pay a price": nobody is warning anybody
        if phrase.lower().startswith("warn") and speaker is None:
            continue  # a bare "warned" needs a leader or a government behind it
        if phrase.lower().startswith("warn") and re.match(r"\s+against\b", sentence[m.end():]) and \
                not _STRONG_CUE.search(sentence, m.end(), m.end() + 100) and \
                not issue_mentions(sentence[m.end():m.end() + 60]):
            continue  # "warned against a bad deal", "warned against complacency": advice, not a threat
        company = _COMPANY_BEFORE.search(sentence, max(0, m.start() - 30), m.start()) \
            if category in ("core_interest", "bottom_line") else None
        if company and not any(x.start <= company.start(1) < x.end for x in mentions):
            continue  # "Apple's core interest in China", "Apple's bottom line": a company's, not a state's
        if category == "core_interest" and speaker is None and _BUSINESS.search(sentence):
            continue  # "the company's core interest is the Chinese market"
        if phrase.lower().startswith("cross") and "red" not in phrase.lower() and speaker is None and \
                not issue_mentions(sentence):
            continue  # "the lawyer had crossed a line": manners, unless a government or an issue is in sight
        if phrase.lower().startswith(("most ", "highly ")) and not issue_mentions(sentence):
            continue  # "the most important issues" of anything; a core interest names its issue
        out.append(Redline(phrase, category, speaker, _negated(sentence, m.start()), m.start(), conf))
    return _one_per_statement(out)


def _one_per_statement(found: list[Redline]) -> list[Redline]:
    """One finding per category per sentence; a bare "warned" only when nothing more specific is there."""
    if len(found) < 2:
        return found
    specific = [r for r in found if not r.phrase.lower().startswith("warn")]
    kept: list[Redline] = []
    for r in specific or found[:1]:
        if all(k.category != r.category for k in kept):
            kept.append(r)
    return kept
