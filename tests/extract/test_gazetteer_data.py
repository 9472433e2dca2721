"""The gazetteer data files: formats, dates, coverage by date, and aliases that cannot confuse two leaders."""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "extract" / "detect" / "data"
OFFICES = {"head_of_state", "head_of_government", "head_of_state_and_government", "supreme_leader",
           "de_facto_leader"}
STATE = {"head_of_state", "head_of_state_and_government"}
GOVERNMENT = {"head_of_government", "head_of_state_and_government"}
G20 = ["Argentina", "Australia", "Brazil", "Canada", "China", "France", "Germany", "India", "Indonesia", "Italy",
       "Japan", "Mexico", "Russia", "Saudi Arabia", "South Africa", "South Korea", "Turkey", "United Kingdom",
       "United States"]
EXTRA = ["Ukraine", "Israel", "Iran", "North Korea", "Taiwan", "Pakistan", "European Union"]
# Often in the news: someone must lead each on every check day, and (where the office exists) a head of
# government too, so "the Egyptian prime minister" resolves.
FREQUENT = ["Belarus", "Hungary", "Poland", "Qatar", "United Arab Emirates", "Egypt", "Venezuela", "Syria", "Vietnam",
            "Philippines", "Palestinian Authority"]
NO_SEPARATE_PM = {"Syria", "Venezuela", "Philippines"}  # presidential; Syria's PMs are not listed on purpose
CHECK_DAYS = [date(2009, 6, 1), date(2013, 6, 1), date(2017, 6, 1), date(2021, 6, 1), date(2025, 6, 1),
              date(2026, 6, 1)]
# Aliases two leaders in office at the same time may share; the engine resolves them by context. Kept empty
# on purpose unless a real clash needs it; each entry must actually be shared (see the test below).
SHARED_OK: frozenset[str] = frozenset({"King Abdullah"})  # Saudi (2005-15) and Jordanian (1999-) kings
# Letters NFKD does not decompose into a base letter plus a mark.
_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "ß": "ss"})


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


LEADER_HEADER, LEADERS = _read("leaders.tsv")
TITLE_HEADER, TITLES = _read("titles.tsv")
COUNTRY_HEADER, COUNTRIES = _read("countries.tsv")


def _covers(row: dict[str, str], day: date) -> bool:
    start, end = _day(row["term_start"]), _day(row["term_end"])
    return start is not None and start <= day and (end is None or day < end)


def _holders(country: str, offices: set[str], day: date) -> list[str]:
    return [r["canonical"] for r in LEADERS if r["country"] == country and r["office"] in offices and _covers(r, day)]


def test_headers_are_exact() -> None:
    assert LEADER_HEADER == ["canonical", "country", "office", "term_start", "term_end", "aliases"]
    assert TITLE_HEADER == ["country", "office", "pattern"]
    assert COUNTRY_HEADER == ["country", "adjectives", "metonyms"]


@pytest.mark.parametrize("name", ["leaders.tsv", "titles.tsv", "countries.tsv"])
def test_files_are_clean_utf8_tsv(name: str) -> None:
    raw = (DATA / name).read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff") and text.endswith("\n") and "\r" not in text
    width = len(text.splitlines()[0].split("\t"))
    for number, line in enumerate(text.splitlines(), 1):
        assert line.strip(), f"{name}:{number} blank"
        assert line == line.rstrip(), f"{name}:{number} trailing whitespace"
        assert len(line.split("\t")) == width, f"{name}:{number} has {len(line.split(chr(9)))} cells"
        for cell in line.split("\t"):
            assert cell == cell.strip(), f"{name}:{number} cell {cell!r} has padding"


