package io.helpdeskinbox.events;

import io.helpdeskinbox.web.CursorPages;
import io.helpdeskinbox.web.FieldRejectedException;
import io.helpdeskinbox.web.PageResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhooks and their deliveries. Deliveries are created by the relay, in the statement that cuts the
 * tick holding the event, one per matching webhook; {@link WebhookDeliverer} works them off. Plain SQL here: the
 * event-type arrays and the delivery log are PostgreSQL-shaped.
 */
@Service
public class WebhookService {

    private static final Map<String, Class<?>> BY_ID = Map.of("id", Long.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A delivery due now, with what it takes to send it: the event as the stream shows it, id included. */
    record DueDelivery(long id, long webhookId, String url, String secret, String eventId, String eventType,
            String payload, int attempts) {
    }

    @Transactional
    public WebhookResponse create(WebhookRequest request) {
        String url = requireHttpUrl(request.url().strip());
        List<String> events = request.events().stream().map(String::strip).distinct().toList();
        events.forEach(type -> {
            if (EventType.ofWireName(type) == null || EventType.ofWireName(type) == EventType.FOLDERS_COUNTED) {
                throw new FieldRejectedException("events", "has an unknown event type '" + type + "': one of "
                        + Arrays.stream(EventType.values()).filter(t -> t != EventType.FOLDERS_COUNTED)
                                .map(EventType::wireName).toList());
            }
        });
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into webhook (url, events, secret, created_at)
                        values (:url, cast(:events as varchar(64)[]), :secret, :now) returning id""")
                .param("url", url).param("events", "{" + String.join(",", events) + "}")
                .param("secret", request.secret()).param("now", Timestamp.from(now))
                .query(Long.class).single();
        return new WebhookResponse(id, url, events, true, now);
    }

    @Transactional(readOnly = true)
    public List<WebhookResponse> list() {
        return jdbc.sql("select id, url, events, active, created_at from webhook where active order by id")
                .query((rs, row) -> new WebhookResponse(rs.getLong("id"), rs.getString("url"),
                        strings(rs.getArray("events")), rs.getBoolean("active"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Stops deliveries at once; the ones still pending are given up, and the log is kept. */
    @Transactional
    public void delete(long webhookId) {
        if (jdbc.sql("update webhook set active = false where id = :id and active").param("id", webhookId).update() == 0) {
            throw new WebhookNotFoundException(webhookId);
        }
        jdbc.sql("""
                        update webhook_delivery set state = 'FAILED', next_attempt_at = null, finished_at = :now
                        where webhook_id = :id and state = 'PENDING'""")
                .param("id", webhookId).param("now", Timestamp.from(clock.instant())).update();
    }

    /** The delivery log, newest first. */
    @Transactional(readOnly = true)
    public PageResponse<WebhookDeliveryResponse> deliveries(long webhookId, int limit, String cursor) {
        if (jdbc.sql("select count(*) from webhook where id = :id").param("id", webhookId).query(Long.class).single() == 0) {
            throw new WebhookNotFoundException(webhookId);
        }
        long before = cursor == null ? Long.MAX_VALUE
                : (Long) CursorPages.decode(cursor, "deliveries:" + webhookId, BY_ID).get("id");
        List<WebhookDeliveryResponse> page = new ArrayList<>(jdbc.sql("""
                        select d.id, d.tick_id, d.event_id, coalesce(e.type, '') as type, d.state, d.attempts, d.next_attempt_at,
                               d.created_at, d.finished_at
                        from webhook_delivery d left join outbox_event e on e.id = d.event_id
                        where d.webhook_id = :webhookId and d.id < :before
                        order by d.id desc limit :limit""")
                .param("webhookId", webhookId).param("before", before).param("limit", limit + 1)
                .query((rs, row) -> new WebhookDeliveryResponse(rs.getLong("id"),
                        position(rs.getLong("tick_id"), rs.getLong("event_id")).id(),
                        rs.getString("type"), rs.getString("state"), rs.getInt("attempts"),
                        instant(rs.getTimestamp("next_attempt_at")), rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("finished_at")), new ArrayList<>()))
                .list());
        String next = null;
        if (page.size() > limit) {
            page.remove(limit);
            next = CursorPages.encode("deliveries:" + webhookId, Map.of("id", page.get(limit - 1).id()));
        }
        Map<Long, WebhookDeliveryResponse> byId = new LinkedHashMap<>();
        page.forEach(delivery -> byId.put(delivery.id(), delivery));
        if (!byId.isEmpty()) {
            jdbc.sql("""
                            select delivery_id, attempt, at, status_code, error, duration_ms, succeeded
                            from webhook_delivery_attempt where delivery_id in (:ids) order by delivery_id, attempt""")
                    .param("ids", byId.keySet())
                    .query((rs, row) -> {
                        Integer status = (Integer) rs.getObject("status_code");
                        byId.get(rs.getLong("delivery_id")).attempts().add(new WebhookDeliveryResponse.Attempt(
                                rs.getInt("attempt"), rs.getTimestamp("at").toInstant(), status, rs.getString("error"),
                                rs.getLong("duration_ms"), rs.getBoolean("succeeded")));
                        return null;
                    }).list();
        }
        return new PageResponse<>(page, next);
    }

    /**
     * Claims due deliveries for this instance: at most {@code perWebhook} of one webhook, so a dead
     * receiver cannot take every sender. A claim is a lease: if this instance dies mid-delivery, the
     * delivery is due again when the lease ends (at-least-once).
     */
    @Transactional
    List<DueDelivery> claimDue(int limit, int perWebhook, java.time.Duration lease) {
        Instant now = clock.instant();
        List<DueDelivery> due = jdbc.sql("""
                        select d.id, d.webhook_id, w.url, w.secret, d.tick_id, d.event_id, e.type, e.payload::text as payload,
                               d.attempts
                        from webhook_delivery d
                        join webhook w on w.id = d.webhook_id
                        join outbox_event e on e.id = d.event_id
                        where d.id in (select id from (
                                  select id, row_number() over (partition by webhook_id order by next_attempt_at, id) as n
                                  from webhook_delivery where state = 'PENDING' and next_attempt_at <= :now) ranked
                              where n <= :perWebhook)
                        order by d.next_attempt_at, d.id
                        limit :limit
                        for update of d skip locked""")
                .param("now", Timestamp.from(now)).param("perWebhook", perWebhook).param("limit", limit)
                .query((rs, row) -> {
                    EventPosition position = position(rs.getLong("tick_id"), rs.getLong("event_id"));
                    return new DueDelivery(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("url"),
                            rs.getString("secret"), position.id(), rs.getString("type"),
                            LiveEventStream.withId(position, rs.getString("payload")), rs.getInt("attempts"));
                })
                .list();
        if (!due.isEmpty()) {
            jdbc.sql("update webhook_delivery set next_attempt_at = :leaseEnd where id in (:ids)")
                    .param("leaseEnd", Timestamp.from(now.plus(lease)))
                    .param("ids", due.stream().map(DueDelivery::id).toList()).update();
        }
        return due;
    }

    /** Records one attempt; {@code retryAt} null means delivered (or given up when it failed). */
    @Transactional
    void recordAttempt(DueDelivery delivery, Integer statusCode, String error, long durationMs, boolean succeeded,
            Instant retryAt) {
        Instant now = clock.instant();
        int attempt = delivery.attempts() + 1;
        jdbc.sql("""
                        insert into webhook_delivery_attempt (delivery_id, attempt, at, status_code, error, duration_ms, succeeded)
                        values (:id, :attempt, :at, :status, :error, :duration, :succeeded)""")
                .param("id", delivery.id()).param("attempt", attempt).param("at", Timestamp.from(now))
                .param("status", statusCode).param("error", error == null ? null : abbreviate(error))
                .param("duration", durationMs).param("succeeded", succeeded).update();
        String state = succeeded ? "DELIVERED" : retryAt == null ? "FAILED" : "PENDING";
        jdbc.sql("""
                        update webhook_delivery set attempts = :attempt, state = :state, next_attempt_at = :retryAt,
                                                    finished_at = :finishedAt
                        where id = :id and state = 'PENDING'""")
                .param("id", delivery.id()).param("attempt", attempt).param("state", state)
                .param("retryAt", state.equals("PENDING") ? Timestamp.from(retryAt) : null)
                .param("finishedAt", state.equals("PENDING") ? null : Timestamp.from(now))
                .update();
    }

    /** Deliveries made before the ordered stream have no tick (0): they come before every tick. */
    private static EventPosition position(long tickId, long eventId) {
        return EventPosition.of(tickId, eventId);
    }

    private static String requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new FieldRejectedException("url", "must be an absolute http or https URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new FieldRejectedException("url", "must be an absolute http or https URL");
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
