-- One row: the Overview's (and a partnership profile's and a deck's) headline figures about the exiters in the
-- selection (the exiters_in_view macro), as metrics/workers.py defines them: how many exited; completion among
-- those whose completion is known; a credential among completers whose credential is known; the hourly wage gain
-- (post - pre among completers with both wages: count, mean, median, and the median percent gain over those with
-- pre > 0); poverty, employer health insurance and paid sick leave before and after among people with both answers
-- (a paired comparison: count, shares before and after); how many of them left poverty; and how many partnerships
-- trained them (trained_by: a region's residents may have been trained by partnerships serving other counties), and
-- how many have no county recorded (no_county: in the state's count, in no region's or county's). Aggregated in
-- DuckDB so a rerun reads one row, not one per person. Shares and gains are empty where they rest on no one.
with people as (
    select
        e.partnership_id,
        e.completed,
        e.credential_earned,
        e.below_poverty_before,
        e.below_poverty_after,
        e.health_insurance_before,
        e.health_insurance_after,
        e.paid_sick_leave_before,
        e.paid_sick_leave_after,
        e.pre_hourly_wage,
        e.county_fips is null as no_county,
        e.below_poverty_before is not null and e.below_poverty_after is not null as poverty_paired,
        e.health_insurance_before is not null and e.health_insurance_after is not null as insurance_paired,
        e.paid_sick_leave_before is not null and e.paid_sick_leave_after is not null as sick_leave_paired,
        case
            when e.completed and e.pre_hourly_wage is not null and e.post_hourly_wage is not null
                then e.post_hourly_wage - e.pre_hourly_wage
        end as wage_gain,
    from exiters_in_view(
        $sector_codes,
        $county_fips,
        $partnership_ids,
        $year_from,
        $year_to,
        false,
        $public_only
    ) as e
)

select
    count(*) as exiters,
    count(distinct partnership_id) as trained_by,
    count(*) filter (where no_county) as no_county,
    count(completed) as completion_n,
    avg(completed::double) as completion_share,
    count(credential_earned) filter (where completed) as credential_n,
    avg(credential_earned::double) filter (where completed) as credential_share,
    count(wage_gain) as wage_n,
    avg(wage_gain) as mean_gain,
    median(wage_gain) as median_gain,
    median(wage_gain / pre_hourly_wage) filter (where pre_hourly_wage > 0) as median_pct_gain,
    count(*) filter (where poverty_paired) as poverty_n,
    avg(below_poverty_before::double) filter (where poverty_paired) as poverty_before,
    avg(below_poverty_after::double) filter (where poverty_paired) as poverty_after,
    count(*) filter (where poverty_paired and below_poverty_before and not below_poverty_after) as left_poverty,
    count(*) filter (where insurance_paired) as insurance_n,
    avg(health_insurance_before::double) filter (where insurance_paired) as insurance_before,
    avg(health_insurance_after::double) filter (where insurance_paired) as insurance_after,
    count(*) filter (where sick_leave_paired) as sick_leave_n,
    avg(paid_sick_leave_before::double) filter (where sick_leave_paired) as sick_leave_before,
    avg(paid_sick_leave_after::double) filter (where sick_leave_paired) as sick_leave_after,
from people
