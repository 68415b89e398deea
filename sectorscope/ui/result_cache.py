"""A cache bounded in bytes, not in entries, for the results the app keeps between reruns.

Streamlit's own caches bound only the number of entries, and one entry can hold a few bytes or a few hundred
megabytes (a large state's query result), so memory grew with every distinct view people opened. This cache keeps the
most recently used results while their estimated size stays under a budget; a result larger than the whole budget is
returned but not kept. It counts hits and misses, so tests can assert that a repeated view computes nothing again.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

import cachetools
import pandas as pd

T = TypeVar("T")


def estimated_bytes(value: object) -> int:
    """Estimated memory held by ``value``: pandas' deep memory usage for frames (strings included), the sum over the
    items of tuples, lists and dicts, and ``sys.getsizeof`` for anything else."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=True))
    if isinstance(value, tuple | list):
        return sys.getsizeof(value) + sum(estimated_bytes(item) for item in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(estimated_bytes(k) + estimated_bytes(v) for k, v in value.items())
    return sys.getsizeof(value)


@dataclass
class CacheStats:
    """How often the cache answered (hits), how often it had to compute (misses), and how often a caller waited for
    a computation of the same key already running (shared)."""

    hits: int = 0
    misses: int = 0
    shared: int = 0  # answered by waiting for the same key's computation already running


class ResultCache:
    """Least-recently-used results whose estimated sizes sum to at most ``max_bytes``; safe across threads.

    ``get_or_compute(key, compute)`` returns the kept result for ``key`` or computes, keeps (when it fits) and
    returns it. A key being computed is computed once: whoever asks for it meanwhile (another session, or the
    page's own fetch of a query started ahead by ``ui.data.fetch_later``) waits for that result. When that computation
    fails, each waiter computes for itself, so an error (or Streamlit's stop of one session's script) reaches only
    the caller whose computation it was.
    """

    def __init__(self, max_bytes: int, size_of: Callable[[object], int] = estimated_bytes) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        self._entries: cachetools.LRUCache = cachetools.LRUCache(maxsize=max_bytes, getsizeof=size_of)
        self._running: dict[Hashable, Future] = {}  # keys being computed now, each with its result to come
        self._lock = threading.Lock()
        self.stats = CacheStats()

    @property
    def max_bytes(self) -> int:
        """The budget: the most bytes the kept results may hold together."""
        return int(self._entries.maxsize)

    @property
    def current_bytes(self) -> int:
        """Estimated bytes held now (never above ``max_bytes``)."""
        with self._lock:
            return int(self._entries.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept result for ``key``, or ``compute()`` kept for next time when it fits in the budget."""
        while True:
            with self._lock:
                try:
                    found = self._entries[key]
                except KeyError:
                    pass
                else:
                    self.stats.hits += 1
                    return found
                running = self._running.get(key)
                if running is None:
                    self.stats.misses += 1
                    running = self._running[key] = Future()
                    break
                self.stats.shared += 1
            if running.exception() is None:  # waits; a failed computation leaves the next loop to compute
                return running.result()
        try:
            result = compute()
        except BaseException as error:
            with self._lock:
                del self._running[key]
            running.set_exception(error)
            raise
        # larger than the whole budget (cachetools raises ValueError): hand it out, do not keep it
        with self._lock:
            with contextlib.suppress(ValueError):
                self._entries[key] = result
            del self._running[key]
        running.set_result(result)
        return result

    def clear(self) -> None:
        """Forget every kept result (after a load or a switch of the active database); the counts stay."""
        with self._lock:
            self._entries.clear()
