-- A receiver that keeps failing is disabled: failing_since is when its current run of failed attempts
-- began (null while it answers), disabled_at when it failed for longer than the configured period.
-- A disabled webhook gets no new deliveries and its pending ones are given up; it stays in the list.
alter table webhook add column failing_since timestamptz;
alter table webhook add column disabled_at timestamptz;
