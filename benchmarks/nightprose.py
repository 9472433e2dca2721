"""Generated English news prose for the nightly corpus: headlines, article paragraphs, reader comments.

Every sentence is built from the team's own templates and word lists. Slots fall every few words so that
two articles share few 3-word shingles (the pipeline drops texts with MinHash Jaccard >= 0.4). About one
article in three carries a leaders' call or meeting and a red-line sentence, so detection has work.
"""

from __future__ import annotations

import math
import random

# (title, name, country): facts about office holders, nothing more.
LEADERS = [  # in office in late 2026, the corpus's dates (the detector checks terms of office)
    ("President", "Donald Trump", "United States"), ("President", "Emmanuel Macron", "France"),
    ("Chancellor", "Friedrich Merz", "Germany"), ("Prime Minister", "Keir Starmer", "United Kingdom"),
    ("President", "Xi Jinping", "China"), ("President", "Vladimir Putin", "Russia"),
    ("President", "Volodymyr Zelenskyy", "Ukraine"), ("Prime Minister", "Narendra Modi", "India"),
    ("President", "Recep Tayyip Erdogan", "Turkey"), ("Prime Minister", "Sanae Takaichi", "Japan"),
    ("President", "Lee Jae-myung", "South Korea"), ("President", "Luiz Inacio Lula da Silva", "Brazil"),
    ("Prime Minister", "Giorgia Meloni", "Italy"), ("Prime Minister", "Mark Carney", "Canada"),
    ("President", "Cyril Ramaphosa", "South Africa"), ("Prime Minister", "Anthony Albanese", "Australia"),
    ("President", "Claudia Sheinbaum", "Mexico"), ("Crown Prince", "Mohammed bin Salman", "Saudi Arabia"),
    ("President", "Abdel Fattah el-Sisi", "Egypt"), ("Prime Minister", "Benjamin Netanyahu", "Israel"),
    ("Prime Minister", "Donald Tusk", "Poland"), ("Prime Minister", "Pedro Sanchez", "Spain"),
    ("President", "Prabowo Subianto", "Indonesia"), ("President", "William Ruto", "Kenya"),
]
ISSUES = ["the border dispute", "grain exports", "the gas pipeline", "sanctions relief", "the nuclear programme",
          "maritime patrols", "the ceasefire", "tariffs on steel", "fishing rights", "the prisoner exchange",
          "airspace violations", "the water treaty", "arms deliveries", "semiconductor controls",
          "refugee returns", "the debt restructuring", "power grid repairs", "the peacekeeping mission"]
