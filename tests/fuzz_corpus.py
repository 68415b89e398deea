"""A seeded corpus of hostile and careless files for the loader (issue 15), and the harness that runs one case.

Every corrupt case is a batch of the tiny state's files (partnerships, partners, participants, employer surveys)
with one file broken in one of the ways found when the loader was tried as a hostile or careless user would: an
unbalanced quote, rows missing or gaining values, cut-off dates, a file cut mid-row, decimal commas and thousands
separators, a bad byte in UTF-8, NUL bytes deep in the file, formulas (=, +, -, @, tab), an .xlsx formula cell,
dates in 9999 or 1800, whole numbers beyond 64 bits, a row of hundreds of thousands of values, non-ASCII digits,
binary junk, UTF-16 and empty files. Each must be rejected with a report, within the time bound, with the database
unchanged. A few controls (valid files written differently: CRLF, BOM, quoted commas, a declared Latin-1 file,
semicolons, dollar signs) must load, so the harness cannot pass by rejecting everything.

Same seed, same corpus: ``cases(seed, variants)`` is deterministic.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import random
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tiny_state import tiny_tables

from sectorscope.ingest import load as ingest
from sectorscope.ingest import readers
from sectorscope.ingest.validation import ValidationError

BATCH_TABLES = ("partnerships", "partners", "participants", "employer_surveys")
EXTRA_PARTICIPANTS = 400  # so a participants file is > 20,000 characters (NUL bytes hid beyond that)
TIME_BOUND_SECONDS = 60.0


@dataclass(frozen=True)
class Case:
    """One batch of files to load, and whether it must be rejected (corrupt) or must load (a control)."""

    kind: str
    label: str
    files: dict[str, bytes] = field(repr=False)
    encoding: str | None = None
    must_load: bool = False


@dataclass(frozen=True)
class Outcome:
    """What loading a case did: 'rejected', 'loaded', 'traceback' or 'hang'; seconds; was the database changed."""

    case: Case
    result: str
    seconds: float
    database_changed: bool
    detail: str = ""
    messages: tuple[str, ...] = ()

    @property
    def is_explained(self) -> bool:
        """Does the report say what the case broke (e.g. "formula" for a formula)?"""
        words = REASONS.get(self.case.kind, ())
        return not words or any(word in message for message in self.messages for word in words)

    @property
    def is_failure(self) -> bool:
        """A traceback, a hang, a corrupt batch loaded, a control refused, a rejection that changed the file or
        that does not name what is wrong."""
        if self.result in ("traceback", "hang"):
            return True
        if self.case.must_load:
            return self.result != "loaded"
        return self.result != "rejected" or self.database_changed or not self.is_explained


def base_tables() -> dict[str, pd.DataFrame]:
    """The batch's tables as text: the tiny state's, with 400 more participants and a name with an umlaut."""
    tables = {name: tiny_tables()[name].copy() for name in BATCH_TABLES}
    tables["partners"].loc[0, "organization"] = "Müller Klinik"
    people = tables["participants"]
    extra = people.iloc[[i % len(people) for i in range(EXTRA_PARTICIPANTS)]].reset_index(drop=True)
    extra["participant_id"] = [f"F{i:04d}" for i in range(EXTRA_PARTICIPANTS)]
    extra["post_hourly_wage"] = extra["post_hourly_wage"].replace("", "14.25")
    tables["participants"] = pd.concat([people, extra], ignore_index=True)
    return tables


def csv_of(frame: pd.DataFrame, sep: str = ",") -> bytes:
    return frame.to_csv(index=False, sep=sep).encode()


def valid_files() -> dict[str, bytes]:
    return {f"{name}.csv": csv_of(frame) for name, frame in base_tables().items()}


def _with(files: dict[str, bytes], name: str, data: bytes) -> dict[str, bytes]:
    return {**files, name: data}


def _edit_field(data: bytes, rng: random.Random, column: str, edit: Callable[[str], str]) -> bytes:
    """Change one data row's value of ``column`` in a comma-separated file (values hold no commas)."""
    lines = data.decode().split("\n")
    position = lines[0].split(",").index(column)
    row = rng.randrange(1, len([line for line in lines if line]))
    fields = lines[row].split(",")
    fields[position] = edit(fields[position])
    lines[row] = ",".join(fields)
    return "\n".join(lines).encode()


def _set_value(table: str, column: str, value: str, rng: random.Random) -> bytes:
    frame = base_tables()[table]
    frame.loc[rng.randrange(len(frame)), column] = value
    return csv_of(frame)


# --- corrupt kinds: each returns (label, files, encoding) -------------------------------------------------------

