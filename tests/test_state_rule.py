"""A load never changes which state the dashboard is about (``ingest.state_rule``): QCEW or QWI files of a state that
is neither the database's nor one whose counties its registry names are refused, naming both states and the ways on,
unless loaded on purpose (``--other-states``, or the Data page's checkbox); the database's state is recorded at the
first such load. (A reviewer loaded Pennsylvania's QCEW into Colorado's database by mistake: it loaded without a
word, and the pages turned into Pennsylvania's, "81 Industry Partnerships" beside Colorado's 18.)"""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd
import pytest
from cli_support import run_cli
from conftest import SHARED
from test_qcew_source_rows import annual_file
from test_qwi import api_frame
from tiny_state import tiny_tables

from sectorscope import db
from sectorscope.ingest import load as ingest
from sectorscope.ingest import state_rule, validation
from sectorscope.ingest.validation import ValidationError
from sectorscope.sources import qcew, qwi

QCEW = SHARED / "data" / "qcew-bls"
COLORADO = QCEW / "quarterly-2016-by-area" / "colorado"
LANCASTER_2016 = QCEW / "annual-by-area-lancaster-pa" / "2016.annual 42071 Lancaster County, Pennsylvania.csv"


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state_of(path) -> tuple[str | None, bool]:
    with duckdb.connect(str(path), read_only=True) as con:
        row = db.run_query(con, "active_state").iloc[0]
    return row["state_fips"], bool(row["is_recorded"])


def counties_file(*areas: str) -> bytes:
    """A small BLS annual file with one row per area (its first two digits are its state)."""
    return annual_file([{"area_fips": area} for area in areas])


def refused(path, load, *args, **kwargs) -> list:
    before = sha256(path) if path.exists() else None
    with pytest.raises(ValidationError) as error:
        load(path, *args, **kwargs)
    assert (sha256(path) if path.exists() else None) == before
    return error.value.problems


def registry_without_counties(path) -> None:
    """Sectors, regions and partnerships listed by region alone, as Colorado's list is: no county tells the state."""
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, tables[name], f"{name}.csv")
                             for name in ("sectors", "regions", "partnerships")])


@pytest.mark.skipif(not COLORADO.is_dir(), reason=f"shared data folder {COLORADO} is absent")
def test_another_states_qcew_is_refused_and_the_dashboard_keeps_its_state(tmp_path):
    """The reviewer's case on BLS's real files: Colorado's registry (no counties) and QCEW, then Pennsylvania's."""
    path = tmp_path / "colorado.duckdb"
    registry_without_counties(path)
    assert state_of(path) == (None, False)
    qcew.load_qcew_paths(path, [*COLORADO.glob("2016.q1-q4 08003 *.csv.gz"), *COLORADO.glob("2016.q1-q4 08000 *")])
    assert state_of(path) == ("08", True)  # settled by the first QCEW
    [problem] = refused(path, qcew.load_qcew_paths, [LANCASTER_2016])
    assert problem.source == LANCASTER_2016.name and problem.row is None and problem.column == "area_fips"
    for said in ("QCEW of Pennsylvania (42)", "not Colorado (08), the state this database is about",
                 "--other-states", "database of its own (--db NEW_FILE)"):
        assert said in problem.message
    loaded = qcew.load_qcew_paths(path, [LANCASTER_2016], other_states=True)
    assert loaded.rows == {"qcew_annual": 1931} and state_of(path) == ("08", True)
    with duckdb.connect(str(path), read_only=True) as con:  # the county filter still lists Colorado's counties
        counties = db.run_query(con, "state_counties", state_fips="08")
    assert set(counties["county_fips"].str[:2]) == {"08"}


def test_a_state_whose_counties_the_registry_names_loads_without_asking(tiny_db, database_copy):
    """A labor market across a state line (Philadelphia–Camden): Camden County, New Jersey, named by a region."""
    path = database_copy(tiny_db)
    camden = tiny_tables()["region_counties"].iloc[:1].assign(county_fips="34007")
    ingest.load_batch(path, [ingest.TableInput("region_counties", camden, "region_counties.csv", mode="append")],
                      other_states=True)  # across the state line on purpose: its QCEW is then not asked again
    loaded = qcew.load_qcew_sources(path, [("camden.csv", counties_file("34007", "34000", "42071"))])
    assert loaded.rows == {"qcew_annual": 3} and state_of(path) == ("42", True)
    [problem] = refused(path, qcew.load_qcew_sources, [("ohio.csv", counties_file("39049", "34007"))])
    assert problem.source == "ohio.csv" and "QCEW of Ohio (39), 1 area(s): not Pennsylvania (42)" in problem.message


