-- Presence, apart from availability: last_seen_at is when the agent last showed it is connected (an
-- API call, or an open event stream, refreshed every few seconds); present is whether it counts as
-- connected now. present turns false when last_seen_at falls behind the presence timeout: a flag
-- rather than a comparison, so that each turn is one row change, announced once, by one instance.
alter table agent add column last_seen_at timestamptz;
alter table agent add column present boolean not null default false;

-- With presence on, only agents ONLINE and present are auto-assignment candidates. A conversation
-- given by the engine whose visitor waits for an answer longer than response_timeout_ms goes back
-- to the queue; null = never.
alter table assignment_settings add column presence boolean not null default false;
alter table assignment_settings add column response_timeout_ms bigint
    constraint assignment_settings_response_timeout_positive check (response_timeout_ms is null or response_timeout_ms > 0);

-- assigned_by_engine: the assignee was picked by auto-assignment or the reopen policy, not by hand.
-- awaiting_reply_since: while so, since when the visitor waits for the assignee's answer (from the
-- assignment, or from the first visitor message after the agent's last reply); null once answered.
alter table conversation add column assigned_by_engine boolean not null default false;
alter table conversation add column awaiting_reply_since timestamptz;
alter table conversation add constraint conversation_awaits_reply_only_from_the_engines_assignee
    check (awaiting_reply_since is null or (status = 'ASSIGNED' and assigned_by_engine));

-- The response-timeout check reads only conversations waiting for an answer, oldest first.
create index conversation_awaiting_reply on conversation (awaiting_reply_since, id)
    where awaiting_reply_since is not null;
