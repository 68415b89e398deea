-- One row per person with an exit date and wage records: the wage records around the exit, as exiter_wages holds
-- them (see schema.sql). Every load that writes participants or wage records inserts these rows into exiter_wages in
-- its transaction, after the data is written (ingest/load.py refresh_exiter_wages).
with exiters as (
    select
        participant_id,
        year(enrolled_on) * 4 + quarter(enrolled_on) - 1 as entry_quarter,
        year(exited_on) * 4 + quarter(exited_on) - 1 as exit_quarter,
    from participants
    where exited_on is not null
),

quarters as (
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
)

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
