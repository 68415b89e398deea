-- One row per table a state loads (not the bookkeeping tables, nor the public release built from the others):
-- rows now, and its latest load (file, mode, when, demo).
with latest as (
    select
        table_name,
        arg_max(source_name, load_id) as last_source,
        arg_max(load_mode, load_id) as last_mode,
        max(loaded_at) as last_loaded_at,
        bool_or(is_demo) as is_demo,
        count(*) as loads,
    from datasets
    group by all
)

select
    t.table_name,
    t.estimated_size as rows_now,
    latest.last_source,
    latest.last_mode,
    latest.last_loaded_at,
    latest.is_demo,
    coalesce(latest.loads, 0) as loads,
from duckdb_tables() as t
left join latest on latest.table_name = t.table_name
where
    t.schema_name = 'main'
    and not t.internal
    and t.table_name not in (
        'schema_meta', 'datasets', 'release_cells', 'exiter_wages', 'wioa_outcomes', 'wioa_skill_gains',
        'exiter_outcomes', 'kept_results', 'release_hidden_values'
    )
order by t.table_name
