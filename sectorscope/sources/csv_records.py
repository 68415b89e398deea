"""The records of a public agency's CSV file (BLS QCEW, Census QWI), found in its bytes before pandas reads them.

pandas' reader pads a row with too few values with empty cells and, when only some columns are read, drops a row's
extra values without a word, so a cut-off download or a shifted row would load as missing or wrong numbers. Here
each record's values are counted the way an RFC 4180 reader splits them (a comma or line break inside double quotes
belongs to the value; ``""`` is a quote inside a quoted value), in numpy over the whole file: about 0.5 s for
Pennsylvania's 69 quarterly QCEW files (113 MB), where Python's ``csv`` module would take several seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectorscope.ingest.validation import MAX_PROBLEMS_PER_RULE, Problem, more_rows

QUOTE, COMMA, LINE_BREAK = ord('"'), ord(","), ord("\n")
SHOWN_ROW_CHARACTERS = 500  # a malformed row is shown whole in the report up to this length
LINE_INDEX = "line"  # the index name of a frame whose index is each row's line in its file


@dataclass(frozen=True)
class CsvRecords:
    """Where each record of a CSV file starts and how many values it holds.

    ``lines`` is the line each non-blank record starts on, as a text editor numbers them (the first line is 1), the
    header's first; ``values`` the values it holds; ``line_breaks`` the line breaks inside its quoted values;
    ``starts``/``ends`` its bytes. ``cut_off`` is True when the last record opens a quote that the file never
    closes (a download cut off inside a quoted value); ``readable_bytes`` is where that record starts (the whole file
    otherwise), so pandas reads what comes before it.
    """

    lines: np.ndarray
    values: np.ndarray
    line_breaks: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    cut_off: bool
    readable_bytes: int

    @property
    def header_values(self) -> int:
        """How many values the header (the first non-blank record) holds; 0 for a file of blank lines."""
        return int(self.values[0]) if len(self.values) else 0


def csv_records(data: bytes) -> CsvRecords:
    """The records of a comma-separated file: each starts after a line break that is outside double quotes.

    A comma outside quotes separates two values, so a record holds one more value than it has such commas.
    Whether a position is inside quotes is the parity of the quotes before it (an escaped ``""`` counts twice).
    Records of white space only are left out, as pandas skips them.
    """
    text = np.frombuffer(data, dtype=np.uint8)
    # the quotes before each byte, modulo 256 (parity is all that matters, and one byte per position keeps the
    # memory to the file's size)
    quotes_before = np.cumsum(text == QUOTE, dtype=np.uint8)
    breaks = np.flatnonzero(text == LINE_BREAK)
    outside = (quotes_before[breaks] & 1) == 0
    record_ends = breaks[outside]
    starts = np.concatenate([[0], record_ends + 1])
    ends = np.concatenate([record_ends, [len(text)]])
    if len(starts) > 1 and starts[-1] == len(text):  # the line break ending the file ends the last record
        starts, ends = starts[:-1], ends[:-1]
    commas = np.flatnonzero(text == COMMA)
    commas = commas[(quotes_before[commas] & 1) == 0]
    values = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    breaks_before = np.searchsorted(breaks, starts)
    inner_breaks = np.searchsorted(breaks, ends) - breaks_before
    lines = breaks_before + 1
    cut_off = bool(len(text)) and bool(quotes_before[-1] & 1)
    readable = int(starts[-1]) if cut_off and len(starts) else len(text)
    blank = np.zeros(len(starts), dtype=bool)
    for position in np.flatnonzero(values == 1):  # white space alone holds no separator: few records to look at
        blank[position] = not data[starts[position]:ends[position]].strip()
    kept = ~blank
    return CsvRecords(lines[kept], values[kept], inner_breaks[kept], starts[kept], ends[kept], cut_off, readable)


def _row_text(data: bytes, start: int, end: int, encoding: str) -> str:
    """A record as typed, for a report: its bytes decoded, cut (with an ellipsis) past ``SHOWN_ROW_CHARACTERS``."""
    text = data[start:min(end, start + 4 * SHOWN_ROW_CHARACTERS)].decode(encoding, errors="replace").rstrip("\r\n")
    return text if len(text) <= SHOWN_ROW_CHARACTERS else text[:SHOWN_ROW_CHARACTERS - 1] + "…"


def malformed_rows(records: CsvRecords, data: bytes, source: str, table: str,
                   encoding: str = "utf-8") -> tuple[list[Problem], np.ndarray]:
    """A problem for each data record that is not one line of the header's number of values, and which records
    those are (a boolean per data record): a row with too few or too many values (a cut-off row, a missing or extra
    separator, an unquoted comma in a title), a quoted value over a line break, a quote never closed. The value
    shown is the row as typed. At most ``MAX_PROBLEMS_PER_RULE`` rows are listed per kind; the rest are counted."""
    width = records.header_values
    values, breaks = records.values[1:], records.line_breaks[1:]
    lines, starts, ends = records.lines[1:], records.starts[1:], records.ends[1:]
    cut = np.zeros(len(values), dtype=bool)
    if records.cut_off and len(values):
        cut[-1] = True
    spanning = (breaks > 0) & ~cut
    wrong = (values != width) & ~spanning & ~cut
    kinds = (
        (cut, lambda at: "this row is cut off inside a quoted value: its closing quote never comes (a download that "
                         "stopped early?); get the file again"),
        (spanning, lambda at: f"a quoted value runs over {int(breaks[at])} line break(s); a value of this file is "
                              "on one line (a closing quote missing?)"),
        (wrong, lambda at: f"this row has {int(values[at]):,} values; the header has {width:,} (a cut-off row, a "
                           "missing or extra separator, or an unquoted comma in a value?)"),
    )
    problems: list[Problem] = []
    for is_kind, message in kinds:
        at_rows = np.flatnonzero(is_kind)
        problems += [Problem(source, table, int(lines[at]), None, _row_text(data, int(starts[at]), int(ends[at]),
                                                                            encoding), message(at))
                     for at in at_rows[:MAX_PROBLEMS_PER_RULE]]
        if len(at_rows) > MAX_PROBLEMS_PER_RULE:
            problems.append(more_rows(source, table, None, len(at_rows) - MAX_PROBLEMS_PER_RULE,
                                      MAX_PROBLEMS_PER_RULE, message(at_rows[MAX_PROBLEMS_PER_RULE])))
    return problems, cut | spanning | wrong


def read_checked_csv(data: bytes, source: str, table: str, read: Callable[[bytes], pd.DataFrame],
                     encoding: str = "utf-8") -> tuple[pd.DataFrame, list[Problem]]:
    """The file's well-formed rows, read by ``read`` (bytes -> frame, as pandas reads them), indexed by the line
    each is on in the file (index name ``line``), and a problem for every malformed row (``malformed_rows``), so
    one report names every row of every file.

    A file in which pandas finds another number of rows than this count (quotes inside unquoted values, which
    readers split differently) gets one problem saying so, and no rows.
    """
    records = csv_records(data)
    problems, malformed = malformed_rows(records, data, source, table, encoding)
    frame = read(data[:records.readable_bytes])
    if frame.columns.empty:  # none of the columns the reader wants: the caller says the file is not its layout
        return frame, problems
    read_rows = max(len(records.lines) - 1 - int(records.cut_off), 0)
    if len(frame) != read_rows:
        return frame.iloc[:0], [*problems, Problem(
            source, table, None, None, None,
            f"its rows cannot be told apart the same way by every reader ({len(frame):,} or {read_rows:,} rows): "
            "a double quote inside a value that is not quoted as a whole, or lines ending in a carriage return "
            "alone? Save it again as CSV")]
    frame = frame.set_axis(pd.Index(records.lines[1:1 + read_rows], name=LINE_INDEX))
    return frame[~malformed[:read_rows]], problems


def line_numbers(frame: pd.DataFrame) -> np.ndarray:
    """Each row's line in its file: the index of a frame read by ``read_checked_csv``; for another frame (made in
    code), its position as a spreadsheet numbers rows (the header is 1, the first row 2)."""
    if frame.index.name == LINE_INDEX:
        return frame.index.to_numpy(dtype=np.int64)
    return np.arange(len(frame), dtype=np.int64) + 2
