"""Many queries at once in one DuckDB instance: they take turns, and none fails for the others' memory.

At 50x the demo's participants, four sessions opening four Worker views at the same moment made two of them fail
with DuckDB's out-of-memory error (the instance's 1 GB is shared). Here the same happens on the demo with the
instance's memory cut to 128 MB: one Worker group query fits, six at once did not.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from sectorscope import db
from sectorscope.metrics import workers


def test_six_worker_views_at_once_all_arrive_within_a_small_memory_limit(demo_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_DUCKDB_MB", "128")
    selections = [{"sector_codes": [], "county_fips": [], "partnership_ids": [], "year_from": 2005 + offset,
                   "year_to": 2025, "by_partnership_county": False, "public_only": False,
                   "confidence": workers.CONFIDENCE, "groupings": list(workers.ALL_GROUPINGS)}
                  for offset in range(6)]
    with db.connect_read_only(demo_db) as con:
        con.execute("set threads = 2")  # the memory a query takes grows with DuckDB's threads: as on 2 cores
        start = threading.Barrier(len(selections))

        def one(selection: dict) -> pd.DataFrame:
            start.wait()
            return db.run_query(con, "worker_group_outcomes", **selection)

        with ThreadPoolExecutor(len(selections)) as pool:
            at_once = list(pool.map(one, selections))  # raises the first failure, if any
        one_by_one = [db.run_query(con, "worker_group_outcomes", **selection) for selection in selections]
    for together, alone in zip(at_once, one_by_one, strict=True):
        pd.testing.assert_frame_equal(together, alone)


def test_no_more_queries_than_turns_run_at_once_and_one_alone_runs_by_itself():
    gate = db.QueryGate(2)
    changed = threading.Condition()
    count = {"now": 0, "most": 0, "beside_alone": None}
    release = threading.Event()

    def hold_a_turn() -> None:
        with gate.turn():
            with changed:
                count["now"] += 1
                count["most"] = max(count["most"], count["now"])
                changed.notify_all()
            assert release.wait(10)
            with changed:
                count["now"] -= 1

    def alone() -> None:
        with gate.alone(), changed:
            count["beside_alone"] = count["now"]

    with ThreadPoolExecutor(5) as pool:
        holders = [pool.submit(hold_a_turn) for _ in range(4)]
        with changed:
            assert changed.wait_for(lambda: count["now"] == 2, timeout=10)  # two hold their turns, two queue
        waiting_alone = pool.submit(alone)  # queues behind the two holding turns
        release.set()
        for holder in holders:
            holder.result(10)
        waiting_alone.result(10)
    assert count["most"] == 2
    assert count["beside_alone"] == 0


def test_a_gate_needs_a_turn():
    with pytest.raises(ValueError, match="at least 1"):
        db.QueryGate(0)
