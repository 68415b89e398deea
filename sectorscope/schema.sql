-- Sectorscope data model (DuckDB). The one place where tables, columns, types, keys and meanings are defined.
-- Column comments are the data dictionary: the Data page and the templates read them from duckdb_columns().
-- Code lists (sector codes, convener and partner types, phases ...) live in sectorscope/codes.py and are checked
-- by the validating loader before anything is written.

create table schema_meta (
    key varchar primary key,
    value varchar not null,
);

create table datasets (
    load_id integer not null,
    table_name varchar not null,
    source_name varchar not null,
    source varchar,
    sha256 varchar,
    row_count bigint not null,
    load_mode varchar not null,
    loaded_at timestamp not null,
    is_demo boolean not null,
    primary key (load_id, table_name, source_name),
);
comment on table datasets is 'Provenance: one row per table per load (file name, checksum, rows, when, how).';

create table counties (
    county_fips varchar primary key,
    state_fips varchar not null,
    county_name varchar not null,
    centroid_lon double,
    centroid_lat double,
    geometry_geojson varchar,
);
comment on column counties.county_fips is '5-character county FIPS code (state + county), e.g. 42071.';
comment on column counties.state_fips is '2-character state FIPS code, e.g. 42.';
comment on column counties.county_name is 'County name with its kind as the Census Bureau writes it, e.g. Lancaster County, Orleans Parish, Baltimore city.';
comment on column counties.geometry_geojson is 'County boundary as GeoJSON geometry (EPSG:4326), simplified for the screen.';

create table regions (
    region_id varchar primary key,
    region_name varchar not null,
    region_type varchar,
);
comment on column regions.region_id is 'Short identifier of the region, unique in the state.';
comment on column regions.region_name is 'Name shown on screen.';
comment on column regions.region_type is 'Kind of region: workforce development area, labor market region, economic development region; empty when not stated.';

create table region_counties (
    region_id varchar not null,
    county_fips varchar not null,
    primary key (region_id, county_fips),
);
comment on column region_counties.region_id is 'Region (regions.region_id).';
comment on column region_counties.county_fips is 'A county in the region (5-character FIPS).';

create table sectors (
    sector_code varchar primary key,
    sector_name varchar not null,
    naics_prefixes varchar[] not null,
);
comment on column sectors.sector_code is 'Short code of the sector, e.g. HLTH.';
comment on column sectors.sector_name is 'Name shown on screen, e.g. Healthcare.';
comment on column sectors.naics_prefixes is 'NAICS codes or prefixes that make up the sector, e.g. [62] or [31-33].';

create table partnerships (
    partnership_id varchar primary key,
    name varchar not null,
    sector_code varchar not null,
    region_id varchar,
    convener_name varchar,
    convener_type varchar,
    phase varchar,
    start_date date,
    end_date date,
    description varchar,
    is_public boolean,
);
comment on column partnerships.partnership_id is 'Identifier of the partnership, unique in the state (required; a name works too).';
comment on column partnerships.name is 'Name of the partnership.';
comment on column partnerships.sector_code is 'Sector the partnership serves: a sectors.sector_code, a NAICS code (2 to 6 digits) or a sector name, read as a sector code.';
comment on column partnerships.region_id is 'Region the partnership is based in (regions.region_id). A partnership needs a region or at least one county in partnership_counties.';
comment on column partnerships.convener_name is 'Organization that convenes the partnership; empty when not stated (shown as "not stated").';
comment on column partnerships.convener_type is 'Kind of convener (see allowed values); empty when not stated.';
comment on column partnerships.phase is 'Phase: planning, implementation, sustaining or inactive; empty when not stated.';
comment on column partnerships.start_date is 'Date the partnership started; empty when not stated (the partnership then counts as active in every year up to its end).';
comment on column partnerships.end_date is 'Date the partnership ended; empty while active.';
comment on column partnerships.description is 'One or two sentences on what the partnership does.';
comment on column partnerships.is_public is 'May the partnership appear on public pages? Empty means no: only partnerships marked true are public.';

create table partnership_counties (
    partnership_id varchar not null,
    county_fips varchar not null,
    primary key (partnership_id, county_fips),
);
comment on column partnership_counties.partnership_id is 'Partnership (partnerships.partnership_id).';
comment on column partnership_counties.county_fips is 'A county the partnership serves (5-character FIPS).';

