-- The minimal SQL of the write benchmark's actions: one assign -> transfer -> archive cycle, each
-- action one transaction of the statements it cannot do without: lock the conversation, update it,
-- move the counters, insert the event. No lock or row shared by all writers. Bench.java puts a real
-- event payload and the first benchmark agent's id in place of their placeholders and runs it with
-- pgbench -M prepared; each cycle takes the next fresh UNASSIGNED conversation of bench_fresh.
\set a :first_agent + random(0, :agents - 1)
\set b :first_agent + ((:a - :first_agent + 1 + random(0, :agents - 2)) % :agents)

-- assign
BEGIN;
select id from conversation
where id = (select id from bench_fresh where n = (select nextval('bench_next_conversation'))) for no key update \gset
update conversation set status = 'ASSIGNED', assignee_id = :a, assigned_at = now(), waiting_for_agent = false,
       waiting_since = null, updated_at = now(), version = version + 1 where id = :id;
update agent set active_conversations = active_conversations + 1, last_assigned_at = now() where id = :a;
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
values ('conversation.assigned', :id, 'unassigned', 'assigned', :payload, now());
COMMIT;

-- transfer: both counters in one statement, the two rows locked in id order (as the service does:
-- in scan order, two opposite transfers between the same agents deadlock)
BEGIN;
select id from conversation where id = :id for no key update;
update conversation set assignee_id = :b, previous_assignee_id = :a, assigned_at = now(), updated_at = now(),
       version = version + 1 where id = :id;
with locked as (select id from agent where id in (:a, :b) order by id for no key update)
update agent set active_conversations = active_conversations + case when agent.id = :a then -1 else 1 end
from locked where agent.id = locked.id;
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
values ('conversation.transferred', :id, 'assigned', 'assigned', :payload, now());
COMMIT;

-- archive
BEGIN;
select id from conversation where id = :id for no key update;
update conversation set status = 'ARCHIVED', archived_at = now(), updated_at = now(), version = version + 1
where id = :id;
update agent set active_conversations = active_conversations - 1 where id = :b;
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
values ('conversation.archived', :id, 'assigned', 'archived', :payload, now());
COMMIT;
