-- Events: a transactional outbox every state change writes in its own transaction, the folder
-- counts its payloads carry, and the webhooks it fans out to.

-- Ids are taken at the very end of the writing transaction under a transaction-scoped advisory
-- lock, so id order is commit order: a reader that has seen id N has seen every event below N.
create sequence outbox_event_id;

create table outbox_event (
    id              bigint       primary key,
    type            varchar(64)  not null,
    conversation_id bigint,
    payload         jsonb        not null,
    created_at      timestamptz  not null
);

create index outbox_event_created_at on outbox_event (created_at);

-- The folder counts, moved by the same transactions that move conversations between folders (in
-- their serialized tail), so an event can say what the folders hold after it without counting.
create table folder_count (
    id         smallint primary key default 1
        constraint folder_count_single_row check (id = 1),
    unassigned bigint not null constraint folder_count_unassigned_not_negative check (unassigned >= 0),
    assigned   bigint not null constraint folder_count_assigned_not_negative check (assigned >= 0),
    archived   bigint not null constraint folder_count_archived_not_negative check (archived >= 0)
);

insert into folder_count (id, unassigned, assigned, archived)
select 1, count(*) filter (where status = 'UNASSIGNED'), count(*) filter (where status = 'ASSIGNED'),
       count(*) filter (where status = 'ARCHIVED')
from conversation;

create table webhook (
    id         bigint generated always as identity primary key,
    url        varchar(2000) not null,
    -- event types it receives; empty = all
    events     varchar(64)[] not null,
    secret     varchar(200)  not null,
    active     boolean       not null default true,
    created_at timestamptz   not null
);

-- One event to deliver to one webhook, until it is delivered or given up.
create table webhook_delivery (
    id              bigint generated always as identity primary key,
    webhook_id      bigint      not null references webhook (id),
    event_id        bigint      not null,
    state           varchar(16) not null
        constraint webhook_delivery_state_known check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    created_at      timestamptz not null,
    finished_at     timestamptz,
    constraint webhook_delivery_pending_is_scheduled check ((state = 'PENDING') = (next_attempt_at is not null)),
    constraint webhook_delivery_once unique (webhook_id, event_id)
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'PENDING';
create index webhook_delivery_log on webhook_delivery (webhook_id, id desc);

create table webhook_delivery_attempt (
    id          bigint generated always as identity primary key,
    delivery_id bigint      not null references webhook_delivery (id) on delete cascade,
    attempt     integer     not null,
    at          timestamptz not null,
    status_code integer,
    error       varchar(500),
    duration_ms bigint      not null,
    succeeded   boolean     not null
);

create index webhook_delivery_attempt_of on webhook_delivery_attempt (delivery_id, attempt);