create table partners (
    partnership_id varchar not null,
    organization varchar not null,
    partner_type varchar not null,
    primary key (partnership_id, organization),
);
comment on column partners.partnership_id is 'Partnership (partnerships.partnership_id).';
comment on column partners.organization is 'Name of the partner organization.';
comment on column partners.partner_type is 'Kind of partner (see allowed values).';

create table grants (
    grant_id varchar primary key,
    partnership_id varchar not null,
    grant_type varchar not null,
    funder varchar,
    funding_source varchar not null,
    amount_usd double not null,
    start_date date not null,
    end_date date,
);
comment on column grants.grant_id is 'Identifier of the grant or award.';
comment on column grants.partnership_id is 'Partnership funded (partnerships.partnership_id).';
comment on column grants.grant_type is 'planning, implementation or other.';
comment on column grants.funder is 'Name of the funder; empty when not stated.';
comment on column grants.funding_source is 'state, federal, private, philanthropic or employer match.';
comment on column grants.amount_usd is 'Amount in US dollars.';
comment on column grants.start_date is 'Start of the grant period.';
comment on column grants.end_date is 'End of the grant period.';

create table system_changes (
    change_id varchar primary key,
    partnership_id varchar not null,
    changed_on date not null,
    category varchar not null,
    description varchar not null,
);
comment on column system_changes.change_id is 'Identifier of the entry.';
comment on column system_changes.partnership_id is 'Partnership that brought the change about.';
comment on column system_changes.changed_on is 'Date of the change.';
comment on column system_changes.category is 'Kind of change (see allowed values).';
comment on column system_changes.description is 'What changed.';

create table stories (
    story_id varchar primary key,
    partnership_id varchar not null,
    quote varchar not null,
    attribution varchar not null,
    consent_public boolean not null,
);
comment on column stories.story_id is 'Identifier of the story.';
comment on column stories.partnership_id is 'Partnership the story is about.';
comment on column stories.quote is 'The testimonial, in the speaker''s words.';
comment on column stories.attribution is 'Who said it, as they agreed to be named (role and employer, not a full name).';
comment on column stories.consent_public is 'Did the speaker consent to public use? Stories without consent never leave staff pages.';

create table participants (
    participant_id varchar primary key,
    partnership_id varchar not null,
    county_fips varchar,
    enrolled_on date not null,
    exited_on date,
    completed boolean not null,
    credential_earned boolean not null,
    training_type varchar not null,
    gender varchar,
    race_ethnicity varchar,
    age_band varchar,
    pre_hourly_wage double,
    post_hourly_wage double,
    employed_in_sector boolean,
    below_poverty_before boolean,
    below_poverty_after boolean,
    health_insurance_before boolean,
    health_insurance_after boolean,
    paid_sick_leave_before boolean,
    paid_sick_leave_after boolean,
    exit_exclusion_reason varchar,
    is_customized_training boolean,
    credential_on date,
    skill_gain_on date[],
    employed_q2_supplemental boolean,
    employed_q4_supplemental boolean,
    earnings_q2_supplemental double,
    is_youth boolean,
    in_education_q2 boolean,
    in_education_q4 boolean,
);
comment on column participants.participant_id is 'Opaque identifier (never a name or SSN).';
comment on column participants.partnership_id is 'Partnership whose training the person took.';
comment on column participants.county_fips is 'County of residence at enrolment (5-character FIPS).';
comment on column participants.enrolled_on is 'Date of enrolment.';
comment on column participants.exited_on is 'Date of exit from the program; empty while enrolled.';
comment on column participants.completed is 'Completed the training?';
comment on column participants.credential_earned is 'Earned an industry-recognized credential?';
comment on column participants.training_type is 'Kind of training (see allowed values).';
comment on column participants.gender is 'Gender as self-reported (see allowed values).';
comment on column participants.race_ethnicity is 'Race/ethnicity as self-reported (see allowed values).';
comment on column participants.age_band is 'Age at enrolment, in bands (see allowed values).';
comment on column participants.pre_hourly_wage is 'Hourly wage in the job held before training, US dollars.';
comment on column participants.post_hourly_wage is 'Hourly wage in the job held after training, US dollars.';
comment on column participants.employed_in_sector is 'Employed in the partnership''s sector after exit?';
comment on column participants.below_poverty_before is 'Household income below the federal poverty level before training?';
comment on column participants.below_poverty_after is 'Household income below the federal poverty level after training?';
comment on column participants.health_insurance_before is 'Had employer-offered health insurance before training?';
comment on column participants.health_insurance_after is 'Had employer-offered health insurance after training?';
comment on column participants.paid_sick_leave_before is 'Had paid sick leave before training?';
comment on column participants.paid_sick_leave_after is 'Had paid sick leave after training?';
comment on column participants.exit_exclusion_reason is 'Why the person exited, where it excludes them from the WIOA indicators (PIRL 923 "other reasons for exit"; see allowed values); empty for an ordinary exit.';
comment on column participants.is_customized_training is 'Was the training customized training for an employer who commits to hire (WIOA sec. 3(14))? With on-the-job training, left out of the WIOA credential rate.';
comment on column participants.credential_on is 'Date the credential was earned (WIOA counts credentials earned while in the program or within one year after exit).';
comment on column participants.skill_gain_on is 'Dates of documented measurable skill gains (exam passed, milestone, transcript), separated by semicolons; one date is fine. Empty if none.';
comment on column participants.employed_q2_supplemental is 'Employed in the 2nd quarter after exit according to supplemental wage information (TEGL 26-16: pay stubs, employer or participant follow-up), where the UI wage records show none.';
comment on column participants.employed_q4_supplemental is 'Employed in the 4th quarter after exit according to supplemental wage information, where the UI wage records show none.';
comment on column participants.earnings_q2_supplemental is 'Earnings in the 2nd quarter after exit from supplemental wage information, US dollars, where the UI wage records show none.';
comment on column participants.is_youth is 'Served as a youth in the WIOA title I youth program (ages 14-24)? Youth are counted in the WIOA education or employment rate.';
comment on column participants.in_education_q2 is 'Enrolled in education or training (secondary, postsecondary or occupational skills training) during the 2nd quarter after exit? Used for youth.';
comment on column participants.in_education_q4 is 'Enrolled in education or training during the 4th quarter after exit? Used for youth.';

