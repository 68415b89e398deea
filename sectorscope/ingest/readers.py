"""Reading a state's files into plain tables: CSV (UTF-8 unless another encoding is declared; comma, semicolon or
tab), Excel .xlsx (one sheet per table, chosen by name) and Parquet. Every value is read as text, so codes keep their
leading zeros; typing is the validator's job. A file that cannot be read becomes a ``Problem`` naming it (and the row,
where there is one), never an exception.

Reading is strict and bounded: a CSV row with the wrong number of values, an unbalanced quote, a value running over
a line break, a byte that is not in the declared encoding, a NUL byte, or an ``.xlsx`` formula cell is reported; a
row with far more values than the header stops the reading at once; rows, columns, bytes and seconds have limits.

A large CSV file on disk is checked as a stream, one block at a time, with the same checks and messages
(``stage_csv_path``); the loader then reads its rows in chunks (``ingest.StagedCsv``).
"""

from __future__ import annotations

import atexit
import codecs
import csv
import functools
import gzip
import hashlib
import io
import itertools
import os
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

from sectorscope import config, schema
from sectorscope.ingest.load import STREAMED_TABLES, StagedCsv, TableInput
from sectorscope.ingest.validation import (
    FIRST_DATA_ROW,
    WARNING,
    Problem,
    column_key,
    data_row_numbers,
    in_row_order,
    without_blank_rows,
)

