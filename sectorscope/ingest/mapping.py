"""Column mappings: a state's own column names (and a few values) read as the data model's, remembered per layout.

A mapping pairs *their* column with *our* column (``partnership_name=name``); one of their columns may feed several
of ours (a registry without ids can use the name as ``partnership_id`` too). A mapping may also translate values of
one of our columns (``"Tree care / landscaping"`` -> ``561730`` for ``sector_code``). It comes from the command line
(``--map their=ours``), a small file (TOML or CSV, see ``read_mapping_file``) or the Data page's column picker.

Mappings are remembered per file *layout*: the file's header, normalized and sorted, so the next file with the same
columns (next quarter's export) is matched the same way. They are kept in ``column_mappings.json`` next to the
database file rather than in a table of the database: a mapping is about the state's files, not about one dataset
(the demo and the state's own database share it), it is needed before a first database exists, and writing it must
not go through a load (which copies and swaps the whole database file).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from sectorscope import schema
from sectorscope.ingest.load import TableInput
from sectorscope.ingest.validation import (
    WARNING,
    Problem,
    column_key,
    column_key_before_punctuation,
    column_named_as_in_file,
)

STORE_NAME = "column_mappings.json"


@dataclass(frozen=True)
class ColumnMapping:
    """Their columns read as ours, and values of our columns translated, for files of one table (or any)."""

    pairs: tuple[tuple[str, str], ...] = ()  # (their column, our column)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # our column -> their value -> ours
    table: str | None = None

    def __bool__(self) -> bool:
        return bool(self.pairs or self.values)

    def merged(self, other: ColumnMapping) -> ColumnMapping:
        """This mapping with ``other``'s pairs and values added (``other`` wins where both translate a value)."""
        values = {column: dict(found) for column, found in self.values.items()}
        for column, found in other.values.items():
            values.setdefault(column, {}).update(found)
        return ColumnMapping(tuple(dict.fromkeys([*self.pairs, *other.pairs])), values, other.table or self.table)

    def to_json(self) -> dict:
        """A plain dictionary (for the remembered mappings file)."""
        return {"table": self.table, "columns": [list(pair) for pair in self.pairs],
                "values": {column: dict(found) for column, found in self.values.items()}}

    @classmethod
    def from_json(cls, data: Mapping) -> ColumnMapping:
        """The mapping ``to_json`` wrote."""
        return cls(tuple((str(theirs), str(ours)) for theirs, ours in data.get("columns", [])),
                   {str(c): {str(k): str(v) for k, v in found.items()} for c, found in data.get("values", {}).items()},
                   data.get("table"))


class MappingError(ValueError):
    """A mapping that cannot be read (bad syntax, an unknown column of ours)."""


def parse_pairs(texts: Iterable[str], table: str | None = None) -> ColumnMapping:
    """Pairs from ``their=ours`` texts (the command line's ``--map``)."""
    pairs = []
    for text in texts:
        theirs, equals, ours = text.partition("=")
        if not equals or not theirs.strip() or not ours.strip():
            raise MappingError(f"--map {text!r}: write it as THEIR_COLUMN=OUR_COLUMN")
        pairs.append((theirs.strip(), ours.strip()))
    return ColumnMapping(tuple(pairs), {}, table)


