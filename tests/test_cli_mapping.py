"""The ``validate`` and ``load`` commands with a state's own column names: ``--map``, ``--mapping``, remembered
mappings, warnings printed, and ``validate`` without ``--db`` checking against the database a load would write."""

from __future__ import annotations

import shutil

import duckdb
from tiny_state import tiny_tables

from sectorscope import cli

THEIR_NAMES = {"partnership_id": "Program ID", "name": "Program Name", "convener_name": "Lead Agency"}


def their_partnerships(folder):
    """The tiny state's partnerships with three columns named the state's way, no convener type or phase, and an
    extra column."""
    frame = tiny_tables()["partnerships"].drop(columns=["convener_type", "phase"]).rename(columns=THEIR_NAMES)
    path = folder / "partnerships_2024.csv"
    frame.assign(Website="https://example.org").to_csv(path, index=False)
    return path


def test_validate_without_db_checks_against_the_database_a_load_would_write(tiny_db, tmp_path, monkeypatch, capsys):
    # The active database (what the app shows, the state's own) holds sectors and regions: a load of partnerships
    # alone goes into it, so validate checks against it (against an empty one it refused what the load took: a data
    # steward); with no database yet, against an empty one
    monkeypatch.delenv("SECTORSCOPE_DB", raising=False)
    monkeypatch.setenv("SECTORSCOPE_DATA_DIR", str(tmp_path))
    path = tmp_path / "partnerships.csv"
    tiny_tables()["partnerships"].to_csv(path, index=False)
    assert cli.main(["validate", str(path)]) == 1
    assert "add sectors.csv and regions.csv to the same batch" in capsys.readouterr().err
    shutil.copyfile(tiny_db, tmp_path / "sectorscope.duckdb")
    assert cli.main(["validate", str(path), "--mode", "upsert"]) == 0
    assert f"Valid, nothing written (checked against {tmp_path / 'sectorscope.duckdb'})" in capsys.readouterr().out


def test_map_options_load_their_columns_and_the_mapping_is_remembered(live_db, tmp_path, capsys):
    database = live_db
    path = their_partnerships(tmp_path)
    maps = [f"--map={theirs}={ours}" for ours, theirs in THEIR_NAMES.items()]
    # their file lacks convener_type and phase, which the partnerships loaded hold: a default load empties neither
    assert cli.main(["load", str(path), "--table", "partnerships", *maps, "--db", str(database)]) == 1
    err = capsys.readouterr().err
    assert ("partnerships_2024.csv, column convener_type: the file lacks this column, which holds values in 2 of "
            "the 2 rows loaded before in partnerships that the file keeps: mode replace would empty it; nothing was "
            "written.") in err
    assert "column phase: the file lacks this column" in err and "to empty it, give --mode replace" in err
    assert cli.main(["load", str(path), "--table", "partnerships", *maps, "--mode", "replace",
                     "--db", str(database)]) == 0
    out, err = capsys.readouterr()
    assert ("column convener_type: the file lacks this column: its values in 2 of the 2 rows loaded before in "
            "partnerships that the file keeps are emptied (mode replace keeps the file's alone)") in err
    assert "column Website: not a column of partnerships; left out of the load" in err
    assert "warning(s) (loaded anyway)" in err
    assert "Remembered the column mapping" in out
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select partnership_id, convener_name, convener_type, phase from partnerships "
                           "order by 1").fetchall()
    assert rows == [("P1", "Lancaster WDB", None, None), ("P2", "York College", None, None)]
    # Next time, the same layout needs no --map.
    assert cli.main(["validate", str(path), "--table", "partnerships", "--db", str(database)]) == 0
    out, err = capsys.readouterr()
    assert "using the column mapping remembered for files with these columns" in err
    assert "Valid, nothing written" in out
    # a check writes nothing: its warnings "would load anyway", not "loaded anyway" (a data steward)
    assert "warning(s) (would load anyway)" in err and "(loaded anyway)" not in err
    # a file named after no table goes by the table its layout's mapping was remembered for (it was refused,
    # "cannot tell which table", with the mapping on record: a data steward)
    renamed = tmp_path / "programs_2025.csv"
    shutil.copyfile(path, renamed)
    assert cli.main(["validate", str(renamed), "--db", str(database)]) == 0
    out, err = capsys.readouterr()
    assert "using the column mapping remembered for files with these columns" in err
    assert "as a file of partnerships" in err and "Valid, nothing written" in out


def test_a_mapping_file_and_its_errors(live_db, tmp_path, capsys):
    database = live_db
    path = their_partnerships(tmp_path)
    good = tmp_path / "mapping.csv"
    good.write_text("their_column,our_column,table\n"
                    + "".join(f"{theirs},{ours},partnerships\n" for ours, theirs in THEIR_NAMES.items()))
    assert cli.main(["validate", str(path), "--mapping", str(good), "--mode", "replace", "--db", str(database)]) == 0
    capsys.readouterr()
    bad = tmp_path / "bad.toml"
    bad.write_text('table = "partnerships"\n[columns]\n"Program ID" = "partnership_id"\n"Program Name" = "name"\n'
                   '"Lead Agency" = "convener_name"\n"Budget Code" = "description"\n')
    assert cli.main(["load", str(path), "--mapping", str(bad), "--db", str(database)]) == 1
    err = capsys.readouterr().err
    assert "the file has no column 'Budget Code'" in err and "nothing was written" in err
    broken = tmp_path / "broken.toml"
    broken.write_text("[columns\n")
    assert cli.main(["load", str(path), "--mapping", str(broken), "--db", str(database)]) == 2
    assert cli.main(["load", str(path), "--map", "no-equals-sign", "--db", str(database)]) == 2