def test_leader_rows_are_well_formed() -> None:
    assert len(LEADERS) >= 200
    keys = set()
    for row in LEADERS:
        assert row["office"] in OFFICES, row
        start, end = _day(row["term_start"]), _day(row["term_end"])
        assert start is not None, row
        assert end is None or start < end, row
        assert end is None or end <= date(2026, 11, 29), row
        # country is part of the key: Elizabeth II and Charles III head several realms (UK, Canada, Australia)
        key = (row["canonical"], row["country"], row["office"], row["term_start"])
        assert key not in keys, key
        keys.add(key)
        aliases = row["aliases"].split("|") if row["aliases"] else []
        assert all(a and a == a.strip() for a in aliases), row
        assert len(aliases) == len(set(aliases)), row


def test_same_person_has_same_aliases_on_every_row() -> None:
    by_person: dict[str, set[str]] = defaultdict(set)
    for row in LEADERS:
        by_person[row["canonical"]].add(row["aliases"])
    assert {p: a for p, a in by_person.items() if len(a) > 1} == {}


def test_terms_in_one_office_do_not_overlap() -> None:
    by_seat: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in LEADERS:
        by_seat[(row["country"], row["office"])].append(row)
    for seat, rows in by_seat.items():
        rows.sort(key=lambda r: r["term_start"])
        for before, after in zip(rows, rows[1:]):
            assert before["term_end"] and before["term_end"] <= after["term_start"], (seat, before, after)


def test_names_with_diacritics_have_ascii_variants() -> None:
    for row in LEADERS:
        names = {row["canonical"], *filter(None, row["aliases"].split("|"))}
        for name in names:
            assert _ascii(name) in names, (name, _ascii(name))


def test_every_leader_country_is_known_to_countries_and_titles() -> None:
    countries = {r["country"] for r in COUNTRIES}
    titled = {r["country"] for r in TITLES}
    leader_countries = {r["country"] for r in LEADERS}
    assert leader_countries - countries == set()
    assert leader_countries - titled == set()
    assert {r["country"] for r in TITLES} <= countries
    assert set(G20 + EXTRA) <= leader_countries


def test_country_and_title_cells_are_lowercase_and_unique() -> None:
    assert len({r["country"] for r in COUNTRIES}) == len(COUNTRIES)
    for row in COUNTRIES:
        for cell in (row["adjectives"], row["metonyms"]):
            parts = cell.split("|")
            assert all(p and p == p.lower() and p == p.strip() for p in parts), row
    patterns = [r["pattern"] for r in TITLES]
    assert len(patterns) == len(set(patterns)), [p for p in patterns if patterns.count(p) > 1]
    for row in TITLES:
        assert row["office"] in OFFICES, row
        assert row["pattern"] == row["pattern"].lower() and not row["pattern"].startswith("the "), row


@pytest.mark.parametrize("day", CHECK_DAYS, ids=str)
@pytest.mark.parametrize("country", G20 + EXTRA)
def test_someone_heads_each_required_country_on_each_check_day(country: str, day: date) -> None:
    leading = _holders(country, OFFICES, day)
    assert leading, f"nobody leads {country} on {day}"
    if country in G20:  # both a head of state and a head of government (possibly the same person)
        assert _holders(country, STATE, day), f"no head of state of {country} on {day}"
        assert _holders(country, GOVERNMENT, day), f"no head of government of {country} on {day}"


@pytest.mark.parametrize("day", CHECK_DAYS, ids=str)
@pytest.mark.parametrize("country", FREQUENT)
def test_frequent_countries_are_led_on_each_check_day(country: str, day: date) -> None:
    assert _holders(country, OFFICES, day), f"nobody leads {country} on {day}"
    if country not in NO_SEPARATE_PM:
        assert _holders(country, GOVERNMENT, day), f"no head of government of {country} on {day}"


