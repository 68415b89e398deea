-- One row per partnership among $partnership_ids with an exiter in the years ($year_from-$year_to, exit year; the
-- exiters_in_view macro, $public_only): its sector and what the Funding page divides grant dollars by, counted in
-- DuckDB so a rerun reads one row per partnership, not one per person. participants = exiters; completers; gain_n
-- and gain_sum over completers with both hourly wages (post - pre, as metrics/workers.py counts them);
-- completers employed in the partnership's sector after exit (and those whose answer is recorded at all: none means
-- unknown, not 0 employed), and completers with a post-training wage (the two readings of "employed completers" in
-- metrics/funding.py's EarningsAssumptions).
select
    e.partnership_id,
    any_value(e.sector_code) as sector_code,
    count(*) as participants,
    count_if(e.completed) as completers,
    count_if(e.completed and e.pre_hourly_wage is not null and e.post_hourly_wage is not null) as gain_n,
    coalesce(sum(e.post_hourly_wage - e.pre_hourly_wage) filter (where e.completed), 0) as gain_sum,
    count_if(e.completed and e.employed_in_sector) as employed_in_sector_completers,
    count_if(e.completed and e.employed_in_sector is not null) as employed_in_sector_known,
    count_if(e.completed and e.post_hourly_wage is not null) as completers_with_post_wage,
from exiters_in_view([], [], $partnership_ids, $year_from, $year_to, false, $public_only) as e
group by e.partnership_id
order by e.partnership_id