def test_the_first_load_settles_the_state_and_an_older_database_at_its_next_load(tmp_path):
    path = tmp_path / "new.duckdb"
    qcew.load_qcew_sources(path, [("pa.csv", counties_file("42071", "42133", "42000"))])
    assert state_of(path) == ("42", True)
    with duckdb.connect(str(path)) as con:  # as a database loaded before the state was recorded at every load
        con.execute("delete from schema_meta where key = 'state_fips'")
    assert state_of(path) == ("42", False)  # from its QCEW county rows
    problems = refused(path, qcew.load_qcew_sources, [("ny.csv", counties_file("36007", "36107", "36015",
                                                                               "36001"))])
    assert "QCEW of New York (36), 4 area(s): not Pennsylvania (42)" in problems[0].message
    qcew.load_qcew_sources(path, [("ny.csv", counties_file("36007", "36107", "36015", "36001"))],
                           other_states=True)
    assert state_of(path) == ("42", True)  # recorded as it was: New York's four counties outnumber these two


def test_a_first_batch_of_two_states_names_the_state_it_would_settle(tmp_path):
    path = tmp_path / "new.duckdb"
    files = [("pa.csv", counties_file("42071", "42133")), ("ny.csv", counties_file("36007"))]
    [problem] = refused(path, qcew.load_qcew_sources, files)
    assert problem.source == "ny.csv" and not path.exists()
    assert "not Pennsylvania (42), the state most of this batch's areas are in" in problem.message
    qcew.load_qcew_sources(path, files, other_states=True)
    assert state_of(path) == ("42", True)


def test_another_states_qwi_is_refused_too(tiny_db, database_copy):
    path = database_copy(tiny_db)
    extract = api_frame().to_csv(index=False).encode()  # North Carolina's counties
    [problem] = refused(path, qwi.load_qwi_sources, [("nc.csv", extract)])
    assert problem.source == "nc.csv" and "QWI of North Carolina (37), 2 area(s): not Pennsylvania (42)" in (
        problem.message)
    assert qwi.load_qwi_sources(path, [("nc.csv", extract)], other_states=True).rows == {"qwi": 4}
    assert state_of(path) == ("42", True)


def test_the_metro_areas_of_a_qwi_extract_are_its_state_column_s():
    frame = api_frame().drop(columns=["county"])
    frame[qwi.METRO_COLUMN] = ["10620", "10620", "39580", "39580"]  # CBSA codes are no state's FIPS
    assert {state: len(areas) for state, areas in qwi.rows_from_extract(frame).states.items()} == {"37": 2}


def test_the_command_line_refuses_and_loads_on_purpose(tiny_db, database_copy, tmp_path):
    path = database_copy(tiny_db)
    ohio = tmp_path / "ohio.csv"
    ohio.write_bytes(counties_file("39049"))
    refused_load = run_cli("qcew", "load", str(ohio), "--db", str(path))
    assert refused_load.returncode == 1 and "QCEW of Ohio (39)" in refused_load.stderr
    assert "--other-states" in refused_load.stderr and state_of(path) == ("42", True)
    loaded = run_cli("qcew", "load", str(ohio), "--db", str(path), "--other-states")
    assert loaded.returncode == 0, loaded.stderr
    extract = tmp_path / "nc.csv"
    api_frame().to_csv(extract, index=False)
    assert run_cli("qwi", "load", str(extract), "--db", str(path)).returncode == 1
    assert run_cli("qwi", "load", str(extract), "--db", str(path), "--other-states").returncode == 0
    assert state_of(path) == ("42", True)


@pytest.mark.parametrize(("areas", "expected"), [
    (["42071", "42000", "42999", "US000", "C3798", "CS428", None], {"42": 3}),
    (["39049", "39049", "36001"], {"39": 1, "36": 1}),
    ([], {}),
])
def test_areas_of_states(areas, expected):
    found = state_rule.areas_of_states(pd.Series(areas, dtype=object))
    assert {state: len(areas) for state, areas in found.items()} == expected


