"""Replace the detection results of stored articles (reprocessing), one atomic batch at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.load import CALL_SCHEMA, REDLINE_SCHEMA


def article_page(
    con: duckdb.DuckDBPyConnection, after: str, limit: int, since: date | None = None, stale_for: str | None = None,
) -> list[tuple[str, str, Any]]:
    """(article_id, text, published_at) of the next `limit` articles with article_id > after, in id order.

    since keeps articles published (else fetched) on or after that day; stale_for keeps only articles
    whose detector_version differs from it.
    """
    return con.execute(
        "select article_id, text, published_at from articles"
        " where article_id > $after"
        "   and ($since is null or coalesce(published_at, fetched_at) >= cast($since as date))"
        "   and ($stale is null or detector_version is distinct from $stale)"
        " order by article_id limit $limit",
        {"after": after, "since": since, "stale": stale_for, "limit": limit},
    ).fetchall()


def replace_mentions(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], calls: Sequence[dict[str, Any]],
    redlines: Sequence[dict[str, Any]], detector_version: str,
) -> tuple[int, int]:
    """Swap the mentions of these articles for new ones and record the detector version, in one transaction.

    Returns (call mentions removed, call mentions added) so callers can report what changed. Call ids
    of new mentions stay null until the call events are rebuilt.
    """
    ids = pa.table({"article_id": pa.array(list(article_ids), pa.string())})
    new_calls = pa.Table.from_pylist([{k: r.get(k) for k in CALL_SCHEMA.names} for r in calls], schema=CALL_SCHEMA)
    new_reds = pa.Table.from_pylist([{k: r.get(k) for k in REDLINE_SCHEMA.names} for r in redlines],
                                    schema=REDLINE_SCHEMA)
    con.register("batch_ids", ids)
    con.register("batch_calls", new_calls)
    con.register("batch_redlines", new_reds)
    con.execute("begin transaction")
    try:
        removed = con.execute(
            "select count(*) from call_mentions where article_id in (select article_id from batch_ids)").fetchone()[0]
        for table, source, schema in (("call_mentions", "batch_calls", CALL_SCHEMA),
                                      ("redline_mentions", "batch_redlines", REDLINE_SCHEMA)):
            con.execute(f"delete from {table} where article_id in (select article_id from batch_ids)")
            columns = ", ".join(schema.names)
            con.execute(f"insert into {table} ({columns}) select {columns} from {source}")
        con.execute(
            "update articles set detector_version = ? where article_id in (select article_id from batch_ids)",
            [detector_version])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for name in ("batch_ids", "batch_calls", "batch_redlines"):
            con.unregister(name)
    return removed, len(calls)
