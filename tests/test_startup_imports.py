"""The first page imports only what it needs: the loader's validation library, the deck and PDF writers and
plotting libraries wait for the click (or the load) that needs them. Checked in a fresh interpreter, since this test
process has imported them already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sectorscope.ingest import load as ingest
from sectorscope.ui.data import has_working_copies

ROOT = Path(__file__).resolve().parents[1]
NOT_ON_THE_FIRST_PAGE = ("pandera", "pptx", "fpdf", "matplotlib", "geopandas", "sectorscope.ingest",
                         "sectorscope.release")
# Running a page draws the print-only county map (an SVG projected with pyproj alone, export.printmap) after its chart
# is sent, so a printed page has its map; geopandas is not needed for it. matplotlib (0.5 s to import) draws only the
# decks' and one-pagers' maps, on a click.
NOT_WHILE_RUNNING = NOT_ON_THE_FIRST_PAGE

OVERVIEW_RUN = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300)
at.run()
print(json.dumps({"exceptions": [e.value for e in at.exception], "charts": len(at.get("plotly_chart")),
                  "modules": sorted(sys.modules)}))
"""


def _loaded(modules: list[str], name: str) -> bool:
    return any(module == name or module.startswith(name + ".") for module in modules)


def _fresh_python(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_pages_modules_import_nothing_heavy():
    out = _fresh_python("import json, sys\n"
                        "import sectorscope.ui.setup, sectorscope.ui.data, sectorscope.ui.figures, "
                        "sectorscope.ui.render, sectorscope.charts.maps, sectorscope.present.headlines\n"
                        "print(json.dumps(sorted(sys.modules)))")
    modules = json.loads(out.splitlines()[-1])
    assert [name for name in NOT_ON_THE_FIRST_PAGE if _loaded(modules, name)] == []


def test_the_first_page_runs_without_heavy_modules(tiny_db):
    out = _fresh_python(OVERVIEW_RUN, str(ROOT / "app.py"), env={"SECTORSCOPE_DB": str(tiny_db),
                                                                 "SECTORSCOPE_MODE": "staff"})
    run = json.loads(out.splitlines()[-1])
    assert run["exceptions"] == [] and run["charts"] >= 1  # the Overview and its map really ran
    assert [name for name in NOT_WHILE_RUNNING if _loaded(run["modules"], name)] == []


MAP_SHAPES = """
import json, sys
from pathlib import Path
from sectorscope import db
from sectorscope.ui import data
signature = db.database_signature(Path(sys.argv[1]))
state = data._cached_query(signature, "active_state", ())["state_fips"].iloc[0]
shapes, outlines = data._build_state_maps(signature, state)  # what ui.data.state_geojson keeps per state
print(json.dumps({"features": len(shapes["features"]), "outlines": len(outlines["features"]),
                  "modules": sorted(sys.modules)}))
"""


def test_a_maps_shapes_are_built_without_geopandas(demo_db):
    """A page's map (its counties' GeoJSON and region outlines, ``ui.data.state_geojson``) is built from the stored
    shapes with shapely alone: geopandas and pyproj (0.3-0.4 s to import) wait until after the first chart is sent,
    for its printed picture."""
    run = json.loads(_fresh_python(MAP_SHAPES, str(demo_db)).splitlines()[-1])
    assert run["features"] > 60 and run["outlines"] > 1  # Pennsylvania's 67 counties and the demo's regions
    assert [name for name in ("geopandas", "pyproj") if _loaded(run["modules"], name)] == []


def test_the_quick_look_for_a_killed_loads_copy_sees_the_loaders_copies(tmp_path):
    """The app skips importing the loader when no copy is there: its look must match how the loader names one."""
    live = tmp_path / "state.duckdb"
    live.touch()
    assert not has_working_copies(live)
    copy = ingest._temporary_path(live)
    copy.touch()
    assert has_working_copies(live)
    assert ingest.remove_abandoned_copies(live) == 1
    assert not has_working_copies(live) and live.exists()


def test_the_package_keeps_text_as_python_objects():
    """Importing the package keeps pandas' text columns as Python objects (``sectorscope/__init__.py``: page reruns
    15-30% faster than with pandas 3's Arrow-backed text); without it, this pandas makes Arrow-backed ones."""
    code = "import pandas as pd{}\nprint(pd.DataFrame({{'name': ['a', None]}})['name'].dtype)"
    assert _fresh_python(code.format("\nimport sectorscope")).split()[-1] == "object"
    assert _fresh_python(code.format("")).split()[-1] != "object"  # the setting, not pandas, makes the difference
