"""What each chart builder costs on the pages, with the data the pages give it.

    python benchmarks/bench_chart_builders.py [--rounds 3] [--db DATABASE] [--save FILE] [--compare FILE]

Every public function of ``charts.bars``, ``charts.employers``, ``charts.funding``, ``charts.industry``,
``charts.maps`` and ``charts.workers`` is wrapped with a timer; the Overview, Partnerships, Industry, Worker, Employer
and Funding pages are run with
Streamlit's ``AppTest`` (in this process, as the server runs them) for each of ``bench_pages.FILTER_CHANGES``, with
the figure cache emptied before each run so that every chart is built. A builder called inside another is counted
in its caller only. Prints, per builder that returned a figure: calls, median and total milliseconds (wall and this
process's CPU, the steadier measure on a shared machine), largest total first.

``--save FILE`` keeps every figure built (per page, view and builder, as JSON); ``--compare FILE`` checks that the
figures built now equal the saved ones, so a faster way of building can be shown to build the same figures.
Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import FILTER_CHANGES, database_at_scale, page_on  # noqa: E402

PAGES = {"Overview": "app.py", "Partnerships": "pages/1_Partnerships.py", "Industry": "pages/2_Industry.py",
         "Worker outcomes": "pages/3_Worker_outcomes.py", "Employer outcomes": "pages/4_Employer_outcomes.py",
         "Funding": "pages/5_Funding_and_systems_change.py"}


class BuilderClock:
    """Wraps every public function of the chart modules; records outermost calls that return a figure."""

    def __init__(self) -> None:
        self.wall: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.built: list[tuple[str, dict]] = []
        self.active = False  # counting only in the timed runs (not while the app is first opened)
        self._depth = 0

    def wrap_modules(self) -> None:
        import plotly.graph_objects as go

        from sectorscope.charts import bars, employers, funding, industry, maps, workers

        for module in (bars, employers, funding, industry, maps, workers):
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ == module.__name__ and not name.startswith("_"):
                    setattr(module, name, self._timed(f"{module.__name__.rsplit('.', 1)[1]}.{name}", function,
                                                      go.Figure))

    def _timed(self, name: str, function, figure_type):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            self._depth += 1
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                result = function(*args, **kwargs)
            finally:
                self._depth -= 1
            if self.active and self._depth == 0 and isinstance(result, figure_type):
                self.wall[name].append(time.perf_counter() - started)
                self.cpu[name].append(time.process_time() - started_cpu)
                self.built.append((name, result.to_plotly_json()))
            return result

        return timed


def run_pages(database: Path, rounds: int, clock: BuilderClock) -> dict[str, list]:
    """Run each page for each filter change, ``rounds`` times, building every chart; return the figures built in
    the last round, per page and view."""
    import plotly.io

    from sectorscope.ui.figures import FIGURES

    os.environ["SECTORSCOPE_DB"] = str(database)
    os.environ["SECTORSCOPE_MODE"] = "staff"
    figures: dict[str, list] = {}
    for round_ in range(rounds):
        for page, script in PAGES.items():
            for change in FILTER_CHANGES:
                at = page_on(script, change)
                FIGURES.clear()
                clock.built.clear()
                clock.active = True
                at.run()
                clock.active = False
                if at.exception:
                    raise RuntimeError(f"{page} {change}: {[e.value for e in at.exception]}")
                if round_ == rounds - 1:
                    view = f"{page} {json.dumps(change, sort_keys=True)}"
                    figures[view] = [[name, json.loads(plotly.io.to_json(spec))] for name, spec in clock.built]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", type=Path, help="database (default: the demo, built once by bench_pages)")
    parser.add_argument("--save", type=Path, help="write every figure built to this JSON file")
    parser.add_argument("--compare", type=Path, help="check the figures built equal those saved in this file")
    arguments = parser.parse_args()
    database = arguments.db or database_at_scale(1)

    clock = BuilderClock()
    clock.wrap_modules()
    figures = run_pages(database, arguments.rounds, clock)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"# {arguments.rounds} rounds x {len(PAGES)} pages x {len(FILTER_CHANGES)} views; load average {load}")
    print("\n| builder | calls | median ms (CPU) | total ms (CPU) |")
    print("|---|---:|---:|---:|")
    for name in sorted(clock.wall, key=lambda name: -sum(clock.wall[name])):
        wall, cpu = clock.wall[name], clock.cpu[name]
        print(f"| {name} | {len(wall)} | {statistics.median(wall) * 1000:.1f} ({statistics.median(cpu) * 1000:.1f})"
              f" | {sum(wall) * 1000:,.0f} ({sum(cpu) * 1000:,.0f}) |")
    total_wall = sum(sum(values) for values in clock.wall.values())
    total_cpu = sum(sum(values) for values in clock.cpu.values())
    print(f"| **all** | {sum(len(v) for v in clock.wall.values())} | | {total_wall * 1000:,.0f} "
          f"({total_cpu * 1000:,.0f}) |")
    if arguments.save:
        arguments.save.write_text(json.dumps(figures))
    if arguments.compare:
        saved = json.loads(arguments.compare.read_text())
        differing = [view for view in saved if saved[view] != figures.get(view)]
        print(f"\nfigures equal to {arguments.compare}: {len(saved) - len(differing)} of {len(saved)} views"
              + (f"; differing: {differing}" if differing else ""))


if __name__ == "__main__":
    main()
