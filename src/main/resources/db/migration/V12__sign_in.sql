-- People sign in as themselves (issue 37): passwords set through one-time invitations, and console
-- sessions kept here, so that every instance knows them and a restart keeps them.

-- An agent's password, as an adaptive hash with its algorithm's id in front ({bcrypt}$2a$...), never
-- the password. An agent without a row has no password (it signs in by SSO, or not at all).
create table agent_password (
    agent_id   bigint primary key references agent (id),
    hash       varchar(200) not null,
    changed_at timestamptz  not null
);

-- A one-time link to set one's password: only a SHA-256 hash of its token is kept, like the bearer
-- tokens'. Used once, or replaced by a newer invitation for the same agent, it stops working.
create table agent_invitation (
    id         bigint generated always as identity primary key,
    agent_id   bigint      not null references agent (id),
    token_hash bytea       not null unique
        constraint agent_invitation_token_hash_is_sha256 check (octet_length(token_hash) = 32),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);

create index agent_invitation_open on agent_invitation (agent_id) where used_at is null;

-- A console session holds a token of its own (kind SESSION; ADMIN_SESSION for a person single sign-on
-- makes ADMIN): each request of the session is checked as a bearer token is, and signing out, a
-- password change or a deactivation revokes it like one.
alter table access_token drop constraint access_token_kind_known;
alter table access_token add constraint access_token_kind_known
    check (kind in ('AGENT', 'INTEGRATION', 'SESSION', 'ADMIN_SESSION'));
alter table access_token drop constraint access_token_agent_iff_agent_kind;
alter table access_token add constraint access_token_agent_iff_agent_kind
    check ((kind in ('AGENT', 'SESSION', 'ADMIN_SESSION')) = (agent_id is not null));

-- Spring Session JDBC's tables, as its schema-postgresql.sql has them (spring.session.jdbc.initialize-schema
-- is never: Flyway owns the schema).
create table spring_session (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);

create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);
