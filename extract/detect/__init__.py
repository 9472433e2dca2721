"""Detection of leader-to-leader contacts and red-line language, with evidence sentences and offsets.

Public surface: detect(), findings_to_dict(), DETECTOR_VERSION, ISSUES. The pipeline is:
prefilter (two compiled regexes over the whole text) -> sentence split -> only sentences holding a trigger get
gazetteer matching (Aho-Corasick), pronoun resolution, contact/red-line rules and date resolution -> a
document pass that links dates of contacts mentioned more than once.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from datetime import date, datetime, timedelta

from extract.detect import calls, entities, hosts, prefilter, redlines, sentences
from extract.detect.dates import best_date, find_dates
from extract.detect.gazetteer import load
from extract.detect.issues import ISSUES, home_issue, issue_mentions, pick_issue
from extract.detect.linking import link_dates
from extract.models import CallFinding, Findings, RedlineFinding

DETECTOR_VERSION = "1.62.0"

# A call needs two leaders: with fewer gazetteer hits, only a pronoun can supply the other one.
_PRONOUNISH = re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im|[Ss]he|[Hh]er|[Tt]hey|[Tt]heir|[Tt]hem|leaders?|"
                         r"presidents?|pair|duo|both|the two)\b")

_THERE = re.compile(r"(?:There|Then|Once there|While there|Afterwards|On arrival|Upon arrival|That evening|"
                    r"Later that day)\b")
_THERE_AFTER = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|could|may|might|seems?|"
                          r"appears?)\b)", re.I)
_NEXT_DAY = re.compile(r"\b(?:the (?:following|next) day|a day later)\b", re.I)
_IT_BE = re.compile(r"(?:It|This|That|The (?:trip|visit|journey))\s+(?:will|would|is to|is due to)\s+be\b")
_SOURCE_AGAIN = re.compile(r"(?:It|They|(?:The|A|Its)\s+(?:foreign\s+)?(?:ministry|spokes\w+|statement|embassy|"
                           r"office|government|agency|newspaper|paper|readout|presidency))\b[^.;]{0,40}?\b(?:said|says|"
                           r"warned|added|insisted|stressed|declared|told)\b")
_YEAR = re.compile(r"\b(?:in|since|during)\s+((?:19[89]|20[0-4])\d)\b")
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but)\b|\bwhile\b|\bwhereas\b|\band (?:that|said|added)\b")

__all__ = ["DETECTOR_VERSION", "ISSUES", "detect", "findings_to_dict"]


def _heading_before(text: str, spans: list[tuple[int, int]], index: int) -> str | None:
    """The nearest earlier line that looks like a heading (short, no final punctuation), for issue context."""
    for j in range(index - 1, max(-1, index - 40), -1):
        s, e = spans[j]
        line = text[s:e]
        if len(line) < 120 and line[-1] not in ".!?\"”’:;," and "\n" in text[e:e + 2] and \
                (s == 0 or text[s - 1] == "\n"):
            return line
    return None


def detect(text: str, published: date | None = None) -> Findings:
    """Find leader calls/meetings and red-line statements in text; dates resolve against published (or today)."""
    if isinstance(published, datetime):
        published = published.date()  # a timestamp from a feed: only its day matters here
    ref = published or date.today()
    hits = prefilter.scan(text)
    if not hits:
        return Findings()
    gaz = load()
    spans = sentences.split(text)
    starts = [s for s, _ in spans]
    kinds: dict[int, int] = {}
    for pos, kind in hits:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0:
            kinds[i] = kinds.get(i, 0) | kind
    cache: dict[int, list[entities.Mention]] = {}

    def mentions_of(i: int) -> list[entities.Mention]:
        """Gazetteer mentions of sentence i, computed once (the next sentence may need them for pronouns)."""
        if i not in cache:
            s, e = spans[i]
            cache[i] = entities.find(text[s:e], gaz, ref) if i >= 0 else []
        return cache[i]

    def head_of_state(country: str) -> str | None:
        """Who hosts a state visit to the country on the article's date."""
        return gaz.holder(country, "head_of_state", ref)

    def resolve(country: str) -> str | None:
        """The country's leader on the article's date ("the two presidents" of two named countries)."""
        return gaz.holder(country, "leader", ref)

    found_calls: list[tuple[int, CallFinding]] = []
    found_red: list[RedlineFinding] = []
    for i in sorted(kinds):
        s, e = spans[i]
        sentence = text[s:e]
        kind = kinds[i]
        if kind & prefilter.GATED and not kind & prefilter.CALL and prefilter.GATED_OK.search(sentence):
            kind |= prefilter.CALL
        if not kind & (prefilter.CALL | prefilter.RED | prefilter.WEAK_RED):
            continue
        own = mentions_of(i)
        pronoun = bool(_PRONOUNISH.search(sentence))
        do_calls = kind & prefilter.CALL and (len(own) >= 2 or pronoun)
        again = i > 0 and bool(_SOURCE_AGAIN.match(sentence))  # "It said...", "The ministry said..."
        do_red = kind & prefilter.RED or (kind & prefilter.WEAK_RED and (own or pronoun or again))
        if not (do_calls or do_red):
            continue  # nobody to call or to draw a line: the common case for trigger words in news
        prev = mentions_of(i - 1) if i > 0 and pronoun else []
        prev_text = text[spans[i - 1][0]:spans[i - 1][1]] if i > 0 and pronoun else ""
        mentions = entities.add_pronouns(sentence, own, prev, prev_text, resolve) if pronoun else own
        if "the president" in sentence and \
                any(m.country == "United States" for m in [*own, *(mentions_of(i - 1) if i > 0 else [])]):
            # "the president" in lower case, with America in sight, is the American one.
            mentions = hosts.bare_president(sentence, mentions, resolve("United States"))
        found_here = calls.find_contacts(sentence, hosts.seat_hosts(sentence, mentions, resolve, head_of_state), ref) \
            if do_calls else []
        if any(c.date and abs((c.date - ref).days) > 60 for c in found_here) and \
                any(m.kind == "title" for m in mentions):
            found_here = [_redated(c, sentence, mentions, gaz, ref) for c in found_here]
        if i > 0 and any(c.date is None and c.status == "held" for c in found_here) and \
                (_THERE.match(sentence) or _THERE_AFTER.search(sentence) or _NEXT_DAY.search(sentence)):
            # "Sharif flew to Tehran on Monday. There he met Pezeshkian": the trip's day is the meeting's;
            # "... on Monday. He held talks with Putin the next day": the day after it.
            prev = best_date(find_dates(text[spans[i - 1][0]:spans[i - 1][1]], ref), 0)
            if prev and (not _NEXT_DAY.search(sentence) or prev.precision == "day"):
                day = prev.day + timedelta(days=1) if _NEXT_DAY.search(sentence) else prev.day
                found_here = [dataclasses.replace(c, date=day, precision=prev.precision)
                              if c.date is None and c.status == "held" else c for c in found_here]
        if i > 0 and _IT_BE.match(sentence) and any(c.date is None and c.status == "planned" for c in found_here):
            # "Netanyahu is expected to travel to Washington next month. It would be his fourth meeting with...".
            ahead = best_date(find_dates(text[spans[i - 1][0]:spans[i - 1][1]], ref, True), 0)
            if ahead and ahead.day >= ref:
                found_here = [dataclasses.replace(c, date=ahead.day, precision=ahead.precision)
                              if c.date is None and c.status == "planned" else c for c in found_here]
        for c in found_here:
            # Only people in office on the day of the contact (or, undated, on the day of the article) count.
            # A bare year ("met Kim at the DMZ in 2019") dates nothing, but says who was in office then.
            year = (_YEAR.search(sentence, c.start) or _YEAR.search(sentence)) if c.date is None else None
            when = c.date or (date(int(year.group(1)), 7, 1) if year else ref)
            people = tuple(p for p in c.participants if gaz.in_office(p, when))
            if len(people) < 2:
                continue
            c = dataclasses.replace(c, participants=people)
            found_calls.append((i, CallFinding(c.participants, c.mode, c.status, c.date, c.precision, sentence, s, e,
                                               c.confidence, c.trigger)))
        source = None
        if again:
            before = [m for m in mentions_of(i - 1) if m.person or m.country]
            source = (before[0].person or before[0].country) if before else None
        reds = redlines.find_redlines(sentence, mentions, source) if do_red else []
        if not reds:
            continue
        here = issue_mentions(sentence)
        context = None
        if not here:
            context = pick_issue(issue_mentions(text[spans[i - 1][0]:spans[i - 1][1]]), 10**6) if i > 0 else None
            if context is None and (heading := _heading_before(text, spans, i)):
                context = pick_issue(issue_mentions(heading), 0)
        for r in reds:
            # With several statements in one sentence, an issue word belongs to those in its own clause.
            mine = [h for h in here if not _CLAUSE_BREAK.search(sentence, min(h[0], r.start), max(h[0], r.start))]
            if len(reds) == 1 and not mine:
                mine = here  # the lone statement may be about an issue named in another clause
            issue = pick_issue(mine, r.start, sentence, r.start + len(r.phrase)) if mine else \
                (context if not here else None)
            if issue is None and r.speaker:
                issue = home_issue(gaz.country_of.get(r.speaker, r.speaker))
            found_red.append(RedlineFinding(r.phrase, r.category, r.speaker, issue, r.negated, sentence, s, e,
                                            r.confidence))
    linked = link_dates(text, spans, found_calls)
    return Findings(tuple(linked), tuple(found_red))