def unbalanced_quote(rng, files):
    name = "participants.csv"
    column = rng.choice(["participant_id", "partnership_id", "county_fips", "enrolled_on", "gender"])
    data = _edit_field(files[name], rng, column, lambda value: '"' + value)
    if rng.random() < 0.5:  # a quote closing rows later, as a careless edit would leave
        data = _edit_field(data, rng, "exited_on", lambda value: value[:4] + '"' + value[4:])
    return f"quote opened in {column}", _with(files, name, data), None


def missing_last_values(rng, files):
    name = "participants.csv"
    lines = files[name].decode().split("\n")
    row = rng.randrange(1, len(lines) - 1)
    cut = rng.randint(1, 3)
    lines[row] = ",".join(lines[row].split(",")[:-cut])
    return f"row {row + 1} lacks its last {cut} values", _with(files, name, "\n".join(lines).encode()), None


def extra_values(rng, files):
    name = rng.choice(sorted(files))
    lines = files[name].decode().split("\n")
    row = rng.randrange(1, len([line for line in lines if line]))
    extra = rng.randint(1, 4)
    lines[row] += ",x" * extra
    return f"{name} row {row + 1} has {extra} extra values", _with(files, name, "\n".join(lines).encode()), None


def truncated_date(rng, files):
    column = rng.choice(["enrolled_on", "exited_on"])
    us = rng.random() < 0.3

    def cut(value: str) -> str:
        if us:
            year, month, day = value.split("-")
            value = f"{month}/{day}/{year}"
        return value[: rng.randrange(1, len(value))]

    return (f"{column} cut ({'US' if us else 'ISO'} form)",
            _with(files, "participants.csv", _edit_field(files["participants.csv"], rng, column, cut)), None)


def file_cut_mid_row(rng, files):
    name = "participants.csv"
    data = files[name]
    lines = data.split(b"\n")
    row = rng.randrange(2, len(lines) - 1)
    start = sum(len(line) + 1 for line in lines[:row])
    last_comma = lines[row].rfind(b",")
    cut = start + rng.randrange(1, last_comma)  # before the last value: the row lacks values
    return f"file cut inside row {row + 1}", _with(files, name, data[:cut]), None


def decimal_comma(rng, files):
    column = rng.choice(["pre_hourly_wage", "post_hourly_wage"])
    value = f"{rng.randint(8, 40)},{rng.randint(0, 99):02d}"
    frame = base_tables()["participants"]
    frame.loc[rng.randrange(len(frame)), column] = value
    if rng.random() < 0.5:
        return f"{column} = {value} (semicolon file)", _with(files, "participants.csv", csv_of(frame, ";")), None
    return f"{column} = {value} (quoted)", _with(files, "participants.csv", csv_of(frame)), None


def thousands_separator(rng, files):
    # ambiguous forms only: "1,234" (1.234 or 1234?) or a decimal comma after grouping points; "$1,234" and
    # "1,234.50" say they group thousands and load
    value = f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}"
    if rng.random() < 0.5:
        value = f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d},{rng.randint(0, 99):02d}"
    column = rng.choice(["pre_hourly_wage", "post_hourly_wage"])
    return f"{column} = {value}", _with(files, "participants.csv",
                                        _set_value("participants", column, value, rng)), None


def bad_byte(rng, files):
    name = "partners.csv"
    data = files[name]
    if rng.random() < 0.5:
        broken = data.replace("ü".encode(), b"\xfc", 1)  # one Latin-1 byte in a UTF-8 file
        label = "Latin-1 ü in a UTF-8 file"
    else:
        position = rng.randrange(len(data))
        broken = data[:position] + bytes([rng.randint(0x80, 0xFF)]) + data[position:]
        label = f"stray high byte at offset {position}"
    with contextlib.suppress(UnicodeDecodeError):
        broken.decode("utf-8")  # a byte that happens to form valid UTF-8 with its neighbour is not a bad byte
        broken = data.replace("ü".encode(), b"\xfc", 1)
        label = "Latin-1 ü in a UTF-8 file"
    return label, _with(files, name, broken), None


def nul_byte(rng, files):
    name = "participants.csv"
    data = files[name]
    position = rng.randrange(20_000, len(data)) if rng.random() < 0.7 else rng.randrange(len(data))
    return f"NUL at byte {position}", _with(files, name, data[:position] + b"\x00" + data[position:]), None


def formula(rng, files):
    start = rng.choice(["=", "+", "-", "@", "\t", " ="])
    payload = rng.choice(['HYPERLINK("http://example.invalid","x")', "cmd|' /C calc'!A0", "SUM(A1:A9)", "1+2"])
    table, column = rng.choice([("partnerships", "name"), ("partnerships", "description"),
                                ("partners", "organization")])
    value = start + payload
    return (f"{table}.{column} starts with {start!r}",
            _with(files, f"{table}.csv", _set_value(table, column, value, rng)), None)


