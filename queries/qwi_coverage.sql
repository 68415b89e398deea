-- One row per QWI geography loaded (county or metro): its years, areas, industries, cells and released turnover.
select
    area_type,
    min(year) as first_year,
    max(year) as last_year,
    count(distinct area_code) as areas,
    count(distinct naics_sector) as industries,
    count(*) as cells,
    count(turnover_rate) as cells_with_turnover,
from qwi
group by all
order by area_type
