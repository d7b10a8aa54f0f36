-- Writers no longer wait for each other to publish. The outbox advisory lock held to commit and the
-- single folder_count row both go: an event row is stamped with its writer's transaction id, and a
-- relay cuts the outbox into ticks. A tick is a snapshot taken by the relay: its batch is the events
-- visible in it and not in the tick before. Every transaction a batch holds has finished, and a
-- change that depends on another (it waited for that one's row lock) is never in an earlier tick,
-- so "tick, then event id" is an order every reader on every instance agrees on, with no lock shared
-- by writers. Each tick also stores the exact folder totals of its snapshot.

alter sequence outbox_event_id owned by outbox_event.id;
alter table outbox_event alter column id set default nextval('outbox_event_id');

-- Events written before this migration are older than every tick: they get the smallest normal
-- transaction id, visible in every snapshot, so no tick delivers them again.
alter table outbox_event add column tx_id xid8;
update outbox_event set tx_id = '3';
alter table outbox_event alter column tx_id set default pg_current_xact_id();
alter table outbox_event alter column tx_id set not null;

-- The folders a conversation event moved the conversation between (lower case, as in ?folder=);
-- equal when it stayed, both null for events of no conversation. Ticks and /counts add these up.
alter table outbox_event add column from_folder varchar(16);
alter table outbox_event add column to_folder varchar(16);
alter table outbox_event add constraint outbox_event_folders_known check (
    (from_folder is null or from_folder in ('unassigned', 'assigned', 'archived'))
    and (to_folder is null or to_folder in ('unassigned', 'assigned', 'archived')));

-- A relay reads a tick's batch as a range of transaction ids.
create index outbox_event_transaction on outbox_event (tx_id);

create table outbox_tick (
    id            bigint generated always as identity primary key,
    snap          pg_snapshot not null,
    -- the folder totals exactly as of this snapshot
    unassigned    bigint      not null constraint outbox_tick_unassigned_not_negative check (unassigned >= 0),
    assigned      bigint      not null constraint outbox_tick_assigned_not_negative check (assigned >= 0),
    archived      bigint      not null constraint outbox_tick_archived_not_negative check (archived >= 0),
    -- the batch: how many events, the last event id, and whether any event moved a folder
    events        integer     not null,
    last_event_id bigint      not null,
    moved_folders boolean     not null,
    created_at    timestamptz not null
);

create index outbox_tick_created_at on outbox_tick (created_at);

-- Tick 0: where the ordered stream begins, with the folders counted from the rows once.
insert into outbox_tick (snap, unassigned, assigned, archived, events, last_event_id, moved_folders, created_at)
select pg_current_snapshot(), count(*) filter (where status = 'UNASSIGNED'), count(*) filter (where status = 'ASSIGNED'),
       count(*) filter (where status = 'ARCHIVED'), 0, coalesce((select max(id) from outbox_event), 0), false, now()
from conversation;

drop table folder_count;

-- Webhook deliveries are now made by the relay, from each tick's batch: the tick is part of the
-- event's position, which is the id partners de-duplicate on. Deliveries made before have none.
alter table webhook_delivery add column tick_id bigint;
