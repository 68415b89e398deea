-- One row: do the program records hold any skill gain date at all? Without them the measurable skill gains
-- indicator is "not in the data", never 0%.
select count(skill_gain_on) > 0 as has_skill_gain_dates, from participants
