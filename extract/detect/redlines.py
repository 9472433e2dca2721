"""Red-line language in one sentence: phrase, category, speaker, negation (issue is picked by the caller)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.detect.entities import Mention
from extract.detect.issues import issue_mentions
from extract.detect.prefilter import caseless, finditer
from extract.detect.speakers import BLOC, find_speaker

_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("explicit_red_line", r"red[- ]?lines?|line in the sand|(?:a|the) line (?:that )?(?:\w+ ){1,2}?(?:would|will|could|"
                          r"must|should) (?:not|never) (?:be )?cross(?:ed)?|lines? (?:not|never) to be crossed|"
                          r"cross(?:es|ed|ing)? a (?:\w+ )?line\b|cross(?:es|ed)? (?:the|that) line\b(?! of control)"),
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
                                r"consequences\s+(?:will|would)\s+be|(?:will|would) have consequences|"
                                r"pay (?:a|the|any) (?:heavy |high |steep )?price|pay dearly|"
                                r"play(?:s|ed|ing)? with fire|(?:get|be|been) burn(?:ed|t)|"
                                r"(?:not|never) (?:sit|stand) idly by|resolute(?:ly)? (?:countermeasures|response|"
                                r"counter|respond)|(?:forceful|decisive|firm) (?:countermeasures|measures|response)|"
                                r"(?:strong|reciprocal|firm) counter-?measures|"
                                r"(?:would|will|could)\s+(?:be\s+|be making\s+|make\s+)?(?:a|an)\s+(?:\w+\s+)?"
                                r"(?:grave|serious|big|huge|strategic|historic|terrible|fatal|dangerous|"
                                r"catastrophic|tragic)\s+(?:mistake|error|miscalculation)s?|"
                                r"all necessary measures|(?:swift and )?(?:severe|heavy|significant) costs|"
                                r"respond(?:s|ed)? (?:decisively|forcefully|firmly|resolutely|sternly|harshly|strongly)|"
                                r"respond with (?:overwhelming|decisive|massive|all necessary|full|military) (?:force|means|"
                                r"measures)|"
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

_TRANSIT = re.compile(r"\b(?:metro|subway|trains?|stations?|mbta|cta|marta|dart|commut\w+|(?:mass|public) transit|transit (?:authority|agency|system|riders?|police)|riders?|"
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
# Words of domestic politics, labour and the household economy: a warning or red line among them, with no second
# country or diplomatic issue in sight, is about home affairs.
_HOME_AFFAIRS = re.compile(r"\b(?:inflation|unemployment|wages|taxes|taxpayers|working families|families|voters|"
                           r"electorate|unions?|management|employees|workers|pensions?|patients|"
                           r"students|teachers|health care|healthcare|crime|mortgage rates|interest rates)\b", re.I)
_DISCOURSE = re.compile(r"(?:^|[,:;—–-]\s*|\bbut\s+|\band\s+|\bso\s+)[\"“']?the\s+$", re.I)
_NEG = re.compile(r"\b(?:no|not|n't|never|without|nor|neither|nothing|refus\w+ to|declin\w+ to|rul(?:ed|es|ing) out|"
                  r"den(?:y|ies|ied)|reject\w*|any)\b", re.I)
_PROHIBIT = re.compile(r"\b(?:cross\w*|touch\w*|challeng\w*|violat\w*|test\w*|overstep\w*|breach\w*|tread\w*|"
                       r"allow\w*|tolerat\w*|accept\w*|ignor\w*|underestimat\w*|compromis\w*|trampl\w*|"
                       r"infring\w*|undermin\w*|provok\w*|interfer\w*|hesitat\w*|be|play\w*|"
                       r"sit|stand|hurt\w*|damag\w*|harm\w*)\b", re.I)
_COMPANY_BEFORE = re.compile(r"\b([A-Z][\w&.-]*)['’]s\s+(?:\w+\s+)?$")
_STRONG_CUE = re.compile(r"\b(?:consequences|would|will|retaliat\w*|reprisals?|brink|respond\w*|price)\b", re.I)


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
        if phrase.lower().startswith("red") and re.match(r"\s+(?:service|trains?|stations?|extension|tracks?|shuttles?|"
                                                         r"delays?|riders?|platforms?)\b", sentence[m.end():], re.I):
            return True  # "Red Line service was suspended"
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
    if category == "warning_of_consequences" and "consequences" in phrase.lower() and \
            re.search(r"\b(?<!would )(?<!will )(?<!could )(?<!might )(?<!may )(?<!to )(?:had|has|have|having|caused|brought|"
                      r"suffered|felt)\s+$", sentence[max(0, m.start() - 20):m.start()]):
        return True  # "the pandemic had serious consequences for trade": an effect described, not a threat
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
    if last is None or last.group(0).lower() == "any" and \
            not re.search(r"\b(?:no|not|n't|without|reject\w*|den(?:y|ies|ied)|refus\w*)\b", window):
        return False
    rest = window[last.end():]
    if re.match(r"\s+(?:merely|just|only|simply|so much)\b", rest):
        return False  # "not merely a red line but the red line"
    if re.search(r"\w['’]s?\s", rest) and last.group(0).lower().startswith(("reject", "den")):
        return False  # "rejected Biden's red line": Biden's line stands; someone else refuses it
    return not _PROHIBIT.search(rest)


def find_redlines(sentence: str, mentions: list[Mention], fallback: str | None = None) -> list[Redline]:
    """Every red-line phrase in the sentence that is not a known false friend (fallback: the speaker when the
    sentence only says "It said" / "The ministry said")."""
    out: list[Redline] = []
    for m in finditer(_FAST, _PATTERN, sentence):
        category = _NAMES[int(m.lastgroup[1:])]
        phrase = sentence[m.start():m.end()]
        if _excluded(sentence, m, category):
            continue
        speaker, conf = find_speaker(sentence, m.start(), m.end(), mentions)
        if speaker is None and fallback:
            speaker, conf = fallback, 0.55
        if category in ("warning_of_consequences", "core_interest", "caution_demand", "non_negotiable") and \
                speaker is None and not any(x.person or x.country for x in mentions) and not issue_mentions(sentence) \
                and not BLOC.search(sentence):
            continue  # generic "serious consequences" or "non-negotiable terms" with nobody in sight
        if category == "warning_of_consequences" and speaker is None and not re.search(r"\bwarn", sentence, re.I):
            continue  # "leaders who risked it tended to pay a price": nobody is warning anybody
        if phrase.lower().startswith("warn") and speaker is None:
            continue  # a bare "warned" needs a leader or a government behind it
        if category in ("warning_of_consequences", "explicit_red_line") and _HOME_AFFAIRS.search(sentence) and \
                len({x.country for x in mentions if x.country}) <= 1 and not issue_mentions(sentence):
            continue  # "warned inflation would hurt working families", "pay is a red line for the union": home affairs
        if phrase.lower().startswith("warn") and re.match(r"\s+(?:\S+\s+){0,2}?(?:against|not to)\b", sentence[m.end():]) \
                and not _STRONG_CUE.search(sentence, m.end(), m.end() + 100) and \
                not issue_mentions(sentence[m.end():m.end() + 60]) and \
                not any(m.end() <= x.start <= m.end() + 5 and (x.person or x.country) for x in mentions):
            continue  # "warned against a bad deal", "warned fans not to boo": advice, not a threat to a state
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