create table wage_records (
    participant_id varchar not null,
    year integer not null,
    quarter integer not null,
    employer_id varchar,
    earnings_usd double not null,
    hours double,
    other_employer_ids varchar[]
    -- key (participant_id, year, quarter): checked by the loader (schema.UNINDEXED_KEYS), not declared, so that no
    -- index of every record has to sit in memory while a load commits (10 million records need about 400 MB more)
);
comment on table wage_records is 'UI wage records: one row per participant and calendar quarter (the key, participant_id + year + quarter, is checked by the loader).';
comment on column wage_records.participant_id is 'Participant (participants.participant_id).';
comment on column wage_records.year is 'Calendar year of the quarter.';
comment on column wage_records.quarter is 'Calendar quarter, 1-4.';
comment on column wage_records.employer_id is 'Main employer in the quarter (UI account), if known.';
comment on column wage_records.earnings_usd is 'UI-covered earnings in the quarter, US dollars (0 = no covered earnings).';
comment on column wage_records.hours is 'Hours worked in the quarter, where the state collects them.';
comment on column wage_records.other_employer_ids is 'Other employers (UI accounts) that also paid the person in the quarter, separated by semicolons (empty if only one).';

create table employers (
    employer_id varchar primary key,
    name varchar not null,
    county_fips varchar,
    naics_code varchar,
    size_class varchar,
);
comment on column employers.employer_id is 'Identifier of the employer.';
comment on column employers.name is 'Employer name.';
comment on column employers.county_fips is 'County of the worksite (5-character FIPS).';
comment on column employers.naics_code is 'NAICS industry code of the employer (2 to 6 digits, or a sector range: 31-33, 44-45, 48-49).';
comment on column employers.size_class is 'Size by employees (see allowed values).';

