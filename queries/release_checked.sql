-- One row: did the release build prove every hidden value of the public release protected (each has its
-- certificates, ``release.certify``)? False when it could not, or when the release predates the check.
select coalesce(max(value), 0) = 1 as attacker_checked,
from release_cells
where statistic = 'attacker_checked' and geo_level = 'state'
