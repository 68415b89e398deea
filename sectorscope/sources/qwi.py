"""Census LEHD Quarterly Workforce Indicators (QWI) extracts, turned into rows of the ``qwi`` table.

Layouts read here:
- the Census QWI API layout (``api.census.gov/data/timeseries/qwi/se``), saved as CSV or as the API's own JSON
  array of rows: indicator columns (``Emp``, ``HirA``, ``Sep``, ``TurnOvrS``, ``EarnS`` ...) each beside its status
  flag (``sEmp`` ...), ``year``, ``quarter``, ``industry``, ``state`` and one geography column (``county`` or
  ``metropolitan statistical area/micropolitan statistical area``);
- the LEHD bulk-file layout (``geo_level`` + ``geography`` instead of the API geography columns).

Status flags follow the LEHD public-use schema (``label_flags.csv``, schema V4): 1 OK; 6 and 7 calculated from other
released measures; 9 significantly distorted, fuzzed value released; 10 and 12 aggregates of released cells — those
values are kept. -2 no data, -1 not computable, 5 suppressed (below Census publication standards) and 11 aggregate
not released — and any flag the schema does not define — make the value missing, never zero.
Every row is checked before anything is loaded: the header's number of values (``csv_records``); every indicator
and flag a number where one is written (an unreleased value may be empty, a released one may not). Each problem
names the file, its line, the column and the value as typed; one report holds every file's; nothing is written.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from sectorscope.ingest import load as ingest
from sectorscope.ingest import state_rule
from sectorscope.ingest.validation import MAX_PROBLEMS_PER_RULE, Problem, ValidationError, more_rows
from sectorscope.sources.csv_records import LINE_INDEX, line_numbers, read_checked_csv

TABLE = "qwi"
DESCRIPTION = "U.S. Census Bureau, LEHD Quarterly Workforce Indicators (API layout)"
Progress = Callable[[float, str], None]

# LEHD status flags whose value is released (schema V4 label_flags.csv); every other flag means "no value".
RELEASED_FLAGS = frozenset({1, 6, 7, 9, 10, 12})
DISTORTED_FLAGS = frozenset({7, 9, 12})

# QWI indicator -> qwi table column.
INDICATORS: dict[str, str] = {
    "Emp": "employment",
    "HirA": "hires",
    "Sep": "separations",
    "TurnOvrS": "turnover_rate",
    "EarnS": "avg_monthly_earnings",
}
METRO_COLUMN = "metropolitan statistical area/micropolitan statistical area"
# Breakdown columns and the value meaning "all" (QWI API variables); other values are breakdowns the table lacks.
ALL_CATEGORIES: dict[str, tuple[str, ...]] = {
    "agegrp": ("A00",),
    "sex": ("0",),
    "race": ("A0",),
    "ethnicity": ("A0",),
    "education": ("E0",),
    "firmage": ("0",),
    "firmsize": ("0",),
    "ownercode": ("A00",),
    "seasonadj": ("U",),
}
GEO_LEVELS = {"C": "county", "M": "metro"}

# NAICS 2-digit sectors as the Census Bureau names them (QWI writes ranges as "31-33").
NAICS_SECTOR_NAMES: dict[str, str] = {
    "00": "All industries",
    "11": "Agriculture, Forestry, Fishing and Hunting",
    "21": "Mining, Quarrying, and Oil and Gas Extraction",
    "22": "Utilities",
    "23": "Construction",
    "31-33": "Manufacturing",
    "42": "Wholesale Trade",
    "44-45": "Retail Trade",
    "48-49": "Transportation and Warehousing",
    "51": "Information",
    "52": "Finance and Insurance",
    "53": "Real Estate and Rental and Leasing",
    "54": "Professional, Scientific, and Technical Services",
    "55": "Management of Companies and Enterprises",
    "56": "Administrative and Support and Waste Management",
    "61": "Educational Services",
    "62": "Health Care and Social Assistance",
    "71": "Arts, Entertainment, and Recreation",
    "72": "Accommodation and Food Services",
    "81": "Other Services (except Public Administration)",
    "92": "Public Administration",
}

# A number as the Census Bureau writes one (the API's text, or a CSV a program saved: "124.0", "0.046", "1e-05").
CENSUS_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"

QWI_COLUMNS = ("area_type", "area_code", "naics_sector", "year", "quarter", "employment", "hires", "separations",
               "turnover_rate", "avg_monthly_earnings")


class QwiFormatError(ValueError):
    """The file is not a QWI extract this reader understands (the message says why)."""


@dataclass
class QwiExtract:
    """Rows of the ``qwi`` table read from one extract, and what the reader did to get them."""

    rows: pd.DataFrame
    source_rows: pd.Series  # each row's line in the file as a spreadsheet shows it (header = 1)
    state_fips: str | None
    suppressed: dict[str, int] = field(default_factory=dict)  # qwi column -> values made missing by their flag
    distorted: dict[str, int] = field(default_factory=dict)  # qwi column -> values released with a distortion flag
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> rows left out (breakdowns the table lacks)
    problems: list[Problem] = field(default_factory=list)  # cells not as the Census Bureau writes them
    states: dict[str, frozenset[str]] = field(default_factory=dict)  # state -> its areas (``state_rule``)


def sector_name(naics_sector: str) -> str:
    """The Census name of a NAICS sector code as QWI writes it ("62", "31-33"); the code itself when unknown."""
    return NAICS_SECTOR_NAMES.get(str(naics_sector), f"NAICS {naics_sector}")


def read_table(path: Path) -> pd.DataFrame:
    """A QWI extract file as text columns: CSV (possibly gzipped) or the API's JSON array of rows."""
    path = Path(path)
    return read_source(path.name, path.read_bytes())


