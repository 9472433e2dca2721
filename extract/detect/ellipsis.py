"""Contacts whose verb is left out ("..., but Orban did", "and to Modi", "and Meloni in Rome") and days counted apart."""

from __future__ import annotations

import re
from datetime import date, timedelta

from extract.detect.calldates import Contact
from extract.detect.dates import best_date, find_dates
from extract.detect.entities import Mention
from extract.detect.status import CLAUSE
from extract.detect.triggers import trigger_mode

# "..., but Orban did", "..., but Orban has": a new subject standing in for the verb of the clause before.
_BUT_BEFORE = re.compile(r"(?:,\s*|\s)but\s+(?:(?:President|Prime Minister|Chancellor)\s+)?$")
_AUX_AFTER = re.compile(r"\s+(?:did|has|had)\b(?!\s*(?:not|n't|never)\b)(?!n't)")
_VERB = re.compile(r"(?:spoke|spoken|speak\w*|talk\w*|met|meet\w*|phoned|telephoned|called|visited|hosted)$", re.I)
_OBJECT_GAP = re.compile(r"\s*(?:(?:to|with)\s+)?(?:the\s+)?(?:President\s+|Prime Minister\s+)?")


def did_too(sentence: str, spans: list[tuple[int, int]], people: list[Mention], published: date) -> list[Contact]:
    """Held contacts of a contrasted subject who did what the clause before denies of others."""
    out: list[Contact] = []
    if "but " not in sentence:
        return out  # the common case, decided without regex work
    for m in people:
        if m.kind == "pronoun" or not m.person or not _BUT_BEFORE.search(sentence, max(0, m.start - 25), m.start):
            continue
        aux = _AUX_AFTER.match(sentence, m.end)
        before = [s for s in spans if s[1] <= m.start]
        if not aux or not before or ";" in sentence[before[-1][1]:m.start]:
            continue
        ts, te = before[-1]
        if not _VERB.search(sentence[ts:te]):
            continue
        obj = next((o for o in people if o.start >= te and o.end <= m.start and o.person), None)
        if obj is None or obj.person == m.person or not _OBJECT_GAP.fullmatch(sentence, te, obj.start):
            continue  # only the verb's own object is the counterpart ("spoken to Putin")
        # The date is the one the contrasted clause gives ("but Orban did on Friday"), up to the next clause.
        stop = re.search(r"[;,]|\bbut\b", sentence[aux.end():])
        end = aux.end() + stop.start() if stop else len(sentence)
        found = best_date([d for d in find_dates(sentence, published) if aux.end() <= d.start < end], aux.end())
        mode = trigger_mode(sentence[ts:te])
        out.append(Contact(tuple(sorted((m.person, obj.person))), mode, "held", found.day if found else None,
                           found.precision if found else None, sentence[aux.start():aux.end()].strip(), aux.start(),
                           0.75))
    return out


