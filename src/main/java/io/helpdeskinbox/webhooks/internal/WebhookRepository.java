package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.infrastructure.PostgresArrays;
import io.helpdeskinbox.outbox.EventPayloads;
import io.helpdeskinbox.outbox.EventPosition;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Webhooks, their deliveries and the delivery log, in plain SQL: the event-type arrays and the
 * claiming of due deliveries are PostgreSQL-shaped. Deliveries themselves are created by the tick
 * that holds their event ({@link WebhookFanOut}).
 */
@Repository
class WebhookRepository {

    private final JdbcClient jdbc;
    private final EventPayloads payloads;

    WebhookRepository(JdbcClient jdbc, EventPayloads payloads) {
        this.jdbc = jdbc;
        this.payloads = payloads;
    }

    long insert(String url, List<String> events, String secret, Instant now) {
        return jdbc.sql("""
                        insert into webhook (url, events, secret, created_at)
                        values (:url, cast(:events as varchar(64)[]), :secret, :now) returning id""")
                .param("url", url).param("events", PostgresArrays.literal(events))
                .param("secret", secret).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    /** Every webhook not deleted, disabled ones included. */
    List<WebhookResponse> findListed() {
        return jdbc.sql(WEBHOOK + " where active order by id").query(WebhookRepository::webhook).list();
    }

    Optional<WebhookResponse> find(long webhookId) {
        return jdbc.sql(WEBHOOK + " where id = :id").param("id", webhookId).query(WebhookRepository::webhook).optional();
    }

    /**
     * Starts or ends the webhook's run of failures with this attempt's outcome.
     *
     * @return since when it has been failing; null when this attempt succeeded
     */
    Instant recordOutcome(long webhookId, boolean succeeded, Instant now) {
        if (succeeded) {
            jdbc.sql("update webhook set failing_since = null where id = :id and failing_since is not null")
                    .param("id", webhookId).update();
            return null;
        }
        return jdbc.sql("""
                        update webhook set failing_since = coalesce(failing_since, :now) where id = :id
                        returning failing_since""")
                .param("id", webhookId).param("now", Timestamp.from(now))
                .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
    }

    /** @return whether it was active and enabled until now */
    boolean disable(long webhookId, Instant now) {
        return jdbc.sql("update webhook set disabled_at = :now where id = :id and active and disabled_at is null")
                .param("id", webhookId).param("now", Timestamp.from(now)).update() == 1;
    }

    private static final String WEBHOOK = """
            select id, url, events, active, failing_since, disabled_at, created_at from webhook""";

    private static WebhookResponse webhook(java.sql.ResultSet rs, int row) throws SQLException {
        Instant disabledAt = instant(rs.getTimestamp("disabled_at"));
        return new WebhookResponse(rs.getLong("id"), rs.getString("url"), strings(rs.getArray("events")),
                rs.getBoolean("active") && disabledAt == null,
                disabledAt == null ? WebhookResponse.ACTIVE : WebhookResponse.DISABLED,
                instant(rs.getTimestamp("failing_since")), disabledAt, rs.getTimestamp("created_at").toInstant());
    }

    boolean exists(long webhookId) {
        return jdbc.sql("select exists (select 1 from webhook where id = :id)").param("id", webhookId)
                .query(Boolean.class).single();
    }

    /** @return whether an active webhook was deactivated */
    boolean deactivate(long webhookId) {
        return jdbc.sql("update webhook set active = false where id = :id and active").param("id", webhookId)
                .update() == 1;
    }

    /** Its pending deliveries are given up; the log is kept. */
    void giveUpPendingDeliveries(long webhookId, Instant now) {
        jdbc.sql("""
                        update webhook_delivery set state = 'FAILED', next_attempt_at = null, finished_at = :now
                        where webhook_id = :id and state = 'PENDING'""")
                .param("id", webhookId).param("now", Timestamp.from(now)).update();
    }

    /** Up to {@code limit} deliveries of the webhook, newest first, with an id below {@code before}. */
    List<WebhookDeliveryResponse> deliveries(long webhookId, long before, int limit) {
        return new ArrayList<>(jdbc.sql("""
                        select d.id, d.tick_id, d.event_id, coalesce(e.type, '') as type, d.state, d.attempts,
                               d.next_attempt_at, d.created_at, d.finished_at
                        from webhook_delivery d left join outbox_event e on e.id = d.event_id
                        where d.webhook_id = :webhookId and d.id < :before
                        order by d.id desc limit :limit""")
                .param("webhookId", webhookId).param("before", before).param("limit", limit)
                .query((rs, row) -> new WebhookDeliveryResponse(rs.getLong("id"),
                        EventPosition.of(rs.getLong("tick_id"), rs.getLong("event_id")).id(),
                        rs.getString("type"), rs.getString("state"), rs.getInt("attempts"),
                        instant(rs.getTimestamp("next_attempt_at")), rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("finished_at")), new ArrayList<>()))
                .list());
    }

