-- One row per year (not 'all') and statistic of the release for one place ($geo_level, $geo_id) and $sector_code.
select
    period,
    statistic,
    value,
    is_hidden,
from release_cells
where
    geo_level = $geo_level
    and geo_id = $geo_id
    and sector_code = $sector_code
    and partnership_id = 'all'
    and period <> 'all'
order by period, statistic