create table employer_surveys (
    employer_id varchar not null,
    partnership_id varchar not null,
    survey_year integer not null,
    turnover_rate_before double,
    turnover_rate_after double,
    reduced_turnover boolean,
    reduced_rework boolean,
    reduced_complaints boolean,
    partnership_valuable boolean,
    hires_from_training integer,
    primary key (employer_id, partnership_id, survey_year),
);
comment on column employer_surveys.employer_id is 'Employer surveyed (employers.employer_id).';
comment on column employer_surveys.partnership_id is 'Partnership the employer takes part in.';
comment on column employer_surveys.survey_year is 'Year of the survey.';
comment on column employer_surveys.turnover_rate_before is 'Annual turnover rate before joining, as a share 0-1.';
comment on column employer_surveys.turnover_rate_after is 'Annual turnover rate at the survey, as a share 0-1.';
comment on column employer_surveys.reduced_turnover is 'Employer reports reduced turnover.';
comment on column employer_surveys.reduced_rework is 'Employer reports less rework.';
comment on column employer_surveys.reduced_complaints is 'Employer reports fewer customer complaints.';
comment on column employer_surveys.partnership_valuable is 'Employer says the partnership is valuable.';
comment on column employer_surveys.hires_from_training is 'Hires the employer made from the partnership''s training in the survey''s year alone (not since joining: Sectorscope adds up the years).';

create table qcew_annual (
    area_fips varchar not null,
    own_code varchar not null,
    industry_code varchar not null,
    industry_title varchar,
    agglvl_code varchar not null,
    year integer not null,
    establishments bigint,
    employment bigint,
    total_wages double,
    avg_weekly_wage double,
    disclosure_code varchar,
    lq_employment double,
    oty_employment_chg bigint,
    oty_employment_pct_chg double,
    from_quarters boolean,
    primary key (area_fips, own_code, industry_code, year),
);
comment on column qcew_annual.area_fips is 'QCEW area code: county FIPS, state (SS000) or U.S. (US000).';
comment on column qcew_annual.own_code is 'Ownership: 0 total covered, 1-3 government, 5 private.';
comment on column qcew_annual.industry_code is 'NAICS code or BLS aggregate (10 = total, all industries; 31-33 ...).';
comment on column qcew_annual.industry_title is 'Industry title as BLS writes it, without the code, e.g. Health care and social assistance.';
comment on column qcew_annual.agglvl_code is 'BLS aggregation level code.';
comment on column qcew_annual.year is 'Year of the annual average.';
comment on column qcew_annual.establishments is 'Annual average number of establishments (BLS publishes it even where employment and wages are suppressed).';
comment on column qcew_annual.employment is 'Annual average employment; empty when suppressed.';
comment on column qcew_annual.total_wages is 'Total annual wages, US dollars; empty when suppressed.';
comment on column qcew_annual.avg_weekly_wage is 'Average weekly wage, US dollars; empty when suppressed.';
comment on column qcew_annual.disclosure_code is 'N = suppressed by BLS for confidentiality; empty = disclosed.';
comment on column qcew_annual.lq_employment is 'Location quotient of employment against the U.S., as BLS publishes it.';
comment on column qcew_annual.oty_employment_chg is 'Over-the-year change in employment, as BLS publishes it.';
comment on column qcew_annual.oty_employment_pct_chg is 'Over-the-year percent change in employment, as BLS publishes it.';
comment on column qcew_annual.from_quarters is 'true: the annual average Sectorscope worked out from BLS''s quarterly files (its LQ the mean of BLS''s monthly LQs); false: BLS''s annual file; empty: loaded before Sectorscope recorded it.';

create table qwi (
    area_type varchar not null,
    area_code varchar not null,
    naics_sector varchar not null,
    year integer not null,
    quarter integer not null,
    employment double,
    hires double,
    separations double,
    turnover_rate double,
    avg_monthly_earnings double,
    primary key (area_type, area_code, naics_sector, year, quarter),
);
comment on column qwi.area_type is 'Geography: county or metro (CBSA).';
comment on column qwi.area_code is 'County FIPS (5 characters) or CBSA code.';
comment on column qwi.naics_sector is 'NAICS sector code as QWI writes it, e.g. 62 or 31-33.';
comment on column qwi.year is 'Year.';
comment on column qwi.quarter is 'Quarter, 1-4.';
comment on column qwi.employment is 'Beginning-of-quarter employment (Emp).';
comment on column qwi.hires is 'All hires (HirA).';
comment on column qwi.separations is 'Separations (Sep).';
comment on column qwi.turnover_rate is 'Turnover rate for stable jobs (TurnOvrS), as a share 0-1; empty when suppressed.';
comment on column qwi.avg_monthly_earnings is 'Average monthly earnings of stable jobs (EarnS), US dollars.';

