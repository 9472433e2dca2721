"""`diplowatch report` on a warehouse of known rows: chart figures, escaping, filters, empty states, errors."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from flows.cli import main
from flows.report import ReportData, render_report
from warehouse.db import connect

sys.path.insert(0, str(Path(__file__).parent))
from report_support import CALLS, REDLINES, Page, build_warehouse, check_report_page  # noqa: E402


@pytest.fixture
def known_db(db_path):
    build_warehouse(db_path)
    return db_path


def test_report_shows_the_known_rows(known_db, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", "--db", known_db, "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    check_report_page(page)
    assert "1 near-duplicate articles counted once" in page.all_text()
    summary = {a["data-metric"]: int(a["data-value"]) for a in page.find("li") if "data-metric" in a}
    con = connect(known_db, read_only=True)
    kept = con.execute("select count(*) from articles where duplicate_of is null").fetchone()[0]
    con.close()
    assert summary == {
        "articles": kept, "call mentions": sum(c[3] for c in CALLS) + 1, "red-line mentions": len(REDLINES),
        "sources": 3,
    }


def test_hostile_text_is_escaped_in_the_markup(known_db, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--db", known_db, "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onerror=&quot;alert(2)&quot;' in html
    # Inside attributes the quote is escaped too, so the feed name cannot close data-feed="...".
    assert 'data-feed="wire&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in html


def test_page_is_self_contained(known_db, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--db", known_db, "--out", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    csp = [a["content"] for a in page.find("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "img-src data:" in csp[0]
    assert not page.find("link") and not page.find("iframe") and not page.find("object")
    for tag, attrs, _ in page.elements:
        assert "src" not in attrs and "srcset" not in attrs, tag
        if "href" in attrs:
            assert tag == "a" and attrs["href"].startswith("https://")


def test_since_leaves_out_earlier_weeks(known_db, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--db", known_db, "--since", "2026-01-19", "--out", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    weeks = {b["data-week"] for b in page.find("rect", "bar", "chart-calls")}
    assert weeks == {"2026-01-19", "2026-01-26"}
    assert sum(int(b["data-value"]) for b in page.find("rect", "bar", "chart-calls")) == sum(
        1 for _, week, _, _ in CALLS if week >= 2
    )
    days = {c["data-day"] for c in page.find("rect", "cell", "chart-activity")}
    assert min(days) == "2026-01-19"


def test_empty_warehouse_shows_empty_states(db_path, tmp_path):
    connect(db_path).close()
    out = tmp_path / "report.html"
    assert main(["report", "--db", db_path, "--out", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert not page.find("svg")
    text = page.all_text()
    for message in ("No calls in this period.", "No red lines in this period.", "No speakers in this period.",
                    "No fetches or articles in this period."):
        assert message in text


def test_links_are_http_only():
    data = ReportData(since=None, latest_calls=[{
        "day": date(2026, 1, 5), "date_precision": "day", "participants": ["A", "B"], "mode": "phone",
        "status": "held", "evidence": "A called B.", "title": "Evil", "url": "javascript:alert(1)", "source": "x",
    }, {
        "day": date(2026, 1, 5), "date_precision": "month", "participants": ["A", "B"], "mode": "phone",
        "status": "held", "evidence": "A called B.", "title": "Fine", "url": "https://ok.example/a?b=1&c=2",
        "source": "x",
    }])
    page = Page(render_report(data, "w.duckdb"))
    hrefs = [a["href"] for a in page.find("a")]
    assert hrefs == ["https://ok.example/a?b=1&c=2"]
    assert "Evil" in page.all_text()


def test_errors_exit_2(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")]) == 2
    assert "no warehouse here" in capsys.readouterr().err
    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "--since", "last week",
                 "--out", str(tmp_path / "r.html")]) == 2
    assert "--since must be a date" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_long_periods_stay_readable():
    # Two years of nightly activity: the grid keeps the latest 53 weeks; wide totals on thin bars are left
    # to the tooltips rather than printed over each other.
    from datetime import timedelta

    from flows.report.data import ActivityCell

    first = date(2024, 1, 1)  # a Monday; the last cell, day 724, falls in the 104th week
    cells = [ActivityCell("meridian", first + timedelta(d), 1, 1, 0, ()) for d in range(0, 728, 4)]
    weekly = [(first + timedelta(weeks=w), "A – B", 100 + w) for w in range(104)]
    data = ReportData(since=None, activity=cells, calls_weekly=weekly)
    page = Page(render_report(data, "w.duckdb"))
    grid = page.find("rect", "cell", "chart-activity")
    assert len(grid) == 53
    assert min(c["data-day"] for c in grid) == (first + timedelta(weeks=104 - 53)).isoformat()
    assert "51 earlier weeks left out" in page.all_text()
    assert len(page.find("rect", "bar", "chart-calls")) == 104
    assert page.find("text", "data-label", "chart-calls") == []


def test_db_defaults_to_the_environment(known_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOWATCH_DB", known_db)
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out)]) == 0
    assert len(Page(out.read_text(encoding="utf-8")).find("tr", "call-row")) == sum(c[3] for c in CALLS) + 1
