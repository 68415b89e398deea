-- One row per person and quarter of a UI wage file's rows, one per person, quarter and employer (the table ui_rows,
-- typed), as wage_records holds them: earnings_usd added up; hours added up where every employer's are known, else
-- missing (a part would read as the whole); employer_id the employer paying most (ties: the lowest id), the others in
-- other_employer_ids ordered by what they paid, separated by ';' (missing where there is none); rows_combined.
select
    participant_id,
    year,
    quarter,
    employers[1] as employer_id,
    earnings_usd,
    hours,
    nullif(array_to_string(employers[2:], ';'), '') as other_employer_ids,
    rows_combined
from (
    select
        participant_id,
        year,
        quarter,
        sum(earnings_usd) as earnings_usd,
        case when count(hours) = count(*) then sum(hours) end as hours,
        list(employer_id order by earnings_usd desc nulls last, employer_id) filter (where employer_id is not null)
            as employers,
        count(*) as rows_combined
    from ui_rows
    group by participant_id, year, quarter
)
order by participant_id, year, quarter
