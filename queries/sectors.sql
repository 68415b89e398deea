-- One row per sector: its code, name and NAICS prefixes.
select
    sector_code,
    sector_name,
    naics_prefixes,
from sectors
order by sector_name
