-- One row per cell of the public release and statistic (hidden values are empty), in a stable order: what the
-- public may download. Not why a value is hidden: telling "fewer than k" from "protects another hidden cell"
-- would narrow what a reader can infer about it.
select
    geo_level,
    geo_id,
    sector_code,
    period,
    partnership_id,
    statistic,
    value,
    is_hidden,
    min_cell,
from release_cells
order by all
