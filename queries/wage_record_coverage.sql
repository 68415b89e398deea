-- One row: the first and last quarter the wage records cover (numbered year * 4 + quarter - 1; empty without any),
-- how many records there are, and the quarters between the first and the last holding no record at all
-- (missing_quarters: never loaded, not quarters in which nobody was paid; empty list when none).
with loaded as (
    select distinct year * 4 + quarter - 1 as quarter_index,
    from wage_records
),

span as (
    select
        min(quarter_index) as first_quarter,
        max(quarter_index) as last_quarter,
    from loaded
)

select
    s.first_quarter,
    s.last_quarter,
    (select count(*) from wage_records) as wage_records,
    coalesce((
        select list(q.quarter_index order by q.quarter_index)
        from (select unnest(range(s.first_quarter, s.last_quarter + 1)) as quarter_index) as q
        where q.quarter_index not in (select l.quarter_index from loaded as l)
    ), []) as missing_quarters,
from span as s
