"""Whole-number settings from the environment: a value as given, a floor, and the default for nonsense."""

from __future__ import annotations

import re

import pytest

from sectorscope import config


@pytest.mark.parametrize(("raw", "expected"), [("", 10), ("abc", 10), ("2.5", 10), ("25", 25), (" 7 ", 7), ("0", 10),
                                               ("-4", 10)])
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


@pytest.mark.parametrize(("name", "raw", "said"), [
    ("SECTORSCOPE_MIN_CELL", "0", "SECTORSCOPE_MIN_CELL='0' is not a whole number of at least 1: 10 is used."),
    ("SECTORSCOPE_MIN_CELL", "ten", "SECTORSCOPE_MIN_CELL='ten' is not a whole number of at least 1: 10 is used."),
    ("SECTORSCOPE_DUCKDB_MB", "10", "SECTORSCOPE_DUCKDB_MB='10' is not a whole number of at least 64: 64 is used."),
    ("SECTORSCOPE_MIN_CELL", "5", None), ("SECTORSCOPE_MIN_CELL", " 10 ", None), ("SECTORSCOPE_MIN_CELL", "", None),
    ("SECTORSCOPE_MIN_CELL", "+5", None), ("SECTORSCOPE_CACHE_MB", "0100", None),
    ("SECTORSCOPE_MIN_CELL", "1_000", None)])
def test_a_setting_not_taken_as_given_is_said(monkeypatch, name, raw, said):
    """A privacy threshold of 0 became 1 without a word: every count was then published by the next load."""
    for setting in config.NUMBER_SETTINGS:
        monkeypatch.delenv(setting, raising=False)
    monkeypatch.setenv(name, raw)
    assert config.setting_problems() == ([said] if said else [])


@pytest.mark.parametrize(("name", "raw", "used", "said"), [
    ("SECTORSCOPE_MAX_ROWS", "lots", 20_000_000, "'lots' is not a whole number of at least 1: 20,000,000 is used."),
    ("SECTORSCOPE_MAX_ROWS", "0", 20_000_000, "'0' is not a whole number of at least 1: 20,000,000 is used."),
    ("SECTORSCOPE_MAX_UPLOAD_MB", "-5", 200.0, "'-5' is not a number of at least 0.001: 200 is used."),
    ("SECTORSCOPE_MAX_UPLOAD_MB", "0.5", 0.5, None),
    ("SECTORSCOPE_MAX_YEARS_AHEAD", "-3", 0, "'-3' is not a whole number of at least 0: 0 is used."),
    ("SECTORSCOPE_LOAD_WAIT_SECONDS", "soon", 600.0, "'soon' is not a number of at least 0: 600 is used."),
    ("SECTORSCOPE_LOAD_MEMORY_MB", "0", 0, None),  # 0: DuckDB's own limit, as documented
    ("SECTORSCOPE_MAX_READ_SECONDS", "nan", 600.0, "'nan' is not a number of at least 0.001: 600 is used."),
])
def test_every_number_setting_is_read_in_one_place_and_said_when_not_taken(monkeypatch, name, raw, used, said):
    """SECTORSCOPE_MAX_ROWS, SECTORSCOPE_MAX_YEARS_AHEAD and the others fell back to their defaults without a word
    (only the whole-number settings of the config module were said)."""
    for setting in config.NUMBER_SETTINGS:
        monkeypatch.delenv(setting, raising=False)
    monkeypatch.setenv(name, raw)
    assert config.number_setting(name) == used
    assert config.setting_problems() == ([f"{name}={said}"] if said else [])


def test_a_privacy_threshold_of_1_is_taken_but_said_to_protect_no_one(monkeypatch):
    for setting in config.NUMBER_SETTINGS:
        monkeypatch.delenv(setting, raising=False)
    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "1")
    assert config.min_cell_size() == 1
    [said] = config.setting_problems()
    assert said.startswith("SECTORSCOPE_MIN_CELL=1: the public release protects no one")


def test_the_readers_and_loads_use_the_settings(monkeypatch):
    from sectorscope.ingest import load as ingest
    from sectorscope.ingest import readers
    from sectorscope.ingest.validation import latest_plausible_date

    monkeypatch.setenv("SECTORSCOPE_MAX_ROWS", "5")
    monkeypatch.setenv("SECTORSCOPE_MAX_UPLOAD_MB", "1")
    monkeypatch.setenv("SECTORSCOPE_MAX_YEARS_AHEAD", "0")
    monkeypatch.setenv("SECTORSCOPE_LOAD_WAIT_SECONDS", "2.5")
    assert readers.ReadLimits.from_environment().max_rows == 5 and readers.max_upload_bytes() == 1024 * 1024
    import pandas as pd

    assert latest_plausible_date().year == pd.Timestamp.now().year and ingest.lock_wait_seconds() == 2.5


def test_the_command_line_and_the_pages_say_a_setting_not_taken(monkeypatch, tiny_db, capsys, tmp_path):
    from page_support import open_page

    from sectorscope import cli

    monkeypatch.setenv("SECTORSCOPE_MIN_CELL", "0")
    assert cli.main(["templates", str(tmp_path)]) == 0
    assert "SECTORSCOPE_MIN_CELL='0'" in capsys.readouterr().err
    staff = open_page("app.py", tiny_db, monkeypatch)
    assert any("SECTORSCOPE_MIN_CELL='0'" in error.value for error in staff.error)
    public = open_page("pages/0_Showcase.py", tiny_db, monkeypatch, mode="public")
    assert not any("SECTORSCOPE_MIN_CELL" in error.value for error in public.error)
    showcase_for_staff = open_page("pages/0_Showcase.py", tiny_db, monkeypatch)
    assert any("SECTORSCOPE_MIN_CELL='0'" in error.value for error in showcase_for_staff.error)


def test_a_tables_own_toolbar_offers_no_unlabelled_csv():
    """Every grid's toolbar offered "Download as CSV" beside the app's own button: its file had no Selection, no
    units and, on the demo, no "Demo data (synthetic)" (a public visitor's copy of the Showcase's tables too)."""
    import tomllib

    from sectorscope.config import PROJECT_ROOT

    settings = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["disableDataExport"] is True


def test_the_readme_lists_every_setting_the_code_reads():
    """SECTORSCOPE_QCEW_URL was read but written nowhere an administrator would look, and the others were spread over
    the README's sections (a deployment reviewer): one table lists them all, with default and meaning."""
    root = config.PROJECT_ROOT
    sources = [*(root / "sectorscope").rglob("*.py"), *(root / "deploy").rglob("*.py"), root / "app.py",
               *(root / "pages").glob("*.py")]
    read = {name for path in sources for name in re.findall(r"SECTORSCOPE_[A-Z_]+", path.read_text())}
    readme = (root / "README.md").read_text()
    table = readme.split("### Settings (environment variables)", 1)[1].split("\n#", 1)[0]
    listed = re.findall(r"^\| `(SECTORSCOPE_[A-Z_]+)` \| [^|]+ \| [^|]+", table, re.MULTILINE)
    assert sorted(listed) == sorted(read)
    assert "SECTORSCOPE_QCEW_URL" in read and set(config.NUMBER_SETTINGS) <= read
