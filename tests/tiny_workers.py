"""The tiny state with richer participants and UI wage records, for hand-checked worker outcome figures.

Wage records cover 2016 Q1 to 2019 Q4 (quarters 8064 to 8079, numbered year * 4 + quarter - 1). "Q2" and "Q4"
are the 2nd and 4th quarters after the exit quarter; "before" the 4 quarters before the entry quarter.

- W1: P1 (health), Lancaster, 2017Q1 -> 2017Q2, completed, $12 -> $15 an hour. Before: $3,000 a quarter; Q2
  (2017Q4) $6,000 at E1; Q4 (2018Q2) $6,500 at E1.
- W2: P1, Lancaster, 2017Q1 -> 2017Q2, completed, $15 -> $16. Before: one quarter of $4,000; Q2 $5,000 at E9;
  Q4 $5,200 at E1 (a new employer).
- W3: P1, York, 2018Q1 -> 2018Q2, not completed, $11 -> none. Ten quarters, all $0.
- W4: P2 (manufacturing), York, 2018Q1 -> 2019Q1, completed, $18 -> $22. Before: $8,000 a quarter; Q2 (2019Q3)
  $9,000 at E2; Q4 (2020Q1) not in the data yet.
- W5: P2, Chester, 2019Q2 -> 2019Q3, completed, $14 -> $14.50. Before: $2,000 a quarter; Q2 and Q4 not in the
  data yet.
- W6: P1, Lancaster, 2016Q1 -> 2016Q1, completed, no pre wage -> $17. No wage record at all (not matched).
- W7: P1, Chester, 2016Q1 -> 2016Q4, completed, $10 -> $13. Q2 (2017Q2) $4,000 with no employer id; Q4 (2017Q4)
  $4,100 at E1; the quarters before entry are before the data.
- W8: P2, York, enrolled 2019Q4, still enrolled.
"""

from __future__ import annotations

import pandas as pd
import pytest
from tiny_state import CHESTER, LANCASTER, YORK, tiny_tables
from worker_reference import quarter_index

FIRST_QUARTER, LAST_QUARTER = quarter_index(2016, 1), quarter_index(2019, 4)


