"""Files as older Sectorscope versions made them, derived from a current file: what each data model lacked or had
instead, written out here as the history it is (the current definitions live in ``sectorscope/schema.sql``)."""

from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from sectorscope import schema

# participants_in_view as data model 7 defined it, before participant_in_view held the predicate.
VERSION_7_PARTICIPANTS_IN_VIEW = """
create or replace macro participants_in_view(
    chosen_sectors, chosen_counties, chosen_partnerships, by_partnership_county, public_only
) as table
    select p.*, pa.name as partnership_name, pa.sector_code,
    from participants as p
    inner join partnerships as pa on pa.partnership_id = p.partnership_id
    where
        (len(chosen_sectors) = 0 or pa.sector_code = any(chosen_sectors))
        and (len(chosen_partnerships) = 0 or p.partnership_id = any(chosen_partnerships))
        and (not public_only or pa.is_public)
        and (
            len(chosen_counties) = 0
            or (not by_partnership_county and p.county_fips = any(chosen_counties))
            or (
                by_partnership_county
                and exists (
                    select 1
                    from partnership_counties as pc
                    where pc.partnership_id = p.partnership_id and pc.county_fips = any(chosen_counties)
                )
            )
        )
"""


# The macros as data model 9 (and every model before it) defined them: a partnership listed by its region alone never
# in view once a county or region was chosen (nor its trainees under "counties served"), years compared with year(),
# and no partnership_served_counties.
VERSION_9_MACROS = """
create or replace macro partnerships_in_view(sector_codes, county_fips, year_from, year_to, public_only) as table
    select p.*
    from partnerships as p
    where
        (len(sector_codes) = 0 or p.sector_code = any(sector_codes))
        and (not public_only or coalesce(p.is_public, false))
        and (p.start_date is null or year(p.start_date) <= year_to)
        and (p.end_date is null or year(p.end_date) >= year_from)
        and (
            len(county_fips) = 0
            or exists (
                select 1
                from partnership_counties as pc
                where pc.partnership_id = p.partnership_id and pc.county_fips = any(county_fips)
            )
        );
create or replace macro participant_in_view(
    person_partnership, person_county, partnership_sector, partnership_public,
    chosen_sectors, chosen_counties, chosen_partnerships, by_partnership_county, public_only
) as
    (len(chosen_sectors) = 0 or partnership_sector = any(chosen_sectors))
    and (len(chosen_partnerships) = 0 or person_partnership = any(chosen_partnerships))
    and (not public_only or partnership_public)
    and (
        len(chosen_counties) = 0
        or (not by_partnership_county and person_county = any(chosen_counties))
        or (
            by_partnership_county
            and exists (
                select 1
                from partnership_counties as pc
                where pc.partnership_id = person_partnership and pc.county_fips = any(chosen_counties)
            )
        )
    );
drop macro table partnership_served_counties;
create or replace macro exiters_in_view(
    chosen_sectors, chosen_counties, chosen_partnerships, year_from, year_to, by_partnership_county, public_only
) as table
    select *
    from participants_in_view(
        chosen_sectors, chosen_counties, chosen_partnerships, by_partnership_county, public_only
    )
    where exited_on is not null and year(exited_on) between year_from and year_to;
"""


# The statuses of the WIOA tables as data model 13 (and every model before it) stored them, without "before the data
# starts": the same enum values, in the same order, less the last.
VERSION_13_STATUSES = "'observed', 'not yet in the data', 'excluded (reason for exit)', 'not in the cohort'"
# Each WIOA row whose quarter after exit lies before the first wage-record quarter, as data model 13 computed it:
# the quarter "observed", the person employed only by supplemental wage information (no UI record can lie there),
# a youth engaged if in education, the retention cohort those employed in the 2nd quarter (none retained: no
# account), unless the 4th quarter is not in the data yet. The rest of each row is the same in both models.
VERSION_13_WIOA_ROWS = """
select
    o.* replace (
        case when o.q2_status = 'before the data starts' then 'observed' else o.q2_status::varchar end as q2_status,
        case when o.q2_status = 'before the data starts' then coalesce(p.employed_q2_supplemental, false)
            else o.employed_q2 end as employed_q2,
        case when o.q2_status = 'before the data starts' and p.employed_q2_supplemental
            then p.earnings_q2_supplemental else o.earnings_q2 end as earnings_q2,
        case when o.q4_status = 'before the data starts' then 'observed' else o.q4_status::varchar end as q4_status,
        case when o.q4_status = 'before the data starts' then coalesce(p.employed_q4_supplemental, false)
            else o.employed_q4 end as employed_q4,
        case when o.youth_q2_status = 'before the data starts' then 'observed'
            else o.youth_q2_status::varchar end as youth_q2_status,
        case when o.youth_q2_status = 'before the data starts'
            then coalesce(p.employed_q2_supplemental, false) or coalesce(p.in_education_q2, false)
            else o.youth_q2 end as youth_q2,
        case when o.youth_q4_status = 'before the data starts' then 'observed'
            else o.youth_q4_status::varchar end as youth_q4_status,
        case when o.youth_q4_status = 'before the data starts'
            then coalesce(p.employed_q4_supplemental, false) or coalesce(p.in_education_q4, false)
            else o.youth_q4 end as youth_q4,
        case
            when o.retention_status <> 'before the data starts' then o.retention_status::varchar
            when o.q4_status = 'not yet in the data' then 'not yet in the data'
            when p.employed_q2_supplemental then 'observed'
            else 'not in the cohort'
        end as retention_status,
        case when o.retention_status = 'before the data starts' and p.employed_q2_supplemental then false
            else o.retained end as retained,
        o.credential_status::varchar as credential_status
    )
from wioa_outcomes_14 as o
inner join participants as p on p.participant_id = o.participant_id
"""


