"""Served nights start warm: each night a fork of a process that has already imported the pipeline.

Prefect's runner (what `diplowatch serve` is) starts every flow run in a fresh interpreter (multiprocessing
"spawn"), which imports Prefect, DuckDB, aiohttp, feedparser and the detector again before the night does any
work: ~2 s of CPU a night, most of a night with nothing new. Here the runner's children are forked instead
from a forkserver that imported `flows.nightly` once, when serving began, so a night starts in milliseconds.

Prefect starts a served run through `prefect.runner._starter_direct.run_flow_in_subprocess` and names that
module attribute as the place to override it; `install()` puts `start_night` there, for diplowatch's nightly
flow only (any other flow keeps Prefect's own start). The child keeps the runner's contract: it takes the
environment the runner hands it (deployment name, heartbeats, the control channel for cancellation), runs
the flow run with Prefect's engine, sends the logs and events still queued before it exits (a forked child
exits without the interpreter's shutdown, which is where Prefect drains them), and its exit code says how
the night went.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import ExitStack
from typing import Any

from flows.perprocess import forkserver_context

log = logging.getLogger(__name__)
# What the template process imports once: the flow, and what Prefect's engine imports on a run's first use
# (measured: ~60 modules, ~0.3 s a night). A name this Prefect lacks is skipped by the forkserver.
PRELOAD = ["flows.nightly", "prefect.flow_engine", "prefect.task_engine", "prefect.utilities.visualization",
           "prefect.concurrency.sync", "prefect._vendor.croniter", "anyio._backends._asyncio", "encodings.idna"]
_DRAIN_TIMEOUT_S = 30.0


def _context():
    return forkserver_context(PRELOAD)


def warm_up() -> None:
    """Start the template process now, as serving begins, and wait until it has imported everything: the first
    night then pays no imports either."""
    probe = _context().Process(target=os.getpid, name="diplowatch-warm-up")
    probe.start()
    probe.join()


def start_night(flow, flow_run=None, parameters=None, wait_for=None, context=None, env=None):
    """Prefect's `run_flow_in_subprocess`, for the nightly flow: a forked child instead of a fresh interpreter.

    Returns the started process (Prefect's runner joins it, reads its exit code, and kills it to cancel).
    """
    from flows.nightly import nightly

    if flow.name != nightly.name or flow_run is None or wait_for or context:
        return _prefect_start(flow, flow_run=flow_run, parameters=parameters, wait_for=wait_for, context=context,
                              env=env)
    process = _context().Process(target=_night_main, args=(flow_run, parameters, dict(env or {})),
                                 name=f"diplowatch-night-{flow_run.id}")
    process.start()
    print(f"diplowatch serve: night {flow_run.id} started as a fork of the warm process (pid {process.pid})",
          file=sys.stderr, flush=True)
    return process


def _night_main(flow_run, parameters: dict[str, Any] | None, env: dict[str, str | None]) -> None:
    """The child: take the runner's environment, run the flow run, send what is still queued."""
    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    from prefect.context import SettingsContext, get_settings_context
    from prefect.engine import handle_engine_signals
    from prefect.events.worker import EventsWorker
    from prefect.flow_engine import run_flow
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import Settings

    try:  # the runner's cancellation channel (Prefect >= 3.7); without it a cancel kills the child
        from prefect._internal.control_listener import configure_from_env
    except ImportError:  # pragma: no cover - older Prefect
        configure_from_env = None
    if configure_from_env is not None:
        configure_from_env()

    from flows.nightly import flow_for

    flow = flow_for((parameters or flow_run.parameters or {}).get("config_path"))
    try:
        with ExitStack() as stack:
            # Settings were read when the template imported Prefect: read them again (~0.15 s) when the runner
            # handed over a setting (PREFECT_*). PREFECT__* names are the runner's own, read where they are used.
            if any(k.startswith("PREFECT_") and not k.startswith("PREFECT__") for k in env):
                stack.enter_context(SettingsContext(profile=get_settings_context().profile, settings=Settings()))
            stack.enter_context(handle_engine_signals(flow_run.id))
            run_flow(flow, flow_run=flow_run, parameters=parameters)
    finally:
        APILogWorker.drain_all(timeout=_DRAIN_TIMEOUT_S)
        EventsWorker.drain_all(timeout=_DRAIN_TIMEOUT_S)


_prefect_start = None


def install() -> bool:
    """Make Prefect's runner start nightly runs with `start_night`; False when this Prefect has no such hook."""
    global _prefect_start
    try:
        from prefect.runner import _starter_direct
    except ImportError:  # pragma: no cover - a Prefect without the direct starter: runs start as before
        log.warning("this Prefect has no runner hook: served nights start in a fresh interpreter")
        return False
    current = getattr(_starter_direct, "run_flow_in_subprocess", None)
    if current is None:  # pragma: no cover
        return False
    if current is not start_night:
        _prefect_start = current
        _starter_direct.run_flow_in_subprocess = start_night
    return True
