"""A load that runs out of the memory DuckDB may use is rejected whole, with one clear problem naming the limit and
what to do, never DuckDB's own message (about threads and settings) or a traceback; the database stays as it was."""

from __future__ import annotations

import hashlib

import pytest
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest.validation import ValidationError


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_load_over_the_memory_limit_is_refused_clearly_and_changes_nothing(live_db, monkeypatch):
    before = digest(live_db)
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "4")  # far too little for DuckDB to check and write anything
    inputs = [ingest.TableInput(name, frame, f"{name}.csv", mode="upsert") for name, frame in tiny_tables().items()]
    with pytest.raises(ValidationError) as refused:
        ingest.load_batch(live_db, inputs)
    [problem] = refused.value.problems
    assert "SECTORSCOPE_LOAD_MEMORY_MB" in problem.message and "4 MB" in problem.message
    assert "nothing was loaded" in problem.message and "SET threads" not in problem.message
    assert digest(live_db) == before
    assert not list(live_db.parent.glob(f".{live_db.name}.loading-*"))  # no working copy left behind


def test_the_same_load_lands_with_memory_to_spare(live_db, monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_LOAD_MEMORY_MB", "256")
    inputs = [ingest.TableInput(name, frame, f"{name}.csv", mode="upsert") for name, frame in tiny_tables().items()]
    assert ingest.load_batch(live_db, inputs).rows["participants"] == len(tiny_tables()["participants"])