    /** Every attempt of these deliveries, added to each one's list, in attempt order. */
    void addAttempts(Map<Long, WebhookDeliveryResponse> deliveriesById) {
        if (deliveriesById.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        select delivery_id, attempt, at, status_code, error, duration_ms, succeeded
                        from webhook_delivery_attempt where delivery_id in (:ids) order by delivery_id, attempt""")
                .param("ids", deliveriesById.keySet())
                .query((rs, row) -> {
                    Integer status = (Integer) rs.getObject("status_code");
                    deliveriesById.get(rs.getLong("delivery_id")).attempts().add(new WebhookDeliveryResponse.Attempt(
                            rs.getInt("attempt"), rs.getTimestamp("at").toInstant(), status, rs.getString("error"),
                            rs.getLong("duration_ms"), rs.getBoolean("succeeded")));
                    return null;
                }).list();
    }

    /**
     * Locks due deliveries for this instance: of one webhook, at most {@code perWebhook} less those
     * this instance has in flight for it ({@code inFlight}), so a dead receiver cannot take every
     * sender. The event goes with each, as the stream shows it.
     */
    List<WebhookService.DueDelivery> lockDue(Instant now, int limit, int perWebhook, Map<Long, Integer> inFlight) {
        return jdbc.sql("""
                        select d.id, d.webhook_id, w.url, w.secret, d.tick_id, d.event_id, e.type, e.payload::text as payload,
                               d.attempts
                        from webhook_delivery d
                        join webhook w on w.id = d.webhook_id and w.disabled_at is null
                        join outbox_event e on e.id = d.event_id
                        where d.id in (select ranked.id from (
                                  select id, webhook_id,
                                         row_number() over (partition by webhook_id order by next_attempt_at, id) as n
                                  from webhook_delivery where state = 'PENDING' and next_attempt_at <= :now) ranked
                              left join unnest(cast(:busyIds as bigint[]), cast(:busyCounts as int[])) as busy(webhook_id, n)
                                     using (webhook_id)
                              where ranked.n <= :perWebhook - coalesce(busy.n, 0))
                          -- checked again on the row as locked: one another instance claimed after this
                          -- statement began is still in the subquery's (older) answer, not due any more
                          and d.state = 'PENDING' and d.next_attempt_at <= :now
                        order by d.next_attempt_at, d.id
                        limit :limit
                        for update of d skip locked""")
                .param("now", Timestamp.from(now)).param("perWebhook", perWebhook).param("limit", limit)
                .param("busyIds", PostgresArrays.literal(inFlight.keySet()))
                .param("busyCounts", PostgresArrays.literal(inFlight.values()))
                .query((rs, row) -> {
                    EventPosition position = EventPosition.of(rs.getLong("tick_id"), rs.getLong("event_id"));
                    return new WebhookService.DueDelivery(rs.getLong("id"), rs.getLong("webhook_id"),
                            rs.getString("url"), rs.getString("secret"), position.id(), rs.getString("type"),
                            position.inFrontOf(payloads.delivered(rs.getString("payload"))), rs.getInt("attempts"));
                })
                .list();
    }

    /** A lease: if this instance dies mid-delivery, the delivery is due again when the lease ends. */
    void lease(Collection<Long> deliveryIds, Instant until) {
        jdbc.sql("update webhook_delivery set next_attempt_at = :leaseEnd where id in (:ids)")
                .param("leaseEnd", Timestamp.from(until)).param("ids", deliveryIds).update();
    }

    void insertAttempt(long deliveryId, int attempt, Instant at, Integer statusCode, String error, long durationMs,
            boolean succeeded) {
        jdbc.sql("""
                        insert into webhook_delivery_attempt (delivery_id, attempt, at, status_code, error, duration_ms, succeeded)
                        values (:id, :attempt, :at, :status, :error, :duration, :succeeded)""")
                .param("id", deliveryId).param("attempt", attempt).param("at", Timestamp.from(at))
                .param("status", statusCode).param("error", error).param("duration", durationMs)
                .param("succeeded", succeeded).update();
    }

    /** {@code state} PENDING needs {@code retryAt}; DELIVERED and FAILED finish the delivery at {@code now}. */
    void updateDelivery(long deliveryId, int attempts, String state, Instant retryAt, Instant now) {
        boolean pending = state.equals("PENDING");
        jdbc.sql("""
                        update webhook_delivery set attempts = :attempt, state = :state, next_attempt_at = :retryAt,
                                                    finished_at = :finishedAt
                        where id = :id and state = 'PENDING'""")
                .param("id", deliveryId).param("attempt", attempts).param("state", state)
                .param("retryAt", pending ? Timestamp.from(retryAt) : null)
                .param("finishedAt", pending ? null : Timestamp.from(now))
                .update();
    }

    /** Finished deliveries older than {@code cutoff}, with their attempts. */
    int pruneFinishedBefore(Instant cutoff) {
        return jdbc.sql("delete from webhook_delivery where state <> 'PENDING' and created_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
