-- Auto-assignment: the settings (one row), what the engine needs on agents and conversations, and
-- the index of its queue.

create table assignment_settings (
    id               smallint     primary key default 1
        constraint assignment_settings_single_row check (id = 1),
    auto_assignment  boolean      not null default true,
    strategy         varchar(16)  not null default 'BALANCED'
        constraint assignment_settings_strategy_known check (strategy in ('BALANCED', 'ROUND_ROBIN')),
    -- the capacity of an agent without its own; null = unlimited
    default_capacity integer
        constraint assignment_settings_default_capacity_not_negative check (default_capacity is null or default_capacity >= 0),
    reopen_policy    varchar(32)  not null default 'PREVIOUS_AGENT_IF_ONLINE'
        constraint assignment_settings_reopen_policy_known check (reopen_policy in ('PREVIOUS_AGENT_IF_ONLINE', 'QUEUE')),
    updated_at       timestamptz  not null
);

insert into assignment_settings (id, updated_at) values (1, now());

-- ROUND_ROBIN turns: each automatic assignment stamps its agent with the next number, and the
-- next turn goes to the agent with the smallest (never-served agents first). A sequence, not a
-- timestamp, so several assignments in one transaction still rotate.
create sequence agent_auto_assignment_turn;
alter table agent add column auto_assignment_turn bigint;

-- The agent who unassigned the conversation: the engine does not hand it straight back to them.
alter table conversation add column released_by_agent_id bigint references agent (id);

-- The queue the engine serves: waiting for an agent, longest first.
create index conversation_waiting_for_agent on conversation (waiting_since, id)
    where status = 'UNASSIGNED' and waiting_for_agent;

-- Candidates: ONLINE active agents.
create index agent_online on agent (active_conversations, last_assigned_at, id)
    where active and availability = 'ONLINE';
