"""Whole-number settings from the environment: a value as given, a floor, and the default for nonsense."""

from __future__ import annotations

import pytest

from sectorscope import config


@pytest.mark.parametrize(("raw", "expected"), [("", 10), ("abc", 10), ("2.5", 10), ("25", 25), (" 7 ", 7), ("0", 1),
                                               ("-4", 1)])
def test_min_cell_size(monkeypatch, raw, expected):
    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", raw)
    assert config.min_cell_size() == expected


@pytest.mark.parametrize(("raw", "expected"), [("", 1024), ("10", 64), ("2048", 2048), ("lots", 1024)])
def test_duckdb_megabytes_has_a_floor(monkeypatch, raw, expected):
    monkeypatch.setenv("SECTORSCOPE_DUCKDB_MB", raw)
    assert config.duckdb_megabytes() == expected


def test_cache_megabytes(monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_CACHE_MB", "0")
    assert config.cache_megabytes() == 1
    monkeypatch.delenv("SECTORSCOPE_CACHE_MB")
    assert config.cache_megabytes() == 256
