"""Named-query files: header parsing, parameter binding, and the read-only connection."""

from __future__ import annotations

import re

import pytest

from warehouse.db import connect
from warehouse.errors import WarehouseError
from warehouse.queries import named_queries, open_read_only, parse, run

SQL = """-- Calls of a leader since a day.
-- param leader: canonical name
-- param since = '2000-01-01': earliest day
select $leader as leader, cast($since as date) as since
"""


def test_header_gives_description_and_parameters():
    q = parse("x", SQL)
    assert q.description == "Calls of a leader since a day."
    assert [(p.name, p.default, p.help) for p in q.params] == [("leader", None, "canonical name"),
                                                                 ("since", "2000-01-01", "earliest day")]


def test_bind_uses_defaults_and_rejects_unknown_or_missing():
    q = parse("x", SQL)
    assert q.bind({"leader": "Xi Jinping"}) == {"leader": "Xi Jinping", "since": "2000-01-01"}
    with pytest.raises(WarehouseError, match="parameter leader is required"):
        q.bind({})
    with pytest.raises(WarehouseError, match="unknown parameter until"):
        q.bind({"leader": "x", "until": "2026-01-01"})


def test_a_file_without_description_is_refused():
    with pytest.raises(WarehouseError, match="description"):
        parse("x", "-- param a: b\nselect $a")
    with pytest.raises(WarehouseError, match="description"):
        parse("x", "select 1")


def test_every_shipped_query_declares_what_it_uses():
    for q in named_queries().values():
        declared = {p.name for p in q.params}
        used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", q.sql))
        assert used == declared, q.name


def test_read_only_connection_binds_values_as_data(db_path):
    connect(db_path).close()
    con = open_read_only(db_path)
    table = run(con, parse("x", SQL).sql, {"leader": "'; drop table runs; --", "since": "2026-01-02"})
    assert table.to_pylist()[0]["leader"] == "'; drop table runs; --"
    assert con.execute("select count(*) from runs").fetchone()[0] == 0
    with pytest.raises(WarehouseError, match="read-only"):
        run(con, "drop table runs")
    con.close()
