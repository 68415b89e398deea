-- One row: the first and last quarter the wage records cover (numbered year * 4 + quarter - 1; empty without any).
select
    min(year * 4 + quarter - 1) as first_quarter,
    max(year * 4 + quarter - 1) as last_quarter,
    count(*) as wage_records,
from wage_records
