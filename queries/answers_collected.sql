-- One row per group of optional answers a state may leave out of its files (pairs of before/after columns of
-- participants, questions of employer_surveys): how many rows hold them. None anywhere means the state never
-- collected them ("not collected", with the columns to fill), not "nothing in this selection".
select 'hourly_wage_answers' as table_name, count(*) as rows_now
from participants where pre_hourly_wage is not null and post_hourly_wage is not null
union all
select 'poverty_answers', count(*)
from participants where below_poverty_before is not null and below_poverty_after is not null
union all
select 'health_insurance_answers', count(*)
from participants where health_insurance_before is not null and health_insurance_after is not null
union all
select 'paid_sick_leave_answers', count(*)
from participants where paid_sick_leave_before is not null and paid_sick_leave_after is not null
union all
select 'employed_in_sector_answers', count(employed_in_sector) from participants
union all
select 'turnover_rate_answers', count(*)
from employer_surveys where turnover_rate_before is not null and turnover_rate_after is not null
union all
select 'reduced_turnover_answers', count(reduced_turnover) from employer_surveys
union all
select 'reduced_rework_answers', count(reduced_rework) from employer_surveys
union all
select 'reduced_complaints_answers', count(reduced_complaints) from employer_surveys
union all
select 'partnership_valuable_answers', count(partnership_valuable) from employer_surveys
union all
select 'hires_from_training_answers', count(hires_from_training) from employer_surveys
