"""Nightly runs end without waiting on Prefect's heartbeat thread; other flows' runs end as Prefect ends them."""

from __future__ import annotations

import threading

import pytest
from prefect import flow

from flows import heartbeat


def _heartbeat_threads() -> list[threading.Thread]:
    """Live threads running Prefect's `heartbeat_loop` (prefect.flow_engine._send_heartbeats starts one a run)."""
    return [t for t in threading.enumerate()
            if getattr(t, "_args", None) and getattr(t._args[0], "__name__", "") == "heartbeat_loop"]


def _run(name: str) -> threading.Thread:
    """Run a flow called `name`; return the heartbeat thread its run had."""
    seen: list[threading.Thread] = []
    earlier = set(_heartbeat_threads())  # an unjoined thread of an earlier night may still be finishing its step

    @flow(name=name)
    def probe() -> None:
        seen.extend(t for t in _heartbeat_threads() if t not in earlier)

    probe()
    assert len(seen) == 1, "the run had no heartbeat thread"
    return seen[0]


@pytest.fixture
def installed(prefect_harness, monkeypatch):
    from prefect import flow_engine

    monkeypatch.setattr(flow_engine, "_send_heartbeats", flow_engine._send_heartbeats)  # undone after the test
    assert heartbeat.install()
    assert heartbeat.install()  # twice is harmless: the wrapper is not wrapped again
    assert flow_engine._send_heartbeats.diplowatch_original.__name__ == "_send_heartbeats"


def test_nightly_run_leaves_the_heartbeat_thread_to_end_by_itself(installed):
    thread = _run(heartbeat.FLOW_NAME)
    assert thread.is_alive()  # not joined: still in its one-second sleep when the run returned
    thread.join(timeout=5)
    assert not thread.is_alive()  # and it stops at its next step


def test_other_flows_keep_prefects_join(installed):
    thread = _run("some-other-flow")
    assert not thread.is_alive()
