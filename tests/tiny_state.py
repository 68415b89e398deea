"""A tiny hand-made state (three Pennsylvania counties) whose figures can be computed by hand in tests."""

from __future__ import annotations

import pandas as pd

LANCASTER, CHESTER, YORK = "42071", "42029", "42133"


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Plain tables as a state would supply them (strings in, as from a CSV)."""
    return {
        "regions": pd.DataFrame({"region_id": ["SC"], "region_name": ["South Central"],
                                 "region_type": ["workforce development area"]}),
        "region_counties": pd.DataFrame({"region_id": ["SC", "SC"], "county_fips": [LANCASTER, YORK]}),
        "sectors": pd.DataFrame({"sector_code": ["HLTH", "MFG"], "sector_name": ["Healthcare", "Manufacturing"],
                                 "naics_prefixes": ["62", "31-33"]}),
        "partnerships": pd.DataFrame({
            "partnership_id": ["P1", "P2"],
            "name": ["Lancaster Health Careers", "York-Chester Makers"],
            "sector_code": ["HLTH", "MFG"],
            "region_id": ["SC", "SC"],
            "convener_name": ["Lancaster WDB", "York College"],
            "convener_type": ["workforce board", "community college"],
            "phase": ["implementation", "sustaining"],
            "start_date": ["2015-01-01", "2016-06-01"],
            "end_date": ["", ""],
            "description": ["Hospitals and clinics.", "Precision manufacturers."],
            "is_public": ["true", "false"],
        }),
        "partnership_counties": pd.DataFrame({"partnership_id": ["P1", "P2", "P2"],
                                              "county_fips": [LANCASTER, YORK, CHESTER]}),
        "partners": pd.DataFrame({"partnership_id": ["P1", "P1", "P2"],
                                  "organization": ["General Hospital", "HACC", "Acme Tools"],
                                  "partner_type": ["employer", "postsecondary", "employer"]}),
        "grants": pd.DataFrame({"grant_id": ["G1", "G2", "G3"], "partnership_id": ["P1", "P1", "P2"],
                                "grant_type": ["planning", "implementation", "implementation"],
                                "funder": ["State DLI", "Foundation X", "State DLI"],
                                "funding_source": ["state", "philanthropic", "state"],
                                "amount_usd": ["100000", "300000", "200000"],
                                "start_date": ["2016-01-01", "2017-01-01", "2017-03-01"],
                                "end_date": ["2016-06-30", "2019-12-31", "2019-12-31"]}),
        "system_changes": pd.DataFrame({"change_id": ["C1"], "partnership_id": ["P1"], "changed_on": ["2018-05-01"],
                                        "category": ["career pathway"], "description": ["A CNA-to-LPN pathway."]}),
        "stories": pd.DataFrame({"story_id": ["S1", "S2"], "partnership_id": ["P1", "P1"],
                                 "quote": ["I got a raise.", "Private words."],
                                 "attribution": ["Graduate, CNA program", "Graduate"],
                                 "consent_public": ["yes", "no"]}),
        "employers": pd.DataFrame({"employer_id": ["E1", "E2"], "name": ["General Hospital", "Acme Tools"],
                                   "county_fips": [LANCASTER, YORK], "naics_code": ["622", "332"],
                                   "size_class": ["1000+", "50-249"]}),
        "participants": pd.DataFrame({
            "participant_id": ["A", "B", "C", "D"],
            "partnership_id": ["P1", "P1", "P1", "P2"],
            "county_fips": [LANCASTER, LANCASTER, YORK, YORK],
            "enrolled_on": ["2017-01-10", "2017-02-01", "2018-01-01", "2018-03-01"],
            "exited_on": ["2017-06-30", "2017-07-31", "2018-06-30", "2019-01-31"],
            "completed": ["true", "true", "false", "true"],
            "credential_earned": ["true", "false", "false", "true"],
            "training_type": ["occupational skills"] * 4,
            "gender": ["female", "male", "female", "male"],
            "race_ethnicity": ["White", "Black or African American", "Hispanic or Latino", "Asian"],
            "age_band": ["25-34", "35-44", "16-24", "45-54"],
            "pre_hourly_wage": ["12.00", "15.00", "11.00", "18.00"],
            "post_hourly_wage": ["15.00", "16.00", "", "22.00"],
            "employed_in_sector": ["true", "true", "false", "true"],
            "below_poverty_before": ["true", "true", "true", "false"],
            "below_poverty_after": ["false", "true", "true", "false"],
            "health_insurance_before": ["false", "false", "false", "true"],
            "health_insurance_after": ["true", "false", "false", "true"],
            "paid_sick_leave_before": ["false", "false", "false", "false"],
            "paid_sick_leave_after": ["true", "true", "false", "true"],
        }),
        "wage_records": pd.DataFrame({"participant_id": ["A", "A"], "year": ["2017", "2017"], "quarter": ["3", "4"],
                                      "employer_id": ["E1", "E1"], "earnings_usd": ["7200", "7300"],
                                      "hours": ["480", "480"]}),
        "employer_surveys": pd.DataFrame({
            "employer_id": ["E1", "E2"], "partnership_id": ["P1", "P2"], "survey_year": ["2018", "2019"],
            "turnover_rate_before": ["0.40", "0.30"], "turnover_rate_after": ["0.30", ""],
            "reduced_turnover": ["yes", "no"], "reduced_rework": ["no", "yes"], "reduced_complaints": ["no", "no"],
            "partnership_valuable": ["yes", "yes"], "hires_from_training": ["3", "1"],
        }),
    }