def implausible_date(rng, files):
    value = rng.choice(["9999-12-31", "2999-01-01", "2300-06-30", "1800-01-01", "0001-01-01", "12/31/9999"])
    column = rng.choice(["exited_on", "enrolled_on"])
    return f"{column} = {value}", _with(files, "participants.csv", _set_value("participants", column, value,
                                                                               rng)), None


def number_beyond_range(rng, files):
    if rng.random() < 0.6:
        column = rng.choice(["survey_year", "hires_from_training"])
        value = rng.choice(["99999999999999999999", "1e19", "-99999999999999999999", "9223372036854775808",
                            "18446744073709551616", "1e400", "3000000000"])
        return f"{column} = {value}", _with(files, "employer_surveys.csv",
                                            _set_value("employer_surveys", column, value, rng)), None
    column = rng.choice(["pre_hourly_wage", "post_hourly_wage"])
    value = rng.choice(["1e19", "1e400", "-1e400", "99999999999999999999", "nan", "inf"])
    return f"{column} = {value}", _with(files, "participants.csv",
                                        _set_value("participants", column, value, rng)), None


def wide_row(rng, files):
    extra = rng.choice([5_000, 50_000, 500_000])
    name = "participants.csv"
    lines = files[name].decode().split("\n")
    row = rng.randrange(1, 4)
    lines[row] += ",1" * extra
    return f"row {row + 1} with {extra:,} extra values", _with(files, name, "\n".join(lines).encode()), None


def non_ascii_digits(rng, files):
    digits = rng.choice(["٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "۰۱۲۳۴۵۶۷۸۹"])
    convert = str.maketrans("0123456789", digits)
    if rng.random() < 0.5:
        return ("survey_year in non-ASCII digits",
                _with(files, "employer_surveys.csv",
                      _edit_field(files["employer_surveys.csv"], rng, "survey_year", lambda v: v.translate(convert))),
                None)
    return ("enrolled_on in non-ASCII digits",
            _with(files, "participants.csv",
                  _edit_field(files["participants.csv"], rng, "enrolled_on", lambda v: v.translate(convert))), None)


def junk(rng, files):
    name = rng.choice(sorted(files))
    kind = rng.choice(["binary", "utf16", "empty", "header only cut"])
    if kind == "binary":
        data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))) + b"\x00\xff\xfe"
    elif kind == "utf16":
        data = files[name].decode().encode("utf-16")
    elif kind == "empty":
        data = b""
    else:
        header = files[name].split(b"\n")[0]
        data = header[: rng.randrange(1, len(header))]
    return f"{name}: {kind}", _with(files, name, data), None


