"""How fast this machine is right now, to read the other figures against.

    python benchmarks/calibrate.py [--runs 5]

The shared machines these figures were measured on change speed over hours (the same test command on the same
code took 138 s and 77 s an hour apart on 2026-12-01). Printed beside a measurement, the median of a fixed
pure-Python loop and of a fixed pandas grouping says which kind of hour it was. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd


def _python_loop() -> None:
    sum(i * i for i in range(10**7))


def _pandas_grouping() -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"key": rng.integers(0, 1000, 2_000_000), "value": rng.random(2_000_000)})
    frame.groupby("key")["value"].median()


def median_seconds(action, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"pure-Python loop (10 million squares): {median_seconds(_python_loop, args.runs):.2f} s median")
    grouping = median_seconds(_pandas_grouping, args.runs)
    print(f"pandas median by 1,000 groups of 2 million rows: {grouping:.2f} s median")


if __name__ == "__main__":
    main()
