-- One row per group of exiters in the selection (the exiters_with_wages macro): everyone, then each sector, county of
-- residence, partnership, exit year, gender, race/ethnicity and age band (grouping says which, group_value which
-- one, empty = not recorded), with the Worker outcomes page's figures for it. Per person as metrics/workers.py and
-- metrics/wioa.py define them; counts, shares and means add up cells (one per combination of the grouping columns),
-- medians and percentiles go through the values each cell keeps. The 95% interval of the median gain is the order-statistic
-- (binomial) interval (workers.median_rank_interval): ranks j and n - j + 1 of the sorted gains, j from the
-- binomial(n, 1/2) distribution summed from 12 standard deviations below its middle (the rest weighs under 1e-30).
with coverage as (
    -- quarters are numbered year * 4 + quarter - 1, as in wage_record_coverage.sql and exiters_with_wages
    select
        min(year * 4 + quarter - 1) as first_quarter,
        max(year * 4 + quarter - 1) as last_quarter,
    from wage_records
),

statuses as (
    select
        x.*,
        case
            when x.wage_records = 0 then 'no wage records'
            when x.exit_quarter + 2 <= c.last_quarter then 'observed'
            else 'not yet in the data'
        end as q2_status,
        case
            when x.wage_records = 0 then 'no wage records'
            when x.exit_quarter + 4 <= c.last_quarter then 'observed'
            else 'not yet in the data'
        end as q4_status,
        case
            when x.wage_records = 0 then 'no wage records'
            when x.entry_quarter - 4 >= c.first_quarter then 'observed'
            else 'before the data starts'
        end as pre_status,
    from exiters_with_wages(
        $sector_codes, $county_fips, $partnership_ids, $year_from, $year_to, $by_partnership_county, $public_only
    ) as x
    cross join coverage as c
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
    from people as p
),

cells as (
    -- counts, sums and the values medians need, per combination of the grouping columns (a partnership has one
    -- sector), so that each group below adds up a few cells instead of going through every person again
    select
        partnership_id,
        sector_code,
        county_fips,
        exit_year,
        gender,
        race_ethnicity,
        age_band,
        count(*) as exiters,
        count_if(completed) as completed_yes,
        count(credential_earned) filter (where completed) as completers,
        count_if(completed and credential_earned) as credential_yes,
        count(employed_in_sector) as in_sector_n,
        count_if(employed_in_sector) as in_sector_yes,
        count(wage_gain) as gain_n,
        sum(wage_gain) as gain_sum,
        count(wage_gain_pct) as pct_n,
        sum(wage_gain_pct) as pct_sum,
        count(employed_q2) as employed_q2_n,
        count_if(employed_q2) as employed_q2_yes,
        count_if(q2_status = 'not yet in the data') as q2_not_yet,
        count_if(q2_status = 'no wage records') as q2_not_matched,
        count(employed_q4) as employed_q4_n,
        count_if(employed_q4) as employed_q4_yes,
        count_if(q4_status = 'not yet in the data') as q4_not_yet,
        count_if(q4_status = 'no wage records') as q4_not_matched,
        count(earnings_q2) as earnings_q2_n,
        count_if(not employed_q2) as not_employed_q2,
        count(retained_q4) as retained_n,
        count_if(retained_q4) as retained_yes,
        count(pre_earnings) as pre_earnings_n,
        sum(pre_earnings) as pre_earnings_sum,
        count_if(pre_status = 'no wage records') as pre_not_matched,
        count_if(pre_status = 'before the data starts') as pre_before_data,
        count(earnings_change) as earnings_change_n,
        count_if(q2_status = 'observed' and pre_status = 'before the data starts') as earnings_change_early,
        count(*) filter (where below_poverty_before is not null and below_poverty_after is not null) as poverty_n,
        count_if(below_poverty_before and below_poverty_after is not null) as poverty_before_yes,
        count_if(below_poverty_after and below_poverty_before is not null) as poverty_after_yes,
        count(*) filter (
            where health_insurance_before is not null and health_insurance_after is not null
        ) as insurance_n,
        count_if(health_insurance_before and health_insurance_after is not null) as insurance_before_yes,
        count_if(health_insurance_after and health_insurance_before is not null) as insurance_after_yes,
        count(*) filter (
            where paid_sick_leave_before is not null and paid_sick_leave_after is not null
        ) as sick_leave_n,
        count_if(paid_sick_leave_before and paid_sick_leave_after is not null) as sick_leave_before_yes,
        count_if(paid_sick_leave_after and paid_sick_leave_before is not null) as sick_leave_after_yes,
        coalesce(list(wage_gain) filter (where wage_gain is not null), []) as gains,
        coalesce(list(wage_gain_pct) filter (where wage_gain_pct is not null), []) as pct_gains,
        coalesce(list(earnings_q2) filter (where earnings_q2 is not null), []) as q2_earnings_values,
        coalesce(list(earnings_change) filter (where earnings_change is not null), []) as earnings_changes,
    from indicators
    group by partnership_id, sector_code, county_fips, exit_year, gender, race_ethnicity, age_band
),