DEFAULT_MAX_ROWS = int(config.NUMBER_SETTINGS["SECTORSCOPE_MAX_ROWS"].default)
DEFAULT_MAX_READ_SECONDS = config.NUMBER_SETTINGS["SECTORSCOPE_MAX_READ_SECONDS"].default
MAX_COLUMNS = 1_000  # the widest table has a few dozen columns
MAX_ROW_PROBLEMS = 100  # then reading stops: the file is broken throughout
EXTRA_VALUES_TO_STOP = 10  # a row with this many values more than the header stops the reading at once
SHOWN_ROW_CHARACTERS = 500  # a malformed row is shown whole in the report up to this length
DECOMPRESSED_FACTOR = 5  # a .gz file may unpack to at most this many times the upload limit
EXCEL_SUFFIXES = (".xlsx",)
# where a file's encoding is declared, said in every message asking for it (the Data page and the command line)
ENCODING_CHOICE = "the Data page's \"Encoding of the CSV files\", or --encoding cp1252 on the command line"
TEMPLATE_SHEETS = ("readme", "data dictionary")  # the templates workbook's own sheets besides the tables'
CSV_SUFFIXES = (".csv", ".txt", ".tsv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
FORMULA_MESSAGE = "a spreadsheet formula; enter the value itself"
# A CSV file on disk at least this large is checked as a stream and loaded through DuckDB in chunks, never read
# whole into memory (``stage_csv_path``), when its table allows it (``ingest.STREAMED_TABLES``).
STREAM_FROM_BYTES = 16 * 1024 * 1024
STREAM_BLOCK_BYTES = 1024 * 1024
# Encodings DuckDB reads itself (Python's codec name -> DuckDB's); files in others are read into memory.
DUCKDB_ENCODINGS = {"utf-8-sig": "utf-8", "iso8859-1": "latin-1"}


@dataclass(frozen=True)
class ReadResult:
    """Tables read from a set of files, and the problems that kept others from being read."""

    inputs: list[TableInput]
    problems: list[Problem]


@dataclass(frozen=True)
class RowProblem:
    """Something wrong at one place of a file: the row (as a spreadsheet numbers it, header = 1), column, value."""

    row: int | None
    message: str
    column: str | None = None
    value: str | None = None
    # a line standing for rows of one kind not listed: (that kind's message, how many rows), as ``Problem``'s
    counts_more_of: tuple[str, int] | None = None

    def of_file(self, source: str, table: str) -> Problem:
        """This problem in a report: ``source``'s, read for ``table``."""
        return Problem(source, table, self.row, self.column, self.value, self.message,
                       counts_more_of=self.counts_more_of)


class UnreadableFile(ValueError):
    """A file that cannot be read as a table, with every problem found before reading stopped.

    ``readable_rows``: where only some rows are malformed (a wrong number of values, a value over a line break),
    the other rows, so that they are checked too and one report holds every problem; never loaded, since the
    problems reject the batch. ``readable_staged``: the same for a file read in blocks, a copy of it on disk."""

    def __init__(self, problems: list[RowProblem], readable_rows: pd.DataFrame | None = None,
                 readable_staged: StagedCsv | None = None):
        self.problems = problems
        self.readable_rows = readable_rows
        self.readable_staged = readable_staged
        super().__init__("; ".join(problem.message for problem in problems[:3]))


def _unreadable(message: str, row: int | None = None, column: str | None = None,
                value: str | None = None) -> UnreadableFile:
    return UnreadableFile([RowProblem(row, message, column, value)])


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on the work one file may cause: rows and seconds (``$SECTORSCOPE_MAX_ROWS``,
    ``$SECTORSCOPE_MAX_READ_SECONDS``); bytes are bounded by ``max_upload_bytes``."""

    max_rows: int = DEFAULT_MAX_ROWS
    max_seconds: float = DEFAULT_MAX_READ_SECONDS

    @classmethod
    def from_environment(cls) -> ReadLimits:
        """The limits set in the environment, or the defaults."""
        return cls(int(config.number_setting("SECTORSCOPE_MAX_ROWS")),
                   config.number_setting("SECTORSCOPE_MAX_READ_SECONDS"))


def max_upload_bytes() -> int:
    """Largest file accepted (``$SECTORSCOPE_MAX_UPLOAD_MB``, default 200 MB)."""
    return int(config.number_setting("SECTORSCOPE_MAX_UPLOAD_MB") * 1024 * 1024)


def table_for_name(name: str) -> str | None:
    """The table a file or sheet name stands for: 'Participants.csv', 'employer surveys 2024.xlsx', '2024
    participants.tsv' ...: the one table whose name stands in it as whole words ('2024 participants.csv' and
    'grants.tsv' were not recognised); None where none does, or several ('partners and participants.csv')."""
    stem = PurePath(name).name
    stem = re.sub(r"(\.(csv|tsv|txt))?(\.gz)?$|\.(xlsx|parquet|pq)$", "", stem, flags=re.IGNORECASE)
    words = [word for word in re.split(r"[^a-z0-9]+", stem.lower()) if word]  # "participants(1)": a browser's copy
    named = [table for table in schema.LOADABLE_TABLES
             if any(words[at:at + len(table.split("_"))] == table.split("_") for at in range(len(words)))]
    return named[0] if len(named) == 1 else None


def _sniff_csv(text: str) -> str:
    sample = text[:20_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _gunzip(data: bytes) -> bytes:
    limit = max_upload_bytes() * DECOMPRESSED_FACTOR
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            plain = unpacked.read(limit + 1)
    except (OSError, EOFError) as error:
        raise _unreadable(f"not a readable .gz file: {error}") from None
    if len(plain) > limit:
        raise _unreadable(f"the .gz file unpacks to more than {limit / 1e6:,.0f} MB "
                          f"({DECOMPRESSED_FACTOR} times the upload limit, SECTORSCOPE_MAX_UPLOAD_MB)")
    return plain


def encoding_name(encoding: str | None) -> str:
    """The codec for a declared encoding (UTF-8 when none is declared); an unknown name is a problem."""
    try:
        name = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        raise _unreadable(f"unknown encoding {encoding!r} (e.g. utf-8, latin-1, cp1252)") from None
    return "utf-8-sig" if name == "utf-8" else name


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """The file's text in the declared encoding (UTF-8 by default, never guessed); NUL bytes are refused.

    A byte that is not valid in the encoding is kept as a lone surrogate (``UndecodableRows`` reports each row
    holding one); in UTF-16, a problem naming its line and byte offset.
    """
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data)
    codec = encoding_name(encoding)
    if data.startswith(UTF_32_BOMS):  # its BOM starts as UTF-16's: read as UTF-16 it was one garbled column
        raise _unreadable("this is UTF-32 text; save it as CSV UTF-8")
    if data.startswith(UTF_16_BOMS) and (encoding is None or codec.startswith("utf-16")):
        # Excel's "Unicode Text" export: UTF-16 with its byte order mark, two bytes a letter (NUL for ASCII's
        # second byte: it was refused as binary data, even declared)
        codec = "utf-16"
    elif codec.startswith("utf-16"):
        raise _unreadable(f"the file has no UTF-16 byte order mark, though {codec.upper()} was declared; save it "
                          "as CSV UTF-8")
    elif data.startswith(UTF_16_BOMS):  # Excel's "Unicode Text" in a batch declared otherwise: "binary data" said
        # nothing of it (a data steward)
        shown = codec.removesuffix("-sig").upper()
        raise _unreadable(f"the file is UTF-16 text (it starts with UTF-16's byte order mark), not {shown} as "
                          "declared: load it in a batch of its own with no encoding declared, or save it as CSV "
                          "UTF-8", row=None)
    else:
        _refuse_binary(data)
    if data.startswith(UTF_8_BOM) and data[len(UTF_8_BOM):].isascii():
        # Excel's "CSV UTF-8" of plain letters, in a batch declared Windows-1252 for another file: the same text in
        # either (it was refused, its mark called "UTF-8's way of writing letters such as é": a data steward)
        data = data[len(UTF_8_BOM):]
    try:
        # a byte not in the encoding is kept as a lone surrogate (``UNDECODABLE``), so every row holding one is
        # reported and the others are checked (the file was refused at its first bad byte: a data steward); UTF-16's
        # decoder reads two bytes a letter, and stops at its first
        text = data.decode(codec, "strict" if codec == "utf-16" else "surrogateescape")
    except UnicodeDecodeError as error:
        # a decoder reads past a byte order mark: its error counts from after it (a steward was told of byte 0x61, an
        # "a", three bytes before the bad 0xf3, when UTF-8's decoder stopped at its first bad byte)
        start = len(data) - len(error.object) + error.start
        bad = data[start:start + error.end - error.start]
        shown = codec.removesuffix("-sig").upper()
        raise _unreadable(f"byte 0x{bad.hex()} at byte offset {start:,} is not valid {shown}; save the file "
                          "as UTF-8 or declare its encoding (" + ENCODING_CHOICE + ")",
                          row=_line_of(data, start)) from None
    if codec == "utf-16" and (nul := text.find("\x00")) >= 0:  # the byte check cannot see it in two-byte text
        raise _unreadable(f"this is not a text file (it contains a NUL character at character {nul:,})",
                          row=text.count("\n", 0, nul) + 1)
    if codec not in ("utf-8-sig", "utf-16"):
        _refuse_a_wrong_single_byte_encoding(data, text, codec)
    return text


# a byte the encoding does not know, as ``surrogateescape`` keeps it in the text: U+DC80-U+DCFF for bytes 0x80-0xFF
UNDECODABLE = re.compile("[\udc80-\udcff]")
_WRITTEN_OUT = {0xDC00 + byte: f"[0x{byte:02x}]" for byte in range(0x80, 0x100)}


def written_out(text: str) -> str:
    """``text`` with every byte the encoding does not know written ``[0xfc]`` (in C: a whole file in another
    encoding may hold millions): what a report shows of it, never a lone surrogate, which no output can encode."""
    return text.translate(_WRITTEN_OUT)


class UndecodableRows:
    """The rows holding a byte the encoding does not know, seen line by line as a file is read: the first
    ``MAX_ROW_PROBLEMS`` kept as typed, the rest counted (a whole file in another encoding may hold millions)."""

    def __init__(self, codec: str):
        self.shown = codec.removesuffix("-sig").upper()
        self.listed: list[tuple[int, str]] = []
        self.count = 0

    def see(self, number: int, line: str) -> None:
        """Take line ``number`` if it holds such a byte."""
        if UNDECODABLE.search(line):
            self.count += 1
            if len(self.listed) < MAX_ROW_PROBLEMS:
                self.listed.append((number, line))

    def problems(self) -> list[RowProblem]:
        """One problem per row listed, each with the row as typed (every such byte written ``[0xfc]``: a backslash
        would read doubled in the report's quoted value), and a line counting the rest."""
        # declared as UTF-8 (or not at all), the likely fix is saying which encoding it is; declared otherwise, the
        # file is in yet another ("declare its encoding (... --encoding cp1252)" to a file declared cp1252: a steward)
        fix = ("save the file as UTF-8 or declare its encoding (" + ENCODING_CHOICE + ")" if self.shown == "UTF-8"
               else "the file is not " + self.shown + ": save it as UTF-8, or declare the encoding it is in")
        message = f"this row holds a byte that is not valid {self.shown} (written [0x..] in the value): {fix}"
        found = [RowProblem(number, message, value=_shown_row(written_out(line.removesuffix("\n").removesuffix("\r"))))
                 for number, line in self.listed]
        if self.count > len(self.listed):
            more = self.count - len(self.listed)
            found.append(RowProblem(None, f"{more:,} more row(s) with this problem (the first {len(self.listed)} "
                                          f"are listed): {message}", counts_more_of=(message, more)))
        return found


def _at_their_rows(problems: list[RowProblem], refused: Sequence[range]) -> list[RowProblem]:
    """Problems seen line by line, each at the row its line belongs to: a row over several lines (``refused``) is
    named by its first, as its own problem names it (a byte on its second line named that line: a data steward)."""
    starts = {line: lines.start for lines in refused for line in lines}
    return [replace(problem, row=starts.get(problem.row, problem.row)) for problem in problems]


UTF_8_BOM = b"\xef\xbb\xbf"
UTF_16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF_32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
# What a binary file is, by its first bytes: a workbook or picture named .csv was refused as "a NUL byte at byte
# offset 5", which does not say what to do (a reviewer)
BINARY_KINDS = ((b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip archive: name it .xlsx, or save it as "
                 "CSV UTF-8"), (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls): save it as .xlsx or as CSV UTF-8"),
                (b"\x89PNG", "a PNG picture, not a table"), (b"%PDF", "a PDF document, not a table"),
                (b"\xff\xd8\xff", "a JPEG picture, not a table"))


# Text saved as UTF-16 without a byte order mark: every other byte of ASCII text is a NUL (after each character in
# little-endian, before it in big-endian); "a NUL byte at byte offset 1" did not say what to do (a reviewer)
UTF_16_HINT = ": saved as UTF-16? Save it as UTF-8 (CSV UTF-8 in Excel)"


def _nul_words(head: bytes) -> str:
    """The hint for a file whose first bytes read as UTF-16 text without a byte order mark, else nothing."""
    head = head[:64][: len(head[:64]) // 2 * 2]
    if len(head) < 2:
        return ""
    little, big = head[1::2], head[0::2]
    return UTF_16_HINT if (not little.strip(b"\x00") and big.strip(b"\x00")) or (
        not big.strip(b"\x00") and little.strip(b"\x00")) else ""


def _refuse_binary(data: bytes) -> None:
    """Refuse a file with NUL bytes (no text file of a table holds one), saying what it is where its first bytes
    tell."""
    nul = data.find(b"\x00")
    if nul < 0:
        return
    kind = next((what for magic, what in BINARY_KINDS if data.startswith(magic)), None)
    if kind is not None:
        raise _unreadable(f"this is not a text file: it is {kind}", row=None)
    raise _unreadable(f"this is not a text file (it contains binary data: a NUL byte at byte offset {nul:,})"
                      + _nul_words(data), row=_line_of(data, nul))


def _refuse_a_wrong_single_byte_encoding(data: bytes, text: str, codec: str) -> None:
    """A single-byte encoding reads any bytes, so a wrong one loaded garbled text without a word (a reviewer:
    "Ohio\x92s Café \x96 Healthcare" from a Windows-1252 file read as Latin-1, "CafÃ©" from a UTF-8 file read as
    Windows-1252). Refused, naming the likely encoding: text that is valid UTF-8 beyond ASCII (UTF-8's multi-byte
    sequences are vanishingly rare in real Windows-1252 or Latin-1 text), or Latin-1's control characters
    0x80-0x9F, which are letters and punctuation in Windows-1252 (’ – “ ”)."""
    shown = {"iso8859-1": "Latin-1", "latin-1": "Latin-1", "cp1252": "Windows-1252"}.get(codec, codec.upper())
    high = re.search(rb"[\x80-\xff]", data)  # in C: a state's wage records run to hundreds of megabytes
    if high is None:
        return  # ASCII reads alike in every one of them
    first_high = high.start()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        raise _unreadable(f"the file is UTF-8, not {shown} (its bytes from byte offset {first_high:,} on are UTF-8's "
                          f"way of writing letters such as é: as {shown} they would load as 'Ã©'); choose UTF-8, "
                          "in a batch of its own if the other files are not UTF-8", row=_line_of(data, first_high))
    found = re.search("[\x80-\x9f]", text) if codec in ("iso8859-1", "latin-1") else None
    if found is not None:
        control = found.start()  # one character per byte in Latin-1
        raise _unreadable(f"byte 0x{data[control]:02x} at byte offset {control:,} is a control character in Latin-1, "
                          "and a letter or punctuation mark (such as ’ or –) in Windows-1252: the file is most "
                          "likely Windows-1252; choose it (" + ENCODING_CHOICE + ")", row=_line_of(data, control))


def _checked_header(header: list[str] | None, rows: int, limits: ReadLimits, started: float) -> list[str]:
    """The header's column names, once the read stayed within its row and time limits and found a header row
    (else the reason the file cannot be read)."""
    if rows > limits.max_rows:
        raise _unreadable(f"more than {limits.max_rows:,} rows; the limit is SECTORSCOPE_MAX_ROWS")
    if time.monotonic() - started > limits.max_seconds:
        raise _unreadable(f"reading took more than {limits.max_seconds:,.0f} s and was stopped "
                          "(SECTORSCOPE_MAX_READ_SECONDS)")
    names = _header_names(header or [])
    if header is None or all(name.startswith(NO_HEADING) for name in names):
        raise _unreadable("no header row found")
    return names


def _header_beside(malformed: list[RowProblem], header: list[str] | None, rows: int, limits: ReadLimits,
                   started: float) -> list[str]:
    """``_checked_header``, whose reason the file cannot be read comes with the rows' problems found before."""
    try:
        return _checked_header(header, rows, limits, started)
    except UnreadableFile as stopped:
        raise UnreadableFile(sorted([*malformed, *stopped.problems], key=in_row_order)) from None


NO_HEADING = "(no heading"  # how a column with a blank header cell is named in reports


def column_letters(position: int) -> str:
    """A spreadsheet's name of the column at 0-based ``position``: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header_names(fields: list[str]) -> list[str]:
    """Header names as read: a blank one is named by the column's letter as a spreadsheet shows it ("(no heading,
    column I)": pandas' "Unnamed: 8" counted from 0), repeats get '.1', '.2'."""
    names: list[str] = []
    for position, field in enumerate(fields):
        name = field.strip() or f"{NO_HEADING}, column {column_letters(position)})"
        candidate, repeat = name, 0
        while candidate in names:
            repeat += 1
            candidate = f"{name}.{repeat}"
        names.append(candidate)
    return names


HEADER_SEARCH_ROWS = 20  # how far down a header under a title line is looked for


def _named_columns(values: Sequence[object], known: frozenset[str]) -> int:
    """How many of ``values`` name a column of the table (``known``: its columns' ``column_key``)."""
    return sum(1 for value in values if value is not None and column_key(value) in known)


def known_columns(table: str | None) -> frozenset[str]:
    """The ``column_key`` of every column of ``table`` (none for a file whose table is not known yet)."""
    if table not in schema.tables():
        return frozenset()
    return frozenset(column_key(name) for name in schema.tables()[table].column_names)


def _is_header_below(first: Sequence[object], below: Sequence[object], known: frozenset[str]) -> bool:
    """Is ``below`` the real header under ``first`` (a title line): it names two or more of the table's columns, and
    more than ``first`` does. A data row, however wide or wordy ("P01,Acme Staffing, Inc.,employer"), names none."""
    named = _named_columns(below, known)
    return named >= 2 and named > _named_columns(first, known)


def _title_above_header(lines: Iterable[str], delimiter: str, known: frozenset[str]) -> RowProblem | None:
    """Where a CSV's first row is a title over the real header (a row naming the table's columns within
    ``HEADER_SEARCH_ROWS``): the one problem to report (``_header_further_down``). Every row read against the title
    was "this row has 5 values; the header has 1", or, where Excel padded the title with separators, every column
    "not a column" and "required column is missing" (a data steward, a code reviewer)."""
    if not known:
        return None
    try:
        first = None
        for line, fields in enumerate(csv.reader(itertools.islice(lines, HEADER_SEARCH_ROWS), delimiter=delimiter,
                                                 skipinitialspace=True), start=1):
            if not any(field.strip() for field in fields):
                continue
            if first is None:
                first = fields
            elif _is_header_below(first, fields, known):
                return _header_further_down(line, fields)
    except csv.Error:
        return None
    return None


def _header_further_down(row: int, values: Sequence[object]) -> RowProblem:
    """The problem said first where the real header is further down than the first row (a title line above it)."""
    names = [str(value).strip() for value in values if value is not None and str(value).strip()]
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    return RowProblem(row, f"the header seems to be on row {row} ({shown}): the first row that is not empty is "
                           "read as the header, so delete the title lines above it")


@dataclass(frozen=True)
class RowsRead:
    """What a first pass over a CSV file's lines found: its header, its data rows (``rows``, blank ones among them:
    ``blank``, rows of only separators or spaces, which the loader drops), the numbers of its empty lines (skipped)
    and its malformed rows' problems; ``refused``: the lines of each malformed data row (counted in ``rows``, and
    in ``blank`` as many as ``refused_blank`` say)."""

    header: list[str] | None
    rows: int
    empty: list[int]
    problems: list[RowProblem]
    blank: int
    refused: tuple[range, ...] = ()
    refused_blank: int = 0
    header_lines: int = 1  # the lines the header runs over (a value of it over a line break: more than one)


def _plain_rows(text: str, delimiter: str, limits: ReadLimits) -> RowsRead | None:
    """The header and the number of data rows of a file without quotes whose every line has the header's number
    of values (the common case, checked in one quick pass); None when the strict pass must look closer."""
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    return _plain_lines(text.split("\n"), delimiter, limits)


def _plain_lines(lines: Iterable[str], delimiter: str, limits: ReadLimits) -> RowsRead | None:
    """``_plain_rows`` over lines (each may keep its line break): the header, the number of data rows (and of blank
    ones) and the numbers of the empty lines (skipped); None at a quote, a line break other than ``\n`` or
    ``\r\n``, a line with another number of values than the header, or more rows than the limit."""
    header: list[str] | None = None
    width = rows = blank = 0
    empty: list[int] = []
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\n").removesuffix("\r")
        if not line:
            empty.append(number)
            continue
        if '"' in line or "\r" in line:
            return None
        separators = line.count(delimiter)
        if header is None:
            if separators + 1 > MAX_COLUMNS:
                return None
            header, width = [field.strip() for field in line.split(delimiter)], separators
        elif separators != width:
            return None
        else:
            rows += 1
            blank += not line.replace(delimiter, "").strip(" ")  # as the loaders read it: spaces alone are blank
            if rows > limits.max_rows:
                return None
    return RowsRead(header, rows, empty, [], blank) if header is not None else None


def _checked_rows(lines: Iterable[str], delimiter: str, limits: ReadLimits, started: float) -> RowsRead:
    """The header, the number of data rows (and of blank ones), the numbers of the empty lines (skipped) and the
    malformed rows' problems
    (a wrong number of values, a value over line breaks), after checking every row (``lines``, split as
    ``newline=""`` does) with Python's strict CSV reader (which keeps nothing and stops early); raises
    ``UnreadableFile`` where reading cannot go on (a malformed quote, far too many values, too many problems)."""
    typed = _RecordedLines(lines)  # each row's text as typed, for a malformed row's report
    reader = csv.reader(typed, delimiter=delimiter, strict=True, skipinitialspace=True)
    header: list[str] | None = None
    rows = blank = 0
    problems: list[RowProblem] = []
    empty: list[int] = []
    refused: list[range] = []
    refused_blank = header_lines = 0
    previous_line = 0
    try:
        # First pass with Python's strict CSV reader: checks every row and stops early, keeping nothing.
        for fields in reader:
            line = previous_line + 1
            spanned = reader.line_num - previous_line
            previous_line = reader.line_num
            row_text = typed.taken()
            if not fields:
                empty.append(line)
                continue
            if spanned > 1:
                # a quoted value over line breaks is valid CSV, but so reads a missing closing quote that swallows
                # the rows after it: both are refused, and the message says which is which to look for
                problems.append(RowProblem(line, f"a quoted value runs over {spanned - 1} line break(s), up to line "
                                                 f"{reader.line_num}. Text with line breaks is not accepted in CSV: "
                                                 "put it on one line, or load the file as .xlsx. If the value "
                                                 "should end on this line, its closing quote is missing."))
            if header is None:
                if len(fields) > MAX_COLUMNS:
                    raise _unreadable(f"the header has {len(fields):,} columns; at most {MAX_COLUMNS:,} are read",
                                      row=line)
                header, header_lines = fields, spanned
                continue
            # a row of only separators, fewer than the header's (a spreadsheet's cleared row, cut short by hand) is
            # an empty row as a full one is (README): the readers pad it with missing values and the blank-row
            # filter drops it; it was refused as "a cut-off row" (a data steward)
            is_blank = not any(field.strip(" ") for field in fields)  # spaces alone, as the loaders read a blank
            cleared = len(fields) < len(header) and is_blank
            blank += is_blank and len(fields) <= len(header)
            if len(fields) != len(header) and not cleared:
                problem = RowProblem(line, f"this row has {len(fields):,} values; the header has {len(header):,} "
                                           "(a cut-off row, a missing or extra separator, or an unbalanced quote?)",
                                     value=_shown_row(row_text))
                if len(fields) >= len(header) + EXTRA_VALUES_TO_STOP:
                    raise UnreadableFile([*problems, problem])
                problems.append(problem)
            if spanned > 1 or (len(fields) != len(header) and not cleared):
                refused.append(range(line, reader.line_num + 1))
                refused_blank += is_blank and len(fields) <= len(header)
            if len(problems) >= MAX_ROW_PROBLEMS:
                problems.append(RowProblem(None, f"reading stopped after {MAX_ROW_PROBLEMS} problems"))
                raise UnreadableFile(problems)
            rows += 1
            if rows > limits.max_rows:
                raise _unreadable(f"more than {limits.max_rows:,} rows; the limit is SECTORSCOPE_MAX_ROWS")
            if not rows % 65_536 and time.monotonic() - started > limits.max_seconds:
                raise _unreadable(f"reading took more than {limits.max_seconds:,.0f} s and was stopped after "
                                  f"{rows:,} rows (SECTORSCOPE_MAX_READ_SECONDS)")
    except csv.Error as error:
        raise UnreadableFile([*problems, RowProblem(previous_line + 1, f"not a well-formed CSV here ({error}): "
                                                                       "an unbalanced quote?")]) from None
    return RowsRead(header, rows, empty, problems, blank, tuple(refused), refused_blank, header_lines)


class _RecordedLines:
    """The lines a CSV reader takes, kept until ``taken``: the text of the row it just read, as typed (its quotes
    and the separators inside them; the values joined again read "Two, Inc" as "Two,Inc")."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._since: list[str] = []

    def __iter__(self) -> _RecordedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._since.append(line)
        return line

    def taken(self) -> str:
        """The text read since the last call, without its final line break."""
        text, self._since = "".join(self._since), []
        return text.removesuffix("\n").removesuffix("\r")


def _shown_row(text: str) -> str:
    """A malformed row as the report shows it: as typed, cut (with an ellipsis) past ``SHOWN_ROW_CHARACTERS``."""
    return text if len(text) <= SHOWN_ROW_CHARACTERS else text[:SHOWN_ROW_CHARACTERS - 1] + "…"


def _well_formed_rows(text: str, delimiter: str, names: list[str]) -> pd.DataFrame:
    """The rows of a CSV text that have the header's number of values on one line each, indexed by their row
    number less ``FIRST_DATA_ROW`` (as the whole-file reader indexes them), empty values as missing; rows of only
    empty values are skipped as empty lines are. Only for a file with malformed rows (reported apart), so its other
    rows are checked in the same report."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True, skipinitialspace=True)
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    header_seen = False
    previous_line = 0
    for fields in reader:
        line, spanned = previous_line + 1, reader.line_num - previous_line
        previous_line = reader.line_num
        if not fields:
            continue
        if not header_seen:  # the first line not empty, as the first pass takes it
            header_seen = True
            continue
        if not any(field.strip() for field in fields):
            continue
        if spanned == 1 and len(fields) == len(names):
            rows.append([field if field != "" else None for field in fields])
            numbers.append(line)
    return pd.DataFrame(rows, columns=names, dtype=object,
                        index=np.asarray(numbers, dtype=np.int64) - FIRST_DATA_ROW)


def read_csv_bytes(data: bytes, encoding: str | None = None, limits: ReadLimits | None = None,
                   known: frozenset[str] = frozenset()) -> pd.DataFrame:
    """A CSV's rows as text (comma, semicolon or tab separated), every row checked against the header; a title line
    above the real header (a row naming two or more of ``known``, the table's ``known_columns``) said as such.

    Raises ``UnreadableFile`` with every problem found: a byte not in the encoding, a NUL byte, an unbalanced
    quote, a value running over a line break, a row with too few or too many values (a row with far more stops
    the reading at once), more rows or more seconds than the limits allow.
    """
    limits = limits or ReadLimits.from_environment()
    started = time.monotonic()
    text = decode_text(data, encoding)
    if not text.strip():
        raise _unreadable("the file is empty")
    undecodable = UndecodableRows(encoding_name(encoding))
    if UNDECODABLE.search(text):  # in C over the whole text: the common file holds none
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            undecodable.see(number, line)
        # every row read and checked, these too (never loaded: their problems reject the batch): left out, their keys
        # went missing from the batch, and a file referring to one was told of an unknown key, a replace of a key it
        # lacked (a data steward)
        text = written_out(text)
    delimiter = _sniff_csv(text)
    title = _title_above_header(io.StringIO(text, newline=""), delimiter, known)
    if title is not None:  # every row would be read against a title: the one problem that says so
        raise UnreadableFile([title])
    try:
        read = _plain_rows(text, delimiter, limits) or _checked_rows(io.StringIO(text, newline=""), delimiter,
                                                                     limits, started)
    except UnreadableFile as stopped:  # the reading stopped early: the rows holding such bytes said beside (a reviewer)
        raise UnreadableFile(sorted([*stopped.problems, *undecodable.problems()], key=in_row_order)) from None
    header, rows, empty = read.header, read.rows, read.empty
    malformed = sorted([*read.problems, *_at_their_rows(undecodable.problems(), read.refused)], key=in_row_order)
    names = _header_beside(malformed, header, rows, limits, started)
    if read.problems:  # the other rows checked in the same report
        raise UnreadableFile(malformed, readable_rows=_well_formed_rows(text, delimiter, names))
    # Second pass with pandas' fast parser, safe now that every row has exactly the header's values.
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_values=[""],
                        skipinitialspace=True, index_col=False, header=0)
    if frame.shape != (rows, len(names)):
        raise _unreadable(f"the file reads inconsistently ({frame.shape[0]:,} rows one way, {rows:,} another); "
                          "check its quotes and separators")
    frame.columns = names
    if empty:  # pandas skipped the empty lines: each row keeps its own number (blank lines once shifted them)
        frame.index = data_row_numbers(rows, empty) - FIRST_DATA_ROW
    if malformed:  # bytes not in the encoding alone: every row checked beside them
        raise UnreadableFile(malformed, readable_rows=without_blank_rows(frame))
    return without_blank_rows(frame)


