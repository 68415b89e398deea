-- One row per exiter in the selection (the exiters_in_view macro in schema.sql): its partnership and its part in
-- each WIOA indicator as the load computed it (table wioa_outcomes, sectorscope.metrics.wioa.wioa_exiter_outcomes).
-- The table "WIOA indicators by program year" counts these rows. Never shown as rows: the page
-- counts them in DuckDB (wioa_counts_in_view); tests/test_wioa_tables.py counts them in pandas as the reference.
select
    x.partnership_id,
    o.* exclude (participant_id, partnership_id, county_fips, exit_year),
from exiters_in_view(
    $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
) as x
inner join wioa_outcomes as o on o.participant_id = x.participant_id
