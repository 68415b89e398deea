"""The small state of issue 10, built to be attacked: every secret a public view once gave away is planted here.

- partnership P3 (Healthcare) has 3 participants, all exiting in 2019 with a wage gain of +$7.00;
- partnership P11 (Manufacturing) has 11; two of them are the only participants living in York County (region R1
  = Lancaster + York), each with a gain of +$5.55;
- one person exited in 2017 (the only exiter that year), gain +$9.17;
- Construction has 12 exiters but one completer with both wages, gain +$4.44;
- Chester County has one surveyed employer (E-CH), who answered yes to all four questions;
- 3 completers of the big partnership have no wage record (the "n = 145 / n = 142" caption pair).

Everything else is big enough to show. Tables are plain strings, as a state's CSVs are, and go through the loader.
"""

from __future__ import annotations

import pandas as pd

LANCASTER, YORK, CHESTER, DAUPHIN = "42071", "42133", "42029", "42043"
STATE = "42"
PLANTED = {
    "P3 exiters": 3, "P3 mean gain": 7.00,
    "York exiters": 2, "York mean gain": 5.55,
    "2017 exiters": 1, "2017 gain": 9.17,
    "Construction wage n": 1, "Construction gain": 4.44,
    "Chester responses": 1,
    "completers without wages": 3,
}


def _person(pid, partnership, county, year, gain, completed=True, wages=True, poor_after=False):
    pre = 14.0
    return {
        "participant_id": pid, "partnership_id": partnership, "county_fips": county,
        "enrolled_on": f"{year - 1}-09-01", "exited_on": f"{year}-06-30",
        "completed": "true" if completed else "false", "credential_earned": "true" if completed else "false",
        "training_type": "occupational skills", "gender": "male", "race_ethnicity": "White", "age_band": "25-34",
        "pre_hourly_wage": f"{pre:.2f}" if wages else "", "post_hourly_wage": f"{pre + gain:.2f}" if wages else "",
        "employed_in_sector": "true", "below_poverty_before": "true",
        "below_poverty_after": "true" if poor_after else "false",
        "health_insurance_before": "false", "health_insurance_after": "true",
        "paid_sick_leave_before": "false", "paid_sick_leave_after": "true",
    }


def adversarial_people() -> list[dict]:
    """The participants, secrets included."""
    people = []
    for i in range(40):  # the big Healthcare partnership: Lancaster and Dauphin, 2018-2022
        county = LANCASTER if i < 28 else DAUPHIN
        people.append(_person(f"B{i:02}", "PBIG", county, 2018 + i % 5, 1.0 + (i % 7) * 0.5,
                               wages=i >= 3, poor_after=i % 4 == 0))
    people.append(_person("B-2017", "PBIG", LANCASTER, 2017, 9.17))
    people += [_person(f"S{i}", "P3", LANCASTER, 2019, 7.00) for i in range(3)]
    people += [_person(f"Y{i}", "P11", YORK, 2020, 5.55) for i in range(2)]
    people += [_person(f"M{i}", "P11", LANCASTER, 2019 + i % 2, 2.0 + i * 0.25) for i in range(9)]
    people.append(_person("C0", "PCONS", DAUPHIN, 2020, 4.44))
    people += [_person(f"C{i}", "PCONS", DAUPHIN, 2019 + i % 3, 0.0, completed=False, wages=False)
               for i in range(1, 12)]
    people += [_person(f"Q{i:02}", "PPRIV", CHESTER, 2019 + i % 3, 3.0) for i in range(15)]
    return people