def read_mapping_file(path: Path) -> ColumnMapping:
    """A mapping file: TOML (``table = ...``, ``[columns] their = "ours"`` or a list of ours, ``[values.OUR_COLUMN]
    their_value = "our_value"``) or CSV with the columns ``their_column,our_column`` (and optionally ``table``)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise MappingError(f"{path.name}: {error}") from error
        pairs = []
        for theirs, ours in data.get("columns", {}).items():
            for one in [ours] if isinstance(ours, str) else list(ours):
                pairs.append((str(theirs), str(one)))
        values = {str(column): {str(k): str(v) for k, v in found.items()}
                  for column, found in data.get("values", {}).items()}
        return ColumnMapping(tuple(pairs), values, data.get("table"))
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or not {"their_column", "our_column"} <= set(rows[0]):
        raise MappingError(f"{path.name}: a CSV mapping needs the columns their_column,our_column")
    tables = {row.get("table") for row in rows if row.get("table")}
    return ColumnMapping(tuple((row["their_column"].strip(), row["our_column"].strip()) for row in rows),
                         {}, tables.pop() if len(tables) == 1 else None)


def layout_key(columns: Iterable[object], key=column_key) -> str:
    """The layout of a file: its column names, normalized and sorted (order, case and spacing do not matter)."""
    return "|".join(sorted(key(column) for column in columns))


def mapping_problems(mapping: ColumnMapping, table: str, columns: Sequence[object], source: str) -> list[Problem]:
    """What is wrong with applying ``mapping`` to a file of ``table`` with ``columns``: a column of ours that the
    table does not have, a column of theirs the file lacks, or one of ours the file already has under our name."""
    ours = schema.tables()[table].column_names
    given = {column_key(column) for column in columns}
    mapped_theirs = {column_key(theirs) for theirs, _ in mapping.pairs}
    problems = []
    for theirs, our in mapping.pairs:
        if our not in ours:
            problems.append(Problem(source, table, None, our, None,
                                    f"the mapping reads {theirs!r} as {our!r}, which is not a column of {table}; "
                                    f"columns of {table}: {', '.join(ours)}"))
        elif column_key(theirs) not in given:
            problems.append(Problem(source, table, None, theirs, None,
                                    f"the mapping reads {theirs!r} as {our}, but the file has no column {theirs!r}"))
        elif column_key(our) in given and column_key(our) not in mapped_theirs:
            problems.append(Problem(source, table, None, our, None,
                                    f"the file has a column {our!r} and the mapping also reads {theirs!r} as {our}; "
                                    "keep one"))
    for column in mapping.values:
        if column not in ours:
            problems.append(Problem(source, table, None, column, None,
                                    f"the mapping translates values of {column!r}, which is not a column of {table}"))
    return problems


def apply_mapping(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """``frame`` with their columns under our names (copied where one feeds several) and values translated.

    Columns the mapping does not name stay as they are (the loader reads those named like ours and reports the
    rest as left out). Call ``mapping_problems`` first: a pair whose column is missing is skipped here.
    """
    by_key = {column_key(column): column for column in frame.columns}
    renamed = {by_key[column_key(theirs)] for theirs, _ in mapping.pairs if column_key(theirs) in by_key}
    kept = [column for column in frame.columns if column not in renamed]
    result = frame[kept].copy()
    for theirs, ours in mapping.pairs:
        if column_key(theirs) in by_key:
            result[ours] = frame[by_key[column_key(theirs)]]
    for column, translations in mapping.values.items():
        if column in result.columns:
            stripped = result[column].astype("string").str.strip()
            result[column] = result[column].where(~stripped.isin(list(translations)),
                                                  stripped.map(translations))
    return result


def _renamed_in_place(columns: tuple[str, ...], mapping: ColumnMapping) -> list[str] | None:
    """``columns`` with each of theirs that ``mapping`` names under our name, in place; None where the mapping does
    more than rename (translates values, or feeds one of their columns to several of ours) or two columns would then
    share a name."""
    if mapping.values:
        return None
    theirs = [column_key(their) for their, _ in mapping.pairs]
    if len(set(theirs)) != len(theirs):
        return None
    ours = {column_key(their): our for their, our in mapping.pairs}
    renamed = [ours.get(column_key(column), column) for column in columns]
    return renamed if len({column_key(column) for column in renamed}) == len(renamed) else None


def map_input(item: TableInput, mapping: ColumnMapping) -> tuple[TableInput, list[Problem]]:
    """A ``TableInput`` with ``mapping`` applied, and the problems of applying it (see ``mapping_problems``). A large
    file staged on disk stays there where the mapping only renames its columns (the stream reads them under our
    names); otherwise it is read whole, the mapping working on its rows."""
    in_place = _renamed_in_place(item.staged.columns, mapping) if item.staged is not None else None
    if in_place is None:
        item = item.in_memory()
    problems = mapping_problems(mapping, item.table, list(item.frame.columns), item.source)
    headers = {column_key(column): str(column) for column in item.frame.columns}
    file_columns = tuple((ours, headers[column_key(theirs)]) for theirs, ours in mapping.pairs
                         if column_key(theirs) in headers)
    mapped = (replace(item, frame=pd.DataFrame(columns=in_place), file_columns=file_columns,
                      staged=replace(item.staged, columns=tuple(in_place))) if in_place is not None else
              replace(item, frame=apply_mapping(item.frame, mapping), file_columns=file_columns))
    if mapping.pairs:
        described = ", ".join(f"{theirs} as {ours}" for theirs, ours in mapping.pairs)
        problems.append(Problem(item.source, item.table, None, None, None,
                                f"columns read through a mapping: {described}", WARNING))
    renamed = apply_mapping(item.frame, ColumnMapping(mapping.pairs, {}, mapping.table))
    for column, translations in mapping.values.items():
        if column not in renamed.columns:
            continue
        given = renamed[column].astype("string").str.strip()
        for theirs, ours in translations.items():
            rows = int((given == theirs).fillna(False).sum())
            if rows:
                problems.append(Problem(item.source, item.table, None, column, theirs,
                                        f"read as {ours!r} through the mapping ({rows} row(s))", WARNING))
    return mapped, [column_named_as_in_file(problem, dict(file_columns)) for problem in problems]


def store_path(database: Path) -> Path:
    """Where the remembered mappings of the files loaded into ``database`` live: next to it."""
    return Path(database).with_name(STORE_NAME)


def remembered(database: Path, table: str, columns: Iterable[object]) -> ColumnMapping | None:
    """The mapping last used for a file of ``table`` with these columns, if any."""
    columns = list(columns)
    store = _read_store(store_path(database))
    # a mapping remembered before punctuation joined words too is under the key of then ("Race/Ethnicity")
    entry = store.get(table + ":" + layout_key(columns)) or store.get(
        table + ":" + layout_key(columns, column_key_before_punctuation))
    return ColumnMapping.from_json(entry) if entry else None


def remembered_table(database: Path, columns: Iterable[object]) -> str | None:
    """The table a mapping was remembered for with these columns, where exactly one was: a file named after no table
    goes by it (it was refused, "cannot tell which table", though its layout's mapping was on record)."""
    columns = list(columns)
    keys = {layout_key(columns), layout_key(columns, column_key_before_punctuation)}
    tables = {key.split(":", 1)[0] for key in _read_store(store_path(database)) if key.split(":", 1)[1] in keys}
    return tables.pop() if len(tables) == 1 else None


def remember(database: Path, table: str, columns: Iterable[object], mapping: ColumnMapping) -> Path:
    """Keep ``mapping`` for files of ``table`` with these columns (written atomically); return the store's path."""
    path = store_path(database)
    store = _read_store(path)
    store[table + ":" + layout_key(columns)] = {**mapping.to_json(), "table": table}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(store, indent=2, sort_keys=True))
    os.replace(partial, path)
    return path


def _read_store(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
