-- One row per participant in view (the participants_in_view macro in schema.sql) and program year from $py_from to
-- $py_to in which they were in training: its partnership and its part in the measurable skill gains indicator as the
-- load computed it (table wioa_skill_gains, sectorscope.metrics.wioa.skill_gain_rows). Never shown as rows: the page
-- counts them in DuckDB (wioa_counts_in_view); tests/test_wioa_tables.py counts them in pandas as the reference.
select
    p.partnership_id,
    s.program_year,
    s.status,
    s.achieved,
from participants_in_view(
    $sector_codes, $county_fips, $partnership_ids, $by_partnership_county, $public_only
) as p
inner join wioa_skill_gains as s on s.participant_id = p.participant_id
where s.program_year between $py_from and $py_to
