-- One row per exiter in the selection (the exiters_in_view macro in schema.sql: partnership sector, chosen
-- partnerships, $public_only, exit year, living in a chosen county or, with $by_partnership_county, trained by a
-- partnership serving one), with every participant field, the exit year and the UI earnings and employer accounts of
-- the quarters the wage-record indicators use. Read by the WIOA table and the exports; the Worker page's group
-- figures come from worker_group_outcomes.sql. Never shown as rows.
with exiters as (
    select
        e.*,
        year(e.enrolled_on) * 4 + quarter(e.enrolled_on) - 1 as entry_quarter,
        year(e.exited_on) * 4 + quarter(e.exited_on) - 1 as exit_quarter,
    from exiters_in_view(
        $sector_codes,
        $county_fips,
        $partnership_ids,
        $year_from,
        $year_to,
        $by_partnership_county,
        $public_only
    ) as e
),

quarters as (
    -- quarters are numbered year * 4 + quarter - 1, so consecutive quarters differ by one
    select
        e.participant_id,
        w.year * 4 + w.quarter - 1 - e.entry_quarter as from_entry,
        w.year * 4 + w.quarter - 1 - e.exit_quarter as from_exit,
        w.employer_id,
        list_filter(
            list_concat([w.employer_id], coalesce(w.other_employer_ids, []::varchar[])),
            lambda account: account is not null
        ) as accounts,
        w.earnings_usd,
    from wage_records as w
    inner join exiters as e on e.participant_id = w.participant_id
),

wages as (
    select
        participant_id,
        count(*) as wage_records,
        count(*) filter (where from_entry between -4 and -1) as pre_quarters_recorded,
        sum(earnings_usd) filter (where from_entry between -4 and -1) as pre_earnings_total,
        sum(earnings_usd) filter (where from_exit = 2) as q2_earnings,
        any_value(employer_id) filter (where from_exit = 2) as q2_employer_id,
        list_sort(list_distinct(flatten(list(accounts) filter (where from_exit = 2)))) as q2_employer_ids,
        sum(earnings_usd) filter (where from_exit = 4) as q4_earnings,
        any_value(employer_id) filter (where from_exit = 4) as q4_employer_id,
        list_sort(list_distinct(flatten(list(accounts) filter (where from_exit = 4)))) as q4_employer_ids,
    from quarters
    group by participant_id
),

records as (
    -- the latest date the program records know of: credentials and skill gains later than it cannot be known yet
    select
        max(greatest(enrolled_on, exited_on, credential_on, list_max(skill_gain_on))) as records_as_of,
        -- the youth education-or-employment rate needs a youth marker and education after exit somewhere
        count(is_youth) > 0 and count(in_education_q2) + count(in_education_q4) > 0 as has_youth_data,
    from participants
)

select
    e.*,  -- every participant field with the partnership's name and sector (the list lives in exiters_in_view)
    year(e.exited_on) as exit_year,
    coalesce(w.wage_records, 0) as wage_records,
    coalesce(w.pre_quarters_recorded, 0) as pre_quarters_recorded,
    w.pre_earnings_total,
    w.q2_earnings,
    w.q2_employer_id,
    w.q2_employer_ids,
    w.q4_earnings,
    w.q4_employer_id,
    w.q4_employer_ids,
    r.records_as_of,
    r.has_youth_data,
from exiters as e
left join wages as w on w.participant_id = e.participant_id
cross join records as r
order by e.participant_id
