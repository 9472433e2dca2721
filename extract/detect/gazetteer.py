"""Leaders, office titles and country names, loaded once from data/*.tsv and matched with Aho-Corasick."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import ahocorasick

DATA = Path(__file__).parent / "data"

# Offices a title may name, and the gazetteer offices that can fill them (a US president is both head of state
# and head of government; "the Chinese leader" is whoever leads).
_FILLS = {
    "head_of_state": ("head_of_state", "head_of_state_and_government"),
    "head_of_government": ("head_of_government", "head_of_state_and_government"),
    "head_of_state_and_government": ("head_of_state_and_government", "head_of_state", "head_of_government"),
    "supreme_leader": ("supreme_leader", "de_facto_leader", "head_of_state", "head_of_state_and_government"),
    "de_facto_leader": ("de_facto_leader", "supreme_leader", "head_of_state_and_government", "head_of_state"),
}
_SMALL = {"the", "of", "and", "de", "al", "bin", "van", "von", "der"}


@dataclass(frozen=True)
class Term:
    """One term in office of one leader."""

    canonical: str
    country: str
    office: str
    start: date | None
    end: date | None  # None while in office

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Hit:
    """A gazetteer match in a text: a person (by name), a title (country + office) or a country term."""

    start: int
    end: int
    kind: str  # name | title | country
    value: str  # canonical person for names; country for titles and country terms
    office: str = ""


def _day(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh, delimiter="\t")]


def _variants(phrase: str) -> set[str]:
    """Case variants of a lowercase gazetteer phrase as it appears in running text ("the kremlin" -> "the Kremlin")."""
    words = phrase.split()
    cap = [w if w in _SMALL else (w.upper() if "." in w or len(w) <= 2 else w[:1].upper() + w[1:]) for w in words]
    titled = " ".join(cap)
    out = {titled, titled[:1].upper() + titled[1:]}
    if phrase.isupper() or any(c.isupper() for c in phrase):
        out.add(phrase)
    return out


class Gazetteer:
    """All lookups the detector needs; build once (see `load`)."""

    def __init__(self) -> None:
        self.terms: dict[str, list[Term]] = {}
        self.country_of: dict[str, str] = {}
        self.countries: set[str] = set()
        self._names = ahocorasick.Automaton()  # case-sensitive: "May" the leader, not "may" the verb
        self._titles = ahocorasick.Automaton()  # matched on lowercased text
        name_map: dict[str, set[str]] = {}
        for row in _rows("leaders.tsv"):
            term = Term(row["canonical"], row["country"], row["office"], _day(row.get("term_start", "")),
                        _day(row.get("term_end", "")))
            self.terms.setdefault(term.canonical, []).append(term)
            self.country_of[term.canonical] = term.country
            for alias in {term.canonical, *filter(None, row.get("aliases", "").split("|"))}:
                name_map.setdefault(alias.strip(), set()).add(term.canonical)
        entries: dict[str, tuple] = {}
        for alias, people in name_map.items():
            entries[alias] = ("name", tuple(sorted(people)), "")
        for row in _rows("countries.tsv"):
            country = row["country"]
            self.countries.add(country)
            phrases = {country.lower()} | set(filter(None, row.get("adjectives", "").split("|")))
            phrases |= set(filter(None, row.get("metonyms", "").split("|")))
            for phrase in phrases:
                for v in _variants(phrase.strip().lower()) | {country}:
                    if v not in entries and len(v) > 2 or v in {"US", "UK", "EU"}:
                        entries.setdefault(v, ("country", (country,), ""))
        for key, value in entries.items():
            self._names.add_word(key, (len(key), value))
        self._names.make_automaton()
        for row in _rows("titles.tsv"):
            pattern = row["pattern"].strip().lower()
            self._titles.add_word(pattern, (len(pattern), ("title", (row["country"],), row["office"])))
            self.countries.add(row["country"])
        if len(self._titles):
            self._titles.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """All names, titles and country terms in text, longest first, non-overlapping, on word boundaries."""
        found: list[tuple[int, int, tuple]] = []
        for auto, hay in ((self._names, text), (self._titles, text.lower())):
            if not len(auto):
                continue
            for end, (length, value) in auto.iter(hay):
                start = end - length + 1
                if (start > 0 and hay[start - 1].isalnum()) or (end + 1 < len(hay) and hay[end + 1].isalnum()):
                    continue
                found.append((start, end + 1, value))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[Hit] = []
        last = -1
        for start, end, (kind, values, office) in found:
            if start < last:
                continue
            hits.append(Hit(start, end, kind, "|".join(values), office))
            last = end
        return hits

    def person(self, candidates: str, day: date) -> str:
        """Pick among people sharing an alias ("Kim", "Bush") the one in office on day, else the nearest term."""
        people = candidates.split("|")
        if len(people) == 1:
            return people[0]

        def distance(name: str) -> int:
            best = 10**6
            for t in self.terms.get(name, []):
                if t.covers(day):
                    return 0
                lo = t.start or date.min
                hi = t.end or date.max
                best = min(best, abs((lo - day).days) if day < lo else abs((day - hi).days))
            return best

        return min(people, key=distance)

    def holder(self, country: str, office: str, day: date) -> str | None:
        """Who held the office in the country on day ("the U.S. president" in 2022 -> Joe Biden)."""
        wanted = _FILLS.get(office, (office,))
        best: tuple[int, str] | None = None
        for terms in self.terms.values():
            for t in terms:
                if t.country == country and t.office in wanted and t.covers(day):
                    rank = wanted.index(t.office)
                    if best is None or rank < best[0]:
                        best = (rank, t.canonical)
        return best[1] if best else None

    def is_leader(self, name: str) -> bool:
        return name in self.terms


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer()