@pytest.mark.parametrize(
    ("country", "offices", "day", "expected"),
    [
        ("United States", STATE, date(2022, 6, 1), ["Joe Biden"]),
        ("United States", STATE, date(2026, 2, 4), ["Donald Trump"]),
        ("United States", STATE, date(2012, 6, 1), ["Barack Obama"]),
        ("United States", STATE, date(2008, 6, 1), ["George W. Bush"]),
        ("United Kingdom", GOVERNMENT, date(2026, 2, 1), ["Keir Starmer"]),
        ("United Kingdom", GOVERNMENT, date(2022, 10, 1), ["Liz Truss"]),
        ("United Kingdom", STATE, date(2020, 1, 1), ["Elizabeth II"]),
        ("China", {"head_of_state"}, date(2010, 1, 1), ["Hu Jintao"]),
        ("China", {"head_of_state"}, date(2013, 1, 1), ["Hu Jintao"]),
        ("China", {"de_facto_leader"}, date(2013, 1, 1), ["Xi Jinping"]),
        ("China", GOVERNMENT, date(2020, 1, 1), ["Li Keqiang"]),
        ("Russia", {"head_of_state"}, date(2010, 1, 1), ["Dmitry Medvedev"]),
        ("Russia", GOVERNMENT, date(2010, 1, 1), ["Vladimir Putin"]),
        ("Israel", GOVERNMENT, date(2022, 1, 1), ["Naftali Bennett"]),
        ("Iran", {"supreme_leader"}, date(2024, 1, 1), ["Ali Khamenei"]),
        ("Iran", GOVERNMENT, date(2024, 6, 1), ["Mohammad Mokhber"]),
        ("Saudi Arabia", {"de_facto_leader"}, date(2019, 1, 1), ["Mohammed bin Salman"]),
        ("Saudi Arabia", GOVERNMENT, date(2023, 1, 1), ["Mohammed bin Salman"]),
        ("Turkey", GOVERNMENT, date(2012, 1, 1), ["Recep Tayyip Erdoğan"]),
        ("Taiwan", GOVERNMENT, date(2018, 1, 1), ["Lai Ching-te"]),
        ("North Korea", OFFICES, date(2010, 1, 1), ["Kim Jong Il"]),
        ("Poland", GOVERNMENT, date(2024, 1, 1), ["Donald Tusk"]),
        ("European Union", GOVERNMENT, date(2024, 1, 1), ["Ursula von der Leyen"]),
        ("Hungary", GOVERNMENT, date(2009, 6, 1), ["Gordon Bajnai"]),
        ("Hungary", STATE, date(2020, 1, 1), ["János Áder"]),
        ("Egypt", GOVERNMENT, date(2013, 1, 1), ["Hesham Qandil"]),
        ("Egypt", STATE, date(2013, 1, 1), ["Mohamed Morsi"]),
        ("Qatar", GOVERNMENT, date(2017, 6, 1), ["Abdullah bin Nasser bin Khalifa Al Thani"]),
        ("Belarus", GOVERNMENT, date(2016, 1, 1), ["Andrei Kobyakov"]),
        ("Vietnam", {"de_facto_leader"}, date(2009, 6, 1), ["Nông Đức Mạnh"]),
        ("Vietnam", GOVERNMENT, date(2013, 6, 1), ["Nguyễn Tấn Dũng"]),
        ("Venezuela", STATE, date(2025, 6, 1), ["Nicolás Maduro"]),
    ],
)
def test_office_by_date(country: str, offices: set[str], day: date, expected: list[str]) -> None:
    assert _holders(country, offices, day) == expected


def _alias_terms() -> dict[str, dict[str, list[tuple[date, date]]]]:
    """alias -> person -> terms (open terms end on date.max)."""
    out: dict[str, dict[str, list[tuple[date, date]]]] = defaultdict(lambda: defaultdict(list))
    for row in LEADERS:
        start, end = _day(row["term_start"]), _day(row["term_end"]) or date.max
        for alias in {row["canonical"], *filter(None, row["aliases"].split("|"))}:
            out[alias][row["canonical"]].append((start, end))
    return out


