"""Settings handed to the fetch layer and the page workers, and the task runner that runs per-article batches."""

from __future__ import annotations

from prefect.task_runners import ThreadPoolTaskRunner

from flows.config import Config, uses_threads
from flows.fetch import FetchSettings
from flows.pages import PageSettings

THREAD_WORKERS = 4  # batches in flight; each batch already fetches its hosts concurrently


def fetch_settings(cfg: Config) -> FetchSettings:
    """FetchSettings from the [fetch] section."""
    f = cfg.fetch
    return FetchSettings(
        user_agent=f.user_agent, timeout_s=f.timeout_s, total_timeout_s=f.total_timeout_s, max_bytes=f.max_bytes,
        per_host_delay_s=f.per_host_delay_s, max_connections=f.max_connections, retries=f.retries,
        allowed_private_hosts=f.allowed_private_hosts, respect_robots=f.respect_robots,
    )


def page_settings(cfg: Config) -> PageSettings:
    """PageSettings from the [run] section (page_workers 0: one per core)."""
    return PageSettings(cfg.run.page_workers or None, cfg.run.page_timeout_s)


def task_runner_for(cfg: Config | None):
    """Threads by default; Dask (a local cluster, or an existing scheduler) when [run] asks for it."""
    if uses_threads(cfg):
        return ThreadPoolTaskRunner(max_workers=THREAD_WORKERS)
    from prefect_dask import DaskTaskRunner  # optional dependency: pip install "diplowatch[dask]"

    import dask

    # Worker processes must be able to start page workers of their own (a daemonic process cannot).
    dask.config.set({"distributed.worker.daemon": False})
    if cfg.run.dask_address:
        return DaskTaskRunner(address=cfg.run.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": cfg.run.dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,
        }
    )
