-- The service's own SQL for the write benchmark's actions, as it sends them (the source is
-- OneStatementTransitions; StatementBudgetIT writes each action's statements to
-- target/statements-per-action.sql): each action ONE statement in its own implicit transaction,
-- doing all of it: lock the conversation, check its status and version, move the counters (only to
-- an active agent), update it, write the timeline entry and the event (the changed row as
-- to_jsonb writes it, with the agents' counters as committed), and return the row. A labelled
-- reference beside the minimal SQL: what our statements cost PostgreSQL, before the app's own cost.
-- Since 1f9f64d the service joins each statement from its tables' owners' parts (CounterStatements,
-- ConversationStatements, TransitionRecords): the same statements, but for the agents' JSON written
-- as one subquery and two columns more in the changed row; the copy below is the earlier spelling.
-- Same placeholders as write-minimal.sql; the parameters the service binds are literals here, and
-- the assign also returns the id, for the next two actions (\gset).
\set a :first_agent + random(0, :agents - 1)
\set b :first_agent + ((:a - :first_agent + 1 + random(0, :agents - 2)) % :agents)

-- assign
with locked as (
    select id, status, assignee_id, version from conversation where id = (select id from bench_fresh where n = (select nextval('bench_next_conversation'))) for no key update),
movable as (
    select id, status, assignee_id from locked
    where status = any(cast('{UNASSIGNED}' as text[]))
      and (true or version = any(cast('{}' as bigint[]))))
, agent_counters as (
    update agent set active_conversations = active_conversations + 1, last_assigned_at = now()
    where id = :a and active and exists (select 1 from movable)
    returning id, name, availability, active_conversations, active, present),
moved as (
    update conversation set status = 'ASSIGNED', assignee_id = :a, assigned_at = now(),
        assigned_by_engine = false, awaiting_reply_since = null, waiting_for_agent = false,
        waiting_since = null, archived_at = null, released_by_agent_id = null, updated_at = now(),
        version = version + 1
    where id = (select id from movable) and exists (select 1 from agent_counters)
    returning conversation.*)
, changed as (
    select moved.id, movable.status as from_status, moved.status,
           to_jsonb(moved) || jsonb_build_object('assignee_name', assignee.name) as row
    from moved cross join movable left join agent_counters assignee on assignee.id = moved.assignee_id),
entry as (
    insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
    select moved.id, 'ASSIGNED', moved.assignee_id, null, 'MANUAL', 'admin', now() from moved),
event as (
    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
    select 'conversation.assigned', changed.id, lower(changed.from_status), lower(changed.status),
           jsonb_build_object('type', cast('conversation.assigned' as text), 'at', cast('2026-12-01T10:15:30.123456Z' as text),
               'conversationRow', changed.row,
               'fromFolder', lower(changed.from_status), 'toFolder', lower(changed.status),
               'agents', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,
                                      'availability', a.availability,
                                      'activeConversations', a.active_conversations,
                                      'active', a.active, 'present', a.present) order by a.id)
                                   from agent_counters a), cast('[]' as jsonb))),
           now()
    from changed)
select id, cast(row as text) as row from changed \gset

-- transfer
with locked as (
    select id, status, assignee_id, version from conversation where id = :id for no key update),
movable as (
    select id, status, assignee_id from locked
    where status = any(cast('{ASSIGNED}' as text[]))
      and (true or version = any(cast('{}' as bigint[]))))
, agents as (
    select id, active from agent
    where id in ((select assignee_id from movable), :b)
      and exists (select 1 from movable where assignee_id <> :b)
    order by id for no key update),
agent_counters as (
    update agent set active_conversations = active_conversations + case when agent.id = :b then 1 else -1 end,
        last_assigned_at = case when agent.id = :b then now() else agent.last_assigned_at end
    from agents where agent.id = agents.id
      and coalesce((select receiving.active from agents receiving where receiving.id = :b), false)
    returning agent.id, agent.name, agent.availability, agent.active_conversations, agent.active, agent.present),
moved as (
    update conversation set status = 'ASSIGNED', assignee_id = :b,
        previous_assignee_id = conversation.assignee_id, assigned_at = now(), assigned_by_engine = false,
        awaiting_reply_since = null, waiting_since = null, archived_at = null, updated_at = now(),
        version = version + 1
    where id = (select id from movable) and exists (select 1 from agent_counters where id = :b)
    returning conversation.*)
, changed as (
    select moved.id, movable.status as from_status, moved.status,
           to_jsonb(moved) || jsonb_build_object('assignee_name', assignee.name) as row
    from moved cross join movable left join agent_counters assignee on assignee.id = moved.assignee_id),
entry as (
    insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
    select moved.id, 'TRANSFERRED', moved.assignee_id, moved.previous_assignee_id, 'MANUAL', 'admin', now() from moved),
event as (
    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
    select 'conversation.transferred', changed.id, lower(changed.from_status), lower(changed.status),
           jsonb_build_object('type', cast('conversation.transferred' as text), 'at', cast('2026-12-01T10:15:30.123456Z' as text),
               'conversationRow', changed.row,
               'fromFolder', lower(changed.from_status), 'toFolder', lower(changed.status),
               'agents', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,
                                      'availability', a.availability,
                                      'activeConversations', a.active_conversations,
                                      'active', a.active, 'present', a.present) order by a.id)
                                   from agent_counters a), cast('[]' as jsonb))),
           now()
    from changed)
select cast(row as text) as row from changed;

-- archive
with locked as (
    select id, status, assignee_id, version from conversation where id = :id for no key update),
movable as (
    select id, status, assignee_id from locked
    where status = any(cast('{UNASSIGNED,ASSIGNED}' as text[]))
      and (true or version = any(cast('{}' as bigint[]))))
, agent_counters as (
    update agent set active_conversations = active_conversations - 1
    from movable where agent.id = movable.assignee_id and movable.status = 'ASSIGNED'
    returning agent.id, agent.name, agent.availability, agent.active_conversations, agent.active, agent.present),
moved as (
    update conversation set status = 'ARCHIVED', archived_at = now(), assigned_by_engine = false,
        awaiting_reply_since = null, waiting_for_agent = false, waiting_since = null,
        released_by_agent_id = null, updated_at = now(), version = version + 1
    where id = (select id from movable)
    returning conversation.*)
, changed as (
    select moved.id, movable.status as from_status, moved.status,
           to_jsonb(moved) || jsonb_build_object('assignee_name', assignee.name) as row
    from moved cross join movable left join agent_counters assignee on assignee.id = moved.assignee_id),
entry as (
    insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
    select moved.id, 'ARCHIVED', moved.assignee_id, null, 'MANUAL', 'admin', now() from moved),
event as (
    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
    select 'conversation.archived', changed.id, lower(changed.from_status), lower(changed.status),
           jsonb_build_object('type', cast('conversation.archived' as text), 'at', cast('2026-12-01T10:15:30.123456Z' as text),
               'conversationRow', changed.row,
               'fromFolder', lower(changed.from_status), 'toFolder', lower(changed.status),
               'agents', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,
                                      'availability', a.availability,
                                      'activeConversations', a.active_conversations,
                                      'active', a.active, 'present', a.present) order by a.id)
                                   from agent_counters a), cast('[]' as jsonb))),
           now()
    from changed)
select cast(row as text) as row from changed;
