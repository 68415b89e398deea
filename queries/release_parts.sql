-- One row per part and statistic of one release cell split along $split ('sector': its sectors; 'period': its
-- years), for one place ($geo_level, $geo_id) and the $sector_code and $period of the dimension not split. The
-- part's code is in `part`.
select
    statistic,
    value,
    is_hidden,
    case $split when 'sector' then sector_code else period end as part,
from release_cells
where
    geo_level = $geo_level
    and geo_id = $geo_id
    and partnership_id = 'all'
    and (
        ($split = 'sector' and sector_code <> 'all' and period = $period)
        or ($split = 'period' and period <> 'all' and sector_code = $sector_code)
    )
order by part, statistic
