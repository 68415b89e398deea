-- One row per sector (not 'all') and statistic of the release for one place ($geo_level, $geo_id) and $period.
select
    sector_code,
    statistic,
    value,
    is_hidden,
from release_cells
where
    geo_level = $geo_level
    and geo_id = $geo_id
    and period = $period
    and partnership_id = 'all'
    and sector_code <> 'all'
order by sector_code, statistic
