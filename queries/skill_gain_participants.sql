-- One row per participant in view (the participants_in_view macro in schema.sql) enrolled at some time in the
-- calendar years $year_from to $year_to, exited or not: the fields the WIOA measurable skill gains indicator needs
-- and what a selection filters them by (partnership, county).
-- Each load reads every participant through it (ingest/wioa_tables.py, table wioa_skill_gains). Never shown as rows.
with records as (
    -- the latest date the program records know of, and whether they record skill gains at all
    select
        max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as records_as_of,
        count(skill_gain_on) > 0 as has_skill_gain_dates,
    from participants
)

select
    p.participant_id,
    p.partnership_id,
    p.county_fips,
    p.enrolled_on,
    p.exited_on,
    p.training_type,
    p.age_band,
    p.is_youth,
    p.exit_exclusion_reason,
    p.skill_gain_on,
    r.records_as_of,
    r.has_skill_gain_dates,
from participants_in_view(
    $sector_codes,
    $county_fips,
    $partnership_ids,
    $by_partnership_county,
    $public_only
) as p
cross join records as r
where
    p.enrolled_on <= make_date($year_to, 12, 31)
    and (p.exited_on is null or p.exited_on >= make_date($year_from, 1, 1))
order by p.participant_id
