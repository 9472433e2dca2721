"""Leaders, office titles and country names, loaded once from data/*.tsv and matched with Aho-Corasick."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
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
# Generic office words after a country term ("Japan's prime minister", "the Kremlin leader", "his Chinese
# counterpart"), and which gazetteer offices fill them, best first.
_GENERIC = re.compile(
    r"(?:['’]s?)?\s+(?P<office>president|prime minister|premier|chancellor|supreme leader|leader|counterpart|"
    r"head of state|head of government|crown prince|king|emir|taoiseach|strongman|ruler|dictator|autocrat|"
    r"chief(?!\s+(?:of|executive|negotiator|economist|diplomat|strategist|justice|minister|secretary|spokes\w*|"
    r"advis[eo]r|scientist|medical|financial|operating|designate|prosecutor|editor|envoy|of staff))|boss)\b",
    re.I,
)
_OF_COUNTRY = re.compile(r"(?<![Vv]ice )(?<![Vv]ice-)(?<!eputy )(?<!ormer )(?P<office>President|Prime Minister|Chancellor|Premier|Leader|Emir|King|Crown Prince|"
                         r"Supreme Leader|president|prime minister|chancellor|premier|leader)\s+of\s+(?:the\s+)?$")
_READOUT = re.compile(r"\b[Tt]he (?P<office>President|Prime Minister|Chancellor|Crown Prince)\b(?!\s+(?:of\b|[A-Z]))|"
                      r"\b[Tt]he (?P<republic>President of the Republic)\b")  # the Elysee's readouts
# Capitalised bare offices in wire copy and readouts: the Berlin chancellery's and the Saudi agency's usage.
_READOUT_COUNTRY = {"President": "United States", "Prime Minister": "United Kingdom", "Chancellor": "Germany",
                    "Crown Prince": "Saudi Arabia"}
_READOUT_OFFICE = {"Chancellor": "head_of_government"}
# In these countries the president, not a prime minister, leads (facts, not inferable from the office columns).
PRESIDENTIAL = frozenset({
    "United States", "Russia", "France", "China", "Ukraine", "Turkey", "South Korea", "Taiwan", "Brazil",
    "Argentina", "Mexico", "Indonesia", "South Africa", "Belarus", "Kazakhstan", "Egypt", "Philippines",
    "Venezuela", "Colombia", "Chile", "Nigeria", "Kenya", "Azerbaijan", "Uzbekistan", "Iran", "North Korea",
    "Saudi Arabia", "United Arab Emirates", "Qatar", "Serbia", "Cuba", "Rwanda", "Democratic Republic of the Congo",
    "Ecuador", "Panama", "Lebanon", "Jordan", "Oman", "Vatican City", "Zimbabwe", "Finland",
    "Algeria", "Morocco", "Paraguay", "Lithuania", "Moldova", "Kuwait", "Bahrain", "Sri Lanka", "Peru", "Mongolia",
    "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Ghana", "Senegal", "Angola", "Tanzania", "Uganda", "Tunisia",
})
_LEADS = ("supreme_leader", "de_facto_leader", "head_of_state_and_government")
_GENERIC_FILLS = {
    "president": ("head_of_state", "head_of_state_and_government", "head_of_government"),
    "prime minister": ("head_of_government", "head_of_state_and_government"),
    "crown prince": ("de_facto_leader", "head_of_government"),
    "king": ("head_of_state", "head_of_state_and_government", "de_facto_leader"),
    "supreme leader": ("supreme_leader", "de_facto_leader"),
}
_COMMON_WORDS = frozenset({"May"})  # aliases that are also ordinary capitalised words
_COMMON_OK = re.compile(r"(?:Theresa|Minister|President|Mrs\.?|Ms\.?|Mr\.?|Chairman|Premier|Leader|Chancellor|"
                        r"[A-Z][a-z]+ [A-Z][a-z]+'s|Jong|Jae|Shinzo|Shehbaz|Imran|Nawaz) $")
# "May said", "May rang Trump": the month is never the subject of a past-tense verb of speech or contact.
_COMMON_VERB = re.compile(r"\s+(?:said|told|rang|met|spoke|called|phoned|telephoned|hosted|visited|held|warned|"
                          r"insisted|added|urged|wrote|argued|stressed|declared)\b|"
                          r"\s+and\s+(?!(?:January|February|March|April|June|July|August|September|October|November|"
                          r"December)\b)(?:President\s+|Prime Minister\s+)?[A-Z][a-z]+\s+(?:met|spoke|talked|held|had|"
                          r"discussed|agreed|said)\b")  # "May and Trump discussed..."
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
        """Was this term running on day (start inclusive, end exclusive)?"""
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
    """ISO day, or a bare year / year-month (taken as its first day); empty or unreadable -> None."""
    value = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    out = [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in rows]
    return [row for row in out if any(row.values())]


def _variants(phrase: str) -> set[str]:
    """Case variants of a lowercase gazetteer phrase as it appears in running text ("the kremlin" -> "the Kremlin")."""
    words = phrase.split()
    cap = [w if w in _SMALL else (w.upper() if "." in w or len(w) <= 2 else w[:1].upper() + w[1:]) for w in words]
    titled = " ".join(cap)
    out = {titled, titled[:1].upper() + titled[1:]}
    if phrase.isupper() or any(c.isupper() for c in phrase):
        out.add(phrase)
    if phrase.startswith("the ") and len(words) == 2:
        out |= {phrase, "The " + phrase[4:]}  # "the administration" is written in lower case
    out |= {v.replace("'", "’") for v in out if "'" in v}  # "People's Daily" is often typeset "People’s Daily"
    if len(words) == 1 and len(phrase) <= 4 and phrase.isalpha():
        out.add(phrase.upper())  # acronyms are written in capitals: "prc" -> "PRC", "kcna" -> "KCNA"
    return out


class Gazetteer:
    """All lookups the detector needs; build once (see `load`)."""

    def __init__(self) -> None:
        self.terms: dict[str, list[Term]] = {}
        self._by_country: dict[str, list[Term]] = {}
        self.country_of: dict[str, str] = {}
        self.countries: set[str] = set()
        self._names = ahocorasick.Automaton()  # case-sensitive: "May" the leader, not "may" the verb
        self._titles = ahocorasick.Automaton()  # matched on lowercased text
        name_map: dict[str, set[str]] = {}
        for row in _rows("leaders.tsv"):
            if not row.get("canonical") or not row.get("country"):
                continue
            term = Term(row["canonical"], row["country"], row.get("office", ""), _day(row.get("term_start", "")),
                        _day(row.get("term_end", "")))
            self.terms.setdefault(term.canonical, []).append(term)
            self._by_country.setdefault(term.country, []).append(term)
            self.country_of[term.canonical] = term.country
            for alias in {term.canonical, *filter(None, row.get("aliases", "").split("|"))}:
                name_map.setdefault(alias.strip(), set()).add(term.canonical)
        entries: dict[str, tuple] = {}
        for alias, people in name_map.items():
            entries[alias] = ("name", tuple(sorted(people)), "")
        for row in _rows("countries.tsv"):
            country = row.get("country", "")
            if not country:
                continue
            self.countries.add(country)
            phrases = {country.lower()} | set(filter(None, row.get("adjectives", "").split("|")))
            phrases |= set(filter(None, row.get("metonyms", "").split("|")))
            for phrase in phrases:
                for v in _variants(phrase.strip().lower()) | {country}:
                    if v not in entries and len(v) > 2 or v in {"US", "UK", "EU"}:
                        entries.setdefault(v, ("country", (country,), ""))
        # Ministers and spokespeople speak for their country; a leader's own alias keeps its meaning.
        for row in _rows("officials.tsv"):
            if not row.get("name") or not row.get("country"):
                continue
            for alias in {row["name"], *filter(None, row.get("aliases", "").split("|"))}:
                entries.setdefault(alias.strip(), ("official", (row["country"],), ""))
        for key, value in entries.items():
            self._names.add_word(key, (len(key), value))
        self._names.make_automaton()
        for row in _rows("titles.tsv"):
            pattern = row.get("pattern", "").strip().lower()
            if not pattern or not row.get("country"):
                continue
            self._titles.add_word(pattern, (len(pattern), ("title", (row["country"],), row.get("office", ""))))
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
                if hay[start:end + 1] in _COMMON_WORDS and not _COMMON_OK.search(hay, max(0, start - 16), start) \
                        and not _COMMON_VERB.match(hay, end + 1):
                    continue  # "in May" is a month; "Theresa May", "Prime Minister May" is the leader
                if (start > 0 and hay[start - 1].isalnum()) or (end + 1 < len(hay) and hay[end + 1].isalnum()):
                    continue
                found.append((start, end + 1, value))
        for m in _READOUT.finditer(text):
            if m.group("republic"):
                found.append((m.start(), m.end(), ("title", ("France",), "head_of_state")))
                continue
            office = m.group("office")
            found.append((m.start(), m.end(), ("title", (_READOUT_COUNTRY[office],),
                                               _READOUT_OFFICE.get(office, office.lower()))))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[Hit] = []
        last = -1
        for start, end, (kind, values, office) in found:
            if start < last:
                continue
            hit = Hit(start, end, "country" if kind == "official" else kind, "|".join(values), office)
            if kind == "country":
                hit = self._generic(text, hit)
            hits.append(hit)
            last = hit.end
        return hits

    def _generic(self, text: str, hit: Hit) -> Hit:
        """Turn a country term into a title when an office word is attached ("Canada's prime minister")."""
        m = _GENERIC.match(text, hit.end)
        if m:
            return Hit(hit.start, m.end(), "title", hit.value, m.group("office").lower())
        m = _OF_COUNTRY.search(text, max(0, hit.start - 30), hit.start)
        if m:
            return Hit(m.start(), hit.end, "title", hit.value, m.group("office").lower())
        return hit

    def person(self, candidates: str, day: date) -> str:
        """Pick among people sharing an alias ("Kim", "Bush") the one in office on day, else the nearest term."""
        people = candidates.split("|")
        if len(people) == 1:
            return people[0]

        def distance(name: str) -> int:
            """Days between day and the person's nearest term (0 when in office)."""
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
        if office in _FILLS:
            wanted = _FILLS[office]
        elif office in _GENERIC_FILLS:
            wanted = _GENERIC_FILLS[office]
        elif office == "counterpart":  # a leader's opposite number: Iran's president, not its supreme leader
            wanted = ("de_facto_leader", "head_of_state_and_government", "head_of_state", "head_of_government") \
                if country in PRESIDENTIAL else \
                ("de_facto_leader", "head_of_government", "head_of_state_and_government", "head_of_state")
        elif country in PRESIDENTIAL:  # leader, counterpart, ruler...
            wanted = (*_LEADS, "head_of_state", "head_of_government")
        else:
            wanted = (*_LEADS, "head_of_government", "head_of_state")
        best: tuple[int, str] | None = None
        for t in self._by_country.get(country, ()):
            if t.office in wanted and t.covers(day):
                rank = wanted.index(t.office)
                if best is None or rank < best[0]:
                    best = (rank, t.canonical)
        return best[1] if best else None

    def in_office(self, name: str, day: date) -> bool:
        """Did this person hold a leader's office on day (a few days' grace for an inauguration)?"""
        return any(t.covers(day) or t.covers(day + timedelta(days=3)) for t in self.terms.get(name, ()))


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer()