-- The one definition of "the counties a partnership serves": the counties it lists (partnership_counties), or, for a
-- partnership the registry lists by its region alone (no county stated, as a state's list often does), that region's
-- counties. Choosing a county or region, counting "served by a partnership" and the map all rest on it.
create macro partnership_served_counties() as table
    select pc.partnership_id, pc.county_fips
    from partnership_counties as pc
    union all
    select p.partnership_id, rc.county_fips
    from partnerships as p
    inner join region_counties as rc on rc.region_id = p.region_id
    where not exists (select 1 from partnership_counties as pc where pc.partnership_id = p.partnership_id);

-- The one definition of "a partnership in view" that every query shares: in one of the sectors (empty list = all),
-- serving one of the counties (empty = all), active at some time in the years (an unstated start date counts as
-- started), and public when only public ones may be shown (an unstated is_public counts as not public).
create macro partnerships_in_view(sector_codes, county_fips, year_from, year_to, public_only) as table
    select p.*
    from partnerships as p
    where
        (len(sector_codes) = 0 or p.sector_code = any(sector_codes))
        and (not public_only or coalesce(p.is_public, false))
        -- dates against the years' first and last days: DuckDB spends about 1 ms rewriting each year(column)
        and (p.start_date is null or p.start_date <= make_date(year_to, 12, 31))
        and (p.end_date is null or p.end_date >= make_date(year_from, 1, 1))
        and (
            len(county_fips) = 0
            or exists (
                select 1
                from partnership_served_counties() as served
                where served.partnership_id = p.partnership_id and served.county_fips = any(county_fips)
            )
        );


-- The one definition of "a participant in view" that every query shares, for one participant (their partnership and
-- county of residence, and that partnership's sector and publication): trained by a partnership in one of the sectors
-- (empty list = all) and among the chosen partnerships (empty = all), public when only public ones may be shown, and
-- living in one of the counties (empty = all) or, with by_partnership_county, trained by a partnership serving one of
-- them. Parameters are named person_*, partnership_* and chosen_* so that they cannot be mistaken for the columns.
create macro participant_in_view(
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
                from partnership_served_counties() as served
                where served.partnership_id = person_partnership and served.county_fips = any(chosen_counties)
            )
        )
    );

-- Every participant in view (participant_in_view, above), with their partnership's name and sector.
create macro participants_in_view(
    chosen_sectors, chosen_counties, chosen_partnerships, by_partnership_county, public_only
) as table
    select
        p.*,
        pa.name as partnership_name,
        pa.sector_code,
    from participants as p
    inner join partnerships as pa on pa.partnership_id = p.partnership_id
    where participant_in_view(
        p.partnership_id, p.county_fips, pa.sector_code, pa.is_public,
        chosen_sectors, chosen_counties, chosen_partnerships, by_partnership_county, public_only
    );

-- The one definition of "the exiters in the selection" that every page, deck and release shares: participants in
-- view (above) who exited in a calendar year from year_from to year_to. Whether the partnership was still active
-- then does not matter: an exit is counted in the year it happened.
create macro exiters_in_view(
    chosen_sectors, chosen_counties, chosen_partnerships, year_from, year_to, by_partnership_county, public_only
) as table
    select *
    from participants_in_view(
        chosen_sectors, chosen_counties, chosen_partnerships, by_partnership_county, public_only
    )
    where exited_on between make_date(year_from, 1, 1) and make_date(year_to, 12, 31);

-- Each exiter's wage records around its exit, read once per load (queries/exiter_wages_refresh.sql, in the load's
-- transaction) so that no page rerun goes through the wage records: quarters are numbered year * 4 + quarter - 1
-- (consecutive quarters differ by one), counted from the entry and exit quarters. Only people with an exit date and
-- at least one wage record have a row.
create table exiter_wages (
    participant_id varchar primary key,
    wage_records bigint not null,
    pre_quarters_recorded bigint not null,
    pre_earnings_total double,
    q2_earnings double,
    q2_employer_id varchar,
    q2_employer_ids varchar[],
    q4_earnings double,
    q4_employer_id varchar,
    q4_employer_ids varchar[]
);
comment on table exiter_wages is 'Built at each load from participants and wage_records (not loaded): per exiter, its wage records around the exit.';
comment on column exiter_wages.wage_records is 'How many wage records the person has (any quarter).';
comment on column exiter_wages.pre_quarters_recorded is 'Quarters with a wage record among the four before the entry quarter.';
comment on column exiter_wages.pre_earnings_total is 'Earnings of the four quarters before the entry quarter (empty: none recorded).';
comment on column exiter_wages.q2_earnings is 'Earnings in the 2nd quarter after the exit quarter (empty: no record).';
comment on column exiter_wages.q2_employer_id is 'Main employer account in the 2nd quarter after exit.';
comment on column exiter_wages.q2_employer_ids is 'Every employer account in the 2nd quarter after exit (sorted, distinct).';
comment on column exiter_wages.q4_earnings is 'Earnings in the 4th quarter after the exit quarter (empty: no record).';
comment on column exiter_wages.q4_employer_id is 'Main employer account in the 4th quarter after exit.';
comment on column exiter_wages.q4_employer_ids is 'Every employer account in the 4th quarter after exit (sorted, distinct).';

