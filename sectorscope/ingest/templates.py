"""Templates (blank but for the standard sector list) and the data dictionary, generated from the schema, so
they never drift from what the loader accepts."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import pandas as pd

from sectorscope import codes, schema
from sectorscope.ingest.validation import DATE_ORDER, RANGES, RATE_COLUMNS, format_limit

_TYPE_NAMES = {
    "VARCHAR": "text",
    "DATE": "date (YYYY-MM-DD or MM/DD/YYYY)",
    "BOOLEAN": "true/false (yes/no, 1/0)",
    "INTEGER": "whole number",
    "BIGINT": "whole number",
    "DOUBLE": "number",
    "VARCHAR[]": "list of codes separated by ';'",
    "DATE[]": "dates separated by ';' (each YYYY-MM-DD or MM/DD/YYYY)",
}
# Rules the loader checks across tables or reads leniently, as the data dictionary states them.
_CROSS_TABLE_RULES: dict[tuple[str, str], tuple[str, ...]] = {
    ("partnerships", "sector_code"): ("a NAICS code (2 to 6 digits) or a sector name is read as the sector's code",),
    ("partnerships", "region_id"): ("each partnership needs a region or at least one county in partnership_counties",),
    ("regions", "region_id"): ("a region without counties in region_counties loads with a warning: the Region filter "
                               "cannot offer it",),
    ("participants", "exited_on"): ("an exit after the partnership's end date loads with a warning",),
    ("participants", "credential_on"): ("a credential dated before the enrolment date loads with a warning (the "
                                        "WIOA credential rate does not count it)",),
}
README_LINES = (
    "Sectorscope templates: one sheet (or CSV file) per table; keep the header row, add one row per record.",
    "Column names may differ in case and spacing. Codes must come from the allowed values in the data dictionary.",
    "County codes are 5-digit FIPS as text (keep leading zeros, e.g. 01001). Leave a cell empty when unknown.",
    "Load them on the Data page or with: python -m sectorscope load FILE... (the table is taken from the file or "
    "sheet name).",
    "Every file of a batch is checked before anything is written; any error rejects the whole batch, with a report. "
    "Columns that are not ours are left out with a warning; map your own column names with --map their=ours, a "
    "mapping file (--mapping FILE) or the Data page.",
    "The sectors sheet comes filled with the standard sector list: keep, edit or extend it. A partnership's sector may "
    "be a sector code, a NAICS code or a sector name.",
    "Only ids, names, a sector and a place (a region or counties) are required of a partnership: leave convener, "
    "phase and dates empty when your records do not state them; the pages then say 'not stated'.",
)


def _rules(table: str, column: str) -> str:
    notes = []
    if (table, column) in RANGES:
        low, high = RANGES[table, column]
        notes.append(f"between {format_limit(low, column)} and {format_limit(high, column)}")
    if column in RATE_COLUMNS.get(table, ()):
        notes.append("a share 0-1, or a percent: 25% always, 25 where the column runs above 1 (up to 100)")
    for order_table, start, end in DATE_ORDER:
        if order_table == table and column == end:
            notes.append(f"not before {start}")
    for (child, child_column), (parent, parent_column) in schema.FOREIGN_KEYS.items():
        if child == table and child_column == column:
            notes.append(f"must exist in {parent}.{parent_column}")
    notes.extend(_CROSS_TABLE_RULES.get((table, column), ()))
    return "; ".join(notes)


def data_dictionary() -> pd.DataFrame:
    """One row per loadable column: table, column, type, required, key, allowed values, rules, meaning."""
    rows = []
    for name in schema.LOADABLE_TABLES:
        table = schema.tables()[name]
        for column in table.columns:
            if (name, column.name) in schema.READER_COLUMNS:
                continue
            allowed = codes.CODED_COLUMNS.get(name, {}).get(column.name, ())
            rows.append({
                "table": name,
                "column": column.name,
                "type": _TYPE_NAMES.get(column.sql_type, column.sql_type.lower()),
                "required": "yes" if column.required else "no",
                "key": "yes" if column.name in table.primary_key else "",
                "allowed_values": "; ".join(allowed),
                "rules": _rules(name, column.name),
                "meaning": column.meaning,
            })
    return pd.DataFrame(rows)


def blank_template(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns, in order."""
    return pd.DataFrame(columns=[column for column in schema.tables()[table].column_names
                                 if (table, column) not in schema.READER_COLUMNS])


def standard_sectors() -> pd.DataFrame:
    """The standard sector list (``codes.SECTORS``) as rows of the sectors table, NAICS prefixes separated by ';'."""
    return pd.DataFrame({"sector_code": [s.code for s in codes.SECTORS],
                         "sector_name": [s.name for s in codes.SECTORS],
                         "naics_prefixes": ["; ".join(s.naics_prefixes) for s in codes.SECTORS]})


def template(table: str) -> pd.DataFrame:
    """The template of a table: its columns, in order; the sectors template holds the standard sector list."""
    return standard_sectors() if table == "sectors" else blank_template(table)


@functools.cache  # the same for every run of this version (about 0.3 s to write): made once per process
def workbook_bytes() -> bytes:
    """One .xlsx workbook: a README sheet, the data dictionary, and a blank sheet per table."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"Sectorscope templates": README_LINES}).to_excel(writer, sheet_name="README", index=False)
        data_dictionary().to_excel(writer, sheet_name="data dictionary", index=False)
        for name in schema.LOADABLE_TABLES:
            template(name).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


@functools.cache
def csv_templates_zip() -> bytes:
    """A zip of one header-only CSV per table plus the data dictionary as CSV."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in schema.LOADABLE_TABLES:
            archive.writestr(f"{name}.csv", template(name).to_csv(index=False))
        archive.writestr("data_dictionary.csv", data_dictionary().to_csv(index=False))
    return buffer.getvalue()


def write_templates(folder: Path) -> list[Path]:
    """Write the CSV templates, the data dictionary and the workbook into ``folder``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in schema.LOADABLE_TABLES:
        path = folder / f"{name}.csv"
        template(name).to_csv(path, index=False)
        written.append(path)
    dictionary = folder / "data_dictionary.csv"
    data_dictionary().to_csv(dictionary, index=False)
    workbook = folder / "sectorscope-templates.xlsx"
    workbook.write_bytes(workbook_bytes())
    return [*written, dictionary, workbook]