def _records(participant: str, quarters: range | list[int], earnings: float, employer: str = "") -> list[dict]:
    return [{"participant_id": participant, "year": str(q // 4), "quarter": str(q % 4 + 1), "employer_id": employer,
             "earnings_usd": str(earnings), "hours": ""} for q in quarters]


def worker_tables() -> dict[str, pd.DataFrame]:
    """The tiny state's tables with the participants and wage records above."""
    tables = tiny_tables()
    tables["participants"] = pd.DataFrame({
        "participant_id": ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"],
        "partnership_id": ["P1", "P1", "P1", "P2", "P2", "P1", "P1", "P2"],
        "county_fips": [LANCASTER, LANCASTER, YORK, YORK, CHESTER, LANCASTER, CHESTER, YORK],
        "enrolled_on": ["2017-01-15", "2017-02-01", "2018-01-01", "2018-03-01", "2019-04-01", "2016-01-10",
                        "2016-02-01", "2019-10-01"],
        "exited_on": ["2017-05-15", "2017-06-30", "2018-06-30", "2019-01-31", "2019-09-30", "2016-03-31",
                      "2016-11-30", ""],
        "completed": ["true", "true", "false", "true", "true", "true", "true", "false"],
        "credential_earned": ["true", "false", "false", "true", "false", "false", "false", "false"],
        "training_type": ["occupational skills"] * 8,
        "gender": ["female", "male", "female", "male", "female", "male", "not reported", "female"],
        "race_ethnicity": ["White", "Black or African American", "Hispanic or Latino", "Asian", "White", "White", "",
                           "White"],
        "age_band": ["25-34", "35-44", "16-24", "45-54", "55+", "25-34", "25-34", "16-24"],
        "pre_hourly_wage": ["12", "15", "11", "18", "14", "", "10", ""],
        "post_hourly_wage": ["15", "16", "", "22", "14.50", "17", "13", ""],
        "employed_in_sector": ["true", "true", "false", "true", "", "true", "false", ""],
        "below_poverty_before": ["true", "true", "true", "false", "true", "true", "", ""],
        "below_poverty_after": ["false", "true", "true", "false", "false", "false", "false", ""],
        "health_insurance_before": ["false", "false", "false", "true", "false", "false", "false", ""],
        "health_insurance_after": ["true", "false", "false", "true", "true", "true", "true", ""],
        "paid_sick_leave_before": ["false", "false", "false", "false", "false", "false", "false", ""],
        "paid_sick_leave_after": ["true", "true", "false", "true", "false", "true", "", ""],
    })
    q = quarter_index
    rows = [
        *_records("W1", range(q(2016, 1), q(2016, 4) + 1), 3000, "E8"),
        *_records("W1", [q(2017, 4)], 6000, "E1"), *_records("W1", [q(2018, 1)], 6200, "E1"),
        *_records("W1", [q(2018, 2)], 6500, "E1"),
        *_records("W2", [q(2016, 3)], 4000, "E7"), *_records("W2", [q(2017, 4)], 5000, "E9"),
        *_records("W2", [q(2018, 2)], 5200, "E1"),
        *_records("W3", range(q(2017, 1), q(2019, 2) + 1), 0),
        *_records("W4", range(q(2017, 1), q(2017, 4) + 1), 8000, "E5"),
        *_records("W4", [q(2019, 3)], 9000, "E2"), *_records("W4", [q(2019, 4)], 9100, "E2"),
        *_records("W5", range(q(2018, 2), q(2019, 1) + 1), 2000, "E6"),
        *_records("W7", [q(2017, 2)], 4000), *_records("W7", [q(2017, 4)], 4100, "E1"),
    ]
    tables["wage_records"] = pd.DataFrame(rows)
    return tables


# Hand-computed figures for everyone (no filter, staff view), used by several test modules.
EVERYONE = {
    "exiters": 7,
    "completion": 6 / 7,
    "credential": 2 / 6,  # W1 and W4 of six completers
    "gains": [3.0, 1.0, 4.0, 0.5, 3.0],  # W1, W2, W4, W5, W7 (W6 has no pre wage, W3 did not complete)
    "employed_q2": (4, 5),  # W1, W2, W4, W7 of W1-W4 and W7 (W5 not yet, W6 not matched)
    "employed_q4": (3, 4),  # W1, W2, W7 of W1-W3 and W7 (W4 and W5 not yet)
    "median_earnings_q2": 5500.0,  # 4,000 5,000 6,000 9,000
    "retention": (1, 2),  # W1 stays at E1, W2 moves; W4's Q4 is not in the data, W7's Q2 employer is unknown
    # mean of 3,000 1,000 0 8,000: those whose change is counted (W5's 2nd quarter after exit is not yet in the data;
    # W6 not matched, W7 before the data). It was 2,800 with W5's 2,000, beside a change over four people.
    "pre_earnings": 3000.0,
    "earnings_change": 2000.0,  # median of 3,000 4,000 0 1,000
}


def build_worker_db(path) -> None:
    """Load the tables above into a new database at ``path`` through the validating loader."""
    from sectorscope.ingest import load as ingest

    inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in worker_tables().items()]
    ingest.load_batch(path, inputs, state_fips="42")


@pytest.fixture(scope="session")
def worker_db(tmp_path_factory):
    """The database of this module's tables, built once per test session (modules importing this fixture share the
    file)."""
    path = tmp_path_factory.getbasetemp() / "tiny-workers.duckdb"
    if not path.exists():
        build_worker_db(path)
    return path


