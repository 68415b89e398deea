-- One row per quarter holding wage records: the quarter (numbered year * 4 + quarter - 1) and how many records it
-- holds, in order (quarters without any record have no row).
select
    year * 4 + quarter - 1 as quarter_index,
    count(*) as wage_records,
from wage_records
group by all
order by quarter_index
