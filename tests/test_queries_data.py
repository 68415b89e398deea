"""Queries of the Data page, on a real DuckDB file built through the loader."""

from __future__ import annotations

import shutil

import pandas as pd

from sectorscope import db
from sectorscope.ingest import load as ingest

PARAMETERS = {"regions_without_counties": {}}


def test_regions_without_counties_are_listed_with_their_partnerships(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copyfile(tiny_db, path)
    regions = pd.DataFrame({"region_id": ["SC", "NW"], "region_name": ["South Central", "North West"]})
    ingest.load_batch(path, [ingest.TableInput("regions", regions, "regions.csv")])
    with db.connect_read_only(path) as con:
        assert db.query_sql("regions_without_counties").startswith("-- One row")
        frame = db.run_query(con, "regions_without_counties")
    assert frame.to_dict("records") == [{"region_id": "NW", "region_name": "North West", "partnerships": 0}]