def test_main_state_is_the_one_with_most_areas_the_lower_code_on_a_tie():
    from collections import Counter

    assert state_rule.main_state(Counter({"42": 2, "36": 5})) == "36"
    assert state_rule.main_state(Counter({"42": 2, "36": 2})) == "36"
    assert state_rule.main_state(Counter()) is None


def test_a_registrys_first_load_records_its_state_so_a_later_one_cannot_move_it(tmp_path):
    """Only the demo builder and the QCEW/QWI loaders recorded a state: a registry of Pennsylvania's counties, then a
    partnership of three New Jersey counties appended, turned every page into New Jersey's (a reviewer)."""
    path = tmp_path / "registry.duckdb"
    tables = tiny_tables()
    ingest.load_batch(path, [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in tables.items()])
    assert state_of(path) == ("42", True)
    jersey = tables["partnerships"].iloc[[0]].assign(partnership_id="PNJ", name="Jersey Makers")
    places = pd.DataFrame({"partnership_id": ["PNJ"] * 3, "county_fips": ["34001", "34003", "34005"]})
    batch = [ingest.TableInput("partnerships", jersey, "nj.csv", mode="append"),
             ingest.TableInput("partnership_counties", places, "nj_counties.csv", mode="append")]
    problems = refused(path, ingest.load_batch, batch)
    said = "a county of New Jersey (34) (the file names 3 of its counties): not Pennsylvania (42)"
    assert all(said in p.message for p in problems)
    # each row and its code, so the rows can be found (a data steward)
    assert [(p.row, p.value) for p in problems] == [(2, "34001"), (3, "34003"), (4, "34005")]
    ingest.load_batch(path, batch, other_states=True)
    assert state_of(path) == ("42", True)


def test_an_endless_number_in_a_bls_cell_is_refused():
    """pandas reads "inf" as a number: an LQ of inf loaded silently, the month's LQ then missing (a reviewer)."""
    from sectorscope.sources.bls_values import bls_numbers

    numbers, _empty, malformed = bls_numbers(pd.Series([1.5, float("inf"), None]))
    assert list(malformed) == [False, True, False] and numbers.isna().tolist() == [False, True, True]


