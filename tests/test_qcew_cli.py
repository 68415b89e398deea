"""``qcew load``, ``qcew fetch`` and ``industry`` on the command line. ``qcew fetch`` never reaches the internet
here: it talks to a local HTTP server on 127.0.0.1 serving real BLS files from ../shared/data/qcew-bls."""

from __future__ import annotations

import csv
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest
from browser_support import free_port
from cli_support import run_cli
from conftest import SHARED

from sectorscope import cli

QCEW = SHARED / "data" / "qcew-bls"
LANCASTER_ANNUAL = QCEW / "annual-by-area-lancaster-pa"
OHIO = QCEW / "api-slices" / "ohio-2020-annual-morpc"
needs_shared = pytest.mark.skipif(not QCEW.is_dir(), reason=f"shared data folder {QCEW} is absent")


@needs_shared
def test_qcew_load_then_industry_report_as_csv(tmp_path):
    db = tmp_path / "lancaster.duckdb"
    loaded = run_cli("qcew", "load", str(LANCASTER_ANNUAL), "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 7,745 annual rows into qcew_annual from 4 file(s)" in loaded.stdout
    report = run_cli("industry", "--area", "42071", "--year", "2016", "--csv", "--db", str(db))
    assert report.returncode == 0, report.stderr
    rows = {row["industry_code"]: row for row in csv.DictReader(io.StringIO(report.stdout))}
    health = rows["62"]
    assert (health["industry_title"], health["employment"], health["establishments"], health["avg_weekly_wage"],
            health["lq"], health["lq_source"]) == ("Health care and social assistance", "37226", "1600", "869",
                                                    "1.19", "BLS published")
    assert (rows["31-33"]["change_1y"], rows["31-33"]["change_1y_pct"]) == ("398", "1.1")  # BLS: oty 398, 1.1%
    assert len(rows) == 19
    text = run_cli("industry", "--area", "42071", "--year", "2016", "--db", str(db))
    assert "Health care and social assistance" in text.stdout and "37,226" in text.stdout
    # the files start in 2013: the yearly growth is headed by its years ("5-yr per yr" read as five years' rate)
    assert {row["growth_from_year"] for row in rows.values()} == {"2013"}
    header = next(line for line in text.stdout.splitlines() if line.startswith("code"))
    assert "per yr 2013-16" in header
    health_line = next(line for line in text.stdout.splitlines() if "Health care" in line)
    assert health_line.rstrip().endswith("%")  # a growth 2013-2016 under it
    backwards = run_cli("industry", "--area", "42071", "--year", "2016", "--from-year", "2016", "--db", str(db))
    assert backwards.returncode == 2 and "--from-year 2016 is not before --year 2016" in backwards.stderr
    # the first year loaded has no growth to head: "per yr 2013-13" read as a rate over one year (Colorado analyst)
    first = run_cli("industry", "--area", "42071", "--year", "2013", "--db", str(db))
    header = next(line for line in first.stdout.splitlines() if line.startswith("code"))
    assert header.rstrip().endswith("per yr") and "2013-13" not in first.stdout
    assert "No growth per year: no year before 2013 is loaded for every area (growth compares two)." in first.stdout
    assert "No growth per year" not in text.stdout
    missing = run_cli("industry", "--area", "42071", "--year", "2019", "--db", str(db))
    assert missing.returncode == 1 and "years loaded for every area: 2013, 2014, 2015, 2016" in missing.stderr


@needs_shared
def test_a_rejected_qcew_file_lists_every_line_and_counts_every_row(tmp_path):
    """Excel's "1,563" in every row of a real file: ``qcew load`` said "Rejected: 102 problem(s)" of 3,325 and
    printed 50 lines, "... and 52 more", where the README says every row stays listed (a data steward)."""
    real = next(LANCASTER_ANNUAL.glob("2016.*.csv"))
    lines = real.read_text().splitlines()
    header = next(csv.reader([lines[0]]))
    wage = header.index("annual_avg_wkly_wage")
    rows = list(csv.reader(lines[1:]))
    for row in rows:
        row[wage] = f"{row[wage][:-3]},{row[wage][-3:]}" if len(row[wage]) > 3 else f"{row[wage]},0"
    bad = tmp_path / "2016.annual 42071 Lancaster County, Pennsylvania.csv"
    with bad.open("w", newline="") as out:
        csv.writer(out, quoting=csv.QUOTE_ALL).writerows([header, *rows])
    rejected = run_cli("qcew", "load", str(bad), "--db", str(tmp_path / "x.duckdb"))
    assert rejected.returncode == 1
    err = rejected.stderr.splitlines()
    assert f"Rejected: {len(rows):,} problem(s); nothing was written." in err
    listed = [line for line in err if line.startswith("- ") and "column annual_avg_wkly_wage: not a number" in line]
    [more] = [line for line in err if "more row(s) with this problem" in line]
    assert len(listed) == 100 and f"{len(rows) - 100:,} more row(s)" in more
    assert not any(line.startswith("... and") for line in err)
    assert not (tmp_path / "x.duckdb").exists()


def test_qcew_load_usage_errors(tmp_path):
    assert run_cli("qcew", "load", str(tmp_path / "nothing.csv")).returncode == 2
    (tmp_path / "notes.txt").write_text("x")
    assert run_cli("qcew", "load", str(tmp_path), "--db", str(tmp_path / "x.duckdb")).returncode == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("participant_id,x\nA,1\n")
    rejected = run_cli("qcew", "load", str(bad), "--db", str(tmp_path / "x.duckdb"))
    assert rejected.returncode == 1 and "not a BLS QCEW layout" in rejected.stderr
    assert not (tmp_path / "x.duckdb").exists()


class _Handler(BaseHTTPRequestHandler):
    """Serves ``/cew/data/api/<year>/<period>/area/<area>.csv`` from the server's file map; 404 otherwise."""

    def do_GET(self):  # http.server calls it by this name
        server = self.server
        server.requests.append(self.path)
        if server.failures.get(self.path, 0) > 0:
            server.failures[self.path] -= 1
            self.send_error(503, "try again")
            return
        path = server.files.get(self.path)
        if path is None:
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def bls_api():
    """A local stand-in for the BLS open-data API, serving the real Ohio 2020 slices and a U.S. 2019 Q1 slice."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Handler)
    server.files = {f"/cew/data/api/2020/a/area/{p.stem.rsplit('-', 1)[1]}.csv": p for p in OHIO.glob("*.csv")}
    server.files["/cew/data/api/2019/1/area/US000.csv"] = QCEW / "api-slices" / "us-total-quarterly" / (
        "US000_2019_q1.csv")
    server.requests, server.failures = [], {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}/cew/data/api"
    server.shutdown()
    server.server_close()


@needs_shared
def test_fetch_downloads_retries_caches_and_loads(bls_api, tmp_path, capsys):
    server, base = bls_api
    server.requests.clear()
    server.failures["/cew/data/api/2020/a/area/39049.csv"] = 1  # Franklin County fails once, then works
    db, cache = tmp_path / "ohio.duckdb", tmp_path / "cache"
    code = cli.main(["qcew", "fetch", "--state", "oh", "--years", "2020", "--base-url", base, "--cache-dir",
                     str(cache), "--db", str(db)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "5 downloaded, 0 from the cache, 85 not published by BLS" in out.err  # 88 counties, OH, U.S.
    assert "Loaded 6,848 annual rows" in out.out
    assert server.requests.count("/cew/data/api/2020/a/area/39049.csv") == 2
    assert "/cew/data/api/2020/a/area/US000.csv" in server.requests and len(server.requests) == 91
    assert (cache / "2020" / "a" / "area" / "39049.csv").read_bytes() == (OHIO / "morpc-qcew-2020-a-39049.csv"
                                                                          ).read_bytes()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(distinct area_fips) from qcew_annual").fetchall()[0][0] == 5
        assert con.execute("select value from schema_meta where key = 'state_fips'").fetchall() == [("39",)]
    server.requests.clear()
    again = cli.main(["qcew", "fetch", "--state", "OH", "--years", "2020", "--base-url", base, "--cache-dir",
                      str(cache), "--db", str(db)])
    assert again == 0 and "0 downloaded, 5 from the cache" in capsys.readouterr().err
    assert not any(request.endswith(("39049.csv", "39041.csv")) for request in server.requests)


@needs_shared
def test_fetch_quarterly_needs_all_four_quarters(bls_api, tmp_path, capsys):
    _, base = bls_api
    code = cli.main(["qcew", "fetch", "--state", "OH", "--years", "2019", "--quarterly", "--base-url", base,
                     "--cache-dir", str(tmp_path / "cache"), "--db", str(tmp_path / "q.duckdb")])
    out = capsys.readouterr()
    assert code == 1  # the one quarter BLS serves here makes no annual average: nothing to load
    assert "1 downloaded" in out.err and "US000 2019: only Q1 present" in out.err


@pytest.mark.parametrize("base", ["http://127.0.0.1:{closed}/cew/data/api", "http://bls.invalid/cew/data/api"])
def test_fetch_with_no_network_fails_at_once_with_a_clear_message(tmp_path, capsys, base):
    started = time.perf_counter()
    code = cli.main(["qcew", "fetch", "--state", "PA", "--years", "2019-2024", "--base-url",
                     base.format(closed=free_port()), "--cache-dir", str(tmp_path / "c"), "--db",
                     str(tmp_path / "x.duckdb")])
    err = capsys.readouterr().err
    assert code == 4  # not 1, a file refused: a scheduled job tells the network from bad data
    assert time.perf_counter() - started < 15  # no retries, no waiting on 414 files
    assert "Cannot fetch QCEW: cannot reach" in err and "qcew load" in err
    assert not (tmp_path / "x.duckdb").exists()


def test_fetch_usage_errors(capsys):
    assert cli.main(["qcew", "fetch", "--state", "XX", "--years", "2020"]) == 2
    assert cli.main(["qcew", "fetch", "--state", "PA", "--years", "2024-2019"]) == 2
    assert cli.main(["qcew", "fetch", "--state", "PA", "--years", "soon"]) == 2
