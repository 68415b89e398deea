-- One row per group of exiters in the selection, for each grouping in $groupings ('everyone', 'sector_code',
-- 'county_fips' of residence, 'partnership_id', 'exit_year', 'gender', 'race_ethnicity', 'age_band'; grouping says
-- which, group_value which one, empty = not recorded), with the Worker outcomes page's figures for it. Each exiter's
-- part in them was worked out at load (table exiter_outcomes, queries/exiter_outcomes_rows.sql); the selection is
-- the one definition of a participant in view (the participant_in_view macro) and an exit year from $year_from to
-- $year_to (count_if is empty, not 0, over no one: hence its coalesce). The 95% interval of the median gain is the
-- order-statistic (binomial) interval (Conover 1999, sec. 3.2; stated in Python in tests/worker_reference.py):
-- ranks j and n - j + 1 of the sorted gains, j from the binomial(n, 1/2) distribution summed from 12 standard
-- deviations below its middle (the rest weighs under 1e-30).
with indicators as (
    select
        o.*,
        pa.sector_code,
    from exiter_outcomes as o
    inner join partnerships as pa on pa.partnership_id = o.partnership_id
    where
        o.exit_year between $year_from and $year_to
        and participant_in_view(
            o.partnership_id, o.county_fips, pa.sector_code, pa.is_public,
            $sector_codes, $county_fips, $partnership_ids, $by_partnership_county, $public_only
        )
),

grouping_asked as (
    select unnest($groupings) as grouping,
),

by_grouping as (
    -- each person once per grouping asked for, with their group in it (empty for everyone, and where not recorded)
    select
        g.grouping,
        case g.grouping
            when 'sector_code' then i.sector_code
            when 'county_fips' then i.county_fips
            when 'partnership_id' then i.partnership_id
            when 'exit_year' then i.exit_year::varchar
            when 'gender' then i.gender
            when 'race_ethnicity' then i.race_ethnicity
            when 'age_band' then i.age_band
        end as group_value,
        i.*,
    from indicators as i
    cross join grouping_asked as g
    union all
    -- nobody in view: everyone keeps its row, of 0 exiters (a row of no one, counted by participant_id)
    select
        g.grouping,
        null::varchar as group_value,
        i.*,
    from grouping_asked as g
    left join indicators as i on false
    where g.grouping = 'everyone' and not exists (from indicators)
),

