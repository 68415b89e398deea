"""``load``, ``validate`` and ``templates``: a state's own files in and out, for scheduled refreshes.

    python -m sectorscope load [--table NAME] FILE... [--mode replace|append|upsert] [--dry-run] [--db PATH]
                               [--map THEIRS=OURS ...] [--mapping FILE]
    python -m sectorscope validate [--table NAME] FILE... [--db PATH] [--map THEIRS=OURS ...] [--mapping FILE]
    python -m sectorscope templates DIR

``validate`` checks the files against each other and an empty database, unless ``--db`` (or ``SECTORSCOPE_DB``)
names the database they are meant for. ``load`` without either goes where the Data page loads: the active database,
or, while that holds the demo, ``state.duckdb`` in the data folder, made the active database once loaded; a database
holding the demo is never loaded into. A mapping used in a load is remembered for files with the same columns
(``column_mappings.json`` next to the database) and used again when no mapping is given.

Exit codes: 0 loaded (or valid; warnings are printed), 1 rejected (every problem printed), 2 usage error, 3 a
fault in Sectorscope (nothing written).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from sectorscope import config, schema
from sectorscope.commands import rejection_exit
from sectorscope.commands.common import (
    LOAD_DB_HELP,
    LoadTarget,
    activate_loaded,
    add_db_option,
    announce_target,
    database_from,
    load_target,
    print_progress,
    print_rejection,
)
from sectorscope.ingest import load as ingest
from sectorscope.ingest import mapping, readers, state_rule, templates
from sectorscope.ingest.validation import (
    Problem,
    ValidationError,
    column_key,
    combined_report,
    errors_of,
    warnings_of,
)


def register(subparsers) -> None:
    """Add the ``load``, ``validate`` and ``templates`` commands."""
    for name, help_text in (("load", "validate files and load them in one transaction"),
                            ("validate", "check files without loading them, against the database a load "
                                         "would write (--db, or as load chooses; an empty one where there is none "
                                         "yet)")):
        parser = subparsers.add_parser(name, help=help_text)
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                            help="CSV (UTF-8 unless --encoding says; comma or semicolon), .xlsx or Parquet")
        parser.add_argument("--table", choices=schema.LOADABLE_TABLES,
                            help="table for every file (default: taken from each file or sheet name, or the "
                                 "mapping file's table)")
        parser.add_argument("--mode", choices=ingest.MODES, default=None,
                            help="replace the table, append rows, or upsert by key (default: replace, refused where "
                                 "it would remove rows loaded before that the file lacks, or empty a column holding "
                                 "loaded values that the file lacks or holds empty: give --mode replace to do so)")
        parser.add_argument("--map", action="append", default=[], metavar="THEIRS=OURS",
                            help="read your column THEIRS as our column OURS (repeatable; one of yours may feed "
                                 "several of ours)")
        parser.add_argument("--mapping", type=Path, metavar="FILE",
                            help="a column mapping file: TOML ([columns] theirs = \"ours\", [values.COLUMN]) or "
                                 "CSV (their_column,our_column); see docs/mappings/")
        parser.add_argument("--encoding", default=None, type=encoding_option,
                            help="the CSV files' encoding when not UTF-8, e.g. latin-1 or cp1252 (never guessed)")
        add_db_option(parser, LOAD_DB_HELP if name == "load" else
                      "database the files are meant for, checked against it (default: the one a load would "
                      "write, as load chooses; an empty one where there is none yet)")
        parser.add_argument(state_rule.OTHER_STATES_FLAG, action="store_true", dest="other_states",
                            help="qcew_annual or qwi rows, or partnership or region counties, of a state other "
                                 "than the database's (and those whose counties its registry names), loaded beside "
                                 "it on purpose; refused without this")
        if name == "load":
            parser.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
        parser.set_defaults(run=run_load, dry_run=name == "validate" or None, checks_only=name == "validate")
    parser = subparsers.add_parser("templates", help="write the templates and the data dictionary",
                                   description="Write one CSV template per table (sectors.csv holds the standard "
                                               "sector list), data_dictionary.csv and sectorscope-templates.xlsx "
                                               "(a sheet per table) into DIR.")
    parser.add_argument("folder", type=Path, metavar="DIR",
                        help="folder to write them into (made if absent; files of the same names are replaced)")
    parser.set_defaults(run=run_templates)


def encoding_option(text: str) -> str:
    """``--encoding``: a codec Python knows, or a usage error (exit 2) before any file is read."""
    try:
        readers.encoding_name(text)
    except readers.UnreadableFile as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _print_warnings(problems: list[Problem], dry_run: bool) -> None:
    if problems:  # a check writes nothing: "loaded anyway" beside "Valid, nothing written" contradicted it
        print(f"{len(problems)} warning(s) ({'would load anyway' if dry_run else 'loaded anyway'}):", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)


def _explicit_mapping(args: argparse.Namespace) -> mapping.ColumnMapping:
    given = mapping.read_mapping_file(args.mapping) if args.mapping else mapping.ColumnMapping()
    return given.merged(mapping.parse_pairs(args.map, args.table))


def _values_for(explicit: mapping.ColumnMapping, table: str, columns: list) -> dict[str, dict[str, str]]:
    """The value translations of ``explicit`` that a file of ``table`` with ``columns`` has the column of: they apply
    to any file of the batch with that column (``participants.csv`` with ``[values.gender]``), where its column pairs
    apply only to a file they fit."""
    if explicit.table not in (None, table):
        return {}
    ours = set(schema.tables()[table].column_names)
    return {column: dict(found) for column, found in explicit.values.items() if column in ours and column in columns}


def _fitted(explicit: mapping.ColumnMapping, table: str, columns: list) -> mapping.ColumnMapping:
    """``explicit`` for a file its column pairs fit: whole when it names its table; else with only the pairs whose
    column the file has and whose column of ours ``table`` has, and the value translations of ``table``'s columns
    (the others are for other files of the batch: one mapping for a workbook's two sheets sharing a column had each
    sheet refused for the other's columns, a data steward). ``_unused_pairs`` reports a pair no file took."""
    if explicit.table:
        return explicit
    ours = set(schema.tables()[table].column_names)
    given = {column_key(column) for column in columns}
    return mapping.ColumnMapping(tuple((theirs, our) for theirs, our in explicit.pairs
                                       if column_key(theirs) in given and our in ours),
                                 {column: found for column, found in explicit.values.items() if column in ours}, None)


def _unused_pairs(explicit: mapping.ColumnMapping, used: set[tuple[str, str]], files: str,
                  fitted: list[tuple[str, str, list]]) -> list[Problem]:
    """The pairs of a mapping naming no table that no file of the batch took (``_fitted``): with one file fitted
    (``fitted``: source, table, columns), what ``mapping.mapping_problems`` says of that file (a column it lacks, one
    of ours its table lacks); with several, that none of them has it."""
    unused = tuple(pair for pair in explicit.pairs if pair not in used)
    if explicit.table or not unused:
        return []
    if len(fitted) == 1:
        source, table, columns = fitted[0]
        return mapping.mapping_problems(mapping.ColumnMapping(unused), table, columns, source)
    return [Problem(files, "?", None, theirs, None,
                    f"the mapping reads {theirs!r} as {our}, but no file has a column {theirs!r} of a table with a "
                    f"column {our!r}") for theirs, our in unused]


def _mapped_inputs(args, explicit: mapping.ColumnMapping, store_db: Path):
    """Read every file, and apply the explicit mapping (or the one remembered for the file's layout): its column
    pairs where they fit the file, its value translations wherever the file has the column."""
    inputs, problems, mapped = [], [], []
    used: set[tuple[str, str]] = set()
    fitted: list[tuple[str, str, list]] = []
    theirs = {column_key(column) for column, _ in explicit.pairs}
    for path in args.files:
        # a workbook's sheets name their tables: its file's name (CO_employers_2024.xlsx) read its surveys' sheet
        # as employers' and left it out without a word (a data steward); a lone sheet still goes by the file's name
        by_name = None if path.suffix.lower() == ".xlsx" else readers.table_for_name(path.name)
        table = args.table or by_name or explicit.table
        read = readers.read_paths([path], table, args.mode or "replace", args.encoding,
                                  lambda columns: mapping.remembered_table(store_db, columns))
        problems += read.problems
        for item in read.inputs:
            # the default replace removes no row loaded before without a word: only one asked for does
            item = dataclasses.replace(item, may_remove=args.mode is not None)
            columns = list(item.frame.columns)
            fits = explicit and explicit.table in (None, item.table) and (
                explicit.table or theirs & {column_key(c) for c in columns})
            chosen = (_fitted(explicit, item.table, columns) if fits else
                      mapping.remembered(store_db, item.table, columns))
            if fits:
                used.update(chosen.pairs)
                fitted.append((item.source, item.table, columns))
            values = {} if fits else _values_for(explicit, item.table, columns)
            if chosen and not fits:
                print(f"{item.source}: using the column mapping remembered for files with these columns "
                      f"({mapping.store_path(store_db)})"
                      + ("" if table else f", as a file of {item.table}"), file=sys.stderr)
            if values:
                chosen = (chosen or mapping.ColumnMapping(table=item.table)).merged(
                    mapping.ColumnMapping((), values, item.table))
            if not chosen:
                inputs.append(item)
                continue
            item, found = mapping.map_input(item, chosen)
            problems += found
            inputs.append(item)
            if fits or values:
                mapped.append((item.table, columns, chosen))
    files = ", ".join(str(p) for p in args.files)
    if explicit and not mapped and not problems:
        problems.append(Problem(files, explicit.table or "?", None, None, None,
                                "the column mapping fits none of the files (none has its columns)"))
    elif mapped:
        problems += _unused_pairs(explicit, used, files, fitted)
    return inputs, problems, mapped


def run_load(args: argparse.Namespace) -> int:
    """Read, map, validate and (unless a dry run) load the files; print the report, warnings included."""
    missing = [str(path) for path in [*args.files, *([args.mapping] if args.mapping else [])] if not path.exists()]
    if missing:
        print(f"No such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        explicit = _explicit_mapping(args)
    except mapping.MappingError as error:
        print(f"Cannot read the mapping: {error}", file=sys.stderr)
        return 2
    # validate checks against the database a load would write where there is one (an empty one refused a surveys
    # file, "no employers are loaded", that the state's database held: a data steward), else against an empty one
    against_empty = (args.checks_only and not args.db and not config.database_is_pinned()
                     and not (ingest.own_data_target() or config.database_path()).exists())
    target = LoadTarget(database_from(args)) if against_empty else load_target(args)
    store_db = target.path  # where remembered mappings are looked up (beside it)
    inputs, problems, mapped = _mapped_inputs(args, explicit, store_db)
    if not inputs:
        print_rejection(problems)
        return 1
    with tempfile.TemporaryDirectory(prefix="sectorscope-validate-") as scratch:
        path = Path(scratch) / "empty.duckdb" if against_empty else store_db
        dry_run = bool(args.dry_run) or bool(errors_of(problems))
        if not against_empty:
            announce_target(target, dry_run)
        started = time.perf_counter()
        recorded_before = None if against_empty else state_rule.recorded_state(path)
        try:
            result = ingest.load_batch(path, inputs, dry_run=dry_run, progress=print_progress,
                                       other_states=args.other_states)
        except ValidationError as error:
            print_rejection(combined_report(problems, error.problems, [path.name for path in args.files]))
            return 1 if errors_of(problems) else rejection_exit(error)  # a broken file named: fix it first
    if errors_of(problems):
        print_rejection(problems + result.warnings)
        return 1
    _print_warnings(warnings_of(problems) + result.warnings, result.dry_run)
    rows = result.rows_text()
    where = "an empty database (none to load into yet)" if against_empty else str(path)
    verb = f"Valid, nothing written (checked against {where})" if result.dry_run else f"Loaded into {path}"
    print(f"{verb}: {rows} ({time.perf_counter() - started:.1f} s)")
    # a template qcew_annual.csv or qwi.csv (or a registry) into a database about no state yet records its state, as
    # the QCEW and QWI loaders do: said once, when it happens, since it decides which files later loads accept
    settled = None if against_empty else state_rule.settled_by_load(path, recorded_before, result.dry_run)
    if settled:
        print(state_rule.settled_words(settled))
    if not result.dry_run:
        for table, columns, applied in mapped:
            kept = mapping.remember(path, table, columns, applied)
        if mapped:
            print(f"Remembered the column mapping for files with these columns ({kept})")
        activate_loaded(target)
    return 0


def run_templates(args: argparse.Namespace) -> int:
    """Write the templates into the folder."""
    written = templates.write_templates(args.folder)
    print(f"Wrote {len(written)} files to {args.folder}: one CSV per table (sectors.csv holds the standard sector "
          "list), data_dictionary.csv and sectorscope-templates.xlsx")
    return 0
