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
    -- an empty value says why in words: hidden, or no one to count (a share of no answers); the two read alike in the
    -- file before, and only is_hidden told them apart (a public visitor)
    case when is_hidden then 'hidden for privacy' when value is null then 'no one to count' end as value_note,
    min_cell,
from release_cells
order by all