def elliptical(sentence: str, spans: list[tuple[int, int]], people: list[Mention]
                ) -> tuple[list[tuple[int, int]], dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """"spoke to Xi on Thursday and to Modi on Friday": the second counterpart repeats the verb it leaves out."""
    if " and " not in sentence and " And " not in sentence:
        return spans, {}, set()
    carried: dict[tuple[int, int], tuple[int, int]] = {}
    objects: set[tuple[int, int]] = set()
    out = list(spans)
    for m in people:
        gap = _AND_TO.search(sentence, max(0, m.start - 40), m.start)
        if not gap:
            gap = _AND_OBJECT.search(sentence, max(0, m.start - 40), m.start)
            before = [s for s in out if s[1] <= (gap.start() if gap else 0)]
            if not gap or not before or not _TRANSITIVE.fullmatch(sentence, *before[-1]) or \
                    not _OBJECT_END.match(sentence, m.end) or any(gap.start() <= s[0] < m.start for s in out) or \
                    not any(o.start >= before[-1][1] and o.end <= gap.start() and
                            _FIRST_OBJECT_GAP.fullmatch(sentence, before[-1][1], o.start) for o in people) or \
                    CLAUSE.search(sentence, before[-1][1], gap.start()) or m.possessive or \
                    _VERB_LATER.match(sentence, m.end) or _PLAIN_AND.fullmatch(sentence, _last_end(people, gap.start()),
                                                                              m.start):
                continue
            # "met Macron in Paris on Monday and Meloni in Rome on Wednesday": the same verb, a second object.
            pseudo = (gap.start(1), gap.end(1))
            carried[pseudo] = before[-1]
            objects.add(pseudo)
            out.append(pseudo)
            continue
        before = [s for s in out if s[1] <= gap.start()]
        if not before or any(gap.start() <= s[0] < m.start for s in out):
            continue
        verb = sentence[before[-1][0]:before[-1][1]]
        if not _CONTACT_VERB.search(verb) or CLAUSE.search(sentence, before[-1][1], gap.start()):
            continue
        pseudo = (gap.start(1), gap.end(1))
        carried[pseudo] = before[-1]
        out.append(pseudo)
    return sorted(out), carried, objects


_AND_TO = re.compile(r"\band\s+(?:(?:only|then|later|also|again|separately)\s+){0,2}(?:(?:by|over the)\s+"
                     r"(?:phone|telephone|video(?:\s+link)?)\s+)?(to|with)\s+(?:the\s+)?$", re.I)
_CONTACT_VERB = re.compile(r"\b(?:spoke|speak\w*|talk\w*|met|meet\w*|conferr?ed|phon\w*|telephon\w*|call\w*)\b", re.I)
_AND_OBJECT = re.compile(r",?\s+(and)\s+(?:(?:then|later|also|afterwards)\s+){0,2}(?:(?:his|her)\s+(?:[\w-]+\s+)?)?$", re.I)
_TRANSITIVE = re.compile(r"met|meets|meet|meeting|phoned|telephoned|called|hosted|hosts|received|receives|visited|saw|"
                         r"greeted|welcomed", re.I)
_PLAIN_AND = re.compile(r"\s*,?\s*and\s+(?:(?:his|her)\s+(?:[\w-]+\s+)?)?")  # "met Xi and Modi": one list, not two


def _last_end(people: list[Mention], pos: int) -> int:
    """End of the last mention before pos (0 when none)."""
    return max((m.end for m in people if m.end <= pos), default=0)


_VERB_LATER = re.compile(r"[^,.;]*?\b(?:said|says|told|added|was|were|is|are|has|have|had|will|would|did|does|"
                         r"spoke|met|[a-z]{3,}ed)\b")  # "and Putin in Moscow said nothing": a new subject
_FIRST_OBJECT_GAP = re.compile(r"\s+(?:(?:his|her|the)\s+)?")
# The second object ends its clause or carries its own place/day: "and Meloni in Rome", "and then Xi.".
_OBJECT_END = re.compile(r"\s*(?:[.;]|$|,|\s+(?:in|at|on|the following|the next|later|next|last|this|by phone|"
                         r"separately|a day later|two days later)\b)", re.I)


_DAYS_APART = re.compile(r"\b(a|one|two|three|four|the)\s+days?\s+(after|before)\s+(?:[^,;.]{0,60})$", re.I)
_COUNT = {"a": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4}


def days_apart(sentence: str, ts: int, published: date) -> tuple[date, str] | None:
    """"said on Friday, a day after the two had met": the contact's day counted from the day named before."""
    m = _DAYS_APART.search(sentence, max(0, ts - 90), ts)
    if not m:
        return None
    anchor = best_date([d for d in find_dates(sentence, published) if d.end <= m.start()], m.start())
    if anchor is None or anchor.precision != "day" or anchor.day is None:
        return None
    step = timedelta(days=_COUNT[m.group(1).lower()])
    return (anchor.day - step if m.group(2).lower() == "after" else anchor.day + step), "day"
