-- One row per statistic of one release cell: the place ($geo_level, $geo_id), $sector_code, $period and
-- $partnership_id ('all' for every public partnership).
select
    statistic,
    value,
    is_hidden,
    min_cell,
from release_cells
where
    geo_level = $geo_level
    and geo_id = $geo_id
    and sector_code = $sector_code
    and period = $period
    and partnership_id = $partnership_id
order by statistic
