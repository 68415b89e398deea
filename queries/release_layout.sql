-- One row per kind of place in the public release ('state', 'region', 'county', and 'partnership' for one public
-- partnership): does the release split it by sector (by_sector) and by year (by_year)?
select
    case when partnership_id <> 'all' then 'partnership' else geo_level end as place_kind,
    bool_or(sector_code <> 'all' and partnership_id = 'all') as by_sector,
    bool_or(period <> 'all') as by_year,
from release_cells
where statistic in ('exiters', 'responses') and geo_id <> 'unknown'  -- either count has every cell
group by place_kind
order by place_kind
