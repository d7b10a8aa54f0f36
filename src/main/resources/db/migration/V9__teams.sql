-- Teams (issue 36): groups of agents, each with its own auto-assignment settings where it has
-- them (null: the global setting). Routing by team reads them; an agent may be in several.
create table team (
    id               bigint generated always as identity primary key,
    name             varchar(100) not null,
    description      varchar(500),
    auto_assignment  boolean,
    strategy         varchar(16),
    default_capacity integer,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    constraint team_strategy_known check (strategy is null or strategy in ('BALANCED', 'ROUND_ROBIN')),
    constraint team_default_capacity_not_negative check (default_capacity is null or default_capacity >= 0)
);

-- The arbiter when two requests name two teams alike at the same instant.
create unique index team_name_unique on team (lower(name));

-- A team's members and an agent's teams are each one index range.
create table team_member (
    team_id  bigint not null references team (id) on delete cascade,
    agent_id bigint not null references agent (id),
    added_at timestamptz not null,
    primary key (team_id, agent_id)
);

create index team_member_agent on team_member (agent_id, team_id);