def adversarial_tables() -> dict[str, pd.DataFrame]:
    """Plain tables of the adversarial state, as a state would supply them."""
    partnerships = pd.DataFrame({
        "partnership_id": ["PBIG", "P3", "P11", "PCONS", "PPRIV"],
        "name": ["Lancaster Health Careers", "Small Clinic Pathway", "York Makers", "Dauphin Builders",
                 "Chester Private Makers"],
        "sector_code": ["HLTH", "HLTH", "MFG", "CONS", "MFG"],
        "region_id": ["R1", "R1", "R1", "R2", "R2"],
        "convener_name": ["Lancaster WDB", "HACC", "York College", "Dauphin WDB", "Chester WDB"],
        "convener_type": ["workforce board", "community college", "community college", "workforce board",
                          "workforce board"],
        "phase": ["implementation"] * 5,
        "start_date": ["2016-01-01"] * 5,
        "end_date": [""] * 5,
        "description": ["Hospitals.", "A clinic.", "Machinists.", "Builders.", "Private."],
        "is_public": ["true", "true", "true", "true", "false"],
    })
    employers = [{"employer_id": "E-CH", "name": "Chester Works", "county_fips": CHESTER, "naics_code": "332",
                  "size_class": "50-249"}]
    surveys = [{"employer_id": "E-CH", "partnership_id": "P11", "survey_year": "2020", "turnover_rate_before": "",
                "turnover_rate_after": "", "reduced_turnover": "yes", "reduced_rework": "yes",
                "reduced_complaints": "yes", "partnership_valuable": "yes", "hires_from_training": "1"}]
    for i in range(24):
        county = LANCASTER if i < 16 else DAUPHIN
        partnership = ["PBIG", "P11", "PCONS"][i % 3]
        employers.append({"employer_id": f"E{i:02}", "name": f"Employer {i}", "county_fips": county,
                          "naics_code": "622", "size_class": "50-249"})
        surveys.append({"employer_id": f"E{i:02}", "partnership_id": partnership,
                        "survey_year": str(2019 + i % 3), "turnover_rate_before": "", "turnover_rate_after": "",
                        "reduced_turnover": "yes" if i % 2 else "no", "reduced_rework": "yes" if i % 3 else "no",
                        "reduced_complaints": "no" if i % 4 else "yes",
                        "partnership_valuable": "yes" if i % 5 else "no",
                        "hires_from_training": str(i % 4)})
    return {
        "regions": pd.DataFrame({"region_id": ["R1", "R2"], "region_name": ["South Central", "Southeast"],
                                 "region_type": ["workforce development area"] * 2}),
        "region_counties": pd.DataFrame({"region_id": ["R1", "R1", "R2", "R2"],
                                         "county_fips": [LANCASTER, YORK, CHESTER, DAUPHIN]}),
        "sectors": pd.DataFrame({"sector_code": ["HLTH", "MFG", "CONS"],
                                 "sector_name": ["Healthcare", "Manufacturing", "Construction"],
                                 "naics_prefixes": ["62", "31-33", "23"]}),
        "partnerships": partnerships,
        "partnership_counties": pd.DataFrame({
            "partnership_id": ["PBIG", "PBIG", "P3", "P11", "P11", "PCONS", "PPRIV"],
            "county_fips": [LANCASTER, DAUPHIN, LANCASTER, YORK, LANCASTER, DAUPHIN, CHESTER]}),
        "grants": pd.DataFrame({"grant_id": ["G1", "G2"], "partnership_id": ["PBIG", "P11"],
                                "grant_type": ["implementation", "planning"], "funder": ["State DLI", "State DLI"],
                                "funding_source": ["state", "state"], "amount_usd": ["250000", "50000"],
                                "start_date": ["2018-01-01", "2019-01-01"], "end_date": ["2020-12-31", ""]}),
        "stories": pd.DataFrame({"story_id": ["S1", "S2"], "partnership_id": ["PBIG", "PPRIV"],
                                 "quote": ["I got a raise and a schedule I can plan around.", "Private words."],
                                 "attribution": ["Graduate, CNA program", "Graduate"],
                                 "consent_public": ["yes", "yes"]}),
        "employers": pd.DataFrame(employers),
        "participants": pd.DataFrame(adversarial_people()),
        "employer_surveys": pd.DataFrame(surveys),
    }
