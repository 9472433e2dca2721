"""Date expressions in a sentence, resolved against the article's publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from extract.detect.prefilter import caseless, finditer

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_PATTERN = re.compile(
    r"\b(?:"
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d))"
    rf"|{_MON}\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<my>\d{{4}}))?"
    rf"|(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON2}(?:,?\s+(?P<dmy>\d{{4}}))?"
    r"|(?:(?<=on the )|(?<=morning of the )|(?<=evening of the )|(?<=night of the )|(?<=afternoon of the ))(?P<ord>\d{1,2})(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$)|\s+(?:and|to|at|in|when|after|before|with|for|as|"
    r"but|while|during)\b)"
    r"|(?P<rel>yesterday|today|tonight|tomorrow|last night|this morning|this afternoon|this evening|that morning|"
    r"that afternoon|that evening)(?!['’]s)"
    r"|(?P<wkq>(?:on|last|this|next)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<week>(?:earlier|later)\s+this\s+week|this\s+week|last\s+week|next\s+week|the\s+previous\s+week|"
    r"the\s+past\s+week|the\s+week\s+before|the\s+following\s+week)"
    r"|(?P<ago>\d{1,2}|two|three|four|five|six)\s+days\s+ago|(?P<prevday>the\s+(?:previous|preceding)\s+day|"
    r"the\s+day\s+before)"
    r"|(?P<weekend>over\s+the\s+weekend|(?:this|last)\s+weekend|at\s+the\s+weekend)"
    r"|(?P<month>(?:earlier|later)\s+this\s+month|this\s+month|last\s+month|next\s+month|the\s+previous\s+month)"
    r"|(?:(?<=mid-)|(?:in|during|since|by|until|early|late|mid|last|this|next|(?:earlier|later)\s+(?:in|"
    r"this))\s+)(?P<inmon>January|February|March|April|June|July|August|"
    r"September|October|November|December|May(?=\s+\d{4}|\s*[,.;]|\s+(?:to|and|for|when|after|before|with|"
    r"or)\b))(?:\s+(?P<iny>\d{4})|,?\s+(?P<rely>last|next|this)\s+year)?"
    r")",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression: where it is, the day it denotes and how precise it is."""

    start: int
    end: int
    day: date | None
    precision: str | None  # day | week | month


def _pick_year(month: int, day: int, ref: date, future: bool) -> date | None:
    """The year that puts month/day on the right side of the reference date (past for held, future for planned)."""
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            return None
        if future and cand >= ref - timedelta(days=1) and (cand - ref).days < 330:
            return cand
        if not future and cand <= ref + timedelta(days=1) and (ref - cand).days < 330:
            return cand
    try:
        return date(ref.year, month, day)
    except ValueError:
        return None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_shift(ref: date, delta: int) -> date:
    index = ref.year * 12 + ref.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def _resolve(m: re.Match, ref: date, future: bool) -> tuple[date | None, str | None]:
    g = m.groupdict()
    if g["iso"]:
        try:
            return date(int(g["iy"]), int(g["im"]), int(g["id"])), "day"
        except ValueError:
            return None, None
    if g["mon"] or g["mon2"]:
        month = _MONTHS[(g["mon"] or g["mon2"]).lower().rstrip(".")]
        day = int(g["md"] or g["dm"])
        year = g["my"] or g["dmy"]
        if year:
            try:
                return date(int(year), month, day), "day"
            except ValueError:
                return None, None
        found = _pick_year(month, day, ref, future)
        return (found, "day") if found else (None, None)
    if g["ord"]:
        # "on the 11th": a day of the publication month, else of the month before (after, if planned).
        day = int(g["ord"])
        for shift in ((0, 1) if future else (0, -1)):
            first = _month_shift(ref, shift)
            try:
                cand = date(first.year, first.month, day)
            except ValueError:
                continue
            if (cand >= ref - timedelta(days=1)) if future else (cand <= ref + timedelta(days=1)):
                return cand, "day"
        return None, None
    if g["rel"]:
        rel = g["rel"].lower()
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(rel, 0)
        return ref + timedelta(days=shift), "day"
    if g["wd"]:
        target = _WEEKDAYS[g["wd"].lower()]
        qual = (g["wkq"] or "").strip().lower()
        if qual == "next" or (future and qual != "last"):
            ahead = (target - ref.weekday()) % 7 or (7 if qual == "next" else 0)  # "will meet on Wednesday", said on a Wednesday: today
            return ref + timedelta(days=ahead), "day"
        back = (ref.weekday() - target) % 7
        if qual == "last" and back == 0:
            back = 7
        return ref - timedelta(days=back), "day"
    if g["week"]:
        text = " ".join(g["week"].lower().split())
        if text == "the following week":
            return (_monday(ref) + timedelta(days=7), "week") if future else (None, None)  # ahead of a plan only
        if text.startswith(("last", "the")):
            return _monday(ref) - timedelta(days=7), "week"
        if text.startswith("next"):
            return _monday(ref) + timedelta(days=7), "week"
        return _monday(ref), "week"
    if g["ago"]:
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
        n = words.get(g["ago"].lower()) or int(g["ago"])
        return ref - timedelta(days=n), "day"
    if g["prevday"]:
        return ref - timedelta(days=1), "day"
    if g["weekend"]:
        # The weekend just past (or under way): date it by the Monday of the week that contains it.
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        if future and ref.weekday() < 5 and not g["weekend"].lower().startswith("last"):
            saturday = ref + timedelta(days=5 - ref.weekday())  # "will host him over the weekend": the coming one
        return _monday(saturday), "week"
    if g["month"]:
        text = g["month"].lower()
        delta = -1 if text.startswith(("last", "the")) else 1 if text.startswith("next") else 0
        return _month_shift(ref, delta), "month"
    if g["inmon"]:
        month = _MONTHS[g["inmon"].lower()]
        if g["iny"]:
            return date(int(g["iny"]), month, 1), "month"
        year = ref.year
        if g["rely"] or re.search(r"(?:last|next) year in\s+\S+$", m.string[max(0, m.start() - 20):m.end()], re.I):
            words = m.string[max(0, m.start() - 20):m.end()].lower()
            shift = -1 if "last year" in words else 1 if "next year" in words else 0
            return date(year + shift, month, 1), "month"
        qualifier = m.group(0).split()[0].lower()
        if qualifier == "this" and month >= ref.month:
            return date(year, month, 1), "month"  # "this October": later this year, whatever the status says
        if qualifier == "last" and month >= ref.month:
            return date(year - 1, month, 1), "month"
        if qualifier == "next" and month <= ref.month:
            return date(year + 1, month, 1), "month"
        if future and month < ref.month:
            year += 1
        if not future and month > ref.month:
            year -= 1
        return date(year, month, 1), "month"
    return None, None


