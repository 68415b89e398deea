-- One row: did the release build's attacker check the whole public release (and narrow nothing)? False when the
-- release was over the audit limit (it keeps the per-relation protection alone) or predates the check.
select coalesce(max(value), 0) = 1 as attacker_checked,
from release_cells
where statistic = 'attacker_checked' and geo_level = 'state'