# --- The same people with the WIOA fields, for hand-checked WIOA indicators --------------------------------------
# Exits: W6 2016-03-31, W7 2016-11-30, W1 2017-05-15, W2 2017-06-30, W3 2018-06-30, W4 2019-01-31, W5 2019-09-30.
# The annual report for PY N counts (module docstring of sectorscope.metrics.wioa):
#   Q2 and median: exits 07/01/N-1-06/30/N; Q4, credential, retention: exits 01/01/N-1-12/31/N-1;
#   Participants Exited: exits 04/01/N-03/31/N+1; skill gains: people in training 07/01/N-06/30/N+1.
# The program records end on 2019-10-01 (W8's enrolment); the wage records on 2019 Q4.
# - W7 left for health/medical reasons: out of the employment rates, median and credential rate.
# - W2 was in on-the-job training: out of the credential rate. W1's credential (2017-05-01) counts.
# - W2 had two employers in 2017 Q4 (E9 and E1) and E1 in 2018 Q2: retained through E1.
# - W6 has no wage record at all: not employed (WIOA counts every exiter).
# - W3 (16-24) was served as youth: $0 in 2018 Q4 but in education then (Q2), neither in 2019 Q2 (Q4).
# - Skill gains, several per person: W3 on 2018-03-01 (PY 2017); W4 on 2018-05-01 (PY 2017) and 2018-09-01
#   (PY 2018); W5 on 2019-06-01 (PY 2018).
# Report PY 2017: Q2 cohort W7 (excluded), W1, W2; Q4 cohort W6, W7 (excluded); exited W1, W2.
#   Employment Q2: W1, W2 of W1, W2 = 2 of 2; median of 6,000 and 5,000 = 5,500.
#   Employment Q4: W6 not employed = 0 of 1. Credential: W6 (occupational skills, none) = 0 of 1.
#   Retention: W6 not employed in Q2, W7's Q2 employer unknown = none in the denominator.
#   Skill gains: W3 and W4 in training, both with a gain in PY 2017 = 2 of 2.
# Report PY 2018: Q2 cohort W3; Q4 cohort W1, W2; exited W3, W4.
#   Employment Q2: W3 $0 = 0 of 1 (no median). Employment Q4: W1 $6,500, W2 $5,200 = 2 of 2.
#   Credential: W1 (W2 on the job) = 1 of 1. Retention: W1 at E1, W2 at E1 = 2 of 2.
#   Youth Q2: W3 in education = 1 of 1. Skill gains: W4 (2018-09-01), W5 (2019-06-01) = 2 of 2.
# Report PY 2019: Youth Q4: W3 neither = 0 of 1.
WIOA_REPORTS = {
    2017: {"exiters": 2, "employment_q2": (2, 2), "median_earnings_q2": 5500.0, "employment_q4": (0, 1),
           "credential": (0, 1), "retention": (0, 0), "skill_gains": (2, 2), "excluded": 1},
    2018: {"exiters": 2, "employment_q2": (0, 1), "employment_q4": (2, 2), "credential": (1, 1),
           "retention": (2, 2), "youth_q2": (1, 1), "skill_gains": (2, 2), "excluded": 0},
    2019: {"youth_q4": (0, 1)},
}


def wioa_tables() -> dict[str, pd.DataFrame]:
    """``worker_tables`` with the optional WIOA columns filled as described above."""
    tables = worker_tables()
    people = tables["participants"].copy()
    people["exit_exclusion_reason"] = ["", "", "", "", "", "", "health/medical", ""]
    people["training_type"] = ["occupational skills", "on-the-job", *["occupational skills"] * 6]
    people["credential_on"] = ["2017-05-01", "", "", "2019-01-15", "", "", "", ""]
    people["skill_gain_on"] = ["", "", "2018-03-01", "2018-05-01; 2018-09-01", "06/01/2019", "", "", ""]
    people["is_youth"] = ["", "", "true", "", "", "", "", "false"]
    people["in_education_q2"] = ["", "", "yes", "", "", "", "", ""]
    people["in_education_q4"] = ["", "", "no", "", "", "", "", ""]
    tables["participants"] = people
    records = tables["wage_records"].copy()
    records["other_employer_ids"] = ""
    q2_of_w2 = (records["participant_id"] == "W2") & (records["year"] == "2017") & (records["quarter"] == "4")
    records.loc[q2_of_w2, "other_employer_ids"] = "E1"
    tables["wage_records"] = records
    return tables


@pytest.fixture(scope="session")
def wioa_db(tmp_path_factory):
    """The database of ``wioa_tables``, loaded through the validating loader once per test session."""
    from sectorscope.ingest import load as ingest

    path = tmp_path_factory.getbasetemp() / "tiny-wioa.duckdb"
    if not path.exists():
        inputs = [ingest.TableInput(name, frame, f"{name}.csv") for name, frame in wioa_tables().items()]
        ingest.load_batch(path, inputs, state_fips="42")
    return path
