"""The documented issue labels of red-line language, and the words that point to each."""

from __future__ import annotations

import re

from extract.detect.prefilter import caseless, finditer

# label -> regex alternatives (case-insensitive unless the alternative needs capitals to be unambiguous).
_KEYWORDS: dict[str, str] = {
    "Taiwan": r"taiwan\w*|taipei|cross-strait|lai ching-te|(?<!jimmy )lai|tsai ing-wen|reunification|one[- ]china",
    "Ukraine": r"ukrain\w*|kyiv|kiev|donbas+|donetsk|luhansk|crimea\w*|zaporizhzhia|kherson|zelensk\w*|kharkiv|odesa|odessa|mariupol|"
    r"bakhmut|black sea grain|taurus|atacms|storm shadow|russia['’]s (?:war|invasion)",
    "Iran": r"iran\w*|tehran|khamenei|uranium enrichment|enrichment|strait of hormuz|jcpoa|fordow|natanz",
    "Syria": r"syria\w*|damascus|assad|aleppo|idlib|ypg|sdf|kurdish militias?",
    "Gaza": r"gaza\w*|hamas|rafah|west bank|palestin\w*",
    "South China Sea": r"south china sea|spratly|spratlys|paracel\w*|scarborough shoal|second thomas shoal|"
    r"nine-dash line|philippine (?:coast guard|vessels?|ships?|boats?)|reed bank|ren['’]?ai jiao|huangyan|"
    r"nansha|xisha|sabina shoal|thitu|whitsun reef|ayungin",
    "East China Sea": r"east china sea|senkaku\w*|diaoyu\w*",
    "Korean Peninsula": r"korean peninsula|north korea\w*|pyongyang|dprk|denucleari[sz]ation of the peninsula|"
    r"inter-korean|dmz",
    "Hong Kong": r"hong kong\w*|jimmy lai",
    "Xinjiang": r"xinjiang|uyghur\w*|uighur\w*",
    "Tibet": r"tibet\w*|dalai lama",
    "NATO": r"nato|article 5|north atlantic alliance|alliance'?s? (?:enlargement|expansion)|eastward expansion",
    "Brexit": r"brexit|withdrawal agreement|northern ireland protocol|backstop|single market|uk internal market|"
    r"hard border on the island of ireland|irish border|customs union|windsor framework",
    "trade": r"tariff\w*|trade|export controls?|chips?|semiconductor\w*|soybeans?|sanctions on (?:goods|imports)|"
    r"imports?|exports?|dumping|market access|rare[- ]earths?",
    "Russia sanctions": r"sanctions (?:on|against) (?:russia|moscow)|russia sanctions|sanctions package|"
    r"(?:frozen|immobili[sz]ed|seized) russian assets|russian (?:central bank )?(?:assets|reserves)|"
    r"price cap on russian oil|sanctions relief|sanctions (?:on|against) russian \w+|russian (?:oil|gas|crude|energy)|"
    r"(?:frozen|immobili[sz]ed) (?:\w+ )?(?:assets|reserves)",
    "Greenland": r"greenland\w*",
    "Venezuela": r"venezuela\w*|caracas|maduro",
    "Kashmir": r"kashmir\w*",
    "Arctic": r"arctic",
    "Israel": r"israel\w*",
}

ISSUES: tuple[str, ...] = tuple(_KEYWORDS)

# Trade words are everywhere in diplomatic copy, and Israel is named with Gaza and Iran: use them only when
# no other issue is named.
_WEAK = {"trade", "Israel"}

_PATTERN = re.compile(
    "|".join(rf"(?P<g{i}>\b(?:{alts})\b)" for i, alts in enumerate(_KEYWORDS.values())),
    re.I,
)
_FAST = caseless(_PATTERN)
_LABELS = list(_KEYWORDS)


