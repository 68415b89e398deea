-- One row per exiter in the selection (the exiters_with_wages macro in schema.sql: partnership sector, chosen
-- partnerships, $public_only, exit year, living in a chosen county or, with $by_partnership_county, trained by a
-- partnership serving one), with every participant field, the exit year and the UI earnings and employer accounts of
-- the quarters the wage-record indicators use. Read by the tests' pandas reading of every worker figure
-- (tests/worker_reference.py) and the benchmarks' pandas baseline; the app's figures come from
-- worker_group_outcomes.sql, worker_headline_figures.sql, partnership_people_figures.sql and wioa_exiters.sql.
-- Never shown as rows.
select x.*,
from exiters_with_wages(
    $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
) as x
order by x.participant_id
