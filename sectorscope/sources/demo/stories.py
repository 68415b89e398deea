"""The demo's participant and employer stories and its systems changes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectorscope import codes
from sectorscope.sources.demo.common import (
    AS_OF,
    N_STORIES,
    N_SYSTEM_CHANGES,
    SECTORS,
    DemoState,
    random_days,
)
from sectorscope.words import with_article


# --- Stories and systems change -----------------------------------------------------------------------------------
def draw_stories(
    rng: np.random.Generator,
    state: DemoState,
    partnerships: pd.DataFrame,
    partnership_counties: pd.DataFrame,
    participants: pd.DataFrame,
) -> pd.DataFrame:
    """Synthetic testimonials from graduates, employers and instructors; about 30% without public consent."""
    sizes = participants["partnership_id"].value_counts()
    pool = partnerships[partnerships["partnership_id"].isin(sizes.index)]
    weights = sizes.reindex(pool["partnership_id"]).to_numpy(dtype=float) ** 0.5
    chosen = rng.choice(len(pool), size=N_STORIES, p=weights / weights.sum())
    county_of = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    graduate_quotes = (
        "Before the {program} program I was working two part-time jobs. Now I have one full-time job with benefits.",
        "The instructors knew exactly what employers were looking for, and I was hired before I finished.",
        "I never thought I'd have a credential. The {program} course gave me a career, not just a job.",
        "Childcare support made it possible for me to finish the {program} training.",
        "My pay went up and I finally have paid sick days.",
    )
    employer_quotes = (
        "Hiring from the {program} program cut our turnover noticeably in the first year.",
        "We designed the {program} curriculum together with the college, so graduates are ready on day one.",
        "Sitting at one table with our competitors felt odd at first; now we solve the same hiring problems together.",
        "The partnership saved us months of recruiting for {program} positions.",
    )
    instructor_quotes = (
        "Employers review our {program} curriculum every year, so what we teach matches the jobs.",
        "Our {program} graduates now have a clear next step on the career ladder.",
    )
    rows = []
    for k, index in enumerate(chosen):
        row = pool.iloc[int(index)]
        sector = next(s for s in SECTORS if s.code == row["sector_code"])
        program = sector.programs[int(rng.integers(len(sector.programs)))]
        county_name = state.names[state.index(county_of[row["partnership_id"]][0])]
        speaker = rng.choice(3, p=[0.55, 0.33, 0.12])
        if speaker == 0:
            quote = graduate_quotes[int(rng.integers(len(graduate_quotes)))]
            attribution = f"Graduate, {program} program"
        elif speaker == 1:
            quote = employer_quotes[int(rng.integers(len(employer_quotes)))]
            role = sector.employer_roles[int(rng.integers(len(sector.employer_roles)))]
            kind = sector.employer_kinds[int(rng.integers(len(sector.employer_kinds)))]
            attribution = f"{role}, {with_article(f'{county_name} County {kind}')}"  # not "a Adams County"
        else:
            quote = instructor_quotes[int(rng.integers(len(instructor_quotes)))]
            attribution = f"Instructor, {program} program"
        rows.append((f"S{k + 1:03d}", row["partnership_id"], quote.format(program=program), attribution, True))
    stories = pd.DataFrame(rows, columns=["story_id", "partnership_id", "quote", "attribution", "consent_public"])
    private = rng.choice(len(stories), size=round(0.30 * len(stories)), replace=False)
    stories.loc[stories.index[private], "consent_public"] = False  # about 30% never leave staff pages
    stories["consent_public"] = stories["consent_public"].astype(bool)
    return stories


def draw_system_changes(
    rng: np.random.Generator,
    state: DemoState,
    partnerships: pd.DataFrame,
    partnership_counties: pd.DataFrame,
    partners: pd.DataFrame,
) -> pd.DataFrame:
    """Dated systems changes across every category, one sentence each."""
    pool = partnerships[partnerships["phase"] != "planning"].reset_index(drop=True)
    weights = np.where(pool["phase"] == "sustaining", 2.0, 1.0)
    chosen = rng.choice(len(pool), size=N_SYSTEM_CHANGES, p=weights / weights.sum())
    county_of = {p: g["county_fips"].tolist() for p, g in partnership_counties.groupby("partnership_id")}
    colleges = {p: g["organization"].tolist() for p, g in partners[partners["partner_type"] == "postsecondary"]
                .groupby("partnership_id")}  # fmt: skip
    templates = {
        "new or changed education program": (
            "{college} launched {a_program} certificate designed with partnership employers.",
            "{college} added evening and weekend sections of its {program} course at employers' request.",
        ),
        "employer HR practice": (
            "Partner employers replaced degree requirements with skills-based hiring for {program} roles.",
            "Partner employers introduced paid training time and a wage step for {program} credentials.",
        ),
        "public policy": (
            "{county} County's workforce board added {program} to its list of in-demand occupations.",
            "The state approved the {program} course as eligible for individual training accounts.",
        ),
        "career pathway": (
            "Partners mapped {a_program} career pathway with stackable credentials and named next jobs.",
            "A registered {program} apprenticeship now leads into the college's associate degree.",
        ),
        "funding alignment": (
            "The workforce board aligned part of its training budget with the partnership's {program} priorities.",
            "Employers and the county pooled funds for {program} training of incumbent workers.",
        ),
        "shared services": (
            "Employers set up a shared {program} recruitment and assessment center in {county} County.",
            "Partner employers share one {program} instructor and training lab.",
        ),
    }
    categories = list(codes.SYSTEM_CHANGE_CATEGORIES)
    category_k = rng.permutation(np.resize(np.arange(len(categories)), N_SYSTEM_CHANGES))
    rows = []
    for k, (index, c) in enumerate(zip(chosen, category_k, strict=True)):
        row = pool.iloc[int(index)]
        sector = next(s for s in SECTORS if s.code == row["sector_code"])
        start = np.datetime64(row["start_date"].date()) + np.timedelta64(180, "D")
        end = np.datetime64(row["end_date"].date()) if pd.notna(row["end_date"]) else AS_OF
        when = random_days(rng, start, max(end, start))
        options = templates[categories[c]]
        college = colleges.get(row["partnership_id"], ["The local community college"])
        template = options[int(rng.integers(len(options)))]  # drawn before the program, as ever (same demo)
        program = sector.programs[int(rng.integers(len(sector.programs)))]
        text = template.format(
            program=program, a_program=with_article(program),  # "an IT support certificate", not "a IT"
            college=college[int(rng.integers(len(college)))],
            county=state.names[state.index(county_of[row["partnership_id"]][0])],
        )
        rows.append((f"C{k + 1:03d}", row["partnership_id"], min(when, AS_OF), categories[c], text))
    changes = pd.DataFrame(rows, columns=["change_id", "partnership_id", "changed_on", "category", "description"])
    changes["changed_on"] = pd.to_datetime(changes["changed_on"].to_numpy(dtype="datetime64[D]"))
    return changes.sort_values(["changed_on", "change_id"], ignore_index=True)
