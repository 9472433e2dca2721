"""The write path: one night at a time (a lock file), short write windows, waiting out readers.

Two locks are in play. DuckDB admits one writing process per file, and any other process holding the
file open (an analyst's read-only `duckdb` session, a long query, a report) blocks a writer: the night
therefore opens the warehouse for each load, closes it straight after, and when the file is busy it
waits and retries with a log line saying why. A night never holds the file while it waits on the network.

Between two writers, short windows are not enough (two nights would interleave their loads), so a
whole night (or a reprocess) holds `<warehouse>.night.lock` with flock from its first write window to
its end. A second night waits for it, logging who holds it, and exits with a clear message when the
wait runs out. The kernel drops the lock when the process dies, so a killed night never blocks the
next one; that next night, on taking the lock, marks the dead night's `runs` row 'abandoned'.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from flows.errors import RunError
from warehouse.db import connect
from warehouse.errors import WarehouseError
from warehouse.events import calls_stale, rebuild_calls
from warehouse.maintenance import abandon_unfinished_runs

log = logging.getLogger("diplowatch.warehouse")

LOCK_WAIT_S = 600.0  # how long a night waits for another process to let go of the warehouse
NIGHT_WAIT_S = 3600.0  # how long a night waits for another night (or reprocess) to finish

_held: dict[str, int] = {}  # resolved warehouse path -> fd of the night lock this process holds


def _wait(name: str, default: float) -> float:
    # Tests and impatient operators shorten the waits through the environment.
    return float(os.environ.get(name, default))


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def _lock_path(path: str) -> Path:
    p = Path(path).resolve()
    return p.with_name(p.name + ".night.lock")


def acquire_night(path: str, wait_s: float | None = None) -> bool:
    """Take the night lock of a warehouse; True when newly taken, False when this process holds it already."""
    key = str(Path(path).resolve())
    if key in _held:
        return False
    wait_s = _wait("DIPLOWATCH_NIGHT_WAIT_S", NIGHT_WAIT_S) if wait_s is None else wait_s
    lock = _lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    deadline, delay, logged = time.monotonic() + wait_s, 0.2, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            if time.monotonic() >= deadline:
                os.close(fd)
                raise RunError(
                    f"another night is already writing {path} ({holder}); not starting a second one. "
                    f"Wait for it to finish, or remove nothing: the lock goes away with its process.") from None
            if not logged:
                log.warning("another night is writing %s (%s); waiting up to %.0fs for it to finish", path, holder, wait_s)
                logged = True
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC".encode(), 0)
    _held[key] = fd
    return True


def release_night(path: str) -> None:
    """Let go of the night lock (no-op when this process does not hold it)."""
    fd = _held.pop(str(Path(path).resolve()), None)
    if fd is not None:
        os.ftruncate(fd, 0)
        os.close(fd)  # closing the descriptor drops the flock


def _connect_waiting(path: str, wait_s: float) -> duckdb.DuckDBPyConnection:
    deadline, delay = time.monotonic() + wait_s, 0.2
    while True:
        try:
            return connect(path)
        except WarehouseError as exc:
            if not _is_lock_error(exc.__cause__ or exc):
                raise RunError(str(exc)) from exc
            if time.monotonic() >= deadline:
                raise RunError(
                    f"{path} stayed open in another process for {wait_s:.0f}s (a duckdb session or a long query?); "
                    f"close it and run again: {exc}") from exc
            log.warning(
                "warehouse %s is open in another process (a duckdb session or a long query?); "
                "waiting %.1fs and retrying (giving up in %.0fs)", path, delay, deadline - time.monotonic())
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


@contextmanager
def warehouse_session(path: str, wait_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one write window; the first window of a night takes the night lock."""
    fresh = acquire_night(path)
    try:
        con = _connect_waiting(path, _wait("DIPLOWATCH_LOCK_WAIT_S", LOCK_WAIT_S) if wait_s is None else wait_s)
        if fresh:
            dead = abandon_unfinished_runs(con)
            if dead:
                log.warning("marked %d unfinished night(s) abandoned: %s", len(dead), ", ".join(dead))
    except BaseException:
        if fresh:
            release_night(path)
        raise
    try:
        yield con
    finally:
        con.close()


def end_night(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Last step of a night: rebuild call events when mentions changed, then let the next night in."""
    try:
        # A night with nothing new skips the rebuild (~10 s at a million mentions); a night that died
        # after loading leaves unassigned mentions, so the next night rebuilds whatever it found.
        if calls_stale(con):
            rebuild_calls(con)
    finally:
        release_night(path)


@contextmanager
def night(path: str) -> Iterator[None]:
    """Hold the night lock for a whole job that is not a night (e.g. reprocess)."""
    fresh = acquire_night(path)
    try:
        yield
    finally:
        if fresh:
            release_night(path)
