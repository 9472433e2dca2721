"""Prefect's flow-run heartbeats, without the wait for the heartbeat thread at the end of every night.

Prefect's engine emits a heartbeat event from a daemon thread while a flow runs (every
`PREFECT_FLOWS_HEARTBEAT_FREQUENCY` seconds, 180 by default) so that a crashed run can be detected. The
thread sleeps in steps of one second, and a synchronous flow run joins it once the run is over: every night
then waits 0-1 s (0.5 s on average) for a thread that has nothing left to do; a served night with nothing new
lasts ~1.4 s in all. Prefect's async engine already leaves the thread alone (`join_on_exit=False`): the thread
sees the stop request at its next step and returns, and it never emits for a run in a final state.
`install()` gives the nightly flow's runs that same ending; heartbeats while the night runs are unchanged.
"""

from __future__ import annotations

import inspect
import logging
from contextlib import contextmanager

log = logging.getLogger(__name__)
FLOW_NAME = "diplowatch-nightly"


def install() -> bool:
    """Stop joining the heartbeat thread at the end of nightly runs; False when this Prefect works otherwise."""
    from prefect import flow_engine

    original = getattr(flow_engine, "_send_heartbeats", None)
    if original is None or getattr(original, "diplowatch_original", None) is not None:
        return original is not None
    if "join_on_exit" not in inspect.signature(original).parameters:  # pragma: no cover - another Prefect
        log.warning("this Prefect's heartbeats take no join_on_exit: nights end as Prefect ends them")
        return False

    @contextmanager
    def send_heartbeats(engine, join_on_exit: bool = True):
        if getattr(getattr(engine, "flow", None), "name", None) == FLOW_NAME:
            join_on_exit = False
        with original(engine, join_on_exit=join_on_exit):
            yield

    send_heartbeats.diplowatch_original = original
    flow_engine._send_heartbeats = send_heartbeats
    return True
