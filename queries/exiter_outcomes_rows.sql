-- One row per exiter (every one: the exiters_with_wages macro with nothing chosen) with their part in the Worker
-- outcomes page's figures, as metrics/workers.py and metrics/wioa.py define them, for table exiter_outcomes
-- (schema.sql), built at each load that writes participants or wage records, in its transaction. A wage-record
-- indicator is observed only when its quarters are in the data (coverage, at both ends, and a quarter inside them
-- never loaded: 'quarter not loaded'; the statuses say why not), a quarter without a record then counting as no
-- earnings; rows in the order of the wage gain, which the page sorts by.
with coverage as (
    -- quarters are numbered year * 4 + quarter - 1, as in wage_record_coverage.sql and exiters_with_wages
    select
        min(year * 4 + quarter - 1) as first_quarter,
        max(year * 4 + quarter - 1) as last_quarter,
    from wage_records
),

missing as (
    -- the quarters inside the span holding no record at all: never loaded, unknown (not quarters without pay)
    select coalesce(list(m.quarter_index), []) as quarters,
    from (
        select unnest(range(c.first_quarter, c.last_quarter + 1)) as quarter_index,
        from coverage as c
    ) as m
    where m.quarter_index not in (select distinct year * 4 + quarter - 1 from wage_records)
),

statuses as (
    select
        x.*,
        case
            when x.wage_records = 0 then 'no wage records'
            -- a state may load only its recent UI quarters: an earlier quarter is unknown, not $0
            when x.exit_quarter + 2 < c.first_quarter then 'before the data starts'
            when list_contains(m.quarters, x.exit_quarter + 2) then 'quarter not loaded'
            when x.exit_quarter + 2 <= c.last_quarter then 'observed'
            else 'not yet in the data'
        end as q2_status,
        case
            when x.wage_records = 0 then 'no wage records'
            when x.exit_quarter + 4 < c.first_quarter then 'before the data starts'
            when list_contains(m.quarters, x.exit_quarter + 4) then 'quarter not loaded'
            when x.exit_quarter + 4 <= c.last_quarter then 'observed'
            else 'not yet in the data'
        end as q4_status,
        case
            when x.wage_records = 0 then 'no wage records'
            when x.entry_quarter - 4 < c.first_quarter then 'before the data starts'
            -- one of the four quarters before entry never loaded: their mean would count it as $0
            when len(list_filter(m.quarters, lambda q: q between x.entry_quarter - 4 and x.entry_quarter - 1)) > 0
                then 'quarter not loaded'
            else 'observed'
        end as pre_status,
    from exiters_with_wages([], [], [], 0, 9999, false, false) as x
    cross join coverage as c
    cross join missing as m
),

people as (
    select
        s.*,
        case
            when s.completed and s.pre_hourly_wage is not null and s.post_hourly_wage is not null
                then s.post_hourly_wage - s.pre_hourly_wage
        end as wage_gain,
        case when s.q2_status = 'observed' then coalesce(s.q2_earnings, 0) end as q2_observed,
        case when s.q4_status = 'observed' then coalesce(s.q4_earnings, 0) end as q4_observed,
        case when s.pre_status = 'observed' then coalesce(s.pre_earnings_total, 0) / 4 end as pre_earnings,
    from statuses as s
),

indicators as (
    select
        p.*,
        case when p.pre_hourly_wage > 0 then p.wage_gain / p.pre_hourly_wage end as wage_gain_pct,
        p.q2_observed > 0 as employed_q2,
        p.q4_observed > 0 as employed_q4,
        case when p.q2_observed > 0 then p.q2_observed end as earnings_q2,
        case
            when p.q2_observed > 0 and p.q4_observed is not null and len(p.q2_employer_ids) > 0
                then p.q4_observed > 0 and list_has_any(p.q2_employer_ids, p.q4_employer_ids)
        end as retained_q4,
        p.q2_observed - p.pre_earnings as earnings_change,
        p.below_poverty_before is not null and p.below_poverty_after is not null as poverty_known,
        p.health_insurance_before is not null and p.health_insurance_after is not null as insurance_known,
        p.paid_sick_leave_before is not null and p.paid_sick_leave_after is not null as sick_leave_known,
    from people as p
)

select
    participant_id,
    partnership_id,
    county_fips,
    exit_year,
    gender,
    race_ethnicity,
    age_band,
    completed,
    credential_earned,
    employed_in_sector,
    wage_gain,
    wage_gain_pct,
    q2_status,
    employed_q2,
    earnings_q2,
    q4_status,
    employed_q4,
    retained_q4,
    pre_status,
    pre_earnings,
    earnings_change,
    poverty_known,
    below_poverty_before,
    below_poverty_after,
    insurance_known,
    health_insurance_before,
    health_insurance_after,
    sick_leave_known,
    paid_sick_leave_before,
    paid_sick_leave_after,
from indicators
order by wage_gain nulls last, participant_id
