"""Contacts whose verb is left out: "Neither Meloni nor Tusk has spoken to Putin, but Orban did on Friday"."""

from __future__ import annotations

import re
from datetime import date

from extract.detect.calldates import Contact
from extract.detect.dates import best_date, find_dates
from extract.detect.entities import Mention
from extract.detect.triggers import trigger_mode

# "..., but Orban did", "..., but Orban has": a new subject standing in for the verb of the clause before.
_BUT_BEFORE = re.compile(r"(?:,\s*|\s)but\s+(?:(?:President|Prime Minister|Chancellor)\s+)?$")
_AUX_AFTER = re.compile(r"\s+(?:did|has|had)\b(?!\s*(?:not|n't|never)\b)(?!n't)")
_VERB = re.compile(r"(?:spoke|spoken|speak\w*|talk\w*|met|meet\w*|phoned|telephoned|called|visited|hosted)$", re.I)
_OBJECT_GAP = re.compile(r"\s*(?:(?:to|with)\s+)?(?:the\s+)?(?:President\s+|Prime Minister\s+)?")


def did_too(sentence: str, spans: list[tuple[int, int]], people: list[Mention], published: date) -> list[Contact]:
    """Held contacts of a contrasted subject who did what the clause before denies of others."""
    out: list[Contact] = []
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