grouped as (
    -- each group's counts, its shares and means as yes / n and sum / n (none where n is 0), and its values for the
    -- medians (what does not add up over cells)
    select
        case
            when grouping(sector_code) = 0 then 'sector_code'
            when grouping(county_fips) = 0 then 'county_fips'
            when grouping(partnership_id) = 0 then 'partnership_id'
            when grouping(exit_year) = 0 then 'exit_year'
            when grouping(gender) = 0 then 'gender'
            when grouping(race_ethnicity) = 0 then 'race_ethnicity'
            when grouping(age_band) = 0 then 'age_band'
            else 'everyone'
        end as grouping,
        coalesce(
            sector_code, county_fips, partnership_id, exit_year::varchar, gender, race_ethnicity, age_band
        ) as group_value,
        coalesce(sum(exiters), 0)::bigint as exiters,
        sum(completed_yes) / sum(exiters) as completion_rate,
        coalesce(sum(completers), 0)::bigint as completers,
        sum(credential_yes) / nullif(sum(completers), 0) as credential_rate,
        coalesce(sum(in_sector_n), 0)::bigint as in_sector_n,
        sum(in_sector_yes) / nullif(sum(in_sector_n), 0) as in_sector_rate,
        coalesce(sum(gain_n), 0)::bigint as gain_n,
        sum(gain_sum) / nullif(sum(gain_n), 0) as mean_gain,
        coalesce(sum(pct_n), 0)::bigint as pct_n,
        sum(pct_sum) / nullif(sum(pct_n), 0) as mean_pct_gain,
        coalesce(sum(employed_q2_n), 0)::bigint as employed_q2_n,
        sum(employed_q2_yes) / nullif(sum(employed_q2_n), 0) as employed_q2_rate,
        coalesce(sum(q2_not_yet), 0)::bigint as q2_not_yet,
        coalesce(sum(q2_not_matched), 0)::bigint as q2_not_matched,
        coalesce(sum(employed_q4_n), 0)::bigint as employed_q4_n,
        sum(employed_q4_yes) / nullif(sum(employed_q4_n), 0) as employed_q4_rate,
        coalesce(sum(q4_not_yet), 0)::bigint as q4_not_yet,
        coalesce(sum(q4_not_matched), 0)::bigint as q4_not_matched,
        coalesce(sum(earnings_q2_n), 0)::bigint as earnings_q2_n,
        coalesce(sum(not_employed_q2), 0)::bigint as not_employed_q2,
        coalesce(sum(retained_n), 0)::bigint as retained_n,
        sum(retained_yes) / nullif(sum(retained_n), 0) as retained_rate,
        coalesce(sum(pre_earnings_n), 0)::bigint as pre_earnings_n,
        sum(pre_earnings_sum) / nullif(sum(pre_earnings_n), 0) as mean_pre_earnings,
        coalesce(sum(pre_not_matched), 0)::bigint as pre_not_matched,
        coalesce(sum(pre_before_data), 0)::bigint as pre_before_data,
        coalesce(sum(earnings_change_n), 0)::bigint as earnings_change_n,
        coalesce(sum(earnings_change_early), 0)::bigint as earnings_change_early,
        coalesce(sum(poverty_n), 0)::bigint as poverty_n,
        sum(poverty_before_yes) / nullif(sum(poverty_n), 0) as poverty_before,
        sum(poverty_after_yes) / nullif(sum(poverty_n), 0) as poverty_after,
        coalesce(sum(insurance_n), 0)::bigint as insurance_n,
        sum(insurance_before_yes) / nullif(sum(insurance_n), 0) as insurance_before,
        sum(insurance_after_yes) / nullif(sum(insurance_n), 0) as insurance_after,
        coalesce(sum(sick_leave_n), 0)::bigint as sick_leave_n,
        sum(sick_leave_before_yes) / nullif(sum(sick_leave_n), 0) as sick_leave_before,
        sum(sick_leave_after_yes) / nullif(sum(sick_leave_n), 0) as sick_leave_after,
        list_sort(flatten(list(gains))) as sorted_gains,
        flatten(list(pct_gains)) as pct_gains,
        flatten(list(q2_earnings_values)) as q2_earnings_values,
        flatten(list(earnings_changes)) as earnings_changes,
    from cells
    group by grouping sets (
        (), (sector_code), (county_fips), (partnership_id), (exit_year), (gender), (race_ethnicity), (age_band)
    )
),

