"""Dates of the contacts in one sentence, and merging mentions of the same contact."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from extract.detect.dates import best_date, find_dates

# A date right after an attribution dates the statement, not the contact ("..., the White House said on Tuesday").
_ATTRIBUTION = re.compile(r"\b(?:said|says|announced|reported|confirmed|told reporters|added)\s+(?:\w+\s+)?$", re.I)
_PRE_DATE_BREAK = re.compile(r"\b(?:including|who|whose|which|that|after|before|while|when|said)\b|[;—]", re.I)
# A second contact chained to the first in one clause happens on the same occasion.
_THEN = re.compile(r"\b(?:and|before|,)\s+(?:[\w.'’-]+\s+){0,4}?(?:later|then|afterwards|subsequently)\b(?![^,;]{0,20}\b(?:week|month|"
                   r"year|days)\b)", re.I)
_OWN_CLAUSE = re.compile(r"(?:,\s*(?:and|then|while|but)|;|\band then)\s+(?:\w+\s+){0,2}$", re.I)
# "their first call since February": the start of a gap, never the day of the contact itself.
_SINCE = re.compile(r"since\b", re.I)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)
_WHERE = re.compile(r",\s+where\s+(?:\w+\s+){0,3}", re.I)
_AGAIN = re.compile(r"\s+(?:\w+\s+){0,2}?again\b", re.I)


@dataclass(frozen=True)
class Contact:
    """One contact found in a sentence (offsets relative to the sentence)."""

    participants: tuple[str, ...]
    mode: str
    status: str
    date: date | None
    precision: str | None
    trigger: str
    start: int
    confidence: float


def date_for(sentence: str, found: list[tuple], k: int, published: date) -> tuple[date | None, str | None]:
    """The date of contact k: a date after its trigger and before the next contact's, else one ahead of all."""
    ts, status = found[k][0], found[k][3]
    lo = 0 if k == 0 else ts
    nxt = k + 1
    while nxt < len(found) and found[nxt][0] == ts:
        nxt += 1  # contacts split from one trigger ("separate meetings with A and B") share its date
    hi = found[nxt][0] if nxt < len(found) else len(sentence)
    all_dates = [d for d in find_dates(sentence, published, status == "planned")
                 if not _ATTRIBUTION.search(sentence, max(0, d.start - 30), d.start)
                 and not (d.end <= ts and re.search(r"\bthat\b", sentence[d.end:ts]))
                 and not _SINCE.match(sentence, d.start) and not _SINCE_BEFORE.search(sentence, max(0, d.start - 8), d.start)]
    # Dates belong to the contact they follow ("a phone call on Thursday to meet in the autumn").
    dates = [d for d in all_dates if lo <= d.start < hi and
             not (d.end <= ts and _PRE_DATE_BREAK.search(sentence, d.end, ts)) and
             not (nxt < len(found) and d.start > found[k][1] and _OWN_CLAUSE.search(sentence, found[k][1], d.start))]
    # ("met Anwar in Johor, and on Thursday he spoke with Prabowo": Thursday opens the next contact's clause.)
    dates = [d for d in dates if not (nxt < len(found) and d.start > found[k][1] and
                                      _WHERE.fullmatch(sentence, d.end, found[nxt][0]))]
    if not dates and k:
        # "..., and on Friday he held talks with Li": a date opening this contact's own clause;
        # "flew on to Tashkent on Thursday, where he met X": the trip's day is the where-clause's.
        prev_end = found[k - 1][1]
        dates = [d for d in all_dates if prev_end <= d.start < ts and
                 (_OWN_CLAUSE.search(sentence, prev_end, d.start) or _WHERE.fullmatch(sentence, d.end, ts))]
    # A date ahead of the first contact ("Earlier this week, X's call with Y and his ...") covers them all.
    chosen = best_date(dates, ts) or best_date(
        [d for d in all_dates if d.end <= found[0][0] and not _PRE_DATE_BREAK.search(sentence, d.end, found[0][0])], ts)
    if chosen is None and k and _THEN.search(sentence, max(found[k - 1][1], ts - 40), ts):
        return date_for(sentence, found, k - 1, published)  # "met X on Saturday and later spoke to Y": same day
    return (chosen.day, chosen.precision) if chosen else (None, None)


def dedupe(found: list[Contact], sentence: str) -> list[Contact]:
    """One contact per participant set and status in a sentence ("a call ..., the first such call between the
    two leaders"); a specific mode wins over unspecified."""
    kept: list[Contact] = []
    for c in found:
        twin = next((k for k in kept if (k.participants == c.participants and k.status == c.status and
                     ("unspecified" in (k.mode, c.mode) or _hosted_online(k, c)) or
                     (k.participants == c.participants and k.mode == c.mode and k.status == c.status)) and
                     not (k.precision == c.precision == "day" and k.date != c.date)), None)  # two days: two contacts
        if twin is not None and _AGAIN.match(sentence, c.start + len(c.trigger)):
            twin = None  # "who met in Beijing last year, spoke again on Tuesday": a new contact
        if twin is None:
            kept.append(c)
            continue
        # Merge the two mentions: the specific mode and the more precise date win.
        mode = "video" if _hosted_online(twin, c) else twin.mode if twin.mode != "unspecified" else c.mode
        dated = twin if (_RANK.get(twin.precision, 9) <= _RANK.get(c.precision, 9)) else c
        kept[kept.index(twin)] = dataclasses.replace(twin, mode=mode, date=dated.date, precision=dated.precision)
    return kept


def _hosted_online(a: Contact, b: Contact) -> bool:
    """"joined a virtual summit hosted by Lula": the host of an online event hosts it online."""
    return {a.mode, b.mode} == {"video", "in_person"} and \
        any(x.mode == "in_person" and x.trigger.lower().startswith("host") for x in (a, b))


_RANK = {"day": 0, "week": 1, "month": 2}
