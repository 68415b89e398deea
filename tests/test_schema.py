"""The data model: created from one DDL file, versioned, and fully described."""

from __future__ import annotations

import duckdb

from sectorscope import codes, schema


def test_schema_version_is_recorded():
    con = duckdb.connect()
    assert schema.schema_version(con) is None
    schema.create_schema(con)
    assert schema.schema_version(con) == schema.SCHEMA_VERSION


def test_every_design_table_exists():
    expected = {"counties", "regions", "region_counties", "sectors", "partnerships", "partnership_counties",
                "partners", "grants", "system_changes", "stories", "participants", "wage_records", "employers",
                "employer_surveys", "qcew_annual", "qwi", "datasets", "schema_meta", "release_cells", "exiter_wages",
                "wioa_outcomes", "wioa_skill_gains", "exiter_outcomes", "kept_results", "release_hidden_values"}
    assert expected == set(schema.tables())


def test_every_loadable_column_has_a_meaning():
    for name in schema.LOADABLE_TABLES:
        for column in schema.tables()[name].columns:
            assert column.meaning, f"{name}.{column.name} has no comment in schema.sql"


def test_foreign_keys_and_code_lists_name_real_columns():
    tables = schema.tables()
    for (child, column), (parent, parent_column) in schema.FOREIGN_KEYS.items():
        assert column in tables[child].column_names
        assert parent_column in tables[parent].primary_key
    for table, columns in codes.CODED_COLUMNS.items():
        assert set(columns) <= set(tables[table].column_names)


def test_keys_are_known():
    assert schema.tables()["wage_records"].primary_key == ("participant_id", "year", "quarter")
    assert schema.tables()["participants"].column("county_fips").sql_type == "VARCHAR"
