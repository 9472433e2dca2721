"""Build each split's JSONL (the splits in SPLITS) from its hand-written item source (<split>_src.py)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent

# Short keys used in the sources -> canonical English Wikipedia titles.
LEADERS = {
    "Trump": "Donald Trump", "Xi": "Xi Jinping", "Putin": "Vladimir Putin", "Biden": "Joe Biden",
    "Obama": "Barack Obama", "Zelenskyy": "Volodymyr Zelenskyy", "Erdogan": "Recep Tayyip Erdoğan",
    "Macron": "Emmanuel Macron", "Scholz": "Olaf Scholz", "Merz": "Friedrich Merz", "Merkel": "Angela Merkel",
    "Starmer": "Keir Starmer", "Sunak": "Rishi Sunak", "Johnson": "Boris Johnson", "Modi": "Narendra Modi",
    "Netanyahu": "Benjamin Netanyahu", "Pezeshkian": "Masoud Pezeshkian", "Khamenei": "Ali Khamenei",
    "Kim": "Kim Jong Un", "Yoon": "Yoon Suk Yeol", "Lee": "Lee Jae-myung", "Moon": "Moon Jae-in",
    "Lai": "Lai Ching-te", "Tsai": "Tsai Ing-wen", "Sharif": "Shehbaz Sharif", "Khan": "Imran Khan",
    "Kishida": "Fumio Kishida", "Ishiba": "Shigeru Ishiba", "Takaichi": "Sanae Takaichi", "Abe": "Shinzo Abe",
    "Albanese": "Anthony Albanese", "Trudeau": "Justin Trudeau", "Carney": "Mark Carney",
    "Lula": "Luiz Inácio Lula da Silva", "Milei": "Javier Milei", "Sheinbaum": "Claudia Sheinbaum",
    "MBS": "Mohammed bin Salman", "Ramaphosa": "Cyril Ramaphosa", "Prabowo": "Prabowo Subianto",
    "Meloni": "Giorgia Meloni", "Sanchez": "Pedro Sánchez", "Tusk": "Donald Tusk", "Orban": "Viktor Orbán",
    "Anwar": "Anwar Ibrahim", "Sisi": "Abdel Fattah el-Sisi", "Lukashenko": "Alexander Lukashenko",
    "Wong": "Lawrence Wong", "MBZ": "Mohamed bin Zayed Al Nahyan", "Tamim": "Tamim bin Hamad Al Thani",
    "Rouhani": "Hassan Rouhani", "Raisi": "Ebrahim Raisi", "Hollande": "François Hollande",
    "Tokayev": "Kassym-Jomart Tokayev", "Marcos": "Bongbong Marcos", "Rutte": "Mark Rutte",
    "Medvedev": "Dmitry Medvedev", "Cameron": "David Cameron", "Poroshenko": "Petro Poroshenko", "Li": "Li Qiang",
    # Added with dev4 (earlier office holders and more countries).
    "Hu": "Hu Jintao", "Wen": "Wen Jiabao", "LiK": "Li Keqiang", "Sarkozy": "Nicolas Sarkozy",
    "Brown": "Gordon Brown", "May": "Theresa May", "Truss": "Liz Truss", "Noda": "Yoshihiko Noda",
    "Suga": "Yoshihide Suga", "Park": "Park Geun-hye", "LeeMB": "Lee Myung-bak", "Bennett": "Naftali Bennett",
    "Lapid": "Yair Lapid", "Abbas": "Mahmoud Abbas", "Ahmadinejad": "Mahmoud Ahmadinejad",
    "NSharif": "Nawaz Sharif", "Singh": "Manmohan Singh", "Ma": "Ma Ying-jeou", "Morrison": "Scott Morrison",
    "Turnbull": "Malcolm Turnbull", "Gillard": "Julia Gillard", "Harper": "Stephen Harper", "Renzi": "Matteo Renzi",
    "Draghi": "Mario Draghi", "Zuma": "Jacob Zuma", "Jokowi": "Joko Widodo", "Duterte": "Rodrigo Duterte",
    "AMLO": "Andrés Manuel López Obrador", "Bolsonaro": "Jair Bolsonaro", "Yanukovych": "Viktor Yanukovych",
    "KingSalman": "Salman of Saudi Arabia", "Sharaa": "Ahmed al-Sharaa", "Assad": "Bashar al-Assad",
    "Duda": "Andrzej Duda", "Nawrocki": "Karol Nawrocki", "Ruto": "William Ruto", "Tinubu": "Bola Tinubu",
    "Rajoy": "Mariano Rajoy", "Abbott": "Tony Abbott", "ToLam": "Tô Lâm", "Chinh": "Phạm Minh Chính",
    "Aliyev": "Ilham Aliyev", "Pashinyan": "Nikol Pashinyan", "Mirziyoyev": "Shavkat Mirziyoyev",
    # Added with holdout.
    "Hatoyama": "Yukio Hatoyama", "Kan": "Naoto Kan", "Rudd": "Kevin Rudd", "Rousseff": "Dilma Rousseff",
    "Karzai": "Hamid Karzai", "Frederiksen": "Mette Frederiksen", "Stubb": "Alexander Stubb",
    "Luxon": "Christopher Luxon", "Mitsotakis": "Kyriakos Mitsotakis", "LeeHL": "Lee Hsien Loong",
    "Najib": "Najib Razak", "Gul": "Abdullah Gül", "Steinmeier": "Frank-Walter Steinmeier",
    # Added with dev5.
    "Kagame": "Paul Kagame", "Tshisekedi": "Félix Tshisekedi", "Paetongtarn": "Paetongtarn Shinawatra",
    "Manet": "Hun Manet", "Petro": "Gustavo Petro", "Boric": "Gabriel Boric", "Tebboune": "Abdelmadjid Tebboune",
    "Pavel": "Petr Pavel", "Fernandez": "Alberto Fernández", "Abiy": "Abiy Ahmed", "Pena": "Santiago Peña",
    "Mohammed6": "Mohammed VI of Morocco",
}
CATS = {"erl": "explicit_red_line", "bl": "bottom_line", "ci": "core_interest",
        "woc": "warning_of_consequences", "nn": "non_negotiable", "cd": "caution_demand"}
MODES = {"p": "phone", "v": "video", "i": "in_person", "u": "unspecified"}
STYLES = {"w": "wire", "r": "readout", "c": "commentary"}
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
# Split name -> id prefix (the first letter of every id in that split's JSONL).
SPLITS = (("dev", "d"), ("test", "t"), ("dev2", "x"), ("dev3", "y"), ("dev4", "q"), ("holdout", "h"), ("dev5", "p"))


def _month_start(d: dt.date, delta: int) -> dt.date:
    m = d.month - 1 + delta
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def resolve(spec: str | None, pub: str | None, held: bool) -> tuple[str | None, str | None]:
    """Turn a relative date spec into (iso date, precision) against the published date."""
    if spec is None:
        return None, None
    if len(spec) == 10 and spec[:4].isdigit():
        return spec, "day"
    if len(spec) == 7 and spec[:4].isdigit():
        return spec + "-01", "month"
    p = dt.date.fromisoformat(pub)  # relative specs need a published date
    if spec[1:] in DAYS:
        want = DAYS.index(spec[1:])
        if spec[0] == "-":
            back = (p.weekday() - want) % 7
            return (p - dt.timedelta(days=back)).isoformat(), "day"
        fwd = (want - p.weekday()) % 7 or 7
        return (p + dt.timedelta(days=fwd)).isoformat(), "day"
    monday = p - dt.timedelta(days=p.weekday())
    fixed = {"yday": (p - dt.timedelta(days=1), "day"), "today": (p, "day"),
             "tmrw": (p + dt.timedelta(days=1), "day"),
             "wk": (monday, "week"), "lwk": (monday - dt.timedelta(days=7), "week"),
             "nwk": (monday + dt.timedelta(days=7), "week"),
             "lmo": (_month_start(p, -1), "month"), "nmo": (_month_start(p, 1), "month"),
             "mo": (_month_start(p, 0), "month")}
    if spec in fixed:
        d, prec = fixed[spec]
        return d.isoformat(), prec
    if spec.startswith("m:"):  # "in April": published year, or previous year if held and after pub
        d = dt.date(p.year, int(spec[2:]), 1)
        if held and d > p:
            d = d.replace(year=p.year - 1)
        if not held and d < _month_start(p, 0):
            d = d.replace(year=p.year + 1)
        return d.isoformat(), "month"
    if spec.startswith("d:"):  # "February 4": published year, rolled back/forward by status
        mo, day = (int(x) for x in spec[2:].split("-"))
        d = dt.date(p.year, mo, day)
        if held and d > p:
            d = d.replace(year=p.year - 1)
        if not held and d < p:
            d = d.replace(year=p.year + 1)
        return d.isoformat(), "day"
    raise ValueError(f"bad date spec {spec!r}")


ITEMS: list[dict] = []
_CUR: dict = {}


def C(who: str, mode: str, status: str = "h", date: str | None = None) -> dict:
    """One call: who = space-separated short keys, mode p/v/i/u, status h/p, date spec."""
    return {"who": who, "mode": mode, "status": status, "date": date}


def R(cat: str, speaker: str | None, issue: str | None, neg: bool = False) -> dict:
    """One red-line finding."""
    return {"category": CATS[cat], "speaker": LEADERS.get(speaker, speaker) if speaker else None,
            "issue": issue, "negated": neg}


def I(text: str, pub: str | None, style: str, calls=(), reds=(), tags=()) -> None:
    """Append one labelled item."""
    out_calls = []
    for c in calls:
        parts = sorted(LEADERS[k] for k in c["who"].split())
        held = c["status"] == "h"
        date, prec = resolve(c["date"], pub, held)
        out_calls.append({"participants": parts, "mode": MODES[c["mode"]],
                          "status": "held" if held else "planned", "date": date, "date_precision": prec})
    ITEMS.append({"text": text, "published": pub, "style": STYLES[style], "calls": out_calls,
                  "redlines": list(reds), "tags": list(tags)})


def build(name: str, prefix: str) -> int:
    """Exec one source file and write its JSONL; returns the item count."""
    ITEMS.clear()
    src = (HERE / f"{name}_src.py").read_text(encoding="utf-8")
    exec(compile(src, f"{name}_src.py", "exec"), {"I": I, "C": C, "R": R})
    with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as fh:
        for n, item in enumerate(ITEMS, 1):
            fh.write(json.dumps({"id": f"{prefix}{n:04d}", **item}, ensure_ascii=False) + "\n")
    return len(ITEMS)


if __name__ == "__main__":
    for name, prefix in SPLITS:
        if (HERE / f"{name}_src.py").exists():
            print(name, build(name, prefix), file=sys.stderr)
