"""Recovery after a night that died: mark its `runs` row abandoned and make the next night redo its work."""

from __future__ import annotations

import duckdb

ABANDONED_ERROR = "the process running this night stopped before it finished (killed or crashed)"


def abandon_unfinished_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark nights still 'running' as 'abandoned' and forget feed validators; return their run ids.

    Call this only while holding the night lock: then no other night can be running. A killed night
    may have stored a feed's ETag / content hash before loading the articles that feed listed; with
    the validators kept, the next night would get 304 Not Modified and never load them. Forgetting
    them costs one full fetch of each feed, and the articles already stored are not fetched again.
    """
    con.execute("begin transaction")
    try:
        ids = [r[0] for r in con.execute(
            "select run_id from runs where status = 'running' order by started_at").fetchall()]
        if ids:
            con.execute(
                "update runs set status = 'abandoned', error = coalesce(error, ?),"
                " finished_at = coalesce(finished_at,"
                "   (select max(started_at) from fetches f where f.run_id = runs.run_id), started_at)"
                " where status = 'running'",
                [ABANDONED_ERROR],
            )
            con.execute("update feeds set etag = null, last_modified = null, content_hash = null")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return ids
