-- One row per group of optional answers the state's records held when the public release was built
-- (release/build.py, ANSWERS_KEY in schema_meta: the names of availability.ANSWER_COLUMNS, comma-separated), and
-- one row of no table (rows_now 0) where it recorded that they held none: a release of a state with no answer at all
-- read as one built before they were recorded, every group "hidden for privacy" (an auditor). No row where the
-- release was built before they were recorded. Public views read it, never the records themselves.
select unnest(string_split(value, ',')) as table_name, (value <> '')::integer as rows_now,
from schema_meta
where key = 'release_answers'
