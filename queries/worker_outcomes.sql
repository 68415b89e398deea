-- One row per exiter in the selection (the exiters_with_wages macro in schema.sql: partnership sector, chosen
-- partnerships, $public_only, exit year, living in a chosen county or, with $by_partnership_county, trained by a
-- partnership serving one), with every participant field, the exit year and the UI earnings and employer accounts of
-- the quarters the wage-record indicators use. Read by the WIOA table and the exports; the Worker page's group
-- figures come from worker_group_outcomes.sql. Never shown as rows.
with records as (
    -- the latest date the program records know of: credentials and skill gains later than it cannot be known yet
    select
        max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as records_as_of,
        -- the youth education-or-employment rate needs a youth marker and education after exit somewhere
        count(is_youth) > 0 and count(in_education_q2) + count(in_education_q4) > 0 as has_youth_data,
    from participants
)

select
    x.*,  -- every participant field with the partnership's name and sector, and the wage-record quarters
    r.records_as_of,
    r.has_youth_data,
from exiters_with_wages(
    $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
) as x
cross join records as r
order by x.participant_id
