"""A bounded sample of the fuzz corpus (tests/fuzz_corpus.py) through the real reader and loader: every corrupt
batch rejected with a report naming what is wrong, within the time bound, the database unchanged; every control
loads. The full corpus runs with ``python benchmarks/fuzz_loads.py``."""

from __future__ import annotations

import shutil

import fuzz_corpus
import pytest
from cli_support import run_cli

SAMPLE = fuzz_corpus.cases(seed=2026, variants=1)  # one case of every kind, and every control


@pytest.fixture(scope="module")
def databases(tiny_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    pristine, live = folder / "pristine.duckdb", folder / "live.duckdb"
    shutil.copyfile(tiny_db, pristine)
    shutil.copyfile(tiny_db, live)
    return live, pristine


def test_the_sample_covers_every_kind():
    assert {case.kind for case in SAMPLE} == {*fuzz_corpus.CORRUPT_KINDS, "control"}


@pytest.mark.parametrize("case", SAMPLE, ids=[f"{case.kind}: {case.label}" for case in SAMPLE])
def test_each_case_is_rejected_whole_or_loads_if_valid(case, databases):
    live, pristine = databases
    outcome = fuzz_corpus.run_case(case, live, pristine, bound=fuzz_corpus.TIME_BOUND_SECONDS)
    assert not outcome.is_failure, (outcome.result, outcome.detail, outcome.messages[:5])


def test_the_corpus_is_the_same_for_the_same_seed():
    def content(case):  # workbooks carry their save time, so they are compared by label only
        return case.kind, case.label, {name: data for name, data in case.files.items() if not name.endswith("xlsx")}

    first = [content(case) for case in fuzz_corpus.cases(seed=7, variants=2)]
    assert first == [content(case) for case in fuzz_corpus.cases(seed=7, variants=2)]
    assert first != [content(case) for case in fuzz_corpus.cases(seed=8, variants=2)]


def test_the_command_line_reports_a_corrupt_file_without_a_traceback(databases, tmp_path):
    live, _ = databases
    case = next(case for case in SAMPLE if case.kind == "number beyond range")
    paths = []
    for name, data in case.files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    before = fuzz_corpus.digest(live)
    done = run_cli("load", *paths, "--db", str(live))  # in this process: an exception would fail the test here
    assert done.returncode == 1 and "Rejected:" in done.stderr and "Traceback" not in done.stderr
    assert fuzz_corpus.digest(live) == before


def test_the_command_line_reads_a_declared_encoding(databases, tmp_path):
    live, _ = databases
    latin = fuzz_corpus.base_tables()["partners"].to_csv(index=False).encode("latin-1")
    (tmp_path / "partners.csv").write_bytes(latin)
    # upsert: the base tables' partners lack one the live database holds, which a replace not asked for refuses
    command = ["validate", str(tmp_path / "partners.csv"), "--db", str(live), "--mode", "upsert"]
    refused = run_cli(*command)
    assert refused.returncode == 1 and "not valid UTF-8" in refused.stderr
    declared = run_cli(*command, "--encoding", "latin-1")
    assert declared.returncode == 0, declared.stderr