CITIES = ["Geneva", "Vienna", "Doha", "Jakarta", "Nairobi", "Oslo", "Istanbul", "Singapore", "Brasilia",
          "Warsaw", "Hanoi", "Riyadh", "Lisbon", "Helsinki", "Abu Dhabi", "Bogota", "Seoul", "Madrid"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST = ["Anna", "Tomas", "Lena", "Omar", "Priya", "Jonas", "Mei", "Carlos", "Ingrid", "Kwame", "Sofia", "Diego",
         "Hana", "Pavel", "Amara", "Ruth", "Felix", "Nadia", "Ivo", "Leila", "Marta", "Ken", "Aisha", "Bruno"]
LAST = ["Kowalski", "Haddad", "Lindqvist", "Mensah", "Okafor", "Brennan", "Tanaka", "Ferreira", "Novak", "Reyes",
        "Castell", "Moreau", "Sato", "Petrov", "Adeyemi", "Larsen", "Quinn", "Varga", "Costa", "Ibrahim"]
ROLES = ["a senior diplomat", "the deputy foreign minister", "an energy analyst", "a trade negotiator",
         "the defence ministry spokesperson", "a former ambassador", "a researcher at a policy institute",
         "an opposition lawmaker", "the central bank governor", "a regional governor", "a shipping executive"]
ADJ = ["cautious", "tense", "lengthy", "productive", "frank", "difficult", "brief", "constructive", "awkward",
       "unexpected", "delayed", "closely watched", "hastily arranged", "long-awaited"]
VERBS = ["warned", "argued", "insisted", "suggested", "noted", "acknowledged", "told reporters", "stressed",
         "conceded", "predicted", "cautioned", "repeated"]
NOUNS = ["talks", "negotiations", "consultations", "discussions", "contacts", "exchanges"]
THINGS = ["a loan guarantee", "new customs rules", "a joint commission", "an observer mission", "fuel subsidies",
          "a visa waiver", "port inspections", "a trade corridor", "emergency credit lines", "troop rotations",
          "export licences", "a monitoring agreement", "a reconstruction fund", "joint naval drills"]

FILLER = [
    "{person}, {role}, said the {noun} on {issue} had been {adj} and that {thing} remained on the table.",
    "Officials in {city} {verb} that progress on {issue} would depend on {thing} being agreed by {month}.",
    "According to {role}, {count} delegations arrived in {city} on {day} to discuss {thing}.",
    "{country}'s parliament is expected to vote on {thing} within {count} weeks, {person} {verb}.",
    "The {adj} {noun} followed months of quarrels over {issue}, which has cost both sides about {money}.",
    "Markets in {city} moved little on {day}, although traders {verb} that {issue} could unsettle {country}.",
    "In a statement, the foreign ministry of {country} described the {noun} as {adj} but declined to detail {thing}.",
    "{person} {verb} that {count} previous rounds had ended without agreement on {issue}.",
    "Critics at home accused the government of conceding too much on {thing} while {issue} stayed unresolved.",
    "A draft seen by {role} in {city} would phase in {thing} over {count} years and review {issue} annually.",
    "Aid groups working near {city} {verb} that {thing} could reach {count} thousand people before winter.",
    "The {noun} come as {country} faces an election in {month}, and {person} {verb} that timing mattered.",
    "Neither side published figures, but {role} put the cost of {thing} at roughly {money}.",
    "{person} recalled that a {adj} summit in {city} {count} years ago had produced a similar pledge on {issue}.",
    "Diplomats from {country} spent {day} evening reviewing {thing}, {role} familiar with the {noun} said.",
    "Opinion polls in {country} show support for a deal on {issue} at about {count} per cent, {person} noted.",
    "Delegations are due to reconvene in {city} on {day}, when {thing} is first on the agenda.",
    "Earlier this year {country} suspended {thing}, a step {person} called {adj} and short-sighted.",
    "Energy prices in {city} rose {count} per cent last month, adding urgency to {issue}, {role} {verb}.",
    "{person}, who has followed {issue} for {count} years, {verb} that {thing} was unlikely to satisfy {country}.",
]
CALLS = [
    "{t1} {l1} held a phone call with {t2} {l2} on {day} to discuss {issue}, {c1}'s government said.",
    "{t1} {l1} met {t2} {l2} in {city} on {day}, their first in-person meeting since the dispute over {issue}.",
    "{t1} {l1} and {t2} {l2} spoke by video link on {day} about {thing} and {issue}.",
    "{t1} {l1} will meet {t2} {l2} in {city} next {day}, officials in {c1} announced.",
    "{t1} {l1} telephoned {t2} {l2} on {day} and urged swift progress on {issue}.",
]
RED_LINES = [
    "{t1} {l1} said any move against {c1}'s position on {issue} would cross a red line.",
    "\"{issue_cap} is a red line for {c1},\" {l1} told reporters in {city}.",
    "{l1} warned that {thing} would be a red line that {c1} will not allow anyone to cross.",
    "The foreign minister of {c1} said the country had no red line on {issue} and remained open to talks.",
    "{t1} {l1} described {issue} as non-negotiable and warned of serious consequences if it were ignored.",
]
HEADLINES = [
    "{c1} and {c2} trade warnings over {issue}", "{l1} presses {c2} on {thing} as {noun} stall",
    "{adj_cap} {noun} in {city} leave {issue} unresolved", "What {thing} means for {c1}",
    "{c1} signals shift on {issue} ahead of {city} meeting", "{l1} and {l2} discuss {issue}",
    "Analysis: why {issue} keeps {c1} and {c2} apart", "{city} {noun} end without deal on {thing}",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _slots(rng: random.Random) -> dict[str, str]:
    (t1, l1, c1), (t2, l2, c2) = rng.sample(LEADERS, 2)
    issue = rng.choice(ISSUES)
    return {"t1": t1, "l1": l1, "c1": c1, "t2": t2, "l2": l2, "c2": c2, "issue": issue,
            "issue_cap": issue[0].upper() + issue[1:], "city": rng.choice(CITIES), "day": rng.choice(DAYS),
            "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": rng.choice(ROLES),
            "adj": rng.choice(ADJ), "adj_cap": rng.choice(ADJ).capitalize(), "verb": rng.choice(VERBS),
            "noun": rng.choice(NOUNS), "thing": rng.choice(THINGS), "country": rng.choice(LEADERS)[2],
            "month": rng.choice(MONTHS), "count": str(rng.randint(2, 60)),
            "money": f"${rng.randint(2, 900)} million"}


def headline(rng: random.Random) -> str:
    """A headline with two leaders or countries and an issue."""
    return rng.choice(HEADLINES).format(**_slots(rng))


def _sentence(rng: random.Random, templates: list[str]) -> str:
    return rng.choice(templates).format(**_slots(rng))


def article_text(rng: random.Random, serial: int) -> list[str]:
    """3-40 paragraphs; length drawn log-normally (median ~3,800 chars, ~300 to ~15,000)."""
    target = min(15_000, max(300, int(math.exp(rng.gauss(math.log(3800), 0.75)))))
    eventful = serial % 3 == 0  # one article in three gives the detectors a call and a red line
    paragraphs: list[str] = []
    size = 0
    while (size < target or len(paragraphs) < 3) and len(paragraphs) < 40:
        sentences = [_sentence(rng, FILLER) for _ in range(rng.randint(1, 4))]
        if eventful and len(paragraphs) in (0, 2):
            sentences.insert(0, _sentence(rng, CALLS if not paragraphs else RED_LINES))
        text = " ".join(sentences)
        paragraphs.append(text)
        size += len(text) + 1
    return paragraphs


def comment_lines(rng: random.Random) -> list[tuple[str, str]]:
    """(reader name, comment) pairs for a page's comments block."""
    openers = ["Interesting piece, but", "I doubt", "Nobody mentions that", "Good summary:", "Again?", "Honestly,"]
    return [(f"{rng.choice(FIRST).lower()}_{rng.randint(10, 999)}",
             f"{rng.choice(openers)} {_slots(rng)['issue']} will drag on until {rng.choice(MONTHS)}.")
            for _ in range(rng.randint(0, 12))]