# Data model 14's statuses, without "quarter not loaded"; and each WIOA row whose quarter after exit is a quarter
# inside the wage records holding no record, as 14 computed it: as 13 computed a quarter before them (observed, not
# employed but by supplemental information).
VERSION_14_STATUSES = VERSION_13_STATUSES + ", 'before the data starts'"
VERSION_14_WIOA_ROWS = VERSION_13_WIOA_ROWS.replace("before the data starts", "quarter not loaded").replace(
    "wioa_outcomes_14", "wioa_outcomes_15")


def _remade_wioa_tables(con: duckdb.DuckDBPyConnection, statuses: str, newer: int, rows: str) -> None:
    """The WIOA tables of the file ``con`` writes made again with the status type of ``statuses`` and the rows
    ``rows`` computes from the tables as they were (renamed ``<table>_<newer>``)."""
    for table in ("wioa_outcomes", "wioa_skill_gains"):
        con.execute(f"alter table {table} rename to {table}_{newer}")
    con.execute("drop type wioa_status")
    con.execute(f"create type wioa_status as enum ({statuses})")
    for table in ("wioa_outcomes", "wioa_skill_gains"):
        statement, comments = schema._table_ddl(table)
        current = ", ".join(f"'{value}'" for value in schema_statuses())
        con.execute(statement.replace(f"ENUM({current})", f"ENUM({statuses})"))
        for comment in comments:
            con.execute(comment)
    con.execute("insert into wioa_outcomes by name " + rows)
    # skill gains rest on no wage record: their rows are the same
    con.execute("insert into wioa_skill_gains by name select * replace (status::varchar as status) "
                f"from wioa_skill_gains_{newer}")
    for table in ("wioa_outcomes", "wioa_skill_gains"):
        con.execute(f"drop table {table}_{newer}")


def schema_statuses() -> list[str]:
    """The values of the current status type, as ``schema.sql`` defines them."""
    with duckdb.connect(":memory:") as con:
        con.execute(schema.SCHEMA_FILE.read_text())
        return list(con.execute("select enum_range(null::wioa_status)").fetchone()[0])


# Retention's status as data model 15 (and every model before it) computed it for someone not employed in the 2nd
# quarter after exit whose 4th quarter was not known: as that quarter's ("not yet in the data", "quarter not loaded"),
# not "not in the cohort".
VERSION_15_RETENTION = """
update wioa_outcomes set retention_status = q4_status
where retention_status = 'not in the cohort' and q4_status in ('not yet in the data', 'quarter not loaded')
"""


# Older files made here, by (how, the bytes they were made from): the suite turns the same file into the same older
# one many times (0.4-0.8 s each; about a quarter of the fast loop's time went to older files). Deterministic, so
# a copy of the one made before is the file the function would make.
_MADE: dict[tuple[str, str], Path] = {}
_MADE_DIR = Path(tempfile.mkdtemp(prefix="sectorscope-older-files-"))
atexit.register(shutil.rmtree, _MADE_DIR, True)


