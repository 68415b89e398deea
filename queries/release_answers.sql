-- One row per group of optional answers the state's records held when the public release was built
-- (release/build.py, ANSWERS_KEY in schema_meta: the names of availability.ANSWER_COLUMNS, comma-separated); no row
-- where the release was built before they were recorded. Public views read it, never the records themselves.
select unnest(string_split(value, ',')) as table_name, 1 as rows_now,
from schema_meta
where key = 'release_answers' and value <> ''
