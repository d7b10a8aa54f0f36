-- Bearer tokens of agents and integration partners. Only a SHA-256 hash of each token's secret is
-- kept: a copy of this table lets nobody in. (The admin token lives in the environment, not here.)
create table access_token (
    id          bigint generated always as identity primary key,
    kind        varchar(16)  not null
        constraint access_token_kind_known check (kind in ('AGENT', 'INTEGRATION')),
    agent_id    bigint references agent (id),
    name        varchar(200) not null,
    secret_hash bytea        not null
        constraint access_token_secret_hash_is_sha256 check (octet_length(secret_hash) = 32),
    created_at  timestamptz  not null,
    revoked_at  timestamptz,
    constraint access_token_agent_iff_agent_kind check ((kind = 'AGENT') = (agent_id is not null))
);

create index access_token_live_agent on access_token (agent_id) where agent_id is not null and revoked_at is null;

-- Idempotency keys belong to the caller that sent them: two partners choosing the same key must
-- neither collide nor see each other's conversations.
alter table conversation_idempotency_key add column caller varchar(100) not null default 'api';
alter table conversation_idempotency_key alter column caller drop default;
alter table conversation_idempotency_key drop constraint conversation_idempotency_key_pkey;
alter table conversation_idempotency_key add primary key (caller, idempotency_key);
