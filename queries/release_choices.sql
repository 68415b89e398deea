-- One row per sector and per period the public release covers: kind ('sector' or 'period'), code and label.
select distinct
    'sector' as kind,
    rc.sector_code as code,
    s.sector_name as label,
from release_cells as rc
inner join sectors as s on s.sector_code = rc.sector_code
union all
select distinct
    'period' as kind,
    period as code,
    period as label,
from release_cells
where period <> 'all' and statistic in ('exiters', 'responses')  -- either count has every cell
order by kind, label
