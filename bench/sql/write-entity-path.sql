-- The entity path's SQL for the write benchmark's actions (LockedTransitions), statement for
-- statement: per action, the locked read of the whole conversation, the agents' rows, the update with
-- its version check, the counter move, and the timeline entry with the event (its agents' counters
-- aggregated in the insert), then the commit. The service sends these when its one statement does not
-- decide an action (a refusal, a no-op, a lost race), and for reopen and handoff; until 2026-12-01 it
-- sent them for every action. A labelled reference beside the minimal SQL. Same placeholders as
-- write-minimal.sql.
\set a :first_agent + random(0, :agents - 1)
\set b :first_agent + ((:a - :first_agent + 1 + random(0, :agents - 2)) % :agents)

BEGIN;
select c1_0.id,c1_0.archived_at,c1_0.assigned_at,c1_0.assigned_by_engine,c1_0.assignee_id,c1_0.awaiting_reply_since,c1_0.channel,c1_0.created_at,c1_0.last_message_at,c1_0.previous_assignee_id,c1_0.released_by_agent_id,c1_0.status,c1_0.subject,c1_0.updated_at,c1_0.version,c1_0.visitor_name,c1_0.visitor_email,c1_0.visitor_external_id,c1_0.waiting_for_agent,c1_0.waiting_since from conversation c1_0 where c1_0.id=(select id from bench_fresh where n = (select nextval('bench_next_conversation'))) for no key update of c1_0 \gset
select a1_0.id,a1_0.active,a1_0.active_conversations,a1_0.availability,a1_0.capacity,a1_0.created_at,a1_0.email,a1_0.last_seen_at,a1_0.name,a1_0.present,a1_0.updated_at from agent a1_0 where a1_0.id=:a;
update conversation set assigned_at=now(),assignee_id=:a,status='ASSIGNED',updated_at=now(),version=:version+1,waiting_since=null where id=:id and version=:version;
update agent set active_conversations = active_conversations + 1, last_assigned_at = now() where id = :a and active;
with timeline_entry as (insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at) values (:id, 'ASSIGNED', :a, null, 'MANUAL', 'admin', now()))
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.assigned', :id, 'unassigned', 'assigned', cast(:payload as jsonb) || jsonb_build_object('agents', coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name, 'availability', a.availability, 'activeConversations', a.active_conversations, 'active', a.active, 'present', a.present) order by a.id), '[]'::jsonb)), now()
from agent a where a.id = any(array[:a]::bigint[]);
COMMIT;

BEGIN;
select c1_0.id,c1_0.archived_at,c1_0.assigned_at,c1_0.assigned_by_engine,c1_0.assignee_id,c1_0.awaiting_reply_since,c1_0.channel,c1_0.created_at,c1_0.last_message_at,c1_0.previous_assignee_id,c1_0.released_by_agent_id,c1_0.status,c1_0.subject,c1_0.updated_at,c1_0.version,c1_0.visitor_name,c1_0.visitor_email,c1_0.visitor_external_id,c1_0.waiting_for_agent,c1_0.waiting_since from conversation c1_0 where c1_0.id=:id for no key update of c1_0 \gset
select a1_0.id,a1_0.active,a1_0.active_conversations,a1_0.availability,a1_0.capacity,a1_0.created_at,a1_0.email,a1_0.last_seen_at,a1_0.name,a1_0.present,a1_0.updated_at from agent a1_0 where a1_0.id = any (array[:a,:b]::bigint[]);
update conversation set assigned_at=now(),assignee_id=:b,previous_assignee_id=:a,updated_at=now(),version=:version+1 where id=:id and version=:version;
with locked as (select id from agent where id in (:a, :b) order by id for no key update)
update agent set active_conversations = active_conversations + case when agent.id = :b then 1 else -1 end, last_assigned_at = case when agent.id = :b then now() else last_assigned_at end
from locked where agent.id = locked.id and (agent.id = :a or agent.active);
with timeline_entry as (insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at) values (:id, 'TRANSFERRED', :b, :a, 'MANUAL', 'admin', now()))
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.transferred', :id, 'assigned', 'assigned', cast(:payload as jsonb) || jsonb_build_object('agents', coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name, 'availability', a.availability, 'activeConversations', a.active_conversations, 'active', a.active, 'present', a.present) order by a.id), '[]'::jsonb)), now()
from agent a where a.id = any(array[:a,:b]::bigint[]);
COMMIT;

BEGIN;
select c1_0.id,c1_0.archived_at,c1_0.assigned_at,c1_0.assigned_by_engine,c1_0.assignee_id,c1_0.awaiting_reply_since,c1_0.channel,c1_0.created_at,c1_0.last_message_at,c1_0.previous_assignee_id,c1_0.released_by_agent_id,c1_0.status,c1_0.subject,c1_0.updated_at,c1_0.version,c1_0.visitor_name,c1_0.visitor_email,c1_0.visitor_external_id,c1_0.waiting_for_agent,c1_0.waiting_since from conversation c1_0 where c1_0.id=:id for no key update of c1_0 \gset
update conversation set archived_at=now(),status='ARCHIVED',updated_at=now(),version=:version+1 where id=:id and version=:version;
select a1_0.id,a1_0.active,a1_0.active_conversations,a1_0.availability,a1_0.capacity,a1_0.created_at,a1_0.email,a1_0.last_seen_at,a1_0.name,a1_0.present,a1_0.updated_at from agent a1_0 where a1_0.id=:b;
update agent set active_conversations = active_conversations - 1 where id = :b;
with timeline_entry as (insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at) values (:id, 'ARCHIVED', :b, null, 'MANUAL', 'admin', now()))
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.archived', :id, 'assigned', 'archived', cast(:payload as jsonb) || jsonb_build_object('agents', coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name, 'availability', a.availability, 'activeConversations', a.active_conversations, 'active', a.active, 'present', a.present) order by a.id), '[]'::jsonb)), now()
from agent a where a.id = any(array[:b]::bigint[]);
COMMIT;