def _kept(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """``make``, its result kept per input file's bytes and copied in place the next time."""

    @functools.wraps(make)
    def made(path: Path) -> None:
        key = (make.__name__, hashlib.sha256(Path(path).read_bytes()).hexdigest())
        if key in _MADE:
            shutil.copyfile(_MADE[key], path)
            return
        make(path)
        kept = _MADE_DIR / f"{len(_MADE)}.duckdb"
        shutil.copyfile(path, kept)
        _MADE[key] = kept

    return made


@_kept
def make_version_15(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 15 made of the same data: retention's statuses
    (``VERSION_15_RETENTION``), and no kept results (the file's own were worked out from 16's statuses; the pages then
    run the queries on 15's); the rest is the same."""
    with duckdb.connect(str(path)) as con:
        con.execute(VERSION_15_RETENTION)
        con.execute("delete from kept_results")
        con.execute("update schema_meta set value = '15' where key = 'schema_version'")


@_kept
def make_version_14(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 14 made of the same data: the WIOA tables' status type
    without "quarter not loaded" (``VERSION_14_STATUSES``), their rows as that model computed them
    (``VERSION_14_WIOA_ROWS``, from 15's: ``make_version_15``), and exiter_outcomes' quarters inside the wage records
    holding no record "observed", not employed (and the quarters before entry "observed")."""
    make_version_15(path)
    with duckdb.connect(str(path)) as con:
        _remade_wioa_tables(con, VERSION_14_STATUSES, 15, VERSION_14_WIOA_ROWS)
        for n in (2, 4):
            con.execute(f"update exiter_outcomes set q{n}_status = 'observed', employed_q{n} = false, "
                        + ("earnings_q2 = null, " if n == 2 else "") + "retained_q4 = case when employed_q2 "
                        f"then false end where q{n}_status = 'quarter not loaded'")
        con.execute("update exiter_outcomes set pre_status = 'observed' where pre_status = 'quarter not loaded'")
        con.execute("update schema_meta set value = '14' where key = 'schema_version'")


@_kept
def make_version_13(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 13 (and every model before it) made of the same data:
    data model 14's (``make_version_14``), then the WIOA tables' status type without "before the data starts"
    (``VERSION_13_STATUSES``), their rows as that model computed them (``VERSION_13_WIOA_ROWS``), and
    exiter_outcomes' 2nd and 4th quarters after exit before the wage records "observed", not employed (no UI record
    can lie there; the Worker cards count no supplemental information)."""
    make_version_14(path)
    with duckdb.connect(str(path)) as con:
        _remade_wioa_tables(con, VERSION_13_STATUSES, 14, VERSION_13_WIOA_ROWS)
        for n in (2, 4):
            con.execute(f"update exiter_outcomes set q{n}_status = 'observed', employed_q{n} = false "
                        f"where q{n}_status = 'before the data starts'")
        con.execute("update schema_meta set value = '13' where key = 'schema_version'")


@_kept
def make_version_11(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 11 (and every model before it) made of the same data:
    data model 13's (``make_version_13``), with the counties named without their kind ("Lancaster", "Orleans",
    "Baltimore" for the county and the city), and qcew_annual without from_quarters."""
    make_version_13(path)
    with duckdb.connect(str(path)) as con:
        con.execute("update counties set county_name = regexp_replace(county_name, "
                    "' (County|Parish|city|Borough|Census Area|Municipality|City and Borough)$', '')")
        con.execute("alter table qcew_annual drop column from_quarters")
        con.execute("update schema_meta set value = '11' where key = 'schema_version'")


@_kept
def make_version_9(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 9 made of the same data: its two older macros (and
    data model 11's county names)."""
    make_version_11(path)
    with duckdb.connect(str(path)) as con:
        con.execute(VERSION_9_MACROS)
        con.execute("update schema_meta set value = '9' where key = 'schema_version'")


def version_6_wage_records() -> str:
    """Data model 6's wage_records: the current table with the primary key it then declared."""
    statement, _ = schema._table_ddl("wage_records")
    return statement.rstrip(";").removesuffix(")") + ", primary key (participant_id, year, quarter))"


@_kept
def make_version_8(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 8 made of the same data: kept results without their
    query's digest and load, and the WIOA tables' filter columns not required."""
    make_version_9(path)
    with duckdb.connect(str(path)) as con:
        con.execute("create table kept_version_8 as select query_name, parameters, result from kept_results")
        con.execute("drop table kept_results")
        con.execute("create table kept_results (query_name varchar not null, parameters varchar not null, "
                    "result blob not null, primary key (query_name, parameters))")
        con.execute("insert into kept_results select * from kept_version_8")
        con.execute("drop table kept_version_8")
        for table, columns in (("wioa_outcomes", ("partnership_id", "exit_year")),
                               ("wioa_skill_gains", ("partnership_id",))):
            for column in columns:
                con.execute(f"alter table {table} alter column {column} drop not null")
        con.execute("update schema_meta set value = '8' where key = 'schema_version'")


@_kept
def make_version_7(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 7 made of the same data: no exiter_outcomes, no
    kept_results, no participant_in_view macro and no filter columns in the WIOA tables."""
    make_version_9(path)
    with duckdb.connect(str(path)) as con:
        con.execute("drop table exiter_outcomes")
        con.execute("drop table kept_results")
        con.execute(VERSION_7_PARTICIPANTS_IN_VIEW)
        con.execute("drop macro participant_in_view")
        for table, columns in (("wioa_outcomes", ("partnership_id", "county_fips", "exit_year")),
                               ("wioa_skill_gains", ("partnership_id", "county_fips"))):
            for column in columns:
                con.execute(f"alter table {table} drop column {column}")
        con.execute("update schema_meta set value = '7' where key = 'schema_version'")


@_kept
def make_version_6(path: Path) -> None:
    """Turn the current file at ``path`` into what data model 6 made: version 7's, with wage_records' key indexed."""
    make_version_7(path)
    with duckdb.connect(str(path)) as con:
        con.execute("create table saved as select * from wage_records")
        con.execute("drop table wage_records")
        con.execute(version_6_wage_records())
        con.execute("insert into wage_records select * from saved")
        con.execute("drop table saved")
        con.execute("update schema_meta set value = '6' where key = 'schema_version'")
