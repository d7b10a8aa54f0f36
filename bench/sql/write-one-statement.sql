-- A design the service does not have (yet): each action ONE statement, in its own implicit
-- transaction, doing everything the service's action does: lock the conversation, update it, move
-- the counters (only for an active agent), write the timeline entry and the event with the agents'
-- counters as committed. One round trip instead of six. Measured beside the minimal SQL to show what
-- a transition written as a single statement would cost PostgreSQL. Same placeholders as
-- write-minimal.sql.

-- assign
\set a :first_agent + random(0, :agents - 1)
\set b :first_agent + ((:a - :first_agent + 1 + random(0, :agents - 2)) % :agents)

with c as (select id, version from conversation where id = (select id from bench_fresh where n = (select nextval('bench_next_conversation'))) for no key update),
u as (update conversation set assigned_at=now(),assignee_id=:a,status='ASSIGNED',updated_at=now(),version=c.version+1,waiting_since=null from c where conversation.id=c.id returning conversation.id),
ag as (update agent set active_conversations = active_conversations + 1, last_assigned_at = now() where id = :a and active returning id, name, availability, active_conversations, active, present),
t as (insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at) select u.id, 'ASSIGNED', :a, null, 'MANUAL', 'admin', now() from u)
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.assigned', u.id, 'unassigned', 'assigned', cast(:payload as jsonb) || jsonb_build_object('agents', (select jsonb_agg(jsonb_build_object('id', ag.id, 'name', ag.name, 'availability', ag.availability, 'activeConversations', ag.active_conversations, 'active', ag.active, 'present', ag.present)) from ag)), now() from u
returning conversation_id as id \gset

-- transfer
with c as (select id, version from conversation where id = :id for no key update),
u as (update conversation set assigned_at=now(),assignee_id=:b,previous_assignee_id=:a,updated_at=now(),version=c.version+1 from c where conversation.id=c.id returning conversation.id),
locked as (select id from agent where id in (:a, :b) order by id for no key update),
ag as (update agent set active_conversations = active_conversations + case when agent.id = :b then 1 else -1 end, last_assigned_at = case when agent.id = :b then now() else last_assigned_at end from locked where agent.id = locked.id and (agent.id = :a or agent.active) returning agent.id, name, availability, active_conversations, active, present),
t as (insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at) select u.id, 'TRANSFERRED', :b, :a, 'MANUAL', 'admin', now() from u)
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.transferred', u.id, 'assigned', 'assigned', cast(:payload as jsonb) || jsonb_build_object('agents', (select jsonb_agg(jsonb_build_object('id', ag.id, 'name', ag.name, 'availability', ag.availability, 'activeConversations', ag.active_conversations, 'active', ag.active, 'present', ag.present)) from ag)), now() from u;

-- archive
with c as (select id, version from conversation where id = :id for no key update),
u as (update conversation set archived_at=now(),status='ARCHIVED',updated_at=now(),version=c.version+1 from c where conversation.id=c.id returning conversation.id),
ag as (update agent set active_conversations = active_conversations - 1 where id = :b returning id, name, availability, active_conversations, active, present),
t as (insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at) select u.id, 'ARCHIVED', :b, null, 'MANUAL', 'admin', now() from u)
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.archived', u.id, 'assigned', 'archived', cast(:payload as jsonb) || jsonb_build_object('agents', (select jsonb_agg(jsonb_build_object('id', ag.id, 'name', ag.name, 'availability', ag.availability, 'activeConversations', ag.active_conversations, 'active', ag.active, 'present', ag.present)) from ag)), now() from u;
