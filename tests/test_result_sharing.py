"""One computation per key at a time, and queries a page starts ahead (``data.fetch_later``).

Counted, not timed: when many sessions open the same view at once (the default view of a freshly started server)
the cache computes it once and the others wait for that result; a page's queries started in the background are not
run a second time when the page asks for them, and a page never waits for a busy pool.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from sectorscope.ui.result_cache import ResultCache


def _frame(value: int) -> pd.DataFrame:
    return pd.DataFrame({"value": [value]})


def _wait_until(condition, timeout_s: float = 10.0) -> None:
    """Wait for a condition another thread makes true, checking each time a short event wait times out."""
    tick = threading.Event()
    for _ in range(int(timeout_s / 0.01)):
        if condition():
            return
        tick.wait(0.01)
    raise AssertionError("the other thread did not get there")


class HeldComputation:
    """A computation that, once started, waits until ``release`` is set, then returns ``value`` or raises ``error``;
    ``calls`` counts how often it ran."""

    def __init__(self, value: pd.DataFrame | None = None, error: Exception | None = None) -> None:
        self.value, self.error, self.calls = value, error, 0
        self.started, self.release = threading.Event(), threading.Event()

    def __call__(self) -> pd.DataFrame:
        self.calls += 1
        self.started.set()
        assert self.release.wait(10)
        if self.error is not None:
            raise self.error
        return self.value


def test_callers_asking_for_a_key_being_computed_wait_for_that_computation():
    cache = ResultCache(max_bytes=10**6)
    slow = HeldComputation(_frame(7))
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(cache.get_or_compute, "view", slow)
        assert slow.started.wait(10)
        others = [pool.submit(cache.get_or_compute, "view", slow) for _ in range(3)]
        _wait_until(lambda: cache.stats.shared == 3)  # all three are waiting, none computes
        slow.release.set()
        results = [first.result(10)] + [other.result(10) for other in others]
    assert slow.calls == 1
    assert all(result is results[0] for result in results)
    assert (cache.stats.misses, cache.stats.shared) == (1, 3)
    assert cache.get_or_compute("view", lambda: pytest.fail("kept: not computed again")) is results[0]


def test_a_failed_computation_fails_only_its_caller_and_the_waiters_compute_for_themselves():
    cache = ResultCache(max_bytes=10**6)
    failing = HeldComputation(error=RuntimeError("the first caller's query failed"))
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get_or_compute, "view", failing)
        assert failing.started.wait(10)
        waiter = pool.submit(cache.get_or_compute, "view", lambda: _frame(3))
        _wait_until(lambda: cache.stats.shared == 1)
        failing.release.set()
        with pytest.raises(RuntimeError, match="first caller"):
            first.result(10)
        assert waiter.result(10)["value"].tolist() == [3]
    assert cache.stats.misses == 2  # the failure, then the waiter's own computation
    assert cache.get_or_compute("view", lambda: pytest.fail("kept")).loc[0, "value"] == 3


def test_a_result_too_large_to_keep_still_reaches_the_waiters():
    cache = ResultCache(max_bytes=10)  # nothing fits
    slow = HeldComputation(_frame(5))
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get_or_compute, "big", slow)
        assert slow.started.wait(10)
        waiter = pool.submit(cache.get_or_compute, "big", lambda: pytest.fail("must wait, not compute"))
        _wait_until(lambda: cache.stats.shared == 1)
        slow.release.set()
        assert waiter.result(10) is first.result(10)
    assert len(cache) == 0


@pytest.fixture
def fresh_data(tiny_db, monkeypatch):
    from sectorscope.ui import data

    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    data.forget_cached_data()
    yield data
    data.forget_cached_data()


def test_a_query_started_ahead_is_not_run_again_when_the_page_asks_for_it(fresh_data):
    data = fresh_data
    data.fetch("sectors")  # the database's signature and connection, as a page's setup has them
    misses = data.QUERY_RESULTS.stats.misses
    later = data.fetch_later("partnership_choices", public_only=False)
    got = later.result()
    assert data.QUERY_RESULTS.stats.misses == misses + 1  # run once: by the worker or by the page, not both
    pd.testing.assert_frame_equal(got, data.fetch("partnership_choices", public_only=False))
    assert data.QUERY_RESULTS.stats.misses == misses + 1


def test_a_page_runs_a_query_itself_when_the_workers_are_busy(fresh_data, monkeypatch):
    data = fresh_data
    data.fetch("sectors")
    busy, release = threading.Event(), threading.Event()
    pool = ThreadPoolExecutor(1)
    monkeypatch.setattr(data, "_LATER_POOL", pool)
    pool.submit(lambda: busy.set() or release.wait(10))  # another session's work holds the only worker
    assert busy.wait(10)
    try:
        later = data.fetch_later("partnership_choices", public_only=False)
        got = later.result()  # returns while the worker is still busy: the page ran it
        assert not release.is_set()
        assert len(got) > 0
        misses = data.QUERY_RESULTS.stats.misses
    finally:
        release.set()
        pool.shutdown(wait=True)
    assert data.QUERY_RESULTS.stats.misses == misses  # the worker's turn came later and found it kept
