"""Leader and country mentions in one sentence: names, dated titles, possessives and pronouns."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from extract.detect.gazetteer import Gazetteer

# A leader's name followed by one of these is someone else: "Putin aide", "Trump's envoy", "Xi's foreign minister".
_SPOKESMAN_AFTER = re.compile(r"['’]s?\s+(?:(?:top|chief|senior|deputy|press|foreign[- ]policy)\s+){0,2}"
                             r"(?:spokes(?:man|woman|person)|aides?|advis[eo]rs?|chief of staff|press secretary|sister|brother|"
                             r"administration|government)\b",
                             re.I)
_GOVT_AFTER = re.compile(r"\s+(?:administration|government|White House|Kremlin)\b")  # "the Biden administration"
_ROLE_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:top|chief|senior|foreign|special|national|deputy|close|longtime|personal|key|economic|"
    r"trade|defen[cs]e|security|press|climate|new|former)\s+){0,2}"
    r"(?:aides?|envoys?|adviser|advisers|advisor|spokes(?:man|woman|person)|ministers?|secretar(?:y|ies)|"
    r"vice[- ](?:premier|president|chancellor|chairman)s?|premier|prime minister|"
    r"administration|officials?|negotiators?|representatives?|diplomats?|deputy|deputies|son|daughter|wife|"
    r"husband|son-in-law|chief of staff|campaign|team|allies|ally|government|cabinet|tower|organization|"
    r"foundation|lawyers?|family|predecessor|successor|staff|emissary|loyalists?|supporters?|era|doctrine|"
    r"counterparts? of|jr|sr)\b",
    re.I,
)
_ROLE_BEFORE = re.compile(r"\b(?:aides?|advis[eo]rs?|envoys?|spokes(?:man|woman|person)|officials?|representatives?|"
                          r"negotiators?|diplomats?|ministers?|staff|emissar(?:y|ies)|allies|ally|critics?|"
                          r"opponents?|rivals?|lawyers?|sons?|daughters?|wife|husband)\s+(?:to|of|for|close to)\s+"
                          r"(?:the\s+)?$", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|with|of|by|for|from|about|against|on|at|between|and)\s+(?:the\s+)?$", re.I)
_PLURAL_OFFICE = re.compile(r"\s+(leaders|presidents|prime ministers|premiers|heads of state|heads of government|"
                            r"counterparts)\b",
                            re.I)
_PLURAL_OF = re.compile(r"\b(leaders|presidents|prime ministers|premiers|heads of state|heads of government)\s+of\s+"
                        r"(?:the\s+)?$", re.I)
_TITLE_CASE = re.compile(r"\s(?:In|For|With|To|Of|On|At|And|From|After|Over|As)\s")
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
_CLAUSE_SPLIT = re.compile(r";|,\s*(?:but|while|whereas)\s")
_CAP_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s$")
_CAP_AFTER = re.compile(r"\s([A-Z][a-z]+)\b(?!['’])")
# Capitalised words that may sit next to a leader's surname without making it someone else's name.
_FREE_BEFORE = frozenset(
    """President Prime Minister Chancellor Premier Leader King Crown Prince Emir Sheikh Sultan Mr Mrs Ms Dr Chairman
    Secretary General Supreme Ayatollah Emperor Taoiseach President-elect PM The A An And But Or When While After Before
    If As In On At For From With Without By Then Meanwhile However Still Also Both Neither Since Until During
    Under Over Between Among Against About Like Unlike Though Although Because Once Only Even Yet So Nor Last
    This That These Those Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Why How What Where Who Whom Whose""".split()
)
_FREE_AFTER = frozenset(
    """And Or But On In At For With From By To Of Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December The A An
    If When While After Before As""".split()
)
_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b", re.I)
_PAIR = re.compile(r"\b(?:the|both)\s+(?:two|2)\s+(?:leaders|presidents|prime ministers|heads of state|heads of "
                   r"government|men|women|sides' leaders)\b|"
                   r"\bboth (?:leaders|presidents|men)\b|\bthe (?:pair|duo|leaders)\b|\b(?:they|their|them)\b|"
                   r"\bthe two(?=\s+(?:met|spoke|talked|held|had|agreed|discussed|sat|shook|dined|exchanged|"
                   r"conferred|will|would|are|were)\b)", re.I)
_FORMER = re.compile(r"(?:former|late|ex-|then-|previous|outgoing|future|next|vice|vice-|deputy)\s*$", re.I)
_POSSESSIVE = ("'s", "’s", "'", "’")
# Honorifics right before a name belong to the mention ("Chancellor Scholz and President Macron met").
_HONORIFIC = re.compile(r"(?:(?:President|Prime Minister|Chancellor|Premier|King|Crown Prince|Emir|Sheikh|Sultan|"
                        r"Supreme Leader|Chairman|General Secretary|Ayatollah|Prince|Emperor|PM|Mr\.?|Mrs\.?|Ms\.?|"
                        r"Dr\.?|H\.E\.|Taoiseach)"
                        r",?\s+)+$")
_GIVEN_BEFORE = re.compile(r"\b(?!(?:When|After|Before|While|As|If|Then|But|And|The|Saudi|Emirati|Crown|Prince|Sheikh|"
                           r"Emir|King|President|Mr|Meanwhile|Later|Earlier|Since|Once|Until|Though|Although)\s)"
                           r"([A-Z][a-z]+)\s+$")
_HONORIFIC_GAP = re.compile(r"(?:['’]s?)?\s*")
# ... but these mean the person is not (or not yet, or no longer) acting as a leader.
_NOT_LEADER = re.compile(r"(?:Vice|Deputy|Foreign|Finance|Defen[cs]e|Trade|former|Former|ex-|then-|late|"
                         r"Senator|Sen\.|Governor|Gov\.|candidate|nominee|President-elect|president-elect|"
                         r"(?<!General )Secretary|Speaker|Minister of \w+)\s+(?:(?:President|Prime Minister|Premier|"
                         r"Minister|Chancellor)\s+)?$")


@dataclass
class Mention:
    """A mention of a leader (person set) or of a country/government (country set)."""

    start: int
    end: int
    person: str | None
    country: str | None
    kind: str  # name | title | pronoun | pair | country
    possessive: bool = False
    others: tuple[str, ...] = ()  # for "the two leaders": the people it stands for


def _is_possessive(text: str, end: int) -> bool:
    return text.startswith(_POSSESSIVE[0], end) or text.startswith(_POSSESSIVE[1], end) or \
        (text.startswith(("'", "’"), end) and (end + 1 >= len(text) or not text[end + 1].isalpha()))


def find(sentence: str, gaz: Gazetteer, day: date) -> list[Mention]:
    """Leader and country mentions, in order; a title directly followed by a name counts once, as the name."""
    out: list[Mention] = []
    for hit in gaz.find(sentence):
        poss = _is_possessive(sentence, hit.end)
        if hit.kind == "name":
            person = gaz.person(hit.value, day)
            if person and ((poss and _SPOKESMAN_AFTER.match(sentence, hit.end)) or _GOVT_AFTER.match(sentence, hit.end)):
                # "Putin's spokesman said": not the leader, but his government speaking.
                out.append(Mention(hit.start, hit.end, None, gaz.country_of.get(person), "country", poss))
                continue
            given = _GIVEN_BEFORE.search(sentence, max(0, hit.start - 20), hit.start)
            if sentence[hit.start].islower() and given and given.group(1) not in person:
                continue  # "Khalid bin Salman" is not "(Mohammed) bin Salman": another given name, another man
            if _ROLE_AFTER.match(sentence, hit.end) or (" " not in sentence[hit.start:hit.end] and
                                                        _someone_else(sentence, hit.start, hit.end, out)):
                continue
            start = hit.start
            if _NOT_LEADER.search(sentence, max(0, start - 40), start) or \
                    _ROLE_BEFORE.search(sentence, max(0, start - 40), start):
                continue
            if hon := _HONORIFIC.search(sentence, max(0, start - 40), start):
                start = hon.start()
            if out and out[-1].kind == "country" and out[-1].possessive and \
                    _HONORIFIC_GAP.fullmatch(sentence, out[-1].end, start):
                start = out.pop().start  # "Qatar's Emir Sheikh Tamim": the country names the leader's realm
            if out and out[-1].kind == "title" and (sentence[out[-1].end:start].strip() == "" or (
                    sentence[out[-1].end:start].strip() == "," and out[-1].country == gaz.country_of.get(person))):
                start = out.pop().start  # "U.S. President Donald Trump": the name decides, the span covers both
            out.append(Mention(start, hit.end, person, gaz.country_of.get(person), "name", poss))
        elif hit.kind == "title":
            if _FORMER.search(sentence, max(0, hit.start - 12), hit.start):
                continue
            person = gaz.holder(hit.value, hit.office, day)
            if _ROLE_AFTER.match(sentence, hit.end):
                continue
            if poss and _SPOKESMAN_AFTER.match(sentence, hit.end):
                # "the Saudi crown prince's brother met Pezeshkian": a relative or aide, for the country at most.
                out.append(Mention(hit.start, hit.end, None, hit.value, "country", poss))
                continue
            out.append(Mention(hit.start, hit.end, person, hit.value, "title", poss))
        else:
            out.append(Mention(hit.start, hit.end, None, hit.value, "country", poss))
    return _plural_titles(sentence, out, gaz, day)


def _plural_titles(sentence: str, out: list[Mention], gaz: Gazetteer, day: date) -> list[Mention]:
    """Two country words sharing one plural office noun ("the Japanese and South Korean leaders")."""
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        run = k + 1  # "the leaders of France, Germany and Britain": a list closed by "and"
        while run + 1 < len(out) and out[run].kind == out[run + 1].kind == "country" and \
                re.fullmatch(r",\s*(?:the\s+)?", sentence[out[run - 1].end:out[run].start]) and \
                re.fullmatch(r",?\s+and\s+(?:the\s+)?|,\s*(?:the\s+)?", sentence[out[run].end:out[run + 1].start]):
            run += 1
        if run > k + 1 and a.kind == "country" and out[run].kind == "country" and \
                re.fullmatch(r",?\s+and\s+(?:the\s+)?", sentence[out[run - 1].end:out[run].start]) and \
                (before := _PLURAL_OF.search(sentence, max(0, a.start - 40), a.start)):
            word = {"presidents": "president", "prime ministers": "prime minister"}.get(before.group(1).lower(),
                                                                                        "leader")
            for j in range(k, run + 1):
                c = out[j]
                out[j] = Mention(before.start() if j == k else c.start, c.end, gaz.holder(c.country, word, day),
                                 c.country, "title")
            continue
        if a.kind == b.kind == "country" and re.fullmatch(r"\s+and\s+(?:the\s+)?", sentence[a.end:b.start]) and \
                (before := _PLURAL_OF.search(sentence, max(0, a.start - 40), a.start)):
            # "the prime ministers of Britain and Canada"
            word = {"presidents": "president", "prime ministers": "prime minister"}.get(before.group(1).lower(),
                                                                                        "leader")
            out[k] = Mention(before.start(), a.end, gaz.holder(a.country, word, day), a.country, "title")
            out[k + 1] = Mention(b.start, b.end, gaz.holder(b.country, word, day), b.country, "title")
            continue
        if a.kind == b.kind == "country" and re.fullmatch(r"\s+and\s+", sentence[a.end:b.start]):
            office = _PLURAL_OFFICE.match(sentence, b.end)
            if office:
                word = {"presidents": "president", "prime ministers": "prime minister",
                        "counterparts": "counterpart"}.get(office.group(1).lower(), "leader")
                out[k] = Mention(a.start, a.end, gaz.holder(a.country, word, day), a.country, "title")
                out[k + 1] = Mention(b.start, office.end(), gaz.holder(b.country, word, day), b.country, "title")
    return out


def _someone_else(sentence: str, start: int, end: int, out: list[Mention]) -> bool:
    """A bare surname inside another person's name: "Mike Johnson", "Timothy Morrison", "Kim Yo Jong"."""
    if _headline(sentence):
        return False  # "Xi Arrives In Pyongyang For Talks": capitals say nothing about names here
    before = _CAP_BEFORE.search(sentence, max(0, start - 25), start)
    if before and before.start(1) > 0 and before.group(1) not in _FREE_BEFORE and \
            not (out and out[-1].end >= before.start(1)):
        return True
    after = _CAP_AFTER.match(sentence, end)
    return bool(after) and after.group(1) not in _FREE_AFTER


