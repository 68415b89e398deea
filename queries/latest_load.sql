-- One row at most: a table's latest load, the content's SHA-256 and when it was loaded (none for a table never
-- loaded). The loader uses it to say that a file of the same content changes nothing.
select sha256, loaded_at
from datasets
where table_name = $table_name
order by load_id desc
limit 1