def read_upload(name: str, data: bytes, table: str | None = None, mode: str = "replace",
                encoding: str | None = None,
                table_of_columns: Callable[[list[str]], str | None] | None = None) -> ReadResult:
    """Tables in one uploaded file: a CSV or Parquet file is one table (named by ``table`` or the file name, or
    else by ``table_of_columns`` from its columns: the table a mapping was remembered for with this layout); an Excel
    workbook gives one table per sheet named like a table (other sheets, such as README, are skipped).

    ``encoding`` declares a CSV's encoding (UTF-8 when None; never guessed).
    """
    sha256 = hashlib.sha256(data).hexdigest()
    limit = max_upload_bytes()
    where = table or table_for_name(name) or "?"
    if len(data) > limit:
        return ReadResult([], [Problem(name, where, None, None, None,
                                       f"file is {len(data) / 1e6:,.1f} MB; the limit is {limit / 1e6:,.0f} MB "
                                       "(SECTORSCOPE_MAX_UPLOAD_MB)")])
    lower = name.lower()
    malformed: list[Problem] = []
    try:
        if lower.endswith(EXCEL_SUFFIXES):
            return _read_workbook(name, data, table, mode, sha256)
        if lower.endswith(PARQUET_SUFFIXES):
            frame = pd.read_parquet(io.BytesIO(data)).astype("string").astype(object).where(lambda f: f.notna())
        else:
            frame = read_csv_bytes(data, encoding, known=known_columns(table or table_for_name(name)))
    except UnreadableFile as error:
        malformed = [p.of_file(name, where) for p in error.problems]
        if error.readable_rows is None or error.readable_rows.empty:
            return ReadResult([], malformed)
        # the other rows are checked too (the malformed ones alone reject the batch): one report holds every
        # problem, the column mapping is offered, and the files referring to this one find its keys
        frame = error.readable_rows
    except (ValueError, OSError, UnicodeError, zipfile.BadZipFile, KeyError) as error:
        return ReadResult([], [Problem(name, where, None, None, None, f"cannot read the file: {error}")])
    except Exception as error:  # any other reader failure on a corrupt file is still a report, not a crash
        return ReadResult([], [Problem(name, where, None, None, None,
                                       f"cannot read the file ({type(error).__name__}): {error}")])
    chosen = table or table_for_name(name) or (table_of_columns([str(column) for column in frame.columns])
                                                if table_of_columns is not None else None)
    if chosen is None:
        return ReadResult([], [*malformed, Problem(name, "?", None, None, None,
                                                   "cannot tell which table this file is for; name it after the "
                                                   "table (e.g. participants.csv) or choose the table: "
                                                   + ", ".join(schema.LOADABLE_TABLES))])
    return ReadResult([TableInput(chosen, frame, name, mode=mode, sha256=sha256)], malformed)