def _headline(sentence: str) -> bool:
    """Title Case text, as in headlines: small words capitalised mid-sentence ("Arrives In Pyongyang For Talks")."""
    if _TITLE_CASE.search(sentence, 1):
        return True
    if sentence.rstrip()[-1:] in ".!?\"”’)":
        return False  # a headline has no closing punctuation
    words = _WORDS.findall(sentence)
    return len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def leaders(mentions: list[Mention]) -> list[Mention]:
    """Only the mentions that denote a leader (names and resolved titles)."""
    return [m for m in mentions if m.person]


def add_pronouns(sentence: str, mentions: list[Mention], previous: list[Mention], prev_text: str = "",
                 resolve: Callable[[str], str | None] | None = None) -> list[Mention]:
    """Add he/his/she/her and "the two leaders" resolved to a leader of this sentence or the previous one."""
    lead = leaders(mentions)
    prev_lead = leaders(previous)
    if prev_text:
        # Across sentences a pronoun continues the subject, not an object ("... told aides to Zelenskyy. He ...").
        # A possessive ("Biden's top diplomat arrived...") modifies the real subject, who may be someone else.
        subj = [m for m in prev_lead if not _PREPOSITION_BEFORE.search(prev_text, max(0, m.start - 20), m.start)
                and not m.possessive and not re.search(r",\s*$", prev_text[max(0, m.start - 3):m.start])]
        prev_subject = subj[:1]
    else:
        prev_subject = prev_lead[:1]
    extra: list[Mention] = []
    ahead = _cataphor(sentence, lead)
    lead_in = _LEAD_IN.match(sentence)
    for m in _PRONOUN.finditer(sentence):
        # Earlier pronouns keep their referent ("he was received by Xi, and on Friday he held talks..."), and a
        # leader in the pronoun's own clause beats one across a semicolon.
        before = sorted((x for x in [*lead, *extra] if x.end <= m.start()), key=lambda x: x.start)
        breaks = [b.end() for b in _CLAUSE_SPLIT.finditer(sentence, 0, m.start())]
        before = [x for x in before if x.start >= (breaks[-1] if breaks else 0)] or before
        if lead_in and m.start() > lead_in.end():
            # "Fresh from talks with Putin, Tokayev flew on to Tashkent, where he met...": the main subject.
            before = [x for x in before if x.start >= lead_in.end()] or before
        # The subject (first leader) of the sentence, else of the previous one, is the usual antecedent; in a
        # lead-in phrase ("After his call with Macron, Zelenskyy said") it is the main clause's subject.
        if not before and ahead and m.start() < ahead.start:
            target = ahead
        else:
            target = before[0] if before else (prev_subject[0] if prev_subject else None)
        if target is None:
            continue
        word = m.group(0).lower()
        if before and (word == "him" or (word == "her" and not _followed_by_noun(sentence, m.end()))):
            # An object pronoun is not the subject of its own verb: "the Chinese leader received him" (not Xi),
            # "Meloni, who met Biden in July, spoke to him" (not Meloni).
            gap = sentence[before[-1].end:m.start()]
            local = before[-1] if re.fullmatch(r"\s+(?:\w+\s+){0,2}", gap) and " and " not in gap else None
            avoid = local.person if local else before[0].person
            others = [x for x in before if x.person != avoid]
            if others:
                target = others[-1]
        extra.append(Mention(m.start(), m.end(), target.person, target.country, "pronoun",
                             word in ("his",) or (word == "her" and _followed_by_noun(sentence, m.end()))))
    for m in _PAIR.finditer(sentence):
        people: list[str] = []
        here = [y for y in lead if y.end <= m.start()]
        pool = here if len({y.person for y in here}) >= 2 else [*prev_lead, *here]
        plain = m.group(0).lower() in ("they", "their", "them")
        later = [y for y in lead if y.start >= m.end()]
        if len({y.person for y in pool}) < 2 and not plain and len({y.person for y in lead}) >= 2 and \
                not (later and re.search(r",\s+(?:and|but|while)\s|;", sentence[m.end():later[0].start])):
            # "The two leaders agreed to speak again, Trump said after his call with Putin" (but not "..., and
            # Trump later called Zelenskyy": leaders of a new clause are not the pair before it)
            pool = lead
        for x in pool:
            if x.person not in people:
                people.append(x.person)
        if plain and not people and m.start() == 0 and len({y.person for y in lead}) == 2:
            # "Their talks ... lasted twice as long, aides to Moon and Abe said": nobody before, two named after
            people = list(dict.fromkeys(y.person for y in lead))
        if plain and len(people) != 2:
            continue  # "they" stands for two leaders only when exactly two are in sight
        if len(people) < 2 and not plain and resolve:
            # "a call between the two presidents" where the sentence names the two countries
            countries = list(dict.fromkeys(y.country for y in mentions if y.kind == "country" and y.country))
            leaders_of = [p for p in dict.fromkeys(resolve(c) for c in countries[:2]) if p]
            if len(leaders_of) == 2:
                people = leaders_of  # the first two countries named are the usual parties
        if len(people) == 1 and not plain and resolve:
            # "Trump arrived in Beijing on Tuesday. The two leaders' meeting...": the host country's leader.
            own = next((y.country for y in [*previous, *mentions] if y.person == people[0]), None)
            hosts = list(dict.fromkeys(
                y.country for y, txt in [*((y, prev_text) for y in previous), *((y, sentence) for y in mentions)]
                if y.kind == "country" and y.country and y.country != own and
                re.search(r"\b(?:in|to|into)\s+$", txt[max(0, y.start - 6):y.start])))  # a place travelled to
            other = resolve(hosts[0]) if len(hosts) == 1 else None
            if other and other != people[0]:
                people.append(other)
        if len(people) >= 2:
            pair = tuple(people[-2:])
            extra.append(Mention(m.start(), m.end(), pair[0], None, "pair", False, pair))
    return sorted([*mentions, *extra], key=lambda x: x.start)


# A lead-in phrase before the main clause: "Speaking after his call with X,", "After her talks with Y,".
_LEAD_IN = re.compile(r"(?:[A-Z][a-z]+ing|Asked|Pressed|Questioned|Fresh from|Fresh off|Back from|After|Following|During|In|On|At|Before|Ahead of|Since|Upon|Despite|"
                      r"Hours after|Days after|Shortly after)\b[^,;:\"“”]{0,90}?,\s+")


def _cataphor(sentence: str, lead: list[Mention]) -> Mention | None:
    """The leader who opens the main clause after a lead-in phrase, when no leader precedes it."""
    m = _LEAD_IN.match(sentence)
    if not m:
        return None
    subject = next((x for x in lead if x.start >= m.end()), None)
    first = _PRONOUN.search(sentence, 0, m.end())
    if subject is None or first is None or subject.start - m.end() > 4 or lead[0].start < first.start():
        return None  # a leader named before the pronoun is its antecedent
    return subject


def _followed_by_noun(sentence: str, end: int) -> bool:
    rest = sentence[end:end + 30].lstrip().lower()
    return bool(rest) and not rest.startswith(("on ", "in ", "to ", "by ", "at ", "about ", "and ", ",", "."))
