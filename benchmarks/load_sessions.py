"""Many users at once: concurrent Chromium sessions changing pages and filters through the replicas' proxy.

    python benchmarks/load_sessions.py [--sessions 20] [--seconds 120] [--replicas 2] [--db PATH] [--url URL]

Starts ``deploy/replicas.py`` (``--replicas`` Streamlit processes behind nginx, staff mode) on the demo database
(built first when ``--db`` is not given; not timed), unless ``--url`` names a running deployment. Then
``--sessions`` browser sessions (one Chromium, a context each, all on 127.0.0.1) each repeat, until ``--seconds``
have passed: open a random page with random filters in its URL (a page load), or choose another sector in the
sidebar of the open page (a rerun). Each action is timed from its start until the page is finished: the app reports
its script is not running, no running indicator is shown, and the page has its title. Counted as errors: a
Streamlit exception box on a finished page, a page that does not finish within ``--timeout`` seconds, an HTTP error
for the page. Prints p50/p95/max per kind of action and the error count, and the CPU seconds the app servers,
Chromium and nginx used during the run: here the browsers run on the same cores as the servers, so the page times
include waiting for Chromium; the servers' share says what a deployment's machine would carry. Not a test: the
figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.replicas import run_replicas  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGES = ("/", "/Showcase", "/Partnerships", "/Industry", "/Worker_outcomes", "/Employer_outcomes",
         "/Funding_and_systems_change")
FINISHED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stStatusWidget"] [data-testid^="stStatusWidgetRunning"]') === null
        && document.querySelector('[data-testid="stMain"] h1') !== null;
}"""


