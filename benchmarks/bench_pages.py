"""Server-side rerun times of every page on the demo and on 10x and 50x states, beside a plain pandas baseline.

    python benchmarks/bench_pages.py [--scales 1 10 50] [--runs 7] [--cache DIR]

Not a test: the numbers depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "sectorscope-bench"


def database_at_scale(scale: int, cache: Path = DEFAULT_CACHE) -> Path:
    """The demo state at ``scale`` times its participants, built once and kept in ``cache`` (keyed on the scale, the
    seed and the data model version, so a new data model builds it again)."""
    from sectorscope import schema
    from sectorscope.builder import DEMO_SEED, build_demo_database

    path = cache / f"demo-x{scale}-seed{DEMO_SEED}-v{schema.SCHEMA_VERSION}.duckdb"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(f"building the demo at {scale}x in {path} ...", flush=True)
        build_demo_database(path, scale=scale)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--build-only", action="store_true", help="only build the cached databases")
    args = parser.parse_args()
    for scale in args.scales:
        database_at_scale(scale, args.cache)


if __name__ == "__main__":
    main()