def read_source(name: str, data: bytes) -> pd.DataFrame:
    """``read_checked_source``, raising ``ValidationError`` with the file's malformed rows."""
    frame, problems = read_checked_source(name, data)
    if problems:
        raise ValidationError(problems)
    return frame


def read_checked_source(name: str, data: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    """A QWI extract given as its file name and bytes, as text columns indexed by each row's line (CSV, ``.gz``:
    gzipped) or place in the array (the API's JSON, ``.json``; the header is 1), and a problem for every row that
    does not hold the header's number of values (left out)."""
    if name.lower().endswith(".json"):
        rows = json.loads(data)
        if not (isinstance(rows, list) and rows and isinstance(rows[0], list)):
            raise QwiFormatError(f"{name}: expected the Census API's JSON array of rows (header row first)")
        width = len(rows[0])
        wrong = [(number, row) for number, row in enumerate(rows[1:], start=2)
                 if not isinstance(row, list) or len(row) != width]
        problems = [Problem(name, TABLE, number, None, json.dumps(row)[:500],
                            f"this row has {len(row) if isinstance(row, list) else 'no list of'} values; the header "
                            f"has {width}") for number, row in wrong[:MAX_PROBLEMS_PER_RULE]]
        if len(wrong) > MAX_PROBLEMS_PER_RULE:
            problems.append(more_rows(name, TABLE, None, len(wrong) - MAX_PROBLEMS_PER_RULE, MAX_PROBLEMS_PER_RULE,
                                      "a row with another number of values than the header"))
        kept = [(number, row) for number, row in enumerate(rows[1:], start=2) if isinstance(row, list)
                and len(row) == width]
        frame = pd.DataFrame([row for _, row in kept], columns=[str(c) for c in rows[0]], dtype=object,
                             index=pd.Index([number for number, _ in kept], name=LINE_INDEX))
        return frame.astype("string"), problems
    if data[:2] == b"\x1f\x8b" or name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    # every column, through a column selection (pandas drops a row's extra values then, rather than stopping at the
    # first such row: csv_records reports them all), and no index taken from a first row with one value more
    return read_checked_csv(data, name, TABLE, lambda part: pd.read_csv(
        io.BytesIO(part), dtype=str, keep_default_na=False, na_values=[""], usecols=lambda _: True,
        index_col=False))


def _text(series: pd.Series) -> pd.Series:
    """Codes as clean text: '37.0' -> '37', blanks -> missing."""
    def clean(value: object) -> object:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return None
        text = str(value).strip().strip('"')
        if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
            text = text[:-2]
        return text or None

    return series.astype(object).map(clean)


def _geography(frame: pd.DataFrame, name: str) -> tuple[pd.Series, pd.Series]:
    """(area_type, area_code) of every row, from the API's geography columns or the bulk layout's."""
    n = len(frame)
    if METRO_COLUMN in frame.columns:
        return pd.Series(["metro"] * n, index=frame.index), _text(frame[METRO_COLUMN]).map(
            lambda v: v.zfill(5) if v else v)
    if "county" in frame.columns:
        county = _text(frame["county"])
        if "state" in frame.columns:
            state = _text(frame["state"]).map(lambda v: v.zfill(2) if v else v)
            code = [s + c.zfill(3) if s and c and len(c) <= 3 else c for s, c in zip(state, county, strict=True)]
        else:
            code = county.tolist()
        return pd.Series(["county"] * n, index=frame.index), pd.Series(code, index=frame.index, dtype=object)
    if {"geo_level", "geography"} <= set(frame.columns):
        level = _text(frame["geo_level"])
        unknown = sorted(set(level.dropna()) - set(GEO_LEVELS))
        if unknown:
            raise QwiFormatError(f"{name}: geo_level {', '.join(unknown)} is not county (C) or metro (M)")
        return level.map(GEO_LEVELS), _text(frame["geography"])
    raise QwiFormatError(f"{name}: no geography column: expected 'county' (with 'state'), '{METRO_COLUMN}', or "
                         "'geo_level' + 'geography'")


def _keep_all_categories(frame: pd.DataFrame, dropped: dict[str, int]) -> pd.Series:
    """Rows that are totals over every breakdown the ``qwi`` table has no column for."""
    keep = pd.Series(True, index=frame.index)
    for column, totals in ALL_CATEGORIES.items():
        if column not in frame.columns:
            continue
        values = _text(frame[column])
        total = values.isin(totals) | values.isna()
        if not total.any() and values.nunique() == 1:
            continue  # one breakdown value in the whole file (e.g. only private ownership): keep it as it is
        left_out = int((keep & ~total).sum())
        if left_out:
            dropped[f"{column} other than {'/'.join(totals)}"] = left_out
        keep &= total
    return keep


def rows_from_extract(frame: pd.DataFrame, name: str = "QWI extract") -> QwiExtract:
    """Rows of the ``qwi`` table from an extract in the Census API (or LEHD bulk) layout.

    Each indicator present becomes its column, with values whose status flag is not a released flag made missing;
    rows broken down by age, sex, ownership ... are left out (counted in ``dropped``), keeping the totals. A cell
    that is not as the Census Bureau writes it (an indicator or flag that is no number, a released value left empty)
    comes back in ``problems``, with the file's line, the column and the value as typed; the caller refuses the file.
    Raises ``QwiFormatError`` when a needed column is missing.
    """
    columns = set(frame.columns)
    missing = [c for c in ("year", "quarter") if c not in columns]
    if missing:
        raise QwiFormatError(f"{name}: missing column(s) {', '.join(missing)}")
    present = [indicator for indicator in INDICATORS if indicator in columns]
    if not present:
        raise QwiFormatError(f"{name}: none of the indicators {', '.join(INDICATORS)} is in the file")
    area_type, area_code = _geography(frame, name)
    dropped: dict[str, int] = {}
    keep = _keep_all_categories(frame, dropped)

    rows = pd.DataFrame(index=frame.index)
    rows["area_type"] = area_type
    rows["area_code"] = area_code
    rows["naics_sector"] = _text(frame["industry"]).fillna("00") if "industry" in columns else "00"
    rows["year"] = _text(frame["year"])
    rows["quarter"] = _text(frame["quarter"])
    suppressed: dict[str, int] = {}
    distorted: dict[str, int] = {}
    cells = _CellReport(name, frame)
    for indicator, column in INDICATORS.items():
        if indicator not in columns:
            rows[column] = np.nan
            continue
        values, empty, malformed = census_numbers(frame[indicator])
        cells.add(indicator, malformed, "not a number as the Census Bureau writes one")
        flag_column = "s" + indicator
        if flag_column in columns:
            flags, _, flag_malformed = census_numbers(frame[flag_column])
            cells.add(flag_column, flag_malformed | (flags.notna() & (flags != flags.round())),
                      "not a status flag (a whole number such as 1, 5 or -1)")
            released = flags.isin(RELEASED_FLAGS)
            cells.add(indicator, empty & released.to_numpy(),
                      f"empty, but its status flag ({flag_column}) says the value was released")
            suppressed[column] = int((keep & ~released).sum())
            distorted[column] = int((keep & flags.isin(DISTORTED_FLAGS) & values.notna()).sum())
            values = values.where(released)
        rows[column] = values.astype("float64")

    state = None
    if "state" in columns:
        states = _text(frame.loc[keep, "state"]).dropna().map(lambda v: v.zfill(2)).unique()
        state = str(states[0]) if len(states) == 1 else None
    kept = rows[keep]
    return QwiExtract(
        rows=kept[list(QWI_COLUMNS)].reset_index(drop=True),
        source_rows=pd.Series(line_numbers(frame)[keep.to_numpy(dtype=bool)], dtype="int64"),
        state_fips=state,
        suppressed={k: v for k, v in suppressed.items() if v},
        distorted={k: v for k, v in distorted.items() if v},
        dropped=dropped,
        problems=cells.problems,
        states=_states_of(kept, frame.loc[keep, "state"] if "state" in columns else None),
    )


def census_numbers(series: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(numbers, empty, not a number) of a column of QWI values as typed (``CENSUS_NUMBER``; empty cells and
    others missing among the numbers), in Arrow's compute functions."""
    text = pc.utf8_trim_whitespace(pyarrow.array(series.astype("string")))
    empty = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
    plain = pc.fill_null(pc.match_substring_regex(text, CENSUS_NUMBER), False).to_numpy(zero_copy_only=False)
    digits = pc.if_else(pyarrow.array(plain), text, pyarrow.scalar(None, pyarrow.string()))
    numbers = pd.Series(pc.cast(digits, pyarrow.float64()).to_numpy(zero_copy_only=False), index=series.index)
    return numbers, empty, ~plain & ~empty


class _CellReport:
    """Problems of one extract's cells: the file's line, the column as the file names it, the value as typed; at
    most ``MAX_PROBLEMS_PER_RULE`` rows per column and kind, the rest counted."""

    def __init__(self, name: str, frame: pd.DataFrame):
        self.name, self.frame, self.lines = name, frame, line_numbers(frame)
        self.problems: list[Problem] = []

    def add(self, column: str, wrong: np.ndarray, message: str) -> None:
        at_rows = np.flatnonzero(np.asarray(wrong, dtype=bool))
        cells = self.frame[column]
        self.problems += [Problem(self.name, TABLE, int(self.lines[at]), column,
                                  "" if pd.isna(cells.iat[at]) else str(cells.iat[at]), message)
                          for at in at_rows[:MAX_PROBLEMS_PER_RULE]]
        if len(at_rows) > MAX_PROBLEMS_PER_RULE:
            self.problems.append(more_rows(self.name, TABLE, column, len(at_rows) - MAX_PROBLEMS_PER_RULE,
                                           MAX_PROBLEMS_PER_RULE, message))


def _states_of(rows: pd.DataFrame, state_column: pd.Series | None) -> dict[str, frozenset[str]]:
    """The states of an extract's rows and their areas in it: a county's state from its code; a metro area's from
    the extract's ``state`` column (a metro code names no state; named "metro CODE", apart from a county's)."""
    counties = rows.loc[rows["area_type"].eq("county"), "area_code"]
    states = dict(state_rule.areas_of_states(counties))
    if state_column is not None:
        metros = pd.DataFrame({"state": _text(state_column).map(lambda v: v.zfill(2) if v else v).to_numpy(),
                               "area": rows["area_code"].to_numpy()})[rows["area_type"].eq("metro").to_numpy()]
        for state, areas in metros.dropna().drop_duplicates().groupby("state")["area"]:
            states[state] = states.get(state, frozenset()) | {f"metro {area}" for area in areas}
    return states


def read_extract(path: Path) -> QwiExtract:
    """Read one QWI extract file (CSV, gzipped CSV or API JSON) into rows of the ``qwi`` table; ``ValidationError``
    naming every malformed row and cell."""
    path = Path(path)
    extract = rows_from_extract(read_table(path), path.name)
    if extract.problems:
        raise ValidationError(extract.problems)
    return extract


@dataclass
class QwiLoadResult:
    """What a QWI load wrote (or, on a dry run, would write) and what the reader did to each file."""

    rows: dict[str, int]
    dry_run: bool
    extracts: list[tuple[str, QwiExtract]]
    settled_state: str | None = None  # the state this load recorded, the database having recorded none

    def file_lines(self) -> list[str]:
        """Per file: rows and geography, values not released (left empty), distorted values kept, rows left out."""
        lines = []
        for name, extract in self.extracts:
            kinds = ", ".join(sorted(set(extract.rows["area_type"])))
            lines.append(f"{name}: {len(extract.rows):,} rows ({kinds or 'no rows'})")
            lines += [f"  {column}: {count:,} values not released by the Census Bureau (left empty)"
                      for column, count in extract.suppressed.items()]
            lines += [f"  {column}: {count:,} values flagged as significantly distorted (kept)"
                      for column, count in extract.distorted.items()]
            lines += [f"  left out {count:,} rows with {reason} (the qwi table holds totals)"
                      for reason, count in extract.dropped.items()]
        return lines

    def summary(self) -> str:
        """One paragraph for the Data page: rows written, then what each file held."""
        verb = "Checked" if self.dry_run else "Loaded"
        details = "; ".join(line.strip() for line in self.file_lines())
        settled = f" {state_rule.settled_words(self.settled_state)}" if self.settled_state else ""
        return (f"{verb} {self.rows.get(TABLE, 0):,} QWI rows into qwi from {len(self.extracts):,} file(s). "
                f"{details}.{settled}")


def _file_rows(problems: list[Problem], extracts: list[tuple[str, QwiExtract]]) -> list[Problem]:
    """Problems with rows of the combined batch pointed back at the file and line they came from."""
    spans, start = [], 0
    for name, extract in extracts:
        spans.append((start, start + len(extract.rows), name, extract.source_rows))
        start += len(extract.rows)
    fixed = []
    for problem in problems:
        index = None if problem.row is None else problem.row - 2  # the loader counts rows as a spreadsheet (header 1)
        span = next((span for span in spans if index is not None and span[0] <= index < span[1]), None)
        if span is None:
            fixed.append(problem)
            continue
        first, _, name, lines = span
        fixed.append(dataclasses.replace(problem, source=name, row=int(lines.iloc[index - first])))
    return fixed


def load_qwi_sources(
    db_path: Path,
    sources: Sequence[tuple[str, bytes]],
    progress: Progress | None = None,
    *,
    dry_run: bool = False,
    other_states: bool = False,
    other_states_checkbox: str | None = None,
) -> QwiLoadResult:
    """Read QWI extracts given as (name, bytes) and load them into ``qwi`` as one batch (upsert: a row whose area,
    sector, year and quarter are already loaded is replaced; others stay).

    All or nothing: a file that is not a QWI extract, a malformed row or cell, or any invalid value rejects the
    whole batch with one ``ValidationError`` naming every problem's file and line; nothing is written. Values the
    Census Bureau did not release stay missing, never zero. The database's state never changes (``state_rule``): a
    database about no state yet takes the extracts' state; extracts of a state that is neither the database's nor
    one whose counties its registry names are refused unless ``other_states``; the refusal names
    ``other_states_checkbox`` (the Data page's) where given, the command line's flag where not.
    """
    report = progress or (lambda fraction, message: None)
    extracts: list[tuple[str, QwiExtract]] = []
    unreadable: list[Problem] = []
    malformed: list[Problem] = []
    digest = hashlib.sha256()
    for number, (name, data) in enumerate(sources, start=1):
        report(0.4 * number / max(len(sources), 1), f"Reading {name}")
        digest.update(data)
        try:
            frame, bad_rows = read_checked_source(name, data)
            extract = rows_from_extract(frame, name)
        except (ValueError, pd.errors.ParserError, UnicodeError, OSError, EOFError) as error:
            unreadable.append(Problem(name, TABLE, None, None, None, f"not a QWI extract Sectorscope reads: {error}"))
        else:
            extracts.append((name, extract))
            malformed += bad_rows + extract.problems
    if not sources:
        unreadable.append(Problem("(no file)", TABLE, None, None, None, "no QWI file was given"))
    if unreadable:
        raise ValidationError(unreadable + malformed)
    rows = pd.concat([extract.rows for _, extract in extracts], ignore_index=True)
    item = ingest.TableInput(TABLE, rows, ", ".join(name for name, _ in extracts), mode="upsert",
                             sha256=digest.hexdigest(), description=DESCRIPTION)
    files_states = [(name, extract.states) for name, extract in extracts]
    recorded_before = state_rule.recorded_state(Path(db_path))
    try:  # with malformed cells, only checked (never written), so the one report holds the loader's problems too
        result = ingest.load_batch(
            Path(db_path), [item], dry_run=dry_run or bool(malformed),
            progress=lambda fraction, message: report(0.4 + 0.6 * fraction, message),
            settle_state=lambda con: state_rule.settle_state(con, files_states, kind="QWI", table=TABLE,
                                                             other_states=other_states,
                                                             checkbox=other_states_checkbox))
    except ValidationError as error:
        raise ValidationError(malformed + _file_rows(error.problems, extracts)) from None
    if malformed:
        raise ValidationError(malformed)
    return QwiLoadResult(result.rows, result.dry_run, extracts,
                         state_rule.settled_by_load(Path(db_path), recorded_before, result.dry_run))


def load_qwi_paths(db_path: Path, paths: Sequence[Path], progress: Progress | None = None, *,
                   dry_run: bool = False, other_states: bool = False) -> QwiLoadResult:
    """Load QWI extract files (CSV, gzipped CSV or API JSON) into ``qwi``; see ``load_qwi_sources``."""
    missing = [Path(path) for path in paths if not Path(path).is_file()]
    if missing:
        raise ValidationError([Problem(str(path), TABLE, None, None, None, "no such file") for path in missing])
    return load_qwi_sources(db_path, [(Path(p).name, Path(p).read_bytes()) for p in paths], progress,
                            dry_run=dry_run, other_states=other_states)
