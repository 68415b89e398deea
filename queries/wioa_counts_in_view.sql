-- One row per indicator and program year of its reporting window, for the selection as a whole (is_total) and for
-- each partnership: what the table "WIOA indicators by program year" counts, counted here rather than read person
-- by person. people: the rows in it (for "exiters", Participants Exited by report year); numerator (observed and
-- achieved), denominator (observed, with a known outcome), not_yet, excluded, before_data (the outcome quarter lies
-- before the wage records start), not_loaded (it lies inside them, in a quarter never loaded); for the median earnings their n and median. The same counts
-- sectorscope.metrics.wioa.wioa_indicators takes from the rows of wioa_outcomes_in_view and wioa_skill_gains_in_view
-- (tests/test_wioa_tables.py compares both ways). youth_in_data: does any exiter in view carry what the youth
-- indicator needs. The people in view are the rows of wioa_outcomes and wioa_skill_gains that pass the one
-- definition of "in view" (the participant_in_view macro, on the partnership, county and exit year each row keeps),
-- not a join of those tables to the participants: at 50 times the demo's people that join was half of this query.
with exiters as (
    select o.*
    from wioa_outcomes as o
    inner join partnerships as pa on pa.partnership_id = o.partnership_id
    where
        o.exit_year between $year_from and $year_to
        and participant_in_view(
            o.partnership_id, o.county_fips, pa.sector_code, pa.is_public,
            $sector_codes, $county_fips, $partnership_ids, $by_partnership_county, $public_only
        )
),

-- the exiters counted once per combination of partnership, report years and statuses (about 50,000 at 50 times the
-- demo's people, against 885,000 exiters), so that the eight indicators below read those counts instead of every
-- exiter eight times; the earnings median alone needs each person's earnings (earnings_q2, below)
cells as (
    select
        partnership_id,
        report_year_exited,
        report_year_q2,
        report_year_q4,
        q2_status,
        employed_q2,
        q4_status,
        employed_q4,
        credential_status,
        attained_credential,
        retention_status,
        retained,
        youth_q2_status,
        youth_q2,
        youth_q4_status,
        youth_q4,
        count(*) as people,
    from exiters
    group by all
),

-- one row per cell and indicator: the program year of the indicator's window, the outcome, the status and how many
-- people the row stands for
parts as (
    select partnership_id, 'exiters' as indicator, report_year_exited as program_year, null::boolean as achieved,
        null::varchar as status, people
    from cells
    union all
    select partnership_id, 'employment_q2', report_year_q2, employed_q2, q2_status::varchar, people from cells
    union all
    select partnership_id, 'employment_q4', report_year_q4, employed_q4, q4_status::varchar, people from cells
    union all
    select partnership_id, 'credential', report_year_q4, attained_credential, credential_status::varchar, people
    from cells
    union all
    select partnership_id, 'retention', report_year_q4, retained, retention_status::varchar, people from cells
    union all
    select partnership_id, 'youth_q2', report_year_q2, youth_q2, youth_q2_status::varchar, people from cells
    union all
    select partnership_id, 'youth_q4', report_year_q4, youth_q4, youth_q4_status::varchar, people from cells
    union all
    select s.partnership_id, 'skill_gains', s.program_year, s.achieved, s.status::varchar, count(*)
    from wioa_skill_gains as s
    inner join partnerships as pa on pa.partnership_id = s.partnership_id
    where
        s.program_year between $py_from and $py_to
        and participant_in_view(
            s.partnership_id, s.county_fips, pa.sector_code, pa.is_public,
            $sector_codes, $county_fips, $partnership_ids, $by_partnership_county, $public_only
        )
    group by all
),

counted as (
    select
        grouping(partnership_id) = 1 as is_total,
        partnership_id,
        indicator,
        program_year,
        sum(people)::bigint as people,
        -- coalesce: 0, not empty, where no row matches
        coalesce(sum(people) filter (where status = 'observed' and achieved), 0)::bigint as numerator,
        coalesce(sum(people) filter (where status = 'observed' and achieved is not null), 0)::bigint as denominator,
        coalesce(sum(people) filter (where status = 'not yet in the data'), 0)::bigint as not_yet,
        coalesce(sum(people) filter (where status = 'excluded (reason for exit)'), 0)::bigint as excluded,
        coalesce(sum(people) filter (where status = 'before the data starts'), 0)::bigint as before_data,
        coalesce(sum(people) filter (where status = 'quarter not loaded'), 0)::bigint as not_loaded,
        0 as earnings_n,
        null::double as earnings_median,
    from parts
    group by grouping sets ((indicator, program_year), (partnership_id, indicator, program_year))
),

earnings as (
    -- the median earnings indicator: every exiter in the window of its Q2 report year, the median over those with
    -- earnings (no status: its other counts are 0)
    select
        grouping(partnership_id) = 1 as is_total,
        partnership_id,
        'median_earnings_q2' as indicator,
        report_year_q2 as program_year,
        count(*) as people,
        0 as numerator,
        0 as denominator,
        0 as not_yet,
        0 as excluded,
        0 as before_data,
        0 as not_loaded,
        count(earnings_q2) as earnings_n,
        median(earnings_q2) as earnings_median,
    from exiters
    group by grouping sets ((report_year_q2), (partnership_id, report_year_q2))
)

select
    *,
    (select coalesce(bool_or(has_youth_data), false) from exiters) as youth_in_data,
from (
    select * from counted
    union all
    select * from earnings
)
order by is_total desc, partnership_id, indicator, program_year