def _clashes() -> dict[str, set[str]]:
    clashes: dict[str, set[str]] = {}
    for alias, people in _alias_terms().items():
        names = sorted(people)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if any(s1 < e2 and s2 < e1 for s1, e1 in people[a] for s2, e2 in people[b]):
                    clashes.setdefault(alias, set()).update({a, b})
    return clashes


def test_no_alias_names_two_leaders_in_office_together() -> None:
    assert {a: p for a, p in _clashes().items() if a not in SHARED_OK} == {}


def test_shared_alias_allowlist_is_not_stale() -> None:
    assert SHARED_OK <= set(_clashes())


def test_ambiguous_surnames_resolve_by_term() -> None:
    terms = _alias_terms()
    assert set(terms["Kim"]) == {"Kim Jong Il", "Kim Jong Un"}
    assert set(terms["Lee"]) == {"Lee Myung-bak", "Lee Jae-myung"}
    assert set(terms["Li"]) == {"Li Keqiang", "Li Qiang"}
    assert set(terms["Sharif"]) == {"Nawaz Sharif", "Shehbaz Sharif"}


def test_aliases_are_not_country_terms() -> None:
    terms = set()
    for row in COUNTRIES:
        terms |= {row["country"].lower(), *row["adjectives"].split("|"), *row["metonyms"].split("|")}
    aliases = {a.lower() for a in _alias_terms()}
    assert aliases & terms == set()


def test_press_spellings_present() -> None:
    terms = _alias_terms()
    for alias, person in [("Zelensky", "Volodymyr Zelenskyy"), ("Zelenskiy", "Volodymyr Zelenskyy"),
                          ("Erdogan", "Recep Tayyip Erdoğan"), ("MBS", "Mohammed bin Salman"),
                          ("bin Salman", "Mohammed bin Salman"), ("Lula", "Luiz Inácio Lula da Silva"),
                          ("Bibi", "Benjamin Netanyahu"), ("Ayatollah Khamenei", "Ali Khamenei"),
                          ("William Lai", "Lai Ching-te"), ("Tsai", "Tsai Ing-wen"), ("Modi", "Narendra Modi"),
                          ("Kim Jong-un", "Kim Jong Un"), ("AMLO", "Andrés Manuel López Obrador")]:
        assert set(terms[alias]) == {person}, alias


@pytest.mark.parametrize(
    ("country", "office", "day", "expected"),
    [
        ("Hungary", "president", date(2020, 1, 1), "János Áder"),  # the ceremonial president, not Orbán
        ("Hungary", "leader", date(2020, 1, 1), "Viktor Orbán"),
        ("Germany", "president", date(2020, 1, 1), "Frank-Walter Steinmeier"),
        ("Germany", "counterpart", date(2020, 1, 1), "Angela Merkel"),
        ("Egypt", "prime minister", date(2020, 1, 1), "Mostafa Madbouly"),
        ("Egypt", "leader", date(2020, 1, 1), "Abdel Fattah el-Sisi"),
        ("Syria", "leader", date(2020, 1, 1), "Bashar al-Assad"),
        ("Belarus", "leader", date(2020, 1, 1), "Alexander Lukashenko"),
        ("Qatar", "emir", date(2020, 1, 1), "Tamim bin Hamad Al Thani"),
        ("Vietnam", "leader", date(2010, 1, 1), "Nông Đức Mạnh"),
        ("Armenia", "president", date(2020, 1, 1), "Armen Sarkissian"),
        ("Armenia", "leader", date(2020, 1, 1), "Nikol Pashinyan"),
        ("Kazakhstan", "leader", date(2018, 1, 1), "Nursultan Nazarbayev"),
        ("Spain", "counterpart", date(2015, 1, 1), "Mariano Rajoy"),
    ],
)
def test_generic_titles_resolve_to_the_right_office_holder(country: str, office: str, day: date,
                                                           expected: str) -> None:
    from extract.detect.gazetteer import Gazetteer  # fresh load of these very files

    assert Gazetteer().holder(country, office, day) == expected
