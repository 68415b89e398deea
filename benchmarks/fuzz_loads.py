"""Run the whole fuzz corpus of hostile and careless files through the loader and print the counts (issue 15).

    python benchmarks/fuzz_loads.py [--seed 15] [--variants 20] [--bound 60]

Builds the tests' tiny state once in a temporary folder, then reads and loads every case of ``tests/fuzz_corpus.py``
(seeded, so the same corpus each run) into a copy of it, and prints per kind how many were rejected, loaded, raised
a traceback or ran past the time bound, and whether a rejection changed the database. Every count but "cases" and
"corrupt cases rejected" must be 0. Not a test: the suite runs a bounded sample (tests/test_fuzz_loads.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import fuzz_corpus  # noqa: E402
from tiny_state import tiny_tables  # noqa: E402

from sectorscope.ingest import load as ingest  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--variants", type=int, default=20, help="cases per corrupt kind")
    parser.add_argument("--bound", type=float, default=fuzz_corpus.TIME_BOUND_SECONDS, help="seconds per case")
    args = parser.parse_args()
    corpus = fuzz_corpus.cases(args.seed, args.variants)
    with tempfile.TemporaryDirectory() as folder:
        pristine = Path(folder) / "pristine.duckdb"
        ingest.load_batch(pristine, [ingest.TableInput(n, f, f"{n}.csv") for n, f in tiny_tables().items()],
                          state_fips="42")
        database = Path(folder) / "live.duckdb"
        shutil.copyfile(pristine, database)
        started = time.monotonic()
        outcomes = [fuzz_corpus.run_case(case, database, pristine, args.bound) for case in corpus]
        elapsed = time.monotonic() - started
    by_kind: dict[str, Counter] = {}
    for outcome in outcomes:
        by_kind.setdefault(outcome.case.kind, Counter())[outcome.result] += 1
    print(f"{'kind':32} {'cases':>5} {'rejected':>8} {'loaded':>6} {'traceback':>9} {'hang':>4} {'max s':>6}")
    for kind, counts in by_kind.items():
        slowest = max(o.seconds for o in outcomes if o.case.kind == kind)
        print(f"{kind:32} {sum(counts.values()):5} {counts['rejected']:8} {counts['loaded']:6} "
              f"{counts['traceback']:9} {counts['hang']:4} {slowest:6.1f}")
    print()
    for name, value in fuzz_corpus.summary(outcomes).items():
        print(f"{name:32} {value:6,}")
    print(f"{'total seconds':32} {elapsed:6.0f}")
    failures = [o for o in outcomes if o.is_failure]
    for outcome in failures[:20]:
        print(f"FAILED {outcome.case.kind} / {outcome.case.label}: {outcome.result} {outcome.detail[:200]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