grouped as (
    -- each group's counts, its shares and means as yes / n and sum / n (none where n is 0), and its values for the
    -- medians, in one grouping of the people repeated per grouping asked for (as fast as grouping sets over all
    -- eight, 35% faster on the demo, and a page asks only for the groupings it shows)
    select
        grouping,
        group_value,
        count(participant_id) as exiters,
        count_if(completed) / nullif(count(participant_id), 0) as completion_rate,
        coalesce(count_if(completed and credential_earned is not null), 0) as completers,
        count_if(completed and credential_earned)
        / nullif(count_if(completed and credential_earned is not null), 0) as credential_rate,
        count(employed_in_sector) as in_sector_n,
        count_if(employed_in_sector) / nullif(count(employed_in_sector), 0) as in_sector_rate,
        count(wage_gain) as gain_n,
        avg(wage_gain) as mean_gain,
        count(wage_gain_pct) as pct_n,
        avg(wage_gain_pct) as mean_pct_gain,
        count(employed_q2) as employed_q2_n,
        count_if(employed_q2) / nullif(count(employed_q2), 0) as employed_q2_rate,
        coalesce(count_if(q2_status = 'not yet in the data'), 0) as q2_not_yet,
        coalesce(count_if(q2_status = 'no wage records'), 0) as q2_not_matched,
        coalesce(count_if(q2_status = 'before the data starts'), 0) as q2_before_data,
        coalesce(count_if(q2_status = 'quarter not loaded'), 0) as q2_not_loaded,
        count(employed_q4) as employed_q4_n,
        count_if(employed_q4) / nullif(count(employed_q4), 0) as employed_q4_rate,
        coalesce(count_if(q4_status = 'not yet in the data'), 0) as q4_not_yet,
        coalesce(count_if(q4_status = 'no wage records'), 0) as q4_not_matched,
        coalesce(count_if(q4_status = 'before the data starts'), 0) as q4_before_data,
        coalesce(count_if(q4_status = 'quarter not loaded'), 0) as q4_not_loaded,
        count(earnings_q2) as earnings_q2_n,
        coalesce(count_if(not employed_q2), 0) as not_employed_q2,
        count(retained_q4) as retained_n,
        count_if(retained_q4) / nullif(count(retained_q4), 0) as retained_rate,
        -- left out of retention, among those employed in the 2nd quarter (no one without wage records is)
        coalesce(count_if(employed_q2 and q4_status = 'not yet in the data'), 0) as retained_not_yet,
        coalesce(count_if(employed_q2 and q4_status = 'observed' and retained_q4 is null), 0) as retained_no_employer,
        -- whether employed in the 2nd quarter, or still there in the 4th, unknown: a quarter never loaded
        coalesce(count_if(q2_status = 'quarter not loaded' or (employed_q2 and q4_status = 'quarter not loaded')), 0)
            as retained_not_loaded,
        -- of the people whose earnings change is counted: the change card's "before" (it averaged also those
        -- whose 2nd quarter after exit is not yet in the data)
        count(earnings_change) as pre_earnings_n,
        avg(pre_earnings) filter (where earnings_change is not null) as mean_pre_earnings,
        -- the mean change beside that mean before: the card's median change over a mean before read as +21% where
        -- the means give +6% (a staffer)
        avg(earnings_change) as mean_earnings_change,
        coalesce(count_if(pre_status = 'no wage records'), 0) as pre_not_matched,
        coalesce(count_if(pre_status = 'before the data starts'), 0) as pre_before_data,
        coalesce(count_if(pre_status = 'quarter not loaded'), 0) as pre_not_loaded,
        count(earnings_change) as earnings_change_n,
        -- the quarters before entry start before the data (so do they where the 2nd after exit does)
        coalesce(count_if(q2_status <> 'not yet in the data' and pre_status = 'before the data starts'), 0)
            as earnings_change_early,
        coalesce(count_if(
            (q2_status = 'quarter not loaded' and pre_status <> 'before the data starts')
            or (q2_status = 'observed' and pre_status = 'quarter not loaded')
        ), 0) as earnings_change_not_loaded,
        coalesce(count_if(poverty_known), 0) as poverty_n,
        count_if(poverty_known and below_poverty_before) / nullif(count_if(poverty_known), 0) as poverty_before,
        count_if(poverty_known and below_poverty_after) / nullif(count_if(poverty_known), 0) as poverty_after,
        coalesce(count_if(insurance_known), 0) as insurance_n,
        count_if(insurance_known and health_insurance_before) / nullif(count_if(insurance_known), 0)
            as insurance_before,
        count_if(insurance_known and health_insurance_after) / nullif(count_if(insurance_known), 0)
            as insurance_after,
        coalesce(count_if(sick_leave_known), 0) as sick_leave_n,
        count_if(sick_leave_known and paid_sick_leave_before) / nullif(count_if(sick_leave_known), 0)
            as sick_leave_before,
        count_if(sick_leave_known and paid_sick_leave_after) / nullif(count_if(sick_leave_known), 0)
            as sick_leave_after,
        coalesce(list(wage_gain order by wage_gain) filter (where wage_gain is not null), []) as sorted_gains,
        median(wage_gain_pct) as median_pct_gain,
        median(earnings_q2) as median_earnings_q2,
        median(earnings_change) as median_earnings_change,
    from by_grouping
    group by grouping, group_value
),

quantiled as (
    -- the median and the 10th, 25th, 75th and 90th percentiles of the gains read straight off the sorted list, as
    -- quantile_cont interpolates (rank h = (n - 1) * q from 0: x[floor h] + (h - floor h) * (x[ceil h] - x[floor h]));
    -- list_median and list_aggregate(..., 'quantile_cont', ...) sorted each list again (12-15% of the query at 50x)
    select
        g.*,
        list_transform([0.5, 0.1, 0.25, 0.75, 0.9], lambda q: (
            g.sorted_gains[floor((g.gain_n - 1) * q)::bigint + 1]
            + ((g.gain_n - 1) * q - floor((g.gain_n - 1) * q))
            * (
                g.sorted_gains[ceil((g.gain_n - 1) * q)::bigint + 1]
                - g.sorted_gains[floor((g.gain_n - 1) * q)::bigint + 1]
            )
        )) as gain_quantiles,
    from grouped as g
),

groups as (
    select
        g.* exclude (sorted_gains, median_pct_gain, median_earnings_q2, median_earnings_change, gain_quantiles),
        g.gain_quantiles[1] as median_gain,
        g.median_pct_gain,
        g.median_earnings_q2,
        g.median_earnings_change,
        g.sorted_gains,
        g.gain_quantiles[2:] as gain_quantiles,
    from quantiled as g
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
