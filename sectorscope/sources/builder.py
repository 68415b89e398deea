"""Building the demo database: the synthetic state, loaded through the same validating loader as real files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sectorscope.ingest import load as ingest
from sectorscope.sources import demo, qcew

DEMO_SEED = 2024
DEMO_STATE_FIPS = "42"  # Pennsylvania: the demo lives on its real counties
DEMO_SOURCE = "Sectorscope demo generator (synthetic)"


def build_demo_database(
    path: Path, seed: int = DEMO_SEED, progress: ingest.Progress | None = None, scale: int = 1
) -> ingest.LoadResult:
    """Generate the synthetic demo state and load it into a new database at ``path`` (replacing any file there).

    Same seed, same content. The provenance table marks every table as demo. ``scale`` multiplies the participants
    and their wage records (``demo.generate_demo_tables``), for benchmarks.
    """
    report = progress or (lambda fraction, message: None)
    report(0.0, "Generating the synthetic demo state")
    tables = demo.generate_demo_tables(seed, scale)
    tables["qcew_annual"] = qcew.annual_rows_from_bls(tables["qcew_annual"]).assign(from_quarters=False)
    inputs = [
        ingest.TableInput(name, frame, f"demo:{name}", description=f"{DEMO_SOURCE}, seed {seed}")
        for name, frame in tables.items()
    ]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Built beside the target and renamed over it, so a reader of an older file never sees a half-built one.
    remove_abandoned_builds(path)
    fresh = path.with_name(f".{path.name}.demo-{os.getpid()}.tmp")
    fresh.unlink(missing_ok=True)
    try:
        result = ingest.load_batch(
            fresh,
            inputs,
            is_demo=True,
            state_fips=DEMO_STATE_FIPS,
            progress=lambda fraction, message: report(0.2 + 0.8 * fraction, message),
        )
        os.replace(fresh, path)
    finally:
        fresh.unlink(missing_ok=True)
        ingest.lock_path(fresh).unlink(missing_ok=True)  # the private build file's lock: nobody else waits on it
    return result


def remove_abandoned_builds(path: Path) -> list[Path]:
    """Remove what demo builds of ``path`` left beside it when their process died (killed, or a server stopped during
    its first start): ``.<name>.demo-<pid>.tmp`` and its lock and working copies, for every pid no longer running
    (this process's own are in use). Returns what was removed."""
    removed = []
    stem = f"{Path(path).name}.demo-"
    # the build's file ".<name>.demo-<pid>.tmp", its lock and its load's copy "..<name>.demo-<pid>.tmp.loading-…"
    for leftover in sorted(Path(path).parent.glob(f"*{stem}*.tmp*")):
        if not leftover.name.lstrip(".").startswith(stem):
            continue
        pid = leftover.name.lstrip(".")[len(stem):].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _is_running(int(pid)):
            continue
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