def _redated(c: calls.Contact, sentence: str, mentions: list, gaz, ref: date) -> calls.Contact:
    """Resolve titles again on the contact's own date ("the U.S. president met Xi in November 2023")."""
    if not c.date or abs((c.date - ref).days) <= 60:
        return c
    again = entities.find(sentence, gaz, c.date)
    again = entities.add_pronouns(sentence, again, [], "", None) if any(m.kind == "pronoun" for m in mentions) \
        else again
    same = [x for x in calls.find_contacts(sentence, again, ref) if x.start == c.start]
    return same[0] if same else c


def findings_to_dict(f: Findings) -> dict:
    """JSON-ready form of findings: {"calls": [...], "redlines": [...]}."""
    return {
        "calls": [
            {
                "participants": list(c.participants), "mode": c.mode, "status": c.status,
                "date": c.date.isoformat() if c.date else None, "date_precision": c.date_precision,
                "evidence": c.evidence, "start": c.start, "end": c.end, "confidence": c.confidence,
            }
            for c in f.calls
        ],
        "redlines": [
            {
                "phrase": r.phrase, "category": r.category, "speaker": r.speaker, "issue": r.issue,
                "negated": r.negated, "evidence": r.evidence, "start": r.start, "end": r.end,
                "confidence": r.confidence,
            }
            for r in f.redlines
        ],
    }