def workbook_of(tables: dict[str, pd.DataFrame], formula_at: tuple[str, str, int] | None = None) -> bytes:
    """The tables as an .xlsx workbook (a sheet each), with ``=1+1`` in (table, column, row) when given."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if value == "" else value for value in row])
    if formula_at is not None:
        table, column, row = formula_at
        book[table].cell(row=row, column=list(tables[table].columns).index(column) + 1, value="=1+1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_formula(rng, files):
    tables = base_tables()
    table, column = rng.choice([("participants", "pre_hourly_wage"), ("partnerships", "name"),
                                ("employer_surveys", "survey_year")])
    row = rng.randint(2, len(tables[table]) + 1)
    return f"formula cell in {table}.{column}", {"state.xlsx": workbook_of(tables, (table, column, row))}, None


CORRUPT_KINDS: dict[str, Callable] = {
    "unbalanced quote": unbalanced_quote,
    "missing last values": missing_last_values,
    "extra values": extra_values,
    "truncated date": truncated_date,
    "file cut mid-row": file_cut_mid_row,
    "decimal comma": decimal_comma,
    "thousands separator": thousands_separator,
    "bad byte in UTF-8": bad_byte,
    "NUL byte": nul_byte,
    "formula": formula,
    "xlsx formula cell": xlsx_formula,
    "implausible date": implausible_date,
    "number beyond range": number_beyond_range,
    "row far wider than the header": wide_row,
    "non-ASCII digits": non_ascii_digits,
    "junk, UTF-16 or empty": junk,
}


_WRONG_COUNT = "values; the header has"
# What the report must say for each kind (any one of the words, in any problem); junk may fail in many ways.
REASONS: dict[str, tuple[str, ...]] = {
    "unbalanced quote": ("quote", _WRONG_COUNT, "line break"),
    "missing last values": (_WRONG_COUNT,),
    "extra values": (_WRONG_COUNT,),
    "truncated date": ("not a date",),
    "file cut mid-row": (_WRONG_COUNT, "quote"),
    "decimal comma": ("not a number",),
    "thousands separator": ("not a number",),
    "bad byte in UTF-8": ("not valid UTF-8",),
    "NUL byte": ("NUL byte",),
    "formula": ("formula",),
    "xlsx formula cell": ("formula",),
    "implausible date": ("not a date",),
    "number beyond range": ("not a number", "not a whole number"),
    "row far wider than the header": (_WRONG_COUNT,),
    "non-ASCII digits": ("not a date", "not a whole number"),
}


def controls() -> list[Case]:
    """Valid batches written differently; each must load."""
    files = valid_files()
    tables = base_tables()
    partners = tables["partners"].copy()
    partners.loc[1, "organization"] = 'HACC, "Central" campus'  # quoted commas and quotes
    latin = tables["partners"].to_csv(index=False).encode("latin-1")
    dollars = tables["participants"].copy()
    dollars["pre_hourly_wage"] = "$" + dollars["pre_hourly_wage"]
    return [
        Case("control", "CRLF line endings", {n: d.replace(b"\n", b"\r\n") for n, d in files.items()},
             must_load=True),
        Case("control", "UTF-8 with BOM", {n: b"\xef\xbb\xbf" + d for n, d in files.items()}, must_load=True),
        Case("control", "quoted commas and quotes", _with(files, "partners.csv", csv_of(partners)), must_load=True),
        Case("control", "declared Latin-1", _with(files, "partners.csv", latin), encoding="latin-1",
             must_load=True),
        Case("control", "semicolons", {n: csv_of(tables[n.removesuffix(".csv")], ";") for n in files},
             must_load=True),
        Case("control", "dollar signs", _with(files, "participants.csv", csv_of(dollars)), must_load=True),
        Case("control", "an .xlsx workbook", {"state.xlsx": workbook_of(tables)}, must_load=True),
    ]


def cases(seed: int = 15, variants: int = 20) -> list[Case]:
    """The corpus: ``variants`` seeded cases of every corrupt kind, then the controls."""
    rng = random.Random(seed)
    files = valid_files()
    corpus: list[Case] = []
    for kind, make in CORRUPT_KINDS.items():
        for _ in range(variants):
            label, changed, encoding = make(rng, files)
            corpus.append(Case(kind, label, changed, encoding))
    return corpus + controls()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _time_bound(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the main thread after ``seconds`` (a hang is counted, not waited out)."""
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_case(case: Case, database: Path, pristine: Path, bound: float = TIME_BOUND_SECONDS) -> Outcome:
    """Read and load the case's files into ``database`` (a copy of ``pristine``); restore it afterwards."""
    before = digest(database)
    started = time.monotonic()
    result, detail, messages = "rejected", "", ()
    try:
        with _time_bound(bound):
            inputs, problems = [], []
            for name, data in case.files.items():
                read = readers.read_upload(name, data, encoding=case.encoding)
                inputs += read.inputs
                problems += read.problems
            if problems:
                detail, messages = str(problems[0]), tuple(p.message for p in problems)
                if not all(p.source.split(" [")[0] in case.files for p in problems):
                    result, detail = "traceback", f"a problem names no file of the batch: {problems[0]}"
            else:
                try:
                    ingest.load_batch(database, inputs)
                    result = "loaded"
                except ValidationError as error:
                    detail, messages = str(error.problems[0]), tuple(p.message for p in error.problems)
    except TimeoutError as error:
        result, detail = "hang", str(error)
    except Exception as error:  # anything but a report is a traceback to count
        result, detail = "traceback", f"{type(error).__name__}: {error}"
    seconds = time.monotonic() - started
    changed = digest(database) != before
    if changed:
        shutil.copyfile(pristine, database)
    return Outcome(case, result, seconds, changed and result != "loaded", detail, messages)


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    """The counts the issue asks for (all must be 0 but the first two)."""
    corrupt = [o for o in outcomes if not o.case.must_load]
    return {
        "cases": len(outcomes),
        "corrupt cases rejected": sum(o.result == "rejected" for o in corrupt),
        "tracebacks": sum(o.result == "traceback" for o in outcomes),
        "hangs past the bound": sum(o.result == "hang" for o in outcomes),
        "corrupt loads accepted": sum(o.result == "loaded" for o in corrupt),
        "database changes on rejection": sum(o.database_changed for o in corrupt),
        "rejections not naming the fault": sum(o.result == "rejected" and not o.is_explained for o in corrupt),
        "valid controls refused": sum(o.result != "loaded" for o in outcomes if o.case.must_load),
    }