def issue_mentions(sentence: str) -> list[tuple[int, str]]:
    """(position, label) of every issue keyword in the sentence."""
    out: list[tuple[int, str]] = []
    for m in finditer(_FAST, _PATTERN, sentence):
        label = _LABELS[int(m.lastgroup[1:])]
        if label == "NATO" and sentence[m.start():m.end()] == "nato":
            continue  # lowercase "nato" is not the alliance
        out.append((m.start(), label))
    return out


# "a red line on Taiwan", "the bottom line over Ukraine": the object of the phrase is what it is about.
_ABOUT = re.compile(r"\s+(?:(?:\w+\s+){0,2}?)(?:on|over|regarding|concerning|about|in|with regard to|when it comes to)"
                    r"\s+(?:the\s+)?(?:(?:issue|question|matter)s?\s+of\s+)?$", re.I)
# Joining NATO is a NATO question, whoever the candidate is ("NATO membership for Ukraine is the bottom line").
_NATO_JOIN = re.compile(r"\bNATO(?:['’]s)?\s+(?:membership|accession|enlargement|expansion|bid)|"
                        r"\b(?:join(?:ing|s)?|membership (?:of|in)|accession to|entry into|admission to)\s+"
                        r"(?:the\s+)?NATO\b")
_STATEHOOD = re.compile(r"\bpalestinian state(?:hood)?\b|\btwo-state solution\b|\bnormali[sz]ation with israel\b",
                        re.I)
_GAZA_WAR = re.compile(r"\b(?:gaza|hamas|rafah|hostages?|ceasefire)\b", re.I)
_LIST_GAP = re.compile(r"[^,;.]{0,25}?(?:,\s*|\s+and\s+|,\s+and\s+)$")


def pick_issue(mentions: list[tuple[int, str]], anchor: int, sentence: str = "", end: int = -1) -> str | None:
    """One label: the object of the phrase ("red line on X"), else a specific issue nearest the anchor, else a
    weak one (country, trade); a list ("Xinjiang, Tibet and Hong Kong") counts as its first item."""
    if not mentions:
        return None
    if sentence:
        if end >= 0:
            for pos, label in mentions:
                if pos >= end and pos - end <= 45 and _ABOUT.search(sentence, end, pos):
                    return label
        if any(label == "NATO" for _, label in mentions) and _NATO_JOIN.search(sentence):
            return "NATO"
        if _STATEHOOD.search(sentence) and not _GAZA_WAR.search(sentence):
            return "Israel"  # Palestinian statehood is a question put to Israel, not the war in Gaza
        mentions = _list_heads(mentions, sentence)
    strong = [m for m in mentions if m[1] not in _WEAK]
    pool = strong or mentions
    return min(pool, key=lambda m: abs(m[0] - anchor))[1]


def _list_heads(mentions: list[tuple[int, str]], sentence: str) -> list[tuple[int, str]]:
    """Issues in a coordinated list take the list's first label, at each member's place."""
    groups: list[list[tuple[int, str]]] = []
    closed: list[bool] = []
    for k, (pos, label) in enumerate(mentions):
        gap = _LIST_GAP.fullmatch(sentence, mentions[k - 1][0], pos) if k else None
        if gap and groups[-1][-1][1] not in _WEAK and label not in _WEAK:
            groups[-1].append((pos, label))
            closed[-1] = closed[-1] or " and " in gap.group(0)
        else:
            groups.append([(pos, label)])
            closed.append(False)
    # Only a list closed by "and" ("Xinjiang, Tibet and Hong Kong") counts; "as with Gaza, Tehran's..." is none.
    return [(pos, g[0][1] if ok else label) for g, ok in zip(groups, closed, strict=True) for pos, label in g]


# A red line drawn by these countries' own leaders is, failing any other cue, about that issue.
_HOME_ISSUE = {"Taiwan": "Taiwan", "Ukraine": "Ukraine", "Iran": "Iran", "Syria": "Syria", "North Korea":
               "Korean Peninsula", "South Korea": "Korean Peninsula", "Israel": "Israel", "Venezuela": "Venezuela"}


def home_issue(country: str | None) -> str | None:
    """The issue a country's own red lines are about when nothing else is said."""
    return _HOME_ISSUE.get(country or "")
