"""The demo's industry truth and the two tables drawn from it: QCEW annual rows (BLS layout) and QWI cells."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope.sources.demo.common import (
    COVID_2020,
    ESTABLISHMENT_SIZE,
    GOVERNMENT_SHARE,
    INDUSTRIES,
    JOBS_PER_RESIDENT,
    PA_COVERED_2014,
    QCEW_COLUMNS,
    QCEW_YEARS,
    QWI_HIRE_RATE,
    QWI_TURNOVER,
    QWI_YEARS,
    SECTORS,
    SPECIALISATIONS,
    STATE_FIPS,
    URBAN_ELASTICITY,
    US_GOVERNMENT_2014,
    US_GROWTH,
    US_PRIVATE_2014,
    US_PRIVATE_SHARE,
    US_WEEKLY_WAGE_2014,
    WAGE_GROWTH,
    DemoState,
)


# --- Industry (truth behind QCEW and QWI) -------------------------------------------------------------------------
@dataclass(frozen=True)
class IndustryTruth:
    """Unsuppressed annual employment and wages by county x industry x year, and the national figures."""

    employment: np.ndarray  # (county, industry, year) private
    weekly_wage: np.ndarray
    establishments: np.ndarray
    government: np.ndarray  # (county, year)
    government_wage: np.ndarray
    government_establishments: np.ndarray
    us_employment: np.ndarray  # (industry, year)
    us_weekly_wage: np.ndarray
    us_government: np.ndarray  # (year,)
    us_government_wage: np.ndarray


def _covid_factor(years: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """Multiplier (industry, year): the 2020 drop, half recovered in 2021, gone from 2022."""
    factor = np.ones((drop.size, years.size))
    factor[:, years == 2020] = drop[:, None]
    factor[:, years == 2021] = 1 - (1 - drop[:, None]) * 0.45
    return factor


def industry_truth(rng: np.random.Generator, state: DemoState, gaps: list[tuple[str, str]]) -> IndustryTruth:
    """Employment, wages and establishments with county specialisations, trends and a 2020 dip."""
    n_counties, n_industries = state.fips.size, len(INDUSTRIES)
    t = (QCEW_YEARS - QCEW_YEARS[0]).astype(float)
    covid = _covid_factor(QCEW_YEARS, COVID_2020)
    share = US_PRIVATE_SHARE / US_PRIVATE_SHARE.sum()

    us_noise = rng.lognormal(0.0, 0.004, (n_industries, t.size))
    us_employment = US_PRIVATE_2014 * share[:, None] * np.exp(US_GROWTH[:, None] * t) * covid * us_noise
    us_weekly = US_WEEKLY_WAGE_2014[:, None] * (1 + WAGE_GROWTH) ** t * rng.lognormal(0, 0.005, us_employment.shape)
    us_government = US_GOVERNMENT_2014 * 1.004**t * np.where(QCEW_YEARS == 2020, 0.98, 1.0)
    us_government_wage = 1000.0 * (1 + WAGE_GROWTH) ** t

    jobs_ratio = 0.42 * rng.lognormal(0.0, 0.10, n_counties)
    government_share = rng.uniform(0.10, 0.16, n_counties)
    for k, county in enumerate(state.fips):
        jobs_ratio[k] = JOBS_PER_RESIDENT.get(county, jobs_ratio[k])
        government_share[k] = GOVERNMENT_SHARE.get(county, government_share[k])
    total_2014 = state.population * jobs_ratio
    total_2014 *= PA_COVERED_2014 / total_2014.sum()

    specialisation = rng.lognormal(0.0, 0.35, (n_counties, n_industries))
    typical_urbanity = np.average(state.urbanity, weights=total_2014)  # so the state as a whole stays near LQ 1
    specialisation *= np.exp(URBAN_ELASTICITY[None, :] * (state.urbanity[:, None] - typical_urbanity))
    for (county, industry_code), multiplier in SPECIALISATIONS.items():
        specialisation[state.index(county), INDUSTRIES.index(industry_code)] *= multiplier
    growth = US_GROWTH[None, :] + 0.006 * (state.urbanity[:, None] - 0.5) + rng.normal(0, 0.012, specialisation.shape)
    declining = rng.random(specialisation.shape) < 0.06
    growth[declining] -= rng.uniform(0.02, 0.04, declining.sum())
    sector_industry = {s.code: s.industry for s in SECTORS}
    for county, sector_code in gaps:
        c, i = state.index(county), INDUSTRIES.index(sector_industry[sector_code])
        specialisation[c, i] = max(specialisation[c, i], 1.0) * rng.uniform(2.0, 2.6)
        growth[c, i] = US_GROWTH[i] + rng.uniform(0.03, 0.045)
    mix = share[None, :] * specialisation
    mix /= mix.sum(axis=1, keepdims=True)

    private_2014 = total_2014 * (1 - government_share)
    noise = rng.lognormal(0.0, 0.01, (n_counties, n_industries, t.size))
    employment = private_2014[:, None, None] * mix[:, :, None] * np.exp(growth[:, :, None] * t) * covid[None] * noise
    employment = np.maximum(np.rint(employment), 3.0)

    wage_level = np.clip(0.80 + 0.30 * state.urbanity, 0.78, 1.15) * rng.lognormal(0, 0.04, n_counties)
    weekly_wage = (
        US_WEEKLY_WAGE_2014[None, :, None]
        * wage_level[:, None, None]
        * rng.lognormal(0, 0.06, (n_counties, n_industries, 1))
        * (1 + WAGE_GROWTH) ** t
        * rng.lognormal(0, 0.01, employment.shape)
    )
    size = ESTABLISHMENT_SIZE[None, :, None] * rng.lognormal(0, 0.2, (n_counties, n_industries, 1))
    establishments = np.maximum(np.rint(employment / size * rng.lognormal(0, 0.02, employment.shape)), 1.0)
    government = np.rint(total_2014[:, None] * government_share[:, None] * 1.003**t)
    government_wage = 1000.0 * wage_level[:, None] * (1 + WAGE_GROWTH) ** t
    government_establishments = np.maximum(np.rint(government / 35.0), 1.0)
    return IndustryTruth(
        employment=employment,
        weekly_wage=weekly_wage,
        establishments=establishments,
        government=government,
        government_wage=government_wage,
        government_establishments=government_establishments,
        us_employment=np.rint(us_employment),
        us_weekly_wage=us_weekly,
        us_government=np.rint(us_government),
        us_government_wage=us_government_wage,
    )


def _suppression(rng: np.random.Generator, employment: np.ndarray, establishments: np.ndarray) -> np.ndarray:
    """BLS-style disclosure mask (county, industry, year): small cells, plus a complementary cell per county-year."""
    smallness = np.log(employment[:, :, :1]) + rng.normal(0, 0.6, employment[:, :, :1].shape)
    threshold = np.quantile(smallness, 0.17)
    flicker = rng.normal(0, 0.25, employment.shape)
    suppressed = (smallness + flicker < threshold) | (establishments < 3)
    order = np.argsort(employment, axis=1, kind="stable")
    for c, y in zip(*np.nonzero(suppressed.sum(axis=1) == 1), strict=True):
        for i in order[c, :, y]:  # the smallest other cell hides the first one from subtraction
            if not suppressed[c, i, y]:
                suppressed[c, i, y] = True
                break
    return suppressed


def qcew_table(rng: np.random.Generator, state: DemoState, industry: IndustryTruth) -> pd.DataFrame:
    """QCEW annual averages 2014-2024 for PA's counties, PA and the U.S. in the BLS annual by-area CSV layout.

    Per area: all industries, all ownerships (own 0, industry 10); private total (own 5, industry 10); and the private
    NAICS sectors (own 5). Suppressed cells carry ``disclosure_code`` "N" and zero employment and wages, as BLS ships
    them (BLS still publishes their establishment counts). The state row is the sum of the unsuppressed county truth.
    """
    county_wages = industry.employment * industry.weekly_wage * 52
    county_gov_wages = industry.government * industry.government_wage * 52
    suppressed = _suppression(rng, industry.employment, industry.establishments)
    # Areas in order: U.S., the state, then its counties. Arrays (area, industry, year) and (area, year).
    private = np.concatenate(
        [industry.us_employment[None], industry.employment.sum(axis=0)[None], industry.employment]
    )
    wages = np.concatenate(
        [(industry.us_employment * industry.us_weekly_wage * 52)[None], county_wages.sum(axis=0)[None], county_wages]
    )
    estabs = np.concatenate(
        [np.rint(industry.us_employment / ESTABLISHMENT_SIZE[:, None])[None],
         industry.establishments.sum(axis=0)[None], industry.establishments]
    )  # fmt: skip
    government = np.concatenate([industry.us_government[None], industry.government.sum(axis=0)[None],
                                 industry.government])  # fmt: skip
    government_wages = np.concatenate(
        [(industry.us_government * industry.us_government_wage * 52)[None], county_gov_wages.sum(axis=0)[None],
         county_gov_wages]
    )  # fmt: skip
    government_estabs = np.concatenate(
        [np.rint(industry.us_government / 35.0)[None], industry.government_establishments.sum(axis=0)[None],
         industry.government_establishments]
    )  # fmt: skip
    hidden = np.concatenate([np.zeros((2, *suppressed.shape[1:]), dtype=bool), suppressed])

    # Series per area: total covered, private total, then each private industry.
    def series(by_industry: np.ndarray, public: np.ndarray) -> np.ndarray:
        private_total = by_industry.sum(axis=1, keepdims=True)
        return np.concatenate([private_total + public[:, None], private_total, by_industry], axis=1)

    employment = np.rint(series(private, government)).astype("int64")
    total_wages = np.rint(series(wages, government_wages)).astype("int64")
    establishments = np.rint(series(estabs, government_estabs)).astype("int64")
    disclosed = ~np.concatenate([np.zeros((hidden.shape[0], 2, hidden.shape[2]), dtype=bool), hidden], axis=1)
    weekly = np.where(employment > 0, np.rint(total_wages / np.maximum(employment, 1) / 52), 0).astype("int64")

    n_areas, n_series, n_years = employment.shape
    areas = np.array(["US000", f"{STATE_FIPS}000", *state.fips], dtype=object)
    area_level = np.array([0, 1] + [2] * state.fips.size)  # national, state, county
    agglvl = np.array([["10", "11", "14"], ["50", "51", "54"], ["70", "71", "74"]], dtype=object)
    series_kind = np.array([0, 1] + [2] * len(INDUSTRIES))  # total covered, private total, private industry
    area_k = np.repeat(np.arange(n_areas), n_series * n_years)
    series_k = np.tile(np.repeat(np.arange(n_series), n_years), n_areas)
    shown = disclosed.ravel()
    return pd.DataFrame(
        {
            "area_fips": areas[area_k],
            "own_code": np.where(series_k == 0, "0", "5").astype(object),
            "industry_code": np.array(["10", "10", *INDUSTRIES], dtype=object)[series_k],
            "agglvl_code": agglvl[area_level[area_k], series_kind[series_k]],
            "size_code": "0",
            "year": np.tile(QCEW_YEARS.astype("int64"), n_areas * n_series),
            "qtr": "A",
            "disclosure_code": np.where(shown, "", "N").astype(object),
            "annual_avg_estabs_count": establishments.ravel(),
            "annual_avg_emplvl": np.where(shown, employment.ravel(), 0),
            "total_annual_wages": np.where(shown, total_wages.ravel(), 0),
            "annual_avg_wkly_wage": np.where(shown, weekly.ravel(), 0),
        },
        columns=list(QCEW_COLUMNS),
    )


def qwi_table(rng: np.random.Generator, state: DemoState, industry: IndustryTruth) -> pd.DataFrame:
    """Quarterly Workforce Indicators by county x NAICS sector, 2014-2024, with seasonality and a few gaps."""
    n_c, n_i, n_y = industry.employment.shape
    seasonal = np.ones((n_i, 4))
    seasonal[INDUSTRIES.index("23")] = (0.93, 1.02, 1.06, 0.99)
    seasonal[INDUSTRIES.index("72")] = (0.95, 1.03, 1.06, 0.96)
    seasonal[INDUSTRIES.index("11")] = (0.90, 1.05, 1.08, 0.97)
    seasonal[INDUSTRIES.index("61")] = (1.02, 1.00, 0.95, 1.03)
    seasonal[INDUSTRIES.index("44-45")] = (0.98, 0.99, 1.00, 1.03)
    shape = (n_c, n_i, n_y, 4)
    employment = industry.employment[..., None] * seasonal[None, :, None, :] * rng.lognormal(0, 0.015, shape)
    employment = np.rint(employment)
    hires = np.rint(employment * QWI_HIRE_RATE[None, :, None, None] * rng.lognormal(0, 0.08, shape))
    flat = employment.reshape(n_c, n_i, n_y * 4)
    change = np.concatenate([np.diff(flat, axis=2), np.zeros((n_c, n_i, 1))], axis=2).reshape(shape)
    separations = np.maximum(np.rint(hires - change * 0.8 + rng.normal(0, 1, shape)), 0.0)
    county_factor = rng.lognormal(0, 0.08, (n_c, n_i, 1, 1))
    turnover = QWI_TURNOVER[None, :, None, None] * county_factor * rng.lognormal(0, 0.05, shape)
    covid_quarter = np.zeros((n_y, 4), dtype=bool)
    covid_quarter[QWI_YEARS == 2020, 1] = True
    turnover = np.where(covid_quarter[None, None], turnover * 1.25, turnover)
    turnover = np.clip(turnover, 0.02, 0.25)
    earnings = industry.weekly_wage[..., None] * 52 / 12 * 1.06 * rng.lognormal(0, 0.02, shape)
    small = employment < 25
    turnover_missing = (small & (rng.random(shape) < 0.5)) | (rng.random(shape) < 0.01)
    earnings_missing = (small & (rng.random(shape) < 0.2)) | (rng.random(shape) < 0.005)
    index = np.indices(shape).reshape(4, -1)
    return pd.DataFrame(
        {
            "area_type": "county",
            "area_code": state.fips[index[0]],
            "naics_sector": np.array(INDUSTRIES, dtype=object)[index[1]],
            "year": QWI_YEARS[index[2]].astype("int64"),
            "quarter": (index[3] + 1).astype("int64"),
            "employment": employment.ravel(),
            "hires": hires.ravel(),
            "separations": separations.ravel(),
            "turnover_rate": np.where(turnover_missing, np.nan, np.round(turnover, 4)).ravel(),
            "avg_monthly_earnings": np.where(earnings_missing, np.nan, np.round(earnings)).ravel(),
        }
    )


