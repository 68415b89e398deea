-- One row per k (smallest number of people or employers a shown figure rests on) the public release's cells were
-- built with; none when the release holds no cell.
select distinct min_cell,
from release_cells
