-- The read benchmark's inbox: 200 agents and 1,000,000 conversations, as a busy helpdesk has after
-- a while: 10 % Unassigned (a third of them waiting for an agent), 20 % Assigned, 70 % Archived,
-- updated over the last 90 days. Inserted straight in SQL (the HTTP API would take an hour), then
-- the counters are set from the rows, as the consistency report recomputes them, and each
-- conversation gets its creation event, from which the folder totals follow.
\timing off
begin;
insert into agent (name, email, availability, capacity, active_conversations, active, created_at, updated_at)
select 'Agent ' || g, 'agent' || g || '@bench.example',
       (array['ONLINE', 'BUSY', 'OFFLINE'])[1 + g % 3], null, 0, true, now() - interval '1 year', now()
from generate_series(1, 200) g;

insert into conversation (status, assignee_id, previous_assignee_id, visitor_name, visitor_email, channel, subject,
                          waiting_for_agent, waiting_since, assigned_at, archived_at, created_at, updated_at, version)
select case when r < 0.10 then 'UNASSIGNED' when r < 0.30 then 'ASSIGNED' else 'ARCHIVED' end,
       case when r < 0.10 then null else agent end,
       null,
       'Visitor ' || g, 'visitor' || g || '@example.com', 'web', 'Question number ' || g,
       r < 0.033, case when r < 0.10 then at end,
       case when r >= 0.10 then at end, case when r >= 0.30 then at end,
       at - interval '1 hour', at, 3
from (select g, random() as r, 1 + (random() * 199)::int as agent,
             now() - random() * interval '90 days' as at
      from generate_series(1, 1000000) g) seeds;

update agent set active_conversations = held.n
from (select assignee_id, count(*) as n from conversation where status = 'ASSIGNED' group by assignee_id) held
where agent.id = held.assignee_id;

-- each conversation's creation event, as if created in the folder it is in: the folder totals follow
insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
select 'conversation.created', id, null, lower(status), '{}', created_at from conversation;
commit;
vacuum analyze agent;
vacuum analyze conversation;
vacuum analyze outbox_event;
