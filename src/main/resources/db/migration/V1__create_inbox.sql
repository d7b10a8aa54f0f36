-- The inbox schema. The database is the arbiter of every invariant it can express, so a bug in
-- the application fails loudly instead of leaving a conversation in an impossible state.

create table agent (
    id                   bigint generated always as identity primary key,
    name                 varchar(200) not null,
    email                varchar(320) not null,
    availability         varchar(16)  not null default 'OFFLINE'
        constraint agent_availability_known check (availability in ('ONLINE', 'BUSY', 'OFFLINE')),
    -- null = unlimited (or the default capacity of the assignment settings, once they exist)
    capacity             integer
        constraint agent_capacity_not_negative check (capacity is null or capacity >= 0),
    -- the number of ASSIGNED conversations whose assignee is this agent; moved only by atomic
    -- increments in the same transaction as the transition
    active_conversations integer      not null default 0
        constraint agent_active_conversations_not_negative check (active_conversations >= 0),
    active               boolean      not null default true,
    -- an inactive agent manages nothing
    constraint agent_inactive_holds_nothing check (active or active_conversations = 0),
    last_assigned_at     timestamptz,
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null
);

-- One active agent per e-mail address; a deactivated agent keeps its address for history.
create unique index agent_email_unique_among_active on agent (lower(email)) where active;

create table conversation (
    id                   bigint generated always as identity primary key,
    status               varchar(16)  not null
        constraint conversation_status_known check (status in ('UNASSIGNED', 'ASSIGNED', 'ARCHIVED')),
    assignee_id          bigint references agent (id),
    -- the agent who held it last, for the reopen policy and "not straight back to the same agent"
    previous_assignee_id bigint references agent (id),
    visitor_name         varchar(200) not null,
    visitor_email        varchar(320),
    visitor_external_id  varchar(200),
    channel              varchar(50),
    subject              varchar(500),
    waiting_for_agent    boolean      not null default false,
    -- when it entered the Unassigned folder: the queue is ordered by it
    waiting_since        timestamptz,
    last_message_at      timestamptz,
    assigned_at          timestamptz,
    archived_at          timestamptz,
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null,
    version              bigint       not null default 0,
    -- ASSIGNED always has an assignee, UNASSIGNED never; ARCHIVED keeps the agent who handled it
    constraint conversation_assigned_has_assignee check (status <> 'ASSIGNED' or assignee_id is not null),
    constraint conversation_unassigned_has_no_assignee check (status <> 'UNASSIGNED' or assignee_id is null),
    constraint conversation_assigned_has_assigned_at check (status <> 'ASSIGNED' or assigned_at is not null),
    constraint conversation_waiting_since_iff_unassigned check ((status = 'UNASSIGNED') = (waiting_since is not null)),
    constraint conversation_archived_at_iff_archived check ((status = 'ARCHIVED') = (archived_at is not null))
);

-- Folder pages: Unassigned in queue order, the others most recently updated first.
create index conversation_queue on conversation (waiting_since, id) where status = 'UNASSIGNED';
create index conversation_folder_recent on conversation (status, updated_at desc, id desc);
create index conversation_all_recent on conversation (updated_at desc, id desc);
create index conversation_assignee_recent on conversation (assignee_id, status, updated_at desc, id desc)
    where assignee_id is not null;
create index conversation_previous_assignee on conversation (previous_assignee_id)
    where previous_assignee_id is not null;

create table message (
    id              bigint generated always as identity primary key,
    conversation_id bigint        not null references conversation (id),
    author          varchar(16)   not null
        constraint message_author_known check (author in ('VISITOR', 'AGENT', 'BOT')),
    agent_id        bigint references agent (id),
    text            varchar(10000) not null,
    created_at      timestamptz   not null,
    constraint message_agent_iff_agent_author check ((author = 'AGENT') = (agent_id is not null))
);

create index message_timeline on message (conversation_id, id);

create table conversation_event (
    id                bigint generated always as identity primary key,
    conversation_id   bigint      not null references conversation (id),
    type              varchar(32) not null,
    agent_id          bigint references agent (id),
    previous_agent_id bigint references agent (id),
    reason            varchar(32) not null,
    actor             varchar(100) not null,
    at                timestamptz not null
);

create index conversation_event_timeline on conversation_event (conversation_id, id);

-- Idempotency-Key of conversation creation: a retried request returns the conversation the first
-- attempt created. The request fingerprint detects a key reused for a different request.
create table conversation_idempotency_key (
    idempotency_key     varchar(200) primary key,
    request_fingerprint varchar(64)  not null,
    conversation_id     bigint references conversation (id),
    created_at          timestamptz  not null
);
