-- One row per cell of the public release and statistic (hidden values are empty), in a stable order.
select
    geo_level,
    geo_id,
    sector_code,
    period,
    partnership_id,
    statistic,
    value,
    is_hidden,
    hidden_reason,
    min_cell,
from release_cells
order by all