def test_a_cut_off_gzipped_download_is_a_refused_file(tmp_path):
    """A .csv.gz cut off mid-download was a traceback (EOFError, exit 3), not a file refused (a reviewer)."""
    import gzip

    data = gzip.compress(counties_file(*(f"42{county:03d}" for county in range(1, 130, 2))))
    problems = refused(tmp_path / "new.duckdb", qcew.load_qcew_sources, [("cut.csv.gz", data[: len(data) // 2])])
    assert problems and problems[0].source == "cut.csv.gz"


def test_the_load_that_settles_the_state_says_so(tmp_path):
    """A registry listed by region alone (Colorado's list), then Pennsylvania's QCEW by mistake: the load recorded
    Pennsylvania without a word, and Colorado's files were refused after it (a reviewer). It says so, once."""
    path = tmp_path / "registry.duckdb"
    registry_without_counties(path)
    first = qcew.load_qcew_sources(path, [("pa.csv", counties_file("42071", "42133"))])
    assert "This database is now about Pennsylvania (42)" in first.summary()
    again = qcew.load_qcew_sources(path, [("pa2.csv", counties_file("42001"))])
    assert "now about" not in again.summary()


def template_qcew(*areas: str) -> pd.DataFrame:
    """qcew_annual rows in the templates' layout (as ``load`` or the Data page's general uploader reads them)."""
    return pd.DataFrame({"area_fips": list(areas), "own_code": "5", "industry_code": "10", "industry_title": "Total",
                         "agglvl_code": "71", "year": "2016", "establishments": "100", "employment": "2000",
                         "total_wages": "90000000", "avg_weekly_wage": "865", "disclosure_code": "",
                         "lq_employment": "", "oty_employment_chg": "", "oty_employment_pct_chg": ""})


def template_qwi(*areas: str) -> pd.DataFrame:
    return pd.DataFrame({"area_type": "county", "area_code": list(areas), "naics_sector": "62", "year": "2016",
                         "quarter": "1", "employment": "500", "hires": "40", "separations": "35",
                         "turnover_rate": "0.07", "avg_monthly_earnings": "4100"})


@pytest.mark.parametrize(("table", "rows", "kind"), [("qcew_annual", template_qcew, "QCEW"),
                                                     ("qwi", template_qwi, "QWI")])
def test_the_templates_layout_of_another_state_is_refused_as_bls_files_are(tiny_db, database_copy, table, rows,
                                                                          kind):
    """Loaded with ``load`` or the Data page's general uploader, another state's qcew_annual.csv went in without a
    word (the rule held only for BLS's and the Census Bureau's own files)."""
    path = database_copy(tiny_db)
    ohio = [ingest.TableInput(table, rows("39049"), f"{table}.csv", mode="upsert")]
    problems = refused(path, ingest.load_batch, ohio)
    assert [p.message.split(",")[0] for p in problems] == [f"{kind} of Ohio (39)"]
    assert state_of(path) == ("42", True)
    ingest.load_batch(path, ohio, other_states=True)
    assert state_of(path) == ("42", True)
    ingest.load_batch(path, [ingest.TableInput(table, rows("42071"), f"{table}.csv", mode="upsert")])


def test_a_new_database_of_template_qcew_records_its_state_and_the_command_line_asks_on_purpose(tmp_path):
    path = tmp_path / "new.duckdb"
    ingest.load_batch(path, [ingest.TableInput("qcew_annual", template_qcew("08031", "08005"), "qcew_annual.csv")])
    assert state_of(path) == ("08", True)
    ohio = tmp_path / "qcew_annual.csv"
    template_qcew("39049").to_csv(ohio, index=False)
    refused_load = run_cli("load", str(ohio), "--mode", "upsert", "--db", str(path))
    assert refused_load.returncode == 1 and "QCEW of Ohio (39)" in refused_load.stderr
    loaded = run_cli("load", str(ohio), "--mode", "upsert", "--db", str(path), "--other-states")
    assert loaded.returncode == 0, loaded.stderr
    assert state_of(path) == ("08", True)


def test_the_qwi_load_that_settles_the_state_says_so_too(tmp_path):
    """The QCEW load said "This database is now about ..." when it recorded the state; the QWI load did not."""
    path = tmp_path / "registry.duckdb"
    registry_without_counties(path)
    extract = api_frame().to_csv(index=False).encode()
    first = qwi.load_qwi_sources(path, [("nc.csv", extract)])
    assert first.settled_state == "37"
    assert first.summary().endswith(state_rule.settled_words("37"))
    assert "This database is now about North Carolina (37)" in first.summary()
    again = qwi.load_qwi_sources(path, [("nc2.csv", extract)])
    assert again.settled_state is None and "now about" not in again.summary()


def test_the_template_load_that_settles_the_state_says_so_on_the_command_line(tmp_path):
    """``load`` of a template qcew_annual.csv into a database about no state yet recorded Colorado without a word
    (QCEW's and QWI's own loaders say it): it says so, once."""
    path = tmp_path / "registry.duckdb"
    registry_without_counties(path)
    colorado = tmp_path / "qcew_annual.csv"
    template_qcew("08031", "08005").to_csv(colorado, index=False)
    first = run_cli("load", str(colorado), "--mode", "upsert", "--db", str(path))
    assert first.returncode == 0, first.stderr
    assert state_rule.settled_words("08") in first.stdout
    again = run_cli("load", str(colorado), "--mode", "upsert", "--db", str(path))
    assert again.returncode == 0 and "now about" not in again.stdout
    checked = tmp_path / "checked.duckdb"
    registry_without_counties(checked)
    dry = run_cli("load", str(colorado), "--mode", "upsert", "--db", str(checked), "--dry-run")
    assert dry.returncode == 0 and "now about" not in dry.stdout  # nothing recorded: nothing said
    assert not state_of(checked)[1]


def test_a_metro_areas_code_in_the_templates_qwi_is_no_states(tiny_db, database_copy):
    """Lancaster's metro area is CBSA 29540: read as a county's FIPS it was Missouri's, and the tiny state's own QWI
    was refused."""
    path = database_copy(tiny_db)
    metro = template_qwi("29540").assign(area_type="metro")
    ingest.load_batch(path, [ingest.TableInput("qwi", metro, "qwi.csv", mode="upsert")])
    assert state_of(path) == ("42", True)


def registry_batch(**tables: pd.DataFrame) -> list:
    """The tiny state's registry (sectors, regions and their counties, partnerships and theirs) as one batch, with
    ``tables`` added or in place of its own."""
    registry = {name: frame for name, frame in tiny_tables().items()
                if name in ("sectors", "regions", "region_counties", "partnerships", "partnership_counties")}
    return [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in {**registry, **tables}.items()]


def test_a_batch_is_judged_with_its_own_registry(tmp_path, tiny_db, database_copy):
    """Judged against the database before the batch (a reviewer): a new database's Pennsylvania registry beside New
    Jersey's qcew_annual.csv was recorded as New Jersey's; a registry naming New Jersey's counties beside their QCEW
    was refused; another state's qwi.csv beside the state's qcew_annual.csv went in."""
    new = tmp_path / "new.duckdb"
    problems = refused(new, ingest.load_batch, registry_batch(qcew_annual=template_qcew("34021", "34023")))
    assert [p.message.split(",")[0] for p in problems] == ["QCEW of New Jersey (34)"]
    assert "not Pennsylvania (42)" in problems[0].message

    across = database_copy(tiny_db)
    counties = pd.DataFrame({"partnership_id": ["P1", "P1", "P1", "P2", "P2"],
                             "county_fips": ["42071", "34021", "34023", "42133", "42029"]})
    ingest.load_batch(across, [ingest.TableInput("partnership_counties", counties, "partnership_counties.csv"),
                               ingest.TableInput("qcew_annual", template_qcew("34021", "34023"), "qcew_annual.csv",
                                                 mode="upsert")], other_states=True)
    assert state_of(across) == ("42", True)

    both = tmp_path / "both.duckdb"
    problems = refused(both, ingest.load_batch, [
        ingest.TableInput("qcew_annual", template_qcew("42071", "42133"), "qcew_annual.csv"),
        ingest.TableInput("qwi", template_qwi("34021", "34023"), "qwi.csv")])
    assert [p.message.split(",")[0] for p in problems] == ["QWI of New Jersey (34)"]


def test_a_registry_beside_its_own_states_qcew_loads_and_records_it(tmp_path):
    path = tmp_path / "new.duckdb"
    ingest.load_batch(path, registry_batch(qcew_annual=template_qcew("42071", "42133")))
    assert state_of(path) == ("42", True)


def colorado_registry(*counties: str) -> list:
    """A region of Colorado's counties and a partnership listed by it, appended to a registry (the reviewer's
    Colorado list loaded by mistake through the general uploader)."""
    regions = pd.DataFrame({"region_id": ["CO1"], "region_name": ["Region 1"],
                            "region_type": ["economic development region"]})
    members = pd.DataFrame({"region_id": "CO1", "county_fips": list(counties)})
    partnership = tiny_tables()["partnerships"].iloc[[0]].assign(partnership_id="PCO", name="NOCO Health",
                                                                region_id="CO1")
    return [ingest.TableInput("regions", regions, "regions.csv", mode="append"),
            ingest.TableInput("region_counties", members, "region_counties.csv", mode="append"),
            ingest.TableInput("partnerships", partnership, "colorado_partnerships.csv", mode="append")]


def test_another_states_registry_is_refused_and_its_qcew_stays_refused(tiny_db, database_copy):
    """Colorado's partnership list, its regions naming Colorado's counties, loaded into Pennsylvania's database
    without a word; its counties then let all of Colorado's QCEW in unasked (a reviewer)."""
    path = database_copy(tiny_db)
    problems = refused(path, ingest.load_batch, colorado_registry("08001", "08005"))
    # each row named, with its code (the refusal named none: a steward searched the file for the codes)
    assert [(p.source, p.table, p.row, p.column, p.value) for p in problems] == [
        ("region_counties.csv", "region_counties", 2, "county_fips", "08001"),
        ("region_counties.csv", "region_counties", 3, "county_fips", "08005")]
    for said in ("a county of Colorado (08) (the file names 2 of its counties): not Pennsylvania (42), the state "
                 "this database is about",
                 "--other-states"):
        assert all(said in problem.message for problem in problems)
    assert [p.source for p in refused(path, ingest.load_batch, colorado_registry("08001"), dry_run=True)] == [
        "region_counties.csv"]  # a check says so too
    assert refused(path, qcew.load_qcew_sources, [("adams.csv", counties_file("08001"))])  # still asked

    ingest.load_batch(path, colorado_registry("08001", "08005"), other_states=True)  # across the line, on purpose
    assert state_of(path) == ("42", True)
    more = pd.DataFrame({"region_id": ["CO1"], "county_fips": ["08013"]})
    ingest.load_batch(path, [ingest.TableInput("region_counties", more, "more.csv", mode="append")])  # not again
    assert qcew.load_qcew_sources(path, [("adams.csv", counties_file("08001"))]).rows == {"qcew_annual": 1}
    assert state_of(path) == ("42", True)


def test_the_command_line_checks_and_loads_another_states_registry_on_purpose(tiny_db, database_copy, tmp_path):
    path = database_copy(tiny_db)
    members = tmp_path / "region_counties.csv"
    # an empty line before it: the row is the file's as a spreadsheet numbers it
    members.write_text("region_id,county_fips\nSC,42043\n\nSC,08001\n")
    for command in ("validate", "load"):
        asked = run_cli(command, str(members), "--mode", "append", "--db", str(path))
        assert asked.returncode == 1, asked.stderr
        assert ("- region_counties.csv, row 4, column county_fips: a county of Colorado (08) (the file names 1 of its "
                "counties)") in asked.stderr
        assert "(value: '08001')" in asked.stderr
    assert run_cli("validate", str(members), "--mode", "append", "--db", str(path), "--other-states").returncode == 0
    loaded = run_cli("load", str(members), "--mode", "append", "--db", str(path), "--other-states")
    assert loaded.returncode == 0, loaded.stderr
    assert state_of(path) == ("42", True)


def test_a_registry_files_refusals_come_in_the_order_the_files_were_given(tiny_db, database_copy, tmp_path):
    """The registry's refusals, checked first, were listed before the problems of the files given before it (a data
    steward): each file's problems in the order the files were named."""
    path = database_copy(tiny_db)
    grants = tmp_path / "grants.csv"
    frame = tiny_tables()["grants"].copy()
    frame.loc[0, "amount_usd"] = "lots"
    frame.to_csv(grants, index=False)
    members = tmp_path / "region_counties.csv"
    members.write_text("region_id,county_fips\nSC,08001\n")
    asked = run_cli("validate", str(grants), str(members), "--mode", "append", "--db", str(path))
    listed = [line for line in asked.stderr.splitlines() if line.startswith("- ")]
    files = [line[2:].split(",", 1)[0] for line in listed]
    assert files[0] == "grants.csv" and "region_counties.csv" in files, asked.stderr
    assert files.index("region_counties.csv") > max(i for i, name in enumerate(files) if name == "grants.csv")


def test_a_new_databases_first_registry_of_two_states_refuses_the_fewer_states_counties(tmp_path):
    """As a first QCEW batch of two states: the state most of its partnership counties are in is the database's."""
    path = tmp_path / "new.duckdb"
    counties = pd.DataFrame({"partnership_id": ["P1", "P1", "P2"], "county_fips": ["42071", "34021", "42133"]})
    batch = registry_batch(partnership_counties=counties)
    [problem] = refused(path, ingest.load_batch, batch)
    assert not path.exists() and (problem.source, problem.row, problem.value) == ("partnership_counties.csv", 3,
                                                                                  "34021")
    assert ("a county of New Jersey (34) (the file names 1 of its counties): not Pennsylvania (42), the state most "
            "of this batch's partnership counties are in") in problem.message
    ingest.load_batch(path, batch, other_states=True)
    assert state_of(path) == ("42", True)


def test_one_area_in_four_files_is_one_area(tiny_db, database_copy):
    """Lancaster's four yearly files into another state's database said "QCEW of Pennsylvania (42), 4 area(s)" for
    its one area (a reviewer): each file's own count was summed."""
    path = database_copy(tiny_db)
    files = [(f"{year}.csv", annual_file([{"area_fips": "39049", "year": str(year)}])) for year in range(2016, 2020)]
    [problem] = refused(path, qcew.load_qcew_sources, files)
    assert "QCEW of Ohio (39), 1 area(s): not Pennsylvania (42)" in problem.message
    assert problem.source == "2016.csv, 2017.csv, 2018.csv and 1 more file(s)"


def test_the_data_page_is_told_its_checkbox_and_the_command_line_its_flag():
    """On the Data page the refusal led with "load again with --other-states" and "--db NEW_FILE", which the page
    cannot do (a reviewer): it names the page's checkbox by its label, and the command line for a new database."""
    files = [("ohio.csv", {"39": frozenset({"39049"})})]
    [command_line] = state_rule.other_state_problems(files, "42", set(), "QCEW", "qcew_annual", False)
    [page] = state_rule.other_state_problems(files, "42", set(), "QCEW", "qcew_annual", False,
                                             checkbox="Files of other states, on purpose (QCEW)")
    assert "load again with --other-states" in command_line.message
    assert "database of its own (--db NEW_FILE)" in command_line.message
    assert state_rule.OTHER_STATES_CHECKBOX not in command_line.message
    assert 'tick "Files of other states, on purpose (QCEW)" and load again' in page.message
    assert "--other-states" not in page.message and "the Data page cannot start" in page.message
    assert "python -m sectorscope load FILE... --db NEW.duckdb" in page.message
    [registry] = state_rule.registry_problems([state_rule.RegistryFile("region_counties.csv", "region_counties",
                                                                        {"08": [(2, "08001")]})],
                                              "42", set(), False, checkbox="Tick me")
    assert 'tick "Tick me" and load again' in registry.message and "--other-states" not in registry.message


def test_a_new_databases_state_is_decided_from_the_registrys_rows_as_the_sql_decides_it(tmp_path):
    """A Pennsylvania registry (three partnerships in Lancaster County), one partnership reaching two New Jersey
    counties: counted by distinct counties (1 against 2) the batch was judged New Jersey's and, loaded on purpose,
    recorded New Jersey for good (a reviewer); ``active_state.sql`` counts rows (3 against 2): Pennsylvania."""
    tables = tiny_tables()
    partnerships = pd.concat([tables["partnerships"], tables["partnerships"].iloc[[0]].assign(partnership_id="P3")])
    served = pd.DataFrame({"partnership_id": ["P1", "P2", "P3", "P2", "P2"],
                           "county_fips": ["42071", "42071", "42071", "34021", "34023"]})
    new = tmp_path / "new.duckdb"
    problems = refused(new, ingest.load_batch, registry_batch(partnerships=partnerships, partnership_counties=served))
    assert [(p.row, p.value, p.message.split(":")[0]) for p in problems] == [
        (5, "34021", "a county of New Jersey (34) (the file names 2 of its counties)"),
        (6, "34023", "a county of New Jersey (34) (the file names 2 of its counties)")]
    ingest.load_batch(new, registry_batch(partnerships=partnerships, partnership_counties=served), other_states=True)
    assert state_of(new) == ("42", True)


def test_a_registry_refusal_lists_the_first_rows_of_a_state_and_counts_the_rest():
    """A whole other state's registry (Colorado's 150 rows into Pennsylvania's) lists its first rows one by one, in
    the file's order, and one line counts the rest, as every rule of a large file does."""
    located = {"08": [(row, f"08{row:03d}") for row in range(2, 152)], "42": [(152, "42071")]}
    problems = state_rule.registry_problems([state_rule.RegistryFile("partnership_counties.csv",
                                                                      "partnership_counties", located)],
                                            "42", set(), False)
    listed, [counted] = problems[:-1], problems[-1:]
    assert [p.row for p in listed] == list(range(2, 2 + validation.MAX_PROBLEMS_PER_RULE))
    assert counted.row is None and counted.counts_more_of[1] == 150 - validation.MAX_PROBLEMS_PER_RULE
    assert "a county of Colorado (08) (the file names 150 of its counties)" in counted.message


def test_a_code_no_county_has_is_an_unknown_county_not_another_states(tmp_path):
    """"99999" in partnership_counties read "counties of 99 (99) ... for a dashboard about 99", beside its refusal
    as no county of the Census list (a steward): a code no county has is judged by no state."""
    counties = pd.DataFrame({"partnership_id": ["P1", "P2", "P2"], "county_fips": ["42071", "99999", "08249"]})
    problems = refused(tmp_path / "new.duckdb", ingest.load_batch, registry_batch(partnership_counties=counties))
    assert [(p.row, p.value) for p in problems if p.column == "county_fips"] == [(3, "99999"), (4, "08249")]
    assert not [p for p in problems if "a county of" in p.message], problems