@dataclass
class Tally:
    """Timings (seconds) by kind of action, and the errors seen."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: {"page load": [], "filter change": []})
    errors: list[str] = field(default_factory=list)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # by program (PROGRAMS), over the run
    wall_seconds: float = 0.0


PROGRAMS = {"app servers": "streamlit", "Chromium": "chromium", "nginx": "nginx"}  # label: word in the command


def cpu_seconds_by_program() -> dict[str, float]:
    """CPU seconds used so far by the running processes of each of ``PROGRAMS`` (user + system, their reaped
    children included, as /proc/PID/stat counts them), found by their command lines."""
    tick = os.sysconf("SC_CLK_TCK")
    used = dict.fromkeys(PROGRAMS, 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        for label, word in PROGRAMS.items():
            if word in command:
                used[label] += sum(int(value) for value in fields[11:15]) / tick  # utime stime cutime cstime
                break
    return used


def filter_choices(db_path: Path) -> tuple[dict[str, str], int, int]:
    """Sectors (code: name) and the year range of the database (what sessions choose from)."""
    from sectorscope import db

    con = db.connect_read_only(db_path)
    frame = db.run_query(con, "sectors")
    sectors = dict(zip(frame["sector_code"], frame["sector_name"], strict=True))
    years = db.run_query(con, "year_range").iloc[0]
    con.close()
    return sectors, int(years.iloc[0]), int(years.iloc[1])


async def finished(tab, started: float, timeout_s: float) -> None:
    """Wait until the page is finished, at most until ``timeout_s`` after the action ``started``."""
    remaining = max(timeout_s - (time.monotonic() - started), 0.001)
    await tab.wait_for_function(FINISHED, timeout=remaining * 1000)


async def session(number: int, browser, base: str, deadline: float, choices, timeout_s: float, tally: Tally):
    sectors, first_year, last_year = choices
    rng = random.Random(number)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = await context.new_page()
    has_filters = False  # is a page with the sidebar filters open (the Showcase has its own)?
    try:
        while time.monotonic() < deadline:
            if has_filters and rng.random() < 0.5:
                shown = parse_qs(urlsplit(tab.url).query).get("sector", [])
                kind, sector = "filter change", rng.choice([code for code in sectors if code not in shown])
                started = time.monotonic()
                try:
                    widget = tab.get_by_test_id("stMultiSelect").filter(has_text="Sector")
                    await widget.locator("input").first.click(timeout=timeout_s * 1000)
                    await tab.keyboard.type(sectors[sector])
                    await tab.keyboard.press("Enter")
                    await tab.keyboard.press("Escape")
                    await tab.wait_for_url(f"**sector={sector}**", timeout=timeout_s * 1000)
                    await finished(tab, started, timeout_s)
                except Exception as problem:  # a timeout or a vanished widget: counted, and the session goes on
                    tally.errors.append(f"session {number} {kind} {sector}: {type(problem).__name__}")
                    has_filters = False
                    continue
            else:
                kind = "page load"
                start_year = rng.randint(first_year, last_year)
                query = f"?sector={rng.choice(list(sectors))}&years={start_year}-{rng.randint(start_year, last_year)}"
                page = rng.choice(PAGES)
                url = base + page + (query if rng.random() < 0.7 else "")
                started = time.monotonic()
                try:
                    response = await tab.goto(url, timeout=timeout_s * 1000)
                    if response is None or response.status >= 400:
                        tally.errors.append(f"session {number} {url}: HTTP {response and response.status}")
                        continue
                    await finished(tab, started, timeout_s)
                except Exception as problem:
                    tally.errors.append(f"session {number} {kind} {url}: {type(problem).__name__}")
                    has_filters = False
                    continue
                has_filters = page != "/Showcase"
            tally.seconds[kind].append(time.monotonic() - started)
            exceptions = await tab.locator('[data-testid="stException"]').count()
            if exceptions:
                text = await tab.locator('[data-testid="stException"]').first.inner_text()
                tally.errors.append(f"session {number} {tab.url}: Streamlit exception: {text[:200]}")
    finally:
        await context.close()


async def drive(base: str, sessions: int, seconds: float, choices, timeout_s: float) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        deadline = time.monotonic() + seconds
        before = cpu_seconds_by_program()
        await asyncio.gather(*(session(number, browser, base, deadline, choices, timeout_s, tally)
                               for number in range(sessions)))
        after = cpu_seconds_by_program()  # before the browser closes (its processes' times go with them)
        tally.cpu_seconds = {label: after[label] - before[label] for label in PROGRAMS}
        tally.wall_seconds = time.monotonic() - deadline + seconds
        await browser.close()
    return tally


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(tally: Tally, sessions: int, seconds: float, replicas: int | None) -> None:
    where = f"{replicas} replicas behind nginx" if replicas else "the given URL"
    print(f"{sessions} sessions for {seconds:.0f} s through {where}")
    print(f"{'action':<15}{'count':>7}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    for kind, values in tally.seconds.items():
        if values:
            print(f"{kind:<15}{len(values):>7}{statistics.median(values):>9.2f}{percentile(values, 0.95):>9.2f}"
                  f"{max(values):>9.2f}")
        else:
            print(f"{kind:<15}{0:>7}")
    print(f"errors: {len(tally.errors)}")
    if tally.cpu_seconds:
        capacity = tally.wall_seconds * (os.cpu_count() or 1)
        print(f"CPU over {tally.wall_seconds:.0f} s on {os.cpu_count()} cores: " + ", ".join(
            f"{label} {used:.0f} s ({used / capacity:.0%})" for label, used in tally.cpu_seconds.items()))
    for error in tally.errors[:20]:
        print("  " + error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120, help="seconds an action may take, from its start to "
                                                                   "a finished page, before it counts as an error "
                                                                   "(default 120)")
    parser.add_argument("--db", type=Path, help="database to serve (default: a demo built for the run)")
    parser.add_argument("--url", help="drive this running deployment instead of starting one (needs --db for the "
                                      "filter choices)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db
        if db_path is None:
            from sectorscope.sources.builder import build_demo_database

            db_path = Path(folder) / "demo.duckdb"
            print("building the demo database (not timed) ...", flush=True)
            build_demo_database(db_path)
        choices = filter_choices(db_path)
        if args.url:
            tally = asyncio.run(drive(args.url.rstrip("/"), args.sessions, args.seconds, choices, args.timeout))
            report(tally, args.sessions, args.seconds, None)
            return 0
        settings = {"SECTORSCOPE_DB": str(Path(db_path).resolve()), "SECTORSCOPE_MODE": "staff"}
        with run_replicas(args.replicas, settings=settings) as deployment:
            tally = asyncio.run(drive(deployment.url, args.sessions, args.seconds, choices, args.timeout))
        report(tally, args.sessions, args.seconds, args.replicas)
    return 0


if __name__ == "__main__":
    sys.exit(main())
