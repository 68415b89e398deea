-- One row per story with public consent about a public partnership: the quote, who said it, the partnership, its
-- sector and region, and the counties it serves (partnership_served_counties).
select
    st.story_id,
    st.quote,
    st.attribution,
    p.name as partnership_name,
    p.sector_code,
    s.sector_name,
    p.region_id,
    r.region_name,
    coalesce((select list(served.county_fips order by served.county_fips)
              from partnership_served_counties() as served
              where served.partnership_id = p.partnership_id), []) as county_fips,
from stories as st
inner join partnerships as p on p.partnership_id = st.partnership_id
inner join sectors as s on s.sector_code = p.sector_code
left join regions as r on r.region_id = p.region_id
where st.consent_public and p.is_public
order by s.sector_name, p.name, st.story_id
