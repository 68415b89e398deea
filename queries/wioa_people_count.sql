-- One row: how many exiters and participants the WIOA tables are built for (every one the records hold), so a long
-- load can say how far it has come.
select
    count(*) filter (where exited_on is not null) as exiters,
    count(*) as participants,
from participants
