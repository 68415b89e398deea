-- One row per cell and statistic the stored public release hides, with the true value its build kept
-- (release_hidden_values: counts only; empty for a share or gain, or where none was kept): what the next build keeps
-- hidden while the value is unchanged (release/stable.py). Staff only: never part of a public query.
select
    geo_level,
    geo_id,
    sector_code,
    period,
    partnership_id,
    statistic,
    h.value,
from release_cells as c
left join release_hidden_values as h
    using (geo_level, geo_id, sector_code, period, partnership_id, statistic)
where c.is_hidden
order by all