-- Each exiter's part in every WIOA primary indicator, as sectorscope.metrics.wioa.wioa_exiter_outcomes defines it,
-- and each participant's part in the measurable skill gains indicator of each program year in which they were in
-- training (wioa.skill_gain_rows): computed at each load that writes participants or wage records, in its
-- transaction (ingest/wioa_tables.py), so that the page's table "WIOA indicators by program year" only counts
-- rows of a selection instead of computing every person's outcomes again. A status says why a person is in an
-- indicator's cohort or not: 'before the data starts' (the outcome quarter lies before the first quarter of the
-- wage records: unknown, not $0) came with data model 14, which made these tables again (an enum takes no new
-- value in place); 'quarter not loaded' (the outcome quarter lies inside the wage records' span but no record of it
-- was ever loaded: unknown, not $0) with data model 15, which made them again.
create type wioa_status as enum (
    'observed', 'not yet in the data', 'excluded (reason for exit)', 'not in the cohort', 'before the data starts',
    'quarter not loaded'
);
create table wioa_outcomes (
    participant_id varchar primary key,
    program_year integer,
    is_excluded boolean not null,
    report_year_exited integer,
    report_year_q2 integer,
    report_year_q4 integer,
    q2_status wioa_status not null,
    employed_q2 boolean,
    earnings_q2 double,
    q4_status wioa_status not null,
    employed_q4 boolean,
    credential_status wioa_status not null,
    attained_credential boolean,
    credential_undated boolean not null,
    youth_q2_status wioa_status not null,
    youth_q2 boolean,
    youth_q4_status wioa_status not null,
    youth_q4 boolean,
    has_youth_data boolean not null,
    retention_status wioa_status not null,
    retained boolean,
    partnership_id varchar not null,
    county_fips varchar,
    exit_year integer not null
);
comment on table wioa_outcomes is 'Built at each load from participants and exiter_wages (not loaded): per exiter, its part in each WIOA indicator (sectorscope.metrics.wioa.wioa_exiter_outcomes).';
create table wioa_skill_gains (
    participant_id varchar not null,
    program_year integer not null,
    status wioa_status not null,
    achieved boolean,
    partnership_id varchar not null,
    county_fips varchar,
    primary key (participant_id, program_year)
);
comment on column wioa_outcomes.partnership_id is 'The exiter''s partnership, county of residence and exit year (participants), kept so that a selection filters these rows.';
comment on column wioa_outcomes.county_fips is 'The exiter''s county of residence (participants.county_fips).';
comment on column wioa_outcomes.exit_year is 'The calendar year of the exit (participants.exited_on).';
comment on table wioa_skill_gains is 'Built at each load from participants (not loaded): per participant and program year in training, its part in the measurable skill gains indicator (sectorscope.metrics.wioa.skill_gain_outcomes).';
comment on column wioa_skill_gains.partnership_id is 'The participant''s partnership (participants), kept so that a selection filters these rows.';
comment on column wioa_skill_gains.county_fips is 'The participant''s county of residence (participants.county_fips).';

-- The one reading of the wage records around an exit that the worker queries share: each exiter in view (above)
-- with its exit year, its entry and exit quarters (numbered year * 4 + quarter - 1) and its row of exiter_wages
-- (wage_records and pre_quarters_recorded 0 where it has none).
create macro exiters_with_wages(
    chosen_sectors, chosen_counties, chosen_partnerships, year_from, year_to, by_partnership_county, public_only
) as table
    select
        e.*,
        year(e.exited_on) as exit_year,
        year(e.enrolled_on) * 4 + quarter(e.enrolled_on) - 1 as entry_quarter,
        year(e.exited_on) * 4 + quarter(e.exited_on) - 1 as exit_quarter,
        coalesce(w.wage_records, 0) as wage_records,
        coalesce(w.pre_quarters_recorded, 0) as pre_quarters_recorded,
        w.pre_earnings_total,
        w.q2_earnings,
        w.q2_employer_id,
        w.q2_employer_ids,
        w.q4_earnings,
        w.q4_employer_id,
        w.q4_employer_ids,
    from exiters_in_view(
        chosen_sectors, chosen_counties, chosen_partnerships, year_from, year_to, by_partnership_county, public_only
    ) as e
    left join exiter_wages as w on w.participant_id = e.participant_id;