groups as (
    select
        g.* exclude (sorted_gains, pct_gains, q2_earnings_values, earnings_changes),
        list_median(g.sorted_gains) as median_gain,
        list_median(g.pct_gains) as median_pct_gain,
        list_median(g.q2_earnings_values) as median_earnings_q2,
        list_median(g.earnings_changes) as median_earnings_change,
        g.sorted_gains,
        list_aggregate(g.sorted_gains, 'quantile_cont', [0.1, 0.25, 0.75, 0.9]) as gain_quantiles,
    from grouped as g
),

sizes as (
    select distinct gain_n as n,
    from groups
    where gain_n > 0
),

terms as (
    -- P(B = i) for B ~ binomial(n, 1/2), from 12 standard deviations (6 * sqrt(n)) below the middle up to it
    select
        n,
        unnest(range(greatest(0, floor(n / 2 - 6 * sqrt(n)))::bigint, n // 2 + 1)) as i,
    from sizes
),

cumulative as (
    select
        n,
        i,
        sum(exp(lgamma(n + 1) - lgamma(i + 1) - lgamma(n - i + 1) - n * ln(2))) over (
            partition by n order by i
        ) as at_most_i,
    from terms
),

ranks as (
    -- j = 1 + the largest i with P(B <= i) <= (1 - confidence) / 2; 0 when even i = 0 is too likely (n < 6)
    select
        n,
        coalesce(max(i) filter (where at_most_i <= (1 - $confidence) / 2) + 1, 0) as lower_rank,
    from cumulative
    group by n
)

select
    g.* exclude (sorted_gains, gain_quantiles),
    case when r.lower_rank > 0 then g.sorted_gains[r.lower_rank] end as median_gain_low,
    case when r.lower_rank > 0 then g.sorted_gains[g.gain_n - r.lower_rank + 1] end as median_gain_high,
    g.gain_quantiles[1] as gain_p10,
    g.gain_quantiles[2] as gain_p25,
    g.gain_quantiles[3] as gain_p75,
    g.gain_quantiles[4] as gain_p90,
from groups as g
left join ranks as r on r.n = g.gain_n
order by g.grouping, g.group_value
