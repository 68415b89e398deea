-- One row per partnership in view (sector, serving a chosen county, active in the years; $public_only hides
-- non-public ones), with its counties (its own, or its region's: served_by_region), participants who exited in the years, surveyed employers and grant dollars.
with in_view as (
    select * from partnerships_in_view($sector_codes, $county_fips, $year_from, $year_to, $public_only)
),

served as (
    -- as partnership_served_counties says: a partnership listed by its region alone serves the region's counties
    select
        pc.partnership_id,
        list(c.county_name order by c.county_name) as county_names,
        list(pc.county_fips order by c.county_name) as county_fips,
    from partnership_served_counties() as pc
    inner join counties as c on c.county_fips = pc.county_fips
    group by all
),

trained as (
    select
        partnership_id,
        count(*) as participants,
        count(*) filter (where completed) as completers,
    from participants
    where exited_on between make_date($year_from, 1, 1) and make_date($year_to, 12, 31)
    group by all
),

surveyed as (
    select
        partnership_id,
        count(distinct employer_id) as employers,
    from employer_surveys
    where survey_year between $year_from and $year_to
    group by all
),

funded as (
    select
        partnership_id,
        sum(amount_usd) as grant_dollars,
    from grants
    where start_date between make_date($year_from, 1, 1) and make_date($year_to, 12, 31)
    group by all
)

select
    v.partnership_id,
    v.name,
    v.sector_code,
    s.sector_name,
    v.convener_name,
    v.convener_type,
    v.phase,
    r.region_name,
    v.start_date,
    v.end_date,
    v.is_public,
    coalesce(served.county_names, []) as county_names,
    coalesce(served.county_fips, []) as county_fips,
    not exists (
        select 1 from partnership_counties as pc where pc.partnership_id = v.partnership_id
    ) as served_by_region,
    coalesce(trained.participants, 0) as participants,
    coalesce(trained.completers, 0) as completers,
    coalesce(surveyed.employers, 0) as employers,
    coalesce(funded.grant_dollars, 0) as grant_dollars,
from in_view as v
inner join sectors as s on s.sector_code = v.sector_code
left join regions as r on r.region_id = v.region_id
left join served on served.partnership_id = v.partnership_id
left join trained on trained.partnership_id = v.partnership_id
left join surveyed on surveyed.partnership_id = v.partnership_id
left join funded on funded.partnership_id = v.partnership_id
order by v.name
