-- One row per county Sectorscope knows (the Census Bureau's 2016 list it ships), its FIPS code: the only counties a registry may name, so the only ones whose state a load judges.
select county_fips from counties
