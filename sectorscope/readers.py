"""Reading a state's files into plain tables: CSV (UTF-8 or Latin-1, comma or semicolon), Excel .xlsx (one sheet
per table, chosen by name) and Parquet. Every value is read as text, so codes keep their leading zeros; typing is the
validator's job. A file that cannot be read becomes a ``Problem`` naming it, never an exception.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

import pandas as pd

from sectorscope import schema
from sectorscope.ingest import TableInput
from sectorscope.validation import Problem, column_key

DEFAULT_MAX_UPLOAD_MB = 200
EXCEL_SUFFIXES = (".xlsx",)
CSV_SUFFIXES = (".csv", ".txt", ".csv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True)
class ReadResult:
    """Tables read from a set of files, and the problems that kept others from being read."""

    inputs: list[TableInput]
    problems: list[Problem]


def max_upload_bytes() -> int:
    """Largest file accepted (``$SECTORSCOPE_MAX_UPLOAD_MB``, default 200 MB)."""
    try:
        megabytes = float(os.environ.get("SECTORSCOPE_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_UPLOAD_MB
    return int(megabytes * 1024 * 1024)


def table_for_name(name: str) -> str | None:
    """The table a file or sheet name stands for: 'Participants.csv', 'employer surveys 2024.xlsx' ..."""
    stem = PurePath(name).name
    stem = re.sub(r"(\.csv)?(\.gz)?$|\.(xlsx|parquet|pq|txt)$", "", stem, flags=re.IGNORECASE)
    key = column_key(stem)
    best = None
    for table in schema.LOADABLE_TABLES:
        if key == table or key.startswith(table + "_"):
            best = table if best is None or len(table) > len(best) else best
    return best


def _sniff_csv(text: str) -> str:
    sample = text[:20_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("latin-1", b"", 0, 1, "undecodable")  # latin-1 decodes any bytes; never reached


def read_csv_bytes(data: bytes) -> pd.DataFrame:
    """A CSV's rows as text (UTF-8 or Latin-1, comma, semicolon or tab separated)."""
    text, _ = _decode(data)
    if "\x00" in text[:20_000]:
        raise ValueError("this is not a text file (it contains binary data)")
    if not text.strip():
        raise ValueError("the file is empty")
    frame = pd.read_csv(io.StringIO(text), sep=_sniff_csv(text), dtype=str, keep_default_na=False,
                        na_values=[""], skipinitialspace=True)
    if frame.columns.size == 0 or all(str(c).startswith("Unnamed") for c in frame.columns):
        raise ValueError("no header row found")
    return frame


def read_upload(name: str, data: bytes, table: str | None = None, mode: str = "replace") -> ReadResult:
    """Tables in one uploaded file: a CSV or Parquet file is one table (named by ``table`` or the file name);
    an Excel workbook gives one table per sheet named like a table (other sheets, such as README, are skipped)."""
    sha256 = hashlib.sha256(data).hexdigest()
    limit = max_upload_bytes()
    if len(data) > limit:
        return ReadResult([], [Problem(name, table or "?", None, None, None,
                                       f"file is {len(data) / 1e6:,.1f} MB; the limit is {limit / 1e6:,.0f} MB "
                                       "(SECTORSCOPE_MAX_UPLOAD_MB)")])
    lower = name.lower()
    try:
        if lower.endswith(EXCEL_SUFFIXES):
            return _read_workbook(name, data, table, mode, sha256)
        if lower.endswith(PARQUET_SUFFIXES):
            frame = pd.read_parquet(io.BytesIO(data)).astype("string").astype(object).where(lambda f: f.notna())
        else:
            frame = read_csv_bytes(data)
    except (ValueError, OSError, UnicodeError, zipfile.BadZipFile, pd.errors.ParserError, KeyError) as error:
        return ReadResult([], [Problem(name, table or "?", None, None, None, f"cannot read the file: {error}")])
    except Exception as error:  # any other reader failure on a corrupt file is still a report, not a crash
        return ReadResult([], [Problem(name, table or "?", None, None, None,
                                       f"cannot read the file ({type(error).__name__}): {error}")])
    chosen = table or table_for_name(name)
    if chosen is None:
        return ReadResult([], [Problem(name, "?", None, None, None,
                                       "cannot tell which table this file is for; name it after the table "
                                       "(e.g. participants.csv) or choose the table: "
                                       + ", ".join(schema.LOADABLE_TABLES))])
    return ReadResult([TableInput(chosen, frame, name, mode=mode, sha256=sha256)], [])


def _read_workbook(name: str, data: bytes, table: str | None, mode: str, sha256: str) -> ReadResult:
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, engine="openpyxl")
    inputs: list[TableInput] = []
    for sheet, frame in sheets.items():
        chosen = table if (table and len(sheets) == 1) else table_for_name(sheet)
        if chosen is None or (table and chosen != table):
            continue
        frame = frame.dropna(how="all")
        if frame.empty:
            continue
        inputs.append(TableInput(chosen, frame, f"{name} [{sheet}]", mode=mode, sha256=sha256))
    if not inputs:
        return ReadResult([], [Problem(name, table or "?", None, None, None,
                                       "no sheet named after a table holds rows (sheets: "
                                       f"{', '.join(map(str, sheets))})")])
    return ReadResult(inputs, [])


def read_paths(paths: list[Path], table: str | None = None, mode: str = "replace") -> ReadResult:
    """Tables in files on disk (the command line's way in)."""
    inputs: list[TableInput] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            problems.append(Problem(str(path), table or "?", None, None, None, f"cannot open the file: {error}"))
            continue
        result = read_upload(Path(path).name, data, table, mode)
        inputs.extend(result.inputs)
        problems.extend(result.problems)
    return ReadResult(inputs, problems)
