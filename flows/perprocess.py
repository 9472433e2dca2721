"""One object per process, made on first use and closed at exit: the night's page pool and fetch session;
and the process's forkserver, which the page workers and served nights are forked from.

Both must live in whichever process runs a batch (the flow's, or each Dask worker's), so they cannot be
passed in as task arguments; both hold processes or threads, so they are closed at the end of a night
and, failing that, when the process exits.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerProcess(Generic[T]):
    """Holds this process's instance of T, made by `make(key)`; asking with another key replaces it."""

    def __init__(self, make: Callable[[Hashable], T], close: Callable[[T], None]) -> None:
        self._make, self._close = make, close
        self._value: T | None = None
        self._key: Hashable = None
        self._lock = threading.Lock()
        atexit.register(self.close)

    def get(self, key: Hashable = None) -> T:
        """The instance for `key`, made now if there is none or it was made for another key."""
        with self._lock:
            if self._value is not None and self._key != key:
                self._close(self._value)
                self._value = None
            if self._value is None:
                self._value, self._key = self._make(key), key
            return self._value

    def close(self) -> None:
        """Close the instance, if any."""
        with self._lock:
            if self._value is not None:
                self._close(self._value)
                self._value = None


def forkserver_context(preload: list[str]):
    """The forkserver start method, with `preload` imported once by the server before it forks anything.

    A process has one forkserver: the preload list in force is the one set before it started (later calls do
    not change a running server). The page pool (flows.pages) and served nights (flows.resident) live in
    different processes, each with its own server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    return context