def _coded_participants(folder):
    """The tiny state's participants with gender coded M/F, as a state's system exports it."""
    frame = tiny_tables()["participants"]
    path = folder / "participants.csv"
    frame.assign(gender=frame["gender"].map({"male": "M", "female": "F"})).to_csv(path, index=False)
    return path


def test_a_value_only_mapping_applies_to_the_files_with_its_column(live_db, tmp_path, capsys):
    """``[values.gender]`` alone was refused with "the column mapping fits none of the files (none has its
    columns)" unless --table was given, though the file's name names the table (a CLI reviewer)."""
    values = tmp_path / "v.toml"
    values.write_text('[values.gender]\nM = "male"\nF = "female"\n')
    path = _coded_participants(tmp_path)
    assert cli.main(["validate", str(path), "--mapping", str(values), "--db", str(live_db)]) == 0, \
        capsys.readouterr().err
    out, err = capsys.readouterr()
    assert "Valid, nothing written" in out and "read as 'male' through the mapping (2 row(s))" in err
    assert cli.main(["load", str(path), "--mapping", str(values), "--db", str(live_db)]) == 0
    with duckdb.connect(str(live_db), read_only=True) as con:
        assert con.execute("select gender, count(*) from participants group by 1 order by 1").fetchall() == [
            ("female", 2), ("male", 2)]


def test_column_pairs_apply_only_where_they_fit_and_values_wherever_their_column_is(live_db, tmp_path, capsys):
    both = tmp_path / "both.toml"
    both.write_text("[columns]\n" + "".join(f'"{theirs}" = "{ours}"\n' for ours, theirs in THEIR_NAMES.items())
                    + '[values.gender]\nM = "male"\nF = "female"\n')
    files = [str(their_partnerships(tmp_path)), str(_coded_participants(tmp_path))]
    assert cli.main(["validate", *files, "--mapping", str(both), "--mode", "replace", "--db", str(live_db)]) == 0, \
        capsys.readouterr().err
    err = capsys.readouterr().err
    assert "columns read through a mapping: Program ID as partnership_id" in err
    assert "participants.csv, column gender: read as 'male'" in err
    assert "participants.csv: columns read through a mapping" not in err


def _employer_workbook(path):
    """The tiny state's employers and their surveys as two sheets of one workbook, both keyed by the state's
    "Employer Number", each with one more column named the state's way."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    renames = {"employers": {"employer_id": "Employer Number", "name": "Business Name"},
               "employer_surveys": {"employer_id": "Employer Number", "survey_year": "Survey Yr"}}
    for table, names in renames.items():
        frame = tiny_tables()[table].rename(columns=names)
        sheet = book.create_sheet(table)
        sheet.append(list(frame.columns))
        for values in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append(list(values))
    book.save(path)


def test_one_mapping_covers_a_workbooks_sheets_sharing_a_column(live_db, tmp_path, capsys):
    """A mapping naming no table, for a workbook of two sheets that share the state's key column: each sheet took
    every pair and was refused for the other sheet's columns ("the file has no column 'Survey Yr'": a data steward).
    Each sheet now takes the pairs that fit it; a pair no sheet takes is still refused, naming it."""
    workbook = tmp_path / "CO_employers_2024.xlsx"
    _employer_workbook(workbook)
    mapping_file = tmp_path / "employer_columns.csv"
    mapping_file.write_text("their_column,our_column\nEmployer Number,employer_id\nBusiness Name,name\n"
                            "Survey Yr,survey_year\n")
    assert cli.main(["load", str(workbook), "--mapping", str(mapping_file), "--mode", "upsert",
                     "--db", str(live_db)]) == 0, capsys.readouterr().err
    with duckdb.connect(str(live_db), read_only=True) as con:
        names = con.execute("select employer_id, name from employers order by 1").fetchall()
        years = con.execute("select employer_id, survey_year from employer_surveys order by 1, 2").fetchall()
    employers, surveys = tiny_tables()["employers"], tiny_tables()["employer_surveys"]
    assert names == sorted(zip(employers["employer_id"], employers["name"], strict=True))
    assert years == sorted((e, int(y)) for e, y in zip(surveys["employer_id"], surveys["survey_year"], strict=True))

    before = live_db.read_bytes()
    mapping_file.write_text("their_column,our_column\nEmployer Number,employer_id\nSurvey Year,survey_year\n")
    capsys.readouterr()
    assert cli.main(["load", str(workbook), "--mapping", str(mapping_file), "--mode", "upsert",
                     "--db", str(live_db)]) == 1
    assert "the mapping reads 'Survey Year' as survey_year, but no file has a column 'Survey Year'" in (
        capsys.readouterr().err)
    assert live_db.read_bytes() == before
