"""``qcew load`` and ``qcew fetch``: BLS QCEW files into ``qcew_annual``, through the validating loader.

    python -m sectorscope qcew load PATH... [--db PATH] [--dry-run] [--other-states]
    python -m sectorscope qcew fetch --state PA --years 2019-2024 [--quarterly] [--db PATH] [--base-url URL]
                                     [--cache-dir DIR] [--other-states]

Exit codes: 0 loaded, 1 rejected or nothing to load (the report is printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from sectorscope import codes
from sectorscope.commands import rejection_exit
from sectorscope.commands.common import (
    LOAD_DB_HELP,
    LoadTarget,
    activate_loaded,
    add_db_option,
    announce_target,
    load_target,
    print_rejection,
)
from sectorscope.ingest import state_rule
from sectorscope.ingest.validation import ValidationError
from sectorscope.sources import geo, qcew

OTHER_STATES_HELP = ("load files of a state other than the database's (and those whose counties its registry "
                     "names) on purpose, beside it; the database stays about its state")


def register(subparsers) -> None:
    """Add the ``qcew`` command with its ``load`` and ``fetch`` sub-commands."""
    parser = subparsers.add_parser("qcew", help="load BLS QCEW files (or fetch them from the BLS open-data API)")
    actions = parser.add_subparsers(dest="qcew_action", required=True)

    load = actions.add_parser("load", help="load BLS QCEW CSV files or folders (annual or quarterly layouts)")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                      help="BLS QCEW CSV files (.csv, .csv.gz, .zip) or folders holding them")
    load.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    load.add_argument(state_rule.OTHER_STATES_FLAG, action="store_true", dest="other_states",
                      help=OTHER_STATES_HELP)
    add_db_option(load, LOAD_DB_HELP)
    load.set_defaults(run=run_load)

    fetch = actions.add_parser("fetch", help="download a state's county, statewide and U.S. files, then load them")
    fetch.add_argument("--state", required=True, type=str.upper, choices=sorted(codes.STATES), metavar="XX",
                       help="state postal code, e.g. PA")
    fetch.add_argument("--years", required=True, type=year_range, metavar="YYYY[-YYYY]", help="e.g. 2019-2024")
    fetch.add_argument("--quarterly", action="store_true",
                       help="fetch the four quarters and make annual averages (default: BLS's annual averages)")
    fetch.add_argument("--base-url", help=f"API base URL (default: ${qcew.API_URL_ENV} or {qcew.DEFAULT_API_URL})")
    fetch.add_argument("--cache-dir", type=Path, help="where downloads are kept (default: qcew-cache/ beside the "
                                                      "database)")
    fetch.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    fetch.add_argument("--retries", type=int, default=3, help="retries of a failed request (default 3)")
    fetch.add_argument(state_rule.OTHER_STATES_FLAG, action="store_true", dest="other_states",
                       help=OTHER_STATES_HELP)
    add_db_option(fetch, LOAD_DB_HELP)
    fetch.set_defaults(run=run_fetch)


def year_range(text: str) -> list[int]:
    """'2019-2024' -> [2019, ..., 2024]; '2020' -> [2020]."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a year or range of years: {text!r} (use e.g. 2019-2024)")
    low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    if low > high:
        raise argparse.ArgumentTypeError(f"the range {text!r} runs backwards")
    return list(range(low, high + 1))


def _load(target: LoadTarget, paths: list[Path], dry_run: bool, other_states: bool = False) -> int:
    started = time.perf_counter()
    announce_target(target, dry_run)
    try:
        result = qcew.load_qcew_paths(target.path, paths, progress=_Bar("load"), dry_run=dry_run,
                                      other_states=other_states)
    except ValidationError as error:
        print_rejection(error.problems)
        return rejection_exit(error)
    print(f"{result.summary()} Database: {target.path} ({time.perf_counter() - started:.1f} s)")
    if not dry_run:
        activate_loaded(target)
    return 0


def run_load(args: argparse.Namespace) -> int:
    """Load the files and folders given."""
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"No such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = qcew.qcew_files(args.paths)
    if not files:
        print("No QCEW file (.csv, .csv.gz, .zip) found in: " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 1
    return _load(load_target(args), files, args.dry_run, args.other_states)


class _Bar:
    """A one-line progress bar on standard error (a line per tenth when it is not a terminal)."""

    def __init__(self, label: str):
        self.label = label
        self.last_tenth = -1

    def __call__(self, fraction: float, message: str) -> None:
        filled = round(max(0.0, min(fraction, 1.0)) * 30)
        line = f"{self.label} [{'#' * filled}{'-' * (30 - filled)}] {fraction:4.0%} {message[:50]}"
        if sys.stderr.isatty():
            print("\r" + line.ljust(110), end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)
        elif int(fraction * 10) != self.last_tenth:
            self.last_tenth = int(fraction * 10)
            print(line, file=sys.stderr, flush=True)


# The exit code of a fetch that reached no server: not 1 (a file refused), which a scheduled job would read as bad data
UNREACHABLE = 4


def run_fetch(args: argparse.Namespace) -> int:
    """Download the state's slices (counties, statewide, U.S.) for the years, then load them."""
    state_fips, state = codes.STATES[args.state]
    counties = list(geo.counties_table(state_fips)["county_fips"])
    areas = [*sorted(counties), qcew.state_area(state_fips), qcew.US_AREA]
    target = load_target(args)
    cache = args.cache_dir or target.path.parent / "qcew-cache"
    base = (args.base_url or qcew.api_url()).rstrip("/")
    kind = "quarterly" if args.quarterly else "annual"
    print(f"Fetching {kind} QCEW for {state} ({len(counties)} counties, statewide, U.S.), "
          f"{args.years[0]}-{args.years[-1]}, from {base} (cache: {cache})", file=sys.stderr)
    try:
        download = qcew.download_slices(areas, args.years, quarterly=args.quarterly, base_url=base, cache_dir=cache,
                                        progress=_Bar("download"), timeout=args.timeout, retries=args.retries)
    except qcew.FetchError as error:
        print(f"\nCannot fetch QCEW: {error}.\nNo network? Download the files on a connected machine (BLS: "
              "https://www.bls.gov/cew/downloadable-data-files.htm) and load them with "
              "`python -m sectorscope qcew load PATH...`.", file=sys.stderr)
        return UNREACHABLE
    print(f"{download.downloaded:,} downloaded, {download.cached:,} from the cache, "
          f"{len(download.not_published):,} not published by BLS", file=sys.stderr)
    if download.not_published:
        shown = ", ".join(download.not_published[:8]) + (" …" if len(download.not_published) > 8 else "")
        print(f"Not published (HTTP 404): {shown}", file=sys.stderr)
    if not download.paths:
        print("Nothing to load.", file=sys.stderr)
        return 1
    return _load(target, download.paths, dry_run=False, other_states=args.other_states)
