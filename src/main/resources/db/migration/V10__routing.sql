-- Routing (issue 36): agents' skills; conversations' team, priority and required skills. Existing
-- rows keep working unchanged: no team, NORMAL, no skills.

-- Short lowercase labels (a language such as 'es', a product such as 'billing'); the API validates
-- their form, the table keeps the bound every query relies on.
alter table agent add column skills text[] not null default '{}'
    constraint agent_at_most_20_skills check (cardinality(skills) <= 20);

alter table conversation add column team_id bigint references team (id);
alter table conversation add column priority varchar(8) not null default 'NORMAL'
    constraint conversation_priority_known check (priority in ('URGENT', 'HIGH', 'NORMAL', 'LOW'));
alter table conversation add column required_skills text[] not null default '{}'
    constraint conversation_at_most_20_required_skills check (cardinality(required_skills) <= 20);

-- The queue the engine serves, in its order: priority (URGENT first), then waiting longest. The
-- expression is the engine's ORDER BY, word for word (AutoAssignmentBatches), so the claim reads
-- this index in order and stops at its batch's size.
drop index conversation_waiting_for_agent;
create index conversation_waiting_for_agent on conversation (
    (case priority when 'URGENT' then 0 when 'HIGH' then 1 when 'NORMAL' then 2 else 3 end), waiting_since, id)
    where status = 'UNASSIGNED' and waiting_for_agent;

-- A team's folder pages and counts: one index range per team. A deleted team's conversations are
-- found by it too.
create index conversation_team_recent on conversation (team_id, status, updated_at desc, id desc)
    where team_id is not null;
create index conversation_team_queue on conversation (team_id, waiting_since, id)
    where status = 'UNASSIGNED' and team_id is not null;
