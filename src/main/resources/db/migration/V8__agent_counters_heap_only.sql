-- Every action moves an agent's counter (active_conversations, last_assigned_at). While agent_online
-- indexed those columns, each move was a full update: a new entry in every index of agent and a dead
-- row version that only VACUUM clears. Under load the few hot agent rows piled up hundreds of
-- thousands of dead versions within minutes (227,000 for 68 agents on a server with autovacuum off),
-- and writes fell to half. With no index on a column the counters change, a move is a heap-only
-- (HOT) update: the new version stays on the row's page, the index entries stay as they are, and
-- the next reader of the page prunes the dead versions, vacuum or not.
drop index agent_online;

-- The engine's candidates, ONLINE and active: few enough to order by counter in memory.
create index agent_online on agent (id) where active and availability = 'ONLINE';

-- Room on each page for the next versions of its rows, so that their updates stay on the page.
alter table agent set (fillfactor = 50);
