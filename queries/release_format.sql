-- One row: the format the public release was built in (release/publishable.py, RELEASE_FORMAT), from schema_meta;
-- empty when the release was built before formats were recorded, or never.
select max(value)::integer as release_format,
from schema_meta
where key = 'release_format'