-- Each exiter's part in the Worker outcomes page's figures, as metrics/workers.py and metrics/wioa.py define them
-- (queries/exiter_outcomes_rows.sql): computed at each load that writes participants or wage records, in its
-- transaction, so that a rerun of the page groups the exiters in view instead of working out every person again.
-- With each exiter's partnership, county, exit year, gender, race/ethnicity and age band, so that a selection is a
-- filter of this table (participant_in_view) joined to partnerships; stored in the order of the wage gain, which
-- the page's medians and percentiles sort by.
create table exiter_outcomes (
    participant_id varchar not null,
    partnership_id varchar not null,
    county_fips varchar,
    exit_year integer not null,
    gender varchar,
    race_ethnicity varchar,
    age_band varchar,
    completed boolean not null,
    credential_earned boolean,
    employed_in_sector boolean,
    wage_gain double,
    wage_gain_pct double,
    q2_status varchar not null,
    employed_q2 boolean,
    earnings_q2 double,
    q4_status varchar not null,
    employed_q4 boolean,
    retained_q4 boolean,
    pre_status varchar not null,
    pre_earnings double,
    earnings_change double,
    poverty_known boolean not null,
    below_poverty_before boolean,
    below_poverty_after boolean,
    insurance_known boolean not null,
    health_insurance_before boolean,
    health_insurance_after boolean,
    sick_leave_known boolean not null,
    paid_sick_leave_before boolean,
    paid_sick_leave_after boolean
);
comment on table exiter_outcomes is 'Built at each load from participants and exiter_wages (not loaded): per exiter, its part in the Worker outcomes page''s figures.';
comment on column exiter_outcomes.wage_gain is 'Hourly wage after minus before, for completers with both wages (empty otherwise).';
comment on column exiter_outcomes.wage_gain_pct is 'The wage gain as a share of the wage before, where that wage is above 0.';
comment on column exiter_outcomes.q2_status is 'Whether the 2nd quarter after exit is observed: observed, before the data starts, quarter not loaded (inside the wage records, but never loaded), not yet in the data, or no wage records.';
comment on column exiter_outcomes.employed_q2 is 'UI earnings above 0 in the 2nd quarter after exit (empty: not observed).';
comment on column exiter_outcomes.earnings_q2 is 'UI earnings in the 2nd quarter after exit, of those employed then.';
comment on column exiter_outcomes.q4_status is 'Whether the 4th quarter after exit is observed: observed, before the data starts, quarter not loaded (inside the wage records, but never loaded), not yet in the data, or no wage records.';
comment on column exiter_outcomes.employed_q4 is 'UI earnings above 0 in the 4th quarter after exit (empty: not observed).';
comment on column exiter_outcomes.retained_q4 is 'Employed in the 4th quarter by an employer of the 2nd, of those employed in the 2nd with a known employer and an observed 4th.';
comment on column exiter_outcomes.pre_status is 'Whether the four quarters before entry are observed: observed, before the data starts, quarter not loaded (one of them never loaded), or no wage records.';
comment on column exiter_outcomes.pre_earnings is 'Mean quarterly UI earnings of the four quarters before entry (empty: not observed).';
comment on column exiter_outcomes.earnings_change is 'UI earnings in the 2nd quarter after exit minus pre_earnings (empty unless both are observed).';
comment on column exiter_outcomes.poverty_known is 'Whether poverty is recorded both before and after.';
comment on column exiter_outcomes.insurance_known is 'Whether employer health insurance is recorded both before and after.';
comment on column exiter_outcomes.sick_leave_known is 'Whether paid sick leave is recorded both before and after.';

