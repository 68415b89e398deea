"""A deterministic, seeded synthetic state sector strategy on Pennsylvania's real 67 counties.

``generate_demo_tables(seed, scale)`` returns plain tables keyed by table name, with the columns of ``schema.sql``,
except ``qcew_annual``, which comes in the BLS QCEW annual "by area" CSV layout so that it goes through the same loader
as real BLS files. Counties are not generated: the database takes them from ``geo.counties_table``. Nothing here reads
the clock or the environment: the same seed gives identical frames.

The modules follow the table families: ``common`` (calibration near the published references, the state's shape, the
real geography, random helpers), ``registry`` (regions, sectors, partnerships, partners, grants), ``industry`` (the
industry truth behind QCEW and QWI), ``employers`` (employers and their surveys), ``people`` (participants, wage
records, WIOA fields) and ``stories`` (stories and systems changes). The order of the draws below is the demo: the
same seed gives the same tables only while it stays as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope.sources.demo.common import load_state
from sectorscope.sources.demo.employers import draw_employer_surveys, draw_employers
from sectorscope.sources.demo.industry import industry_truth, qcew_table, qwi_table
from sectorscope.sources.demo.people import draw_participants, draw_wage_records, wioa_fields
from sectorscope.sources.demo.registry import (
    draw_grants,
    draw_partners,
    draw_partnerships,
    draw_regions,
    gap_industries,
    sectors_table,
    unserved_counties,
)
from sectorscope.sources.demo.stories import draw_stories, draw_system_changes

__all__ = ["generate_demo_tables"]


def generate_demo_tables(seed: int = 2024, scale: int = 1) -> dict[str, pd.DataFrame]:
    """Every demo table keyed by table name (schema.sql columns; qcew_annual in the BLS annual CSV layout).

    ``scale`` multiplies the participants (exited and still enrolled), and with them their wage records, for
    measuring the app at a larger state's size; scale 1 is the demo, the same for the same seed.
    """
    if scale < 1:
        raise ValueError(f"scale must be a whole number of 1 or more, not {scale!r}")
    rng = np.random.default_rng(seed)
    state = load_state()
    regions, region_counties = draw_regions(rng, state)
    sectors = sectors_table()
    unserved = unserved_counties(rng, state)
    gaps = gap_industries(rng, state, unserved)
    industry = industry_truth(rng, state, gaps)
    partnerships, partnership_counties = draw_partnerships(rng, state, regions, region_counties, industry, gaps,
                                                           unserved)
    employers, employer_links = draw_employers(rng, state, partnerships, partnership_counties)
    partners = draw_partners(rng, state, partnerships, partnership_counties, regions, employers, employer_links)
    grants = draw_grants(rng, partnerships, partners)
    participants, wage_inputs = draw_participants(rng, state, partnerships, partnership_counties, scale)
    wage_records = draw_wage_records(rng, participants, wage_inputs, employer_links, partnerships)
    # The WIOA fields draw from their own stream, so adding them left every other demo figure as it was.
    participants, wage_records = wioa_fields(np.random.default_rng([seed, 14]), participants, wage_records)
    employer_surveys = draw_employer_surveys(rng, partnerships, employers, employer_links)
    qcew_annual = qcew_table(rng, state, industry)
    qwi = qwi_table(rng, state, industry)
    stories = draw_stories(rng, state, partnerships, partnership_counties, participants)
    system_changes = draw_system_changes(rng, state, partnerships, partnership_counties, partners)
    tables = {
        "regions": regions,
        "region_counties": region_counties,
        "sectors": sectors,
        "partnerships": partnerships.drop(columns=["sim_effect", "sim_poor", "sim_hub"]),
        "partnership_counties": partnership_counties,
        "partners": partners,
        "grants": grants,
        "system_changes": system_changes,
        "stories": stories,
        "employers": employers,
        "participants": participants,
        "wage_records": wage_records,
        "employer_surveys": employer_surveys,
        "qcew_annual": qcew_annual,
        "qwi": qwi,
    }
    return {name: frame.reset_index(drop=True) for name, frame in tables.items()}
