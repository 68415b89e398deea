"""Page reruns with pandas' text kept as Python objects (what ``sectorscope/__init__.py`` sets) against pandas 3's
default, Arrow-backed "str" columns, in pairs run one after the other.

    python benchmarks/bench_pandas_text.py [--scale 1] [--rounds 2] [--pages Overview "Worker outcomes" ...]

For each page, filter change (``bench_pages.FILTER_CHANGES``) and round, the page is run once with each setting, in
alternating order: before each timed run every cache of results is emptied and the page run once with a selection of
its own, as ``bench_pages.py`` does, so each timed run is the first with its filters. Pairs run seconds apart meet
the same machine, which on this shared machine drifts by more than the difference between separate sittings.
Prints each page's p50 with each setting and the median of the pairs' ratios (Arrow / objects: above 1, objects are
faster).

Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import (  # noqa: E402
    FILTER_CHANGES,
    PAGES,
    WARM_UP,
    database_at_scale,
    forget_every_result,
    page_on,
)
from sectorscope import text_as_arrow  # noqa: E402


def paired_runs(name: str, rounds: int) -> dict[bool, list[float]]:
    """Seconds of each timed run of page ``name`` per setting (True: Arrow-backed text), pairs in alternating
    order."""
    script, mode = PAGES[name]
    os.environ["SECTORSCOPE_MODE"] = mode
    seconds: dict[bool, list[float]] = {True: [], False: []}
    pair = 0
    for _ in range(rounds):
        for change in FILTER_CHANGES:
            for arrow in (True, False) if pair % 2 == 0 else (False, True):
                text_as_arrow(arrow)
                forget_every_result()
                page_on(script, WARM_UP).run()
                page = page_on(script, change)
                started = time.perf_counter()
                page.run()
                seconds[arrow].append(time.perf_counter() - started)
                if page.exception:
                    raise RuntimeError(f"{name} {change}: {[e.value for e in page.exception]}")
            pair += 1
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", nargs="+", default=[name for name in PAGES if name != "Data"], choices=list(PAGES))
    arguments = parser.parse_args()
    os.environ["SECTORSCOPE_DB"] = str(database_at_scale(arguments.scale))
    print(f"{'page':18s} {'Arrow p50':>10s} {'objects p50':>12s}  median ratio of pairs (Arrow / objects)")
    try:
        for name in arguments.pages:
            seconds = paired_runs(name, arguments.rounds)
            ratios = [arrow / plain for arrow, plain in zip(seconds[True], seconds[False], strict=True)]
            print(f"{name:18s} {1000 * statistics.median(seconds[True]):8.0f} ms "
                  f"{1000 * statistics.median(seconds[False]):9.0f} ms  {statistics.median(ratios):.2f}", flush=True)
    finally:
        text_as_arrow(False)


if __name__ == "__main__":
    main()