def _cell_text(value: object) -> str | None:
    """A workbook cell as text: dates as YYYY-MM-DD (with the time when there is one), numbers as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        return text.removesuffix(" 00:00:00")
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    text = str(value)
    return text if text.strip() else None


def _sheet_rows(sheet, limits: ReadLimits, started: float,
                known: frozenset[str] = frozenset()) -> tuple[pd.DataFrame | None, list[RowProblem]]:
    """A worksheet's rows as a text frame (first row = header); formula cells are problems, never blanks; a title
    row above the real header (a row naming two or more of ``known``) said first."""
    header: list[str] | None = None
    rows: list[list[str | None]] = []
    numbers: list[int] = []  # each kept row's own number: empty rows are skipped, the rest keep theirs
    problems: list[RowProblem] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = [_cell_text(cell) for cell in cells]
        if header is None:
            while values and values[-1] is None:
                values.pop()
            if not values:
                continue
            if len(values) > MAX_COLUMNS:
                raise _unreadable(f"the header has {len(values):,} columns; at most {MAX_COLUMNS:,} are read",
                                  row=number)
            header = _header_names([value or "" for value in values])
            continue
        extra = values[len(header):]
        if any(value is not None for value in extra):
            if (number <= HEADER_SEARCH_ROWS and _is_header_below(header, values, known)
                    and not any(p.message.startswith("the header seems") for p in problems)):
                problems.insert(0, _header_further_down(number, values))
            problems.append(RowProblem(number, f"values beyond the header's {len(header)} columns"))
        values = (values + [None] * len(header))[:len(header)]
        if all(value is None for value in values):
            continue
        for position, value in enumerate(values):
            if value is not None and value.startswith("="):
                problems.append(RowProblem(number, FORMULA_MESSAGE, header[position], value[:80]))
        if len(problems) >= MAX_ROW_PROBLEMS:
            problems.append(RowProblem(None, f"reading stopped after {MAX_ROW_PROBLEMS} problems"))
            break
        rows.append(values)
        numbers.append(number)
        if len(rows) > limits.max_rows:
            raise _unreadable(f"more than {limits.max_rows:,} rows; the limit is SECTORSCOPE_MAX_ROWS")
        if not len(rows) % 16_384 and time.monotonic() - started > limits.max_seconds:
            raise _unreadable(f"reading took more than {limits.max_seconds:,.0f} s and was stopped "
                              "(SECTORSCOPE_MAX_READ_SECONDS)")
    if header is None:
        return None, problems
    if not rows:
        return pd.DataFrame(columns=header, dtype=object), problems
    return pd.DataFrame(rows, columns=header, dtype=object,
                        index=np.asarray(numbers, dtype=np.int64) - FIRST_DATA_ROW), problems


def _read_workbook(name: str, data: bytes, table: str | None, mode: str, sha256: str) -> ReadResult:
    import openpyxl

    limits = ReadLimits.from_environment()
    started = time.monotonic()
    # Not data_only: a formula cell reads as its formula (refused), never as a blank or a stale cached value.
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    inputs: list[TableInput] = []
    problems: list[Problem] = []
    unnamed: list[str] = []  # sheets named after no table: said, never left out without a word
    others: list[str] = []  # sheets named after another table than the one asked for: said too
    try:
        sheets = list(book.sheetnames)
        for sheet_name in sheets:
            chosen = table if (table and len(sheets) == 1) else table_for_name(sheet_name)
            if chosen is None and len(sheets) == 1:  # a lone "Sheet1" of participants.xlsx: the file's name says
                chosen = table_for_name(name)
            if chosen is None and not table and sheet_name.strip().lower() not in TEMPLATE_SHEETS:
                unnamed.append(sheet_name)
            if table and chosen is not None and chosen != table:
                others.append(sheet_name)
            if chosen is None or (table and chosen != table):
                continue
            source = f"{name} [{sheet_name}]"
            try:
                frame, found = _sheet_rows(book[sheet_name], limits, started, known_columns(chosen))
            except UnreadableFile as error:
                frame, found = None, error.problems
            problems += [p.of_file(source, chosen) for p in found]
            stopped = any(p.row is None and p.message.startswith("reading stopped") for p in found)
            if frame is None or frame.empty or stopped:  # a sheet read in part would be checked as if whole
                continue
            # checked even with a formula cell (which alone rejects the batch): the report then holds every
            # problem, not the formula alone and the rest after it is fixed
            inputs.append(TableInput(chosen, frame, source, mode=mode, sha256=sha256))
    finally:
        book.close()
    if unnamed and inputs:
        problems.append(Problem(name, "?", None, None, None, (
            f"sheet{'s' if len(unnamed) > 1 else ''} {', '.join(repr(s) for s in unnamed)} left out: a sheet loads "
            f"into the table it is named after ({', '.join(schema.LOADABLE_TABLES)}); rename "
            f"{'them' if len(unnamed) > 1 else 'it'} to load {'them' if len(unnamed) > 1 else 'it'}"), WARNING))
    if others and inputs:  # a workbook of employers and their surveys, read as employers alone, said nothing
        problems.append(Problem(name, table or "?", None, None, None, (
            f"sheet{'s' if len(others) > 1 else ''} {', '.join(repr(s) for s in others)} left out: only the sheet "
            f"of {table} is read, as asked; to load every sheet into the table it is named after, give no table"),
            WARNING))
    if problems:
        return ReadResult(inputs, problems)
    if not inputs:
        return ReadResult([], [Problem(name, table or "?", None, None, None,
                                       "no sheet named after a table holds rows (sheets: "
                                       f"{', '.join(map(str, sheets))})")])
    return ReadResult(inputs, [])


def read_paths(paths: list[Path], table: str | None = None, mode: str = "replace",
               encoding: str | None = None,
               table_of_columns: Callable[[list[str]], str | None] | None = None,
               scratch: Path | None = None) -> ReadResult:
    """Tables in files on disk (the command line's way in); ``encoding`` declares the CSV files' encoding;
    ``table_of_columns`` as ``read_upload`` takes it; ``scratch``: where a large file's rows to check beside its
    refused ones are copied (``stage_csv_path``)."""
    inputs: list[TableInput] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            size = Path(path).stat().st_size
            if size > max_upload_bytes():  # refused before it is read into memory
                problems.append(Problem(str(path), table or "?", None, None, None,
                                        f"file is {size / 1e6:,.1f} MB; the limit is "
                                        f"{max_upload_bytes() / 1e6:,.0f} MB (SECTORSCOPE_MAX_UPLOAD_MB)"))
                continue
            chosen = table or table_for_name(Path(path).name)
            if _streams(Path(path), size, chosen, encoding):
                result = _read_streamed(Path(path), chosen, mode, encoding, scratch)
                inputs.extend(result.inputs)
                problems.extend(result.problems)
                continue
            data = Path(path).read_bytes()
        except OSError as error:
            problems.append(Problem(str(path), table or "?", None, None, None, f"cannot open the file: {error}"))
            continue
        result = read_upload(Path(path).name, data, table, mode, encoding, table_of_columns)
        inputs.extend(result.inputs)
        problems.extend(result.problems)
    return ReadResult(inputs, problems)


# --- Large CSV files, checked as a stream -------------------------------------------------------------------------
def may_stream(name: str, size: int, table: str | None) -> bool:
    """Could a file of this name, size and table be checked as a stream (``_streams`` then looks inside it): the
    Data page writes such an upload to disk first, to read it as the command line does."""
    return size >= STREAM_FROM_BYTES and table in STREAMED_TABLES and name.lower().endswith(CSV_SUFFIXES)


def _streams(path: Path, size: int, table: str | None, encoding: str | None) -> bool:
    """Is this file checked as a stream and loaded in chunks (a large CSV of a table that allows it, in an
    encoding DuckDB reads)?"""
    if not may_stream(path.name, size, table):
        return False
    if not _is_gzip(path):
        with path.open("rb") as file:
            start = file.read(65_536)
            if b"\r\r\n" in start:  # Python's csv writer on Windows: DuckDB's reader stops on it
                return False  # read whole (each row then followed by an empty line, skipped and counted)
            if start.startswith(UTF_16_BOMS):  # DuckDB reads no UTF-16: read whole (``decode_text``)
                return False
    try:
        return encoding_name(encoding) in DUCKDB_ENCODINGS
    except UnreadableFile:
        return False


def _read_streamed(path: Path, table: str, mode: str, encoding: str | None, scratch: Path | None) -> ReadResult:
    """One large CSV file as a staged input (``stage_csv_path``), or the problems that keep it from being read
    (with a copy of its other rows to check, where there is one: ``_rows_to_check``)."""
    problems: list[Problem] = []
    try:
        staged = stage_csv_path(path, encoding, known=known_columns(table), scratch=scratch)
    except UnreadableFile as error:
        problems = [p.of_file(path.name, table) for p in error.problems]
        if error.readable_staged is None:
            return ReadResult([], problems)
        staged = error.readable_staged
    except OSError as error:
        return ReadResult([], [Problem(path.name, table, None, None, None, f"cannot read the file: {error}")])
    header = pd.DataFrame(columns=list(staged.columns), dtype=object)
    return ReadResult([TableInput(table, header, path.name, mode=mode, sha256=staged.sha256, staged=staged)],
                      problems)


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(STREAM_BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def _text_lines(path: Path, codec: str, undecodable: UndecodableRows | None = None) -> Iterator[str]:
    """The lines of a file on disk (gunzipped if need be), decoded block by block and split as
    ``io.StringIO(text, newline="")`` splits them; a NUL byte and a .gz file unpacking to more than the limit are
    problems naming the line and byte offset, as ``decode_text`` names them. A byte not in the encoding is kept as
    ``decode_text`` keeps it, its line shown to ``undecodable`` and given on ``written_out`` (UTF-16's stops the
    reading, as there)."""
    limit = max_upload_bytes() * DECOMPRESSED_FACTOR
    decoder = codecs.getincrementaldecoder(codec)(errors="strict" if codec == "utf-16" else "surrogateescape")
    offset = lines_before = 0
    number = 0  # of the lines given so far
    pending = ""
    opener = gzip.open if _is_gzip(path) else open
    with opener(path, "rb") as handle:
        while True:
            try:
                block = handle.read(STREAM_BLOCK_BYTES)
            except (OSError, EOFError) as error:
                raise _unreadable(f"not a readable .gz file: {error}") from None
            final = not block
            if opener is gzip.open and offset + len(block) > limit:
                raise _unreadable(f"the .gz file unpacks to more than {limit / 1e6:,.0f} MB "
                                  f"({DECOMPRESSED_FACTOR} times the upload limit, SECTORSCOPE_MAX_UPLOAD_MB)")
            nul = block.find(b"\x00")
            if nul >= 0:
                raise _unreadable("this is not a text file (it contains binary data: a NUL byte at byte offset "
                                  f"{offset + nul:,})" + (_nul_words(block) if offset == 0 else ""),
                                  row=lines_before + block.count(b"\n", 0, nul) + 1)
            buffered = len(decoder.getstate()[0])
            try:
                text = decoder.decode(block, final=final)
            except UnicodeDecodeError as error:
                # the bytes decoded past, a byte order mark, are not in ``error.object``: counted back in
                start = offset + len(block) - len(error.object) + error.start
                bad = error.object[error.start:error.end]
                shown = codec.removesuffix("-sig").upper()
                line = lines_before + bytes(error.object[:error.start]).count(b"\n") + 1 - (
                    bytes(error.object[:buffered]).count(b"\n"))
                raise _unreadable(f"byte 0x{bytes(bad).hex()} at byte offset {start:,} is not valid {shown}; save "
                                  "the file as UTF-8 or declare its encoding (" + ENCODING_CHOICE + ")",
                                  row=line) from None
            offset += len(block)
            lines_before += block.count(b"\n")
            joined = pending + text
            lines = io.StringIO(joined, newline="").readlines()
            pending = ""
            if lines and not final and (lines[-1][-1] not in "\r\n" or lines[-1].endswith("\r")):
                pending = lines.pop()  # a line cut by the block's end, or a \r whose \n may follow
            # in C per block, the line cut at its start included (a byte there went unseen: a reviewer); the common
            # file holds none. Lines go on with such bytes written out: a lone surrogate in a report's value could
            # not be printed or shown (the Data page failed on it)
            if UNDECODABLE.search(joined):
                if undecodable is not None:
                    for position, line in enumerate(lines, start=number + 1):
                        undecodable.see(position, line)
                lines = [written_out(line) for line in lines]
            number += len(lines)
            yield from lines
            if final:
                return


def stage_csv_path(path: Path, encoding: str | None = None, limits: ReadLimits | None = None,
                   known: frozenset[str] = frozenset(), scratch: Path | None = None) -> StagedCsv:
    """Check a CSV file on disk row by row as ``read_csv_bytes`` does, holding one block in memory at a time, and
    describe it for the loader, which reads it through DuckDB in chunks (``ingest.StagedCsv``).

    Raises ``UnreadableFile`` with the problems ``read_csv_bytes`` would report; where only some rows are refused,
    its ``readable_staged`` is a copy of the file to check the others, written in ``scratch`` (``_rows_to_check``).
    """
    limits = limits or ReadLimits.from_environment()
    started = time.monotonic()
    path = Path(path)
    codec = encoding_name(encoding)
    sample = "".join(itertools.islice(_text_lines(path, codec), 200))[:20_000]
    if not sample.strip() and not any(line.strip() for line in _text_lines(path, codec)):
        raise _unreadable("the file is empty")
    delimiter = _sniff_csv(sample)
    title = _title_above_header(_text_lines(path, codec), delimiter, known)
    if title is not None:
        raise UnreadableFile([title])
    undecodable = UndecodableRows(codec)
    try:
        read = _plain_lines(_text_lines(path, codec, undecodable), delimiter, limits)
        if read is None:  # the quick pass stopped short: its rows are seen again
            undecodable = UndecodableRows(codec)
            read = _checked_rows(_text_lines(path, codec, undecodable), delimiter, limits, started)
    except UnreadableFile as stopped:  # as read_csv_bytes: the rows holding such bytes, as far as it read, said too
        raise UnreadableFile(sorted([*stopped.problems, *undecodable.problems()], key=in_row_order)) from None
    header, rows, empty = read.header, read.rows, read.empty
    malformed = sorted([*read.problems, *_at_their_rows(undecodable.problems(), read.refused)], key=in_row_order)
    names = _header_beside(malformed, header, rows, limits, started)
    staged = StagedCsv(path=path, delimiter=delimiter, duckdb_encoding=DUCKDB_ENCODINGS[codec],
                       is_gzip=_is_gzip(path), columns=tuple(names), rows=rows, sha256=_sha256_of_file(path),
                       encoding=encoding, empty_lines=tuple(empty), blank_rows=read.blank)
    if malformed:  # the other rows checked in the same report, as a file read whole has them (``read_csv_bytes``)
        raise UnreadableFile(malformed, readable_staged=_rows_to_check(staged, codec, read, scratch))
    return staged


def _rows_to_check(staged: StagedCsv, codec: str, read: RowsRead, scratch: Path | None) -> StagedCsv | None:
    """A copy of a staged file whose rows are refused (malformed, or holding a byte not in its encoding) that the
    loader can read for checking the other rows: UTF-8, every such byte written ``[0xfc]``, each malformed row's
    lines left empty, each keeping its line break (so every other row keeps its own number, and a Windows file's
    CRLF stays unmixed: DuckDB's strict reader refuses a mix); written in ``scratch`` (the upload's folder on the
    Data page, named by the file and its encoding, so every read of it writes the same one; a new folder of the
    system's, readable by this user alone, when None) one block at a time. None when no row is left to check, when
    the header runs over a line break (the loader reads it as one line: every row was named one row short), or
    when the copy cannot be written (the reading problems are reported alone, as before).

    Never loaded: the refused rows reject the batch. A large file's report named its malformed rows alone, and its
    other rows' problems only once they were mended (a data steward)."""
    if staged.rows == len(read.refused) or read.header_lines > 1:
        return None
    blanked = {line for lines in read.refused for line in lines}
    if scratch is not None:
        copied = scratch / f"{staged.path.name}.{codec}.to-check.csv"
        written = copied.with_name(f"{copied.name}.{os.getpid()}-{threading.get_ident()}.part")
        handle = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    else:
        handle, name = tempfile.mkstemp(prefix=staged.path.name + ".", suffix=".to-check.csv", dir=_scratch_folder())
        copied = written = Path(name)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as copy:
            for number, line in enumerate(_text_lines(staged.path, codec), start=1):
                copy.write(line[len(line.rstrip("\r\n")):] if number in blanked else line)
        os.replace(written, copied)  # whole or not there: a session reading the same upload never sees half
    except OSError:  # a full disk, a folder removed: the reading problems stand alone, nothing left behind
        written.unlink(missing_ok=True)
        return None
    return replace(staged, path=copied, duckdb_encoding="utf-8", is_gzip=False, encoding=None,
                   rows=staged.rows - len(read.refused), blank_rows=staged.blank_rows - read.refused_blank,
                   empty_lines=tuple(sorted({*staged.empty_lines, *blanked})))


@functools.cache
def _scratch_folder() -> Path:
    """This process's folder for the copies ``_rows_to_check`` writes (people's records: readable by this user
    alone, removed when the process ends)."""
    folder = Path(tempfile.mkdtemp(prefix="sectorscope-checking-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