_FAST = caseless(_PATTERN)
_RANK = {"day": 0, "week": 1, "month": 2}


# Every date expression contains a digit or one of these (lowercased); others skip the big regex.
_HINTS = ("day", "week", "month", "yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening",
          "night", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "ago")
_DIGIT = re.compile(r"\d")
_REPORTED = re.compile(r"\b(?:said|says|announced|reported|told)\b", re.I)
_CALENDAR_AFTER = re.compile(r",?\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|"
                             r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|"
                             r"Dec)\b", re.I)
# "BEIJING, Feb 5 (Reuters) -": the dateline dates the story, not the contact.
_DATELINE = re.compile(r"[A-Z][A-Z .,'/-]{2,40},\s+[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s+\d{4})?\s*(?:\([^)]{1,40}\))?"
                       r"\s*[-–—]+\s*|[A-Z][A-Z .,'/-]{2,40}\s*\([^)]{1,40}\)\s*[-–—]+\s*|"
                       r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\s*\([^)]{1,40}\)\s*[-–—]+\s*")


def find_dates(sentence: str, ref: date, future: bool = False) -> list[DateMention]:
    """Every date expression in the sentence, resolved against ref (planned contacts look forward)."""
    low = sentence.lower()
    if not any(h in low for h in _HINTS) and not _DIGIT.search(sentence):
        return []
    out: list[DateMention] = []
    dateline = _DATELINE.match(sentence)
    for m in finditer(_FAST, _PATTERN, sentence, dateline.end() if dateline else 0):
        day, precision = _resolve(m, ref, future)
        if m.group("wd") and _CALENDAR_AFTER.match(sentence, m.end()):
            continue  # "on Thursday, October 30": the calendar date that follows is the one to use
        if m.group("rel") and m.group("rel").lower().startswith("that ") and \
                not _REPORTED.search(sentence, 0, m.start()):
            continue  # "that morning" is the report's day only in reported speech ("the Elysee said ... had spoken")
        if day is not None:
            out.append(DateMention(m.start(), m.end(), day, precision))
    return out


def best_date(mentions: list[DateMention], anchor: int) -> DateMention | None:
    """The most precise date mention, nearest to anchor among equally precise ones."""
    if not mentions:
        return None
    return min(mentions, key=lambda d: (_RANK[d.precision or "month"], abs(d.start - anchor)))
