-- Rate-limit buckets (Bucket4j's PostgreSQL backend), one row per caller or client address and
-- per limit, shared by every instance: N instances enforce one limit, not N. The row holds the
-- bucket's serialized state; expires_at (epoch milliseconds) is when an idle bucket would be full
-- again, after which it is deleted (the app's prune) and starts full when next used.
create table rate_limit_bucket (
    id         varchar(300) primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_bucket_expires_at on rate_limit_bucket (expires_at);
