"""`diplowatch report`: a static, self-contained HTML page of calls, red lines and source health."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb

from flows.report.data import ReportData, read_report_data
from flows.report.page import render_report
from warehouse.db import connect
from warehouse.errors import WarehouseError

__all__ = ["ReportData", "build_report", "read_report_data", "render_report"]


def build_report(db_path: str | Path, out: str | Path, since: date | None = None) -> ReportData:
    """Read the warehouse (read-only) and write the report to `out`; return the data shown."""
    con = connect(db_path, read_only=True)
    try:
        data = read_report_data(con, since)
    except duckdb.Error as exc:  # e.g. a file that is not a diplowatch warehouse
        raise WarehouseError(f"{db_path}: cannot read the warehouse: {exc}") from exc
    finally:
        con.close()
    html = render_report(data, Path(db_path).name)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a reader never opens half a page.
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return data
