"""Progress per stage of a night: a rich progress bar on a terminal, plain log lines elsewhere.

The flow reports through `current()`; the CLI installs a RichProgress when stdout is a TTY and not in
CI. Everything else (deployments, tests, CI) gets LogProgress, which writes through Prefect's logger.
"""

from __future__ import annotations

import logging
import os
import sys
from contextvars import ContextVar


class LogProgress:
    """Plain log lines: one when a stage starts, one when it ends."""

    def __init__(self, logger: logging.Logger | logging.LoggerAdapter | None = None) -> None:
        self.logger = logger or logging.getLogger("diplowatch")
        self._stage: str | None = None
        self._total = 0
        self._done = 0

    def stage(self, name: str, total: int) -> None:
        self.finish()
        self._stage, self._total, self._done = name, total, 0
        self.logger.info("stage %s: %d to do", name, total)

    def advance(self, n: int = 1) -> None:
        self._done += n

    def finish(self) -> None:
        if self._stage is not None:
            self.logger.info("stage %s: %d/%d done", self._stage, self._done, self._total)
            self._stage = None


class RichProgress:
    """A rich progress bar per stage, for people watching a terminal."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        )
        self._task = None

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def stage(self, name: str, total: int) -> None:
        self.finish()
        self._task = self._progress.add_task(name, total=max(total, 1) if total else 0)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def finish(self) -> None:
        if self._task is not None:
            task = self._progress.tasks[self._task]
            self._progress.update(self._task, completed=task.total)
            self._task = None


_current: ContextVar[LogProgress | RichProgress | None] = ContextVar("diplowatch_progress", default=None)


def use(progress: LogProgress | RichProgress | None):
    """Install a progress reporter for the current context; returns a token for reset()."""
    return _current.set(progress)


def reset(token) -> None:
    _current.reset(token)


def current(logger=None) -> LogProgress | RichProgress:
    """The installed reporter, or plain log lines through the given logger."""
    return _current.get() or LogProgress(logger)


def wants_rich() -> bool:
    """A terminal is watching and this is not CI."""
    return sys.stdout.isatty() and not os.environ.get("CI")
