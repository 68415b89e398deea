-- One row per indicator and program year of its reporting window, for the selection as a whole (is_total) and for
-- each partnership: what the table "WIOA indicators by program year" counts, counted here rather than read person
-- by person. people: the rows in it (for "exiters", Participants Exited by report year); numerator (observed and
-- achieved), denominator (observed, with a known outcome), not_yet, excluded; for the median earnings their n and
-- median. The same counts sectorscope.metrics.wioa.wioa_indicators takes from the rows of wioa_outcomes_in_view
-- and wioa_skill_gains_in_view (tests/test_wioa_tables.py compares both ways). youth_in_data: does any exiter in
-- view carry what the youth indicator needs.
with exiters as (
    select x.partnership_id, o.*
    from exiters_in_view(
        $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
    ) as x
    inner join wioa_outcomes as o on o.participant_id = x.participant_id
),

-- one row per person and indicator: the program year of the indicator's window, the outcome and the status
parts as (
    select partnership_id, 'exiters' as indicator, report_year_exited as program_year, null::boolean as achieved,
        null::varchar as status, null::double as earnings
    from exiters
    union all
    select partnership_id, 'employment_q2', report_year_q2, employed_q2, q2_status::varchar, null from exiters
    union all
    select partnership_id, 'employment_q4', report_year_q4, employed_q4, q4_status::varchar, null from exiters
    union all
    select partnership_id, 'median_earnings_q2', report_year_q2, null, null, earnings_q2 from exiters
    union all
    select partnership_id, 'credential', report_year_q4, attained_credential, credential_status::varchar, null
    from exiters
    union all
    select partnership_id, 'retention', report_year_q4, retained, retention_status::varchar, null from exiters
    union all
    select partnership_id, 'youth_q2', report_year_q2, youth_q2, youth_q2_status::varchar, null from exiters
    union all
    select partnership_id, 'youth_q4', report_year_q4, youth_q4, youth_q4_status::varchar, null from exiters
    union all
    select p.partnership_id, 'skill_gains', s.program_year, s.achieved, s.status::varchar, null
    from participants_in_view(
        $sector_codes, $county_fips, $partnership_ids, $by_partnership_county, $public_only
    ) as p
    inner join wioa_skill_gains as s on s.participant_id = p.participant_id
    where s.program_year between $py_from and $py_to
)

select
    grouping(partnership_id) = 1 as is_total,
    partnership_id,
    indicator,
    program_year,
    count(*) as people,
    -- count(*) filter: 0 where no row matches (count_if gives NULL when every condition is NULL)
    count(*) filter (where status = 'observed' and achieved) as numerator,
    count(*) filter (where status = 'observed' and achieved is not null) as denominator,
    count(*) filter (where status = 'not yet in the data') as not_yet,
    count(*) filter (where status = 'excluded (reason for exit)') as excluded,
    count(earnings) as earnings_n,
    median(earnings) as earnings_median,
    (select coalesce(bool_or(has_youth_data), false) from exiters) as youth_in_data,
from parts
group by grouping sets ((indicator, program_year), (partnership_id, indicator, program_year))
order by is_total desc, partnership_id, indicator, program_year
