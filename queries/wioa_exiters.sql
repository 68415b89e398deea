-- One row per exiter in the selection (the exiters_with_wages macro in schema.sql, as in worker_outcomes.sql) with
-- only the fields the WIOA primary indicators read (sectorscope.metrics.wioa.wioa_exiter_outcomes) and what a
-- selection filters and groups them by (partnership, county, exit year). Each load reads every exiter through it (ingest/wioa_tables.py, table wioa_outcomes), so a
-- column it does not use would cost memory once per exiter (about 30 of them at a large state's scale). Never shown
-- as rows.
with records as (
    -- the latest date the program records know of: credentials and skill gains later than it cannot be known yet
    select
        max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as records_as_of,
        -- the youth education-or-employment rate needs a youth marker and education after exit somewhere
        count(is_youth) > 0 and count(in_education_q2) + count(in_education_q4) > 0 as has_youth_data,
    from participants
)

select
    x.participant_id,
    x.partnership_id,
    x.county_fips,
    x.exit_year,
    x.enrolled_on,
    x.exited_on,
    x.exit_quarter,
    x.exit_exclusion_reason,
    x.age_band,
    x.is_youth,
    x.in_education_q2,
    x.in_education_q4,
    x.training_type,
    x.is_customized_training,
    x.credential_earned,
    x.credential_on,
    x.q2_earnings,
    x.q4_earnings,
    -- does an employer account that paid them in the 2nd quarter after exit pay them in the 4th? (retention;
    -- sectorscope.metrics.wioa._shares_account): answered here so that no exiter's account lists leave DuckDB
    coalesce(list_has_any(x.q2_employer_ids, x.q4_employer_ids), false) as shares_employer_account,
    x.employed_q2_supplemental,
    x.employed_q4_supplemental,
    x.earnings_q2_supplemental,
    r.records_as_of,
    r.has_youth_data,
from exiters_with_wages(
    $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
) as x
cross join records as r
order by x.participant_id
