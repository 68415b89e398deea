-- One row per exiter in the selection (the exiters_with_wages macro in schema.sql: partnership sector, chosen
-- partnerships, $public_only, exit year, living in a chosen county or, with $by_partnership_county, trained by a
-- partnership serving one), with every participant field, the exit year and the UI earnings and employer accounts of
-- the quarters the wage-record indicators use. Read by the exports (Sectorscope's own measures per person); the
-- Worker page's group figures come from worker_group_outcomes.sql and its WIOA table from wioa_exiters.sql. Never
-- shown as rows.
select x.*,
from exiters_with_wages(
    $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
) as x
order by x.participant_id