-- The results of the queries of the views staff land on (sectorscope/ingest/landing_views.py), worked out by each
-- load in its transaction and read by the pages instead of running those queries: at 50 times the demo's people the
-- Worker outcomes page's first view took 1.3 s of queries. Each result as an Arrow IPC stream, keyed by the query's
-- name and its parameters as JSON (db.parameters_text).
create table kept_results (
    query_name varchar not null,
    parameters varchar not null,
    query_digest varchar not null,
    load_id integer not null,
    result blob not null,
    primary key (query_name, parameters)
);
comment on table kept_results is 'Built at each load (not loaded): the results of the queries of the views staff land on.';
comment on column kept_results.query_name is 'The query (queries/<name>.sql).';
comment on column kept_results.parameters is 'Its bound parameters, as JSON with sorted keys.';
comment on column kept_results.query_digest is 'SHA-256 of the query''s text when kept: a Sectorscope whose query differs never reads it.';
comment on column kept_results.load_id is 'The latest load (datasets.load_id) when kept: a later load by any writer makes it stale.';
comment on column kept_results.result is 'Its result, as an Arrow IPC stream.';

create table release_cells (
    geo_level varchar not null,
    geo_id varchar not null,
    sector_code varchar not null,
    period varchar not null,
    partnership_id varchar not null,
    statistic varchar not null,
    value double,
    is_hidden boolean not null,
    hidden_reason varchar,
    min_cell integer not null,
    primary key (geo_level, geo_id, sector_code, period, partnership_id, statistic),
);
comment on table release_cells is 'The public release: every figure public mode shows, built by each load that changes what it rests on and protected as a whole (sectorscope/release).';
comment on column release_cells.geo_level is 'Geography of the cell: state, region or county (people by county of residence, employers by worksite county).';
comment on column release_cells.geo_id is 'State FIPS, region id, or county FIPS (unknown = county not recorded or outside the state).';
comment on column release_cells.sector_code is 'Sector of the partnerships counted, or all.';
comment on column release_cells.period is 'Exit year (people) or grant start year, e.g. 2019; all = the whole period (employer figures are published for the whole period only).';
comment on column release_cells.partnership_id is 'One public partnership (state level only), or all public partnerships.';
comment on column release_cells.statistic is 'What the value is: a count (exiters, completers, wage_n, ..._yes, ..._n, responses), a share (share_...), a wage gain (mean_wage_gain, median_wage_gain, dollars per hour), grant_dollars or public_partnerships; attacker_checked (state cell only): 1 when the build''s attacker checked the whole release, 0 when it was too large.';
comment on column release_cells.value is 'The figure; empty when hidden, or when there is no one for a share or gain to rest on.';
comment on column release_cells.is_hidden is 'Hidden for privacy? (fewer than min_cell people or employers, or hidden so that another hidden cell cannot be worked out).';
comment on column release_cells.hidden_reason is 'Why hidden: fewer than k; rests on a hidden count; protects another hidden cell; hidden in the previous release (its value unchanged).';
comment on column release_cells.min_cell is 'k: the smallest number of people or employers a shown figure (and each part of a shown share) rests on.';

-- Staff only: no public query reads it (tests/test_pages_showcase.py checks the plans of every query a public visit
-- runs). Created, like release_cells, by the first build that needs it (release.build.ensure_release_tables), so a
-- file of an older Sectorscope needs no new data model version.
create table release_hidden_values (
    geo_level varchar not null,
    geo_id varchar not null,
    sector_code varchar not null,
    period varchar not null,
    partnership_id varchar not null,
    statistic varchar not null,
    value double not null,
    primary key (geo_level, geo_id, sector_code, period, partnership_id, statistic),
);
comment on table release_hidden_values is 'Staff only, never published: the true value of every count the public release hides, written with release_cells, so that the next build keeps hidden each cell whose value is unchanged (sectorscope/release/stable.py).';
comment on column release_hidden_values.geo_level is 'The hidden cell''s geography level, as in release_cells.';
comment on column release_hidden_values.geo_id is 'The hidden cell''s place, as in release_cells.';
comment on column release_hidden_values.sector_code is 'The hidden cell''s sector, as in release_cells.';
comment on column release_hidden_values.period is 'The hidden cell''s period, as in release_cells.';
comment on column release_hidden_values.partnership_id is 'The hidden cell''s partnership, as in release_cells.';
comment on column release_hidden_values.statistic is 'The hidden count (exiters, completers, ..._yes, ..._n, responses).';
comment on column release_hidden_values.value is 'Its true value when the release was built.';
