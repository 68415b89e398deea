"""The server stays small: caches are bounded in bytes, and every county travels once per map.

Structure, not speed: what `benchmarks/bench_memory_scale.py` measures (memory after many views, bytes per page)
rests on these.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plotly.io.json import to_json_plotly

from sectorscope import config
from sectorscope.charts import industry, maps
from sectorscope.charts import workers as worker_charts
from sectorscope.sources import geo
from sectorscope.ui.result_cache import ResultCache, estimated_bytes

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def _frame(rows: int, text: str = "x") -> pd.DataFrame:
    return pd.DataFrame({"county": [f"{text}{i:05d}" for i in range(rows)], "value": np.arange(rows, dtype=float)})


def test_the_cache_keeps_results_while_they_fit_and_drops_the_least_recently_used():
    one = estimated_bytes(_frame(1000))
    cache = ResultCache(max_bytes=int(one * 2.5))
    for key in ("a", "b"):
        cache.get_or_compute(key, lambda: _frame(1000))
    cache.get_or_compute("a", lambda: pytest.fail("a was kept and must not be computed again"))
    cache.get_or_compute("c", lambda: _frame(1000))  # over budget: b, least recently used, goes
    assert cache.current_bytes <= cache.max_bytes
    assert len(cache) == 2
    computed = []
    cache.get_or_compute("b", lambda: computed.append("b") or _frame(1000))
    assert computed == ["b"]
    assert cache.stats.hits == 1 and cache.stats.misses == 4


def test_a_result_larger_than_the_budget_is_returned_but_not_kept():
    cache = ResultCache(max_bytes=1000)
    big = _frame(10_000)
    assert cache.get_or_compute("big", lambda: big) is big
    assert len(cache) == 0 and cache.current_bytes == 0


def test_text_columns_count_their_strings():
    short, long = _frame(100, "x"), _frame(100, "x" * 200)
    assert estimated_bytes(long) > estimated_bytes(short) + 100 * 150


def test_the_query_cache_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECTORSCOPE_CACHE_MB", "64")
    assert config.cache_megabytes() == 64
    monkeypatch.setenv("SECTORSCOPE_CACHE_MB", "lots")
    assert config.cache_megabytes() == config.DEFAULT_CACHE_MEGABYTES
    from sectorscope.ui import data

    assert data.QUERY_RESULTS.max_bytes == config.cache_megabytes() * MIB


def test_a_repeated_query_is_answered_from_the_cache_and_callers_cannot_change_it(tiny_db, monkeypatch):
    from sectorscope.ui import data

    monkeypatch.setenv("SECTORSCOPE_DB", str(tiny_db))
    data.forget_cached_data()
    first = data.fetch("sectors")
    misses = data.QUERY_RESULTS.stats.misses
    first.loc[:, first.columns[0]] = "changed by a caller"
    again = data.fetch("sectors")
    assert data.QUERY_RESULTS.stats.misses == misses  # no second query
    assert not again[again.columns[0]].eq("changed by a caller").any()


# Every Streamlit cache in the app, and why its memory is bounded. A new one must be added here with its reason.
STREAMLIT_CACHES = {
    ("sectorscope/ui/data.py", "_connection"): "two open database versions at most (max_entries=2)",
    ("sectorscope/ui/data.py", "_abandoned_copies_removed"): "an integer per database path",
    ("sectorscope/ui/data.py", "read_upload"): "uploads are capped by server.maxUploadSize, few entries kept",
    ("sectorscope/ui/data.py", "_read_written_upload"): "a large upload's header and shape only (its rows stay on "
                                                        "disk), 8 entries",
    ("sectorscope/ui/wioa.py", "_report"): "the WIOA table of the 32 most recent selections (hundreds of rows each)",
    ("sectorscope/ui/present.py", "_release_report"): "public slide content of the 16 most recent release cells",
    ("sectorscope/ui/present.py", "_report"): "slide content of the 16 most recent views (small group tables)",
}


def _streamlit_cached_functions() -> set[tuple[str, str]]:
    found = set()
    for path in [*ROOT.joinpath("sectorscope").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in {"cache_data", "cache_resource"}:
                    found.add((path.relative_to(ROOT).as_posix(), node.name))
    return found


def test_query_results_go_through_the_byte_bounded_cache_and_no_streamlit_cache_is_unaccounted():
    found = _streamlit_cached_functions()
    unaccounted = {entry for entry in found if entry not in STREAMLIT_CACHES}
    assert not unaccounted, f"Streamlit caches without a stated memory bound: {sorted(unaccounted)}"
    assert ("sectorscope/ui/data.py", "_cached_query") not in found


@pytest.fixture(scope="module")
def pennsylvania():
    counties = geo.counties_table("42")
    return counties, geo.feature_collection(counties)


def _outline_counts(fig) -> Counter:
    counts: Counter = Counter()
    for trace in fig.data:
        if trace.type != "choroplethmap":
            continue
        ids = [feature["id"] for feature in trace.geojson["features"]]
        assert sorted(ids) == sorted(str(code) for code in trace.locations), "a trace carries outlines it does not fill"
        counts.update(ids)
    return counts


def test_each_county_is_carried_once_per_map(pennsylvania):
    counties, geojson = pennsylvania
    frame = counties[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].copy()
    frame["partnerships"] = [i % 4 for i in range(len(frame))]
    frame["partnership_names"] = [[f"P{j}" for j in range(n)] for n in frame["partnerships"]]
    frame["main_sector"] = [None if n == 0 else ("Healthcare", "Energy", "Construction")[i % 3]
                            for i, n in enumerate(frame["partnerships"])]
    gains = frame[["county_fips"]].iloc[::2].assign(gain_n=20, median_gain=1.5, median_gain_low=1.0,
                                                    median_gain_high=2.0)
    lq = frame[["county_fips", "county_name", "centroid_lon", "centroid_lat"]].assign(
        lq=1.2, employment=100, status=["disclosed", "suppressed", "no reference", "no data"] * 16 + ["disclosed"] * 3)
    figures = {
        "count": maps.partnership_count_map(frame, geojson),
        "sector": maps.partnership_sector_map(frame, geojson),
        "served": maps.served_counties_map(frame, ["42071", "42133"], geojson),
        "worker gains": worker_charts.county_gain_map(frame, gains, geojson, "2019"),
        "industry LQ": industry.industry_lq_map(lq, geojson, "LQ"),
    }
    for name, fig in figures.items():
        counts = _outline_counts(fig)
        assert counts, f"{name}: no county drawn"
        assert max(counts.values()) == 1, f"{name}: counties sent more than once: {counts.most_common(3)}"
    whole_state = len(to_json_plotly(geojson))
    assert len(figures["sector"].to_json()) < 1.5 * whole_state  # was one copy of the state per sector


def test_the_turnover_chart_of_many_employers_counts_them_in_cells_and_names_the_largest_rises():
    from sectorscope.charts import employers as employer_charts

    rng = np.random.default_rng(7)
    before = rng.uniform(0.05, 0.6, 2000)
    after = np.clip(before + rng.normal(-0.05, 0.08, 2000), 0, 1)
    paired = pd.DataFrame({"turnover_rate_before": before, "turnover_rate_after": after, "change": after - before,
                           "employer_name": [f"Employer {i}" for i in range(2000)],
                           "partnership_name": "P", "survey_year": 2022})
    fig = employer_charts.turnover_scatter(paired, "Each employer")
    cells = fig.data[0]
    assert np.nansum(np.asarray(cells.z, dtype=float)) == 2000  # every employer counted once
    named = fig.data[1]
    largest = paired.nlargest(employer_charts.FOLLOW_UP, "change")["employer_name"]
    assert [row[0] for row in named.customdata] == list(largest)
    assert len(fig.to_json()) < 30_000  # one point per employer with its hover was about 225 kB


def test_the_websocket_is_compressed():
    import tomllib

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["server"]["enableWebsocketCompression"] is True


def test_the_showcase_makes_the_whole_release_csv_only_when_it_is_downloaded(demo_db, monkeypatch, query_log):
    # Made on every run (23 MB of CSV from 450,000 cells on the demo), it took the server's peak from about 320 to
    # 650 MiB on the first Showcase view; the download button now makes it when clicked
    # (tests/test_browser_showcase_download.py checks that it is still the release table).
    from page_support import open_page

    from sectorscope.ui.data import forget_cached_data
    from sectorscope.ui.menu import SHOWCASE

    forget_cached_data()  # an earlier test's Showcase of the same file left its results kept: no query to see
    at = open_page(SHOWCASE, demo_db, monkeypatch)
    assert any(button.label == "Download the whole public table (CSV)" for button in at.get("download_button"))
    names = {name for name, _ in query_log}
    assert "release_cell" in names, "the log records the Showcase's queries"
    assert "release_table" not in names


def test_read_connections_give_freed_memory_back(tiny_db):
    """DuckDB's allocator keeps what a query freed unless its background threads purge it: without them a server
    stayed at the peak of its largest query (``benchmarks/bench_memory_scale.py``)."""
    from sectorscope import db

    with db.connect_read_only(tiny_db) as con:
        assert con.execute("select current_setting('allocator_background_threads')").fetchone() == (True,)


@pytest.mark.slow  # groups 20 million rows past a 96 MB limit so they spill (about 3 s)
def test_the_read_connections_spill_into_a_folder_of_the_users_own(tmp_path, monkeypatch):
    """What spills is people's records, and the temporary folder is everyone's: one folder name for every user took
    the umask (0755: readable to all). Now this user's own, 0700; a folder of that name that is open to others, or a
    link planted there, is passed over for a new private one."""
    import os
    import stat
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(config, "_private_spill_dir", lambda: tmp_path / "private")
    usual = tmp_path / f"sectorscope-duckdb-spill-{os.getuid()}"
    assert config.duckdb_spill_dir() == usual
    assert stat.S_IMODE(usual.stat().st_mode) == 0o700
    usual.chmod(0o755)  # opened up
    assert config.duckdb_spill_dir() == tmp_path / "private"
    usual.rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    usual.symlink_to(tmp_path / "elsewhere")  # planted as a link
    assert config.duckdb_spill_dir() == tmp_path / "private"


def test_duckdb_working_memory_is_bounded_per_read_connection(tiny_db, monkeypatch):
    from sectorscope import db

    limit = "select current_setting('memory_limit'), current_setting('temp_directory')"
    with db.connect_read_only(tiny_db) as con:
        assert con.execute(limit).fetchone() == ("1.0 GiB", str(config.duckdb_spill_dir()))
    monkeypatch.setenv("SECTORSCOPE_DUCKDB_MB", "96")
    with db.connect_read_only(tiny_db) as con:
        assert con.execute(limit).fetchone()[0] == "96.0 MiB"
        # a grouping larger than the limit spills to the temporary folder (without one it fails: out of memory)
        grouped = con.execute("select count(*), sum(n) from (select x % 5000000 as g, count(*) as n "
                              "from range(20000000) t(x) group by g)").fetchone()
    assert grouped == (5_000_000, 20_000_000)
    monkeypatch.setenv("SECTORSCOPE_DUCKDB_MB", "lots")
    assert config.duckdb_megabytes() == config.DEFAULT_DUCKDB_MEGABYTES
