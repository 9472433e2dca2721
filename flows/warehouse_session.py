"""Short write windows on the warehouse: open, do one thing, close.

DuckDB admits one writing process per file, and a reader holding the file open blocks a writer. The
night therefore never holds the warehouse while it waits on the network: it opens it for each load
and closes it straight after, and waits (with a log line) while someone else holds it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from flows.errors import RunError
from warehouse.db import connect
from warehouse.errors import WarehouseError

log = logging.getLogger("diplowatch.warehouse")

LOCK_WAIT_S = 600.0  # how long a night waits for another process to let go of the warehouse


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


@contextmanager
def warehouse_session(path: str, wait_s: float = LOCK_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, retried with backoff while another process holds the file."""
    deadline = time.monotonic() + wait_s
    delay = 0.2
    while True:
        try:
            con = connect(path)
            break
        except WarehouseError as exc:
            if not _is_lock_error(exc.__cause__ or exc) or time.monotonic() >= deadline:
                raise RunError(str(exc)) from exc
            log.warning("warehouse %s is held by another process; retrying in %.1fs", path, delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)
    try:
        yield con
    finally:
        con.close()
