package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.web.CursorPages;
import io.helpdeskinbox.web.FieldRejectedException;
import io.helpdeskinbox.web.PageResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhooks and their deliveries. Deliveries are created by the relay, in the statement that cuts the
 * tick holding the event, one per matching webhook; {@link WebhookDeliverer} works them off.
 */
@Service
public class WebhookService {

    private static final Map<String, Class<?>> BY_ID = Map.of("id", Long.class);

    private final WebhookRepository webhooks;
    private final WebhookTargets targets;
    private final ApplicationEventPublisher announcements;
    private final Clock clock;
    private final Duration disableAfter;

    WebhookService(WebhookRepository webhooks, WebhookTargets targets, ApplicationEventPublisher announcements,
            Clock clock, WebhookProperties properties) {
        this.webhooks = webhooks;
        this.targets = targets;
        this.announcements = announcements;
        this.clock = clock;
        this.disableAfter = properties.disableAfter();
    }

    /** A delivery due now, with what it takes to send it: the event as the stream shows it, id included. */
    record DueDelivery(long id, long webhookId, String url, String secret, String eventId, String eventType,
            String payload, int attempts) {
    }

    @Transactional
    public WebhookResponse create(WebhookRequest request) {
        String url = request.url().strip();
        targets.refusal(requireHttpUrl(url)).ifPresent(why -> {
            throw new FieldRejectedException("url", why);
        });
        List<String> events = request.events().stream().map(String::strip).distinct().toList();
        events.forEach(type -> {
            if (EventType.ofWireName(type) == null || EventType.ofWireName(type) == EventType.FOLDERS_COUNTED) {
                throw new FieldRejectedException("events", "has an unknown event type '" + type + "': one of "
                        + Arrays.stream(EventType.values()).filter(t -> t != EventType.FOLDERS_COUNTED)
                                .map(EventType::wireName).toList());
            }
        });
        Instant now = clock.instant();
        return new WebhookResponse(webhooks.insert(url, events, request.secret(), now), url, events, true,
                WebhookResponse.ACTIVE, null, null, now);
    }

    @Transactional(readOnly = true)
    public List<WebhookResponse> list() {
        return webhooks.findListed();
    }

    /** Stops deliveries at once; the ones still pending are given up, and the log is kept. */
    @Transactional
    public void delete(long webhookId) {
        if (!webhooks.deactivate(webhookId)) {
            throw new WebhookNotFoundException(webhookId);
        }
        webhooks.giveUpPendingDeliveries(webhookId, clock.instant());
    }

    /** The delivery log, newest first. */
    @Transactional(readOnly = true)
    public PageResponse<WebhookDeliveryResponse> deliveries(long webhookId, int limit, String cursor) {
        if (!webhooks.exists(webhookId)) {
            throw new WebhookNotFoundException(webhookId);
        }
        long before = cursor == null ? Long.MAX_VALUE
                : (Long) CursorPages.decode(cursor, "deliveries:" + webhookId, BY_ID).get("id");
        List<WebhookDeliveryResponse> page = webhooks.deliveries(webhookId, before, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page.remove(limit);
            next = CursorPages.encode("deliveries:" + webhookId, Map.of("id", page.get(limit - 1).id()));
        }
        Map<Long, WebhookDeliveryResponse> byId = new LinkedHashMap<>();
        page.forEach(delivery -> byId.put(delivery.id(), delivery));
        webhooks.addAttempts(byId);
        return new PageResponse<>(page, next);
    }

    /**
     * Claims due deliveries for this instance, at most {@code perWebhook} of one webhook. A claim is a
     * lease: if this instance dies mid-delivery, the delivery is due again when the lease ends
     * (at-least-once).
     */
    @Transactional
    List<DueDelivery> claimDue(int limit, int perWebhook, Map<Long, Integer> inFlight, Duration lease) {
        Instant now = clock.instant();
        List<DueDelivery> due = webhooks.lockDue(now, limit, perWebhook, inFlight);
        if (!due.isEmpty()) {
            webhooks.lease(due.stream().map(DueDelivery::id).toList(), now.plus(lease));
        }
        return due;
    }

    /**
     * Records one attempt; {@code retryAt} null means delivered (or given up when it failed). A
     * receiver failing for longer than {@code inbox.webhooks.disable-after} is disabled here: its
     * pending deliveries are given up and the change is announced as {@code webhook.disabled}.
     */
    @Transactional
    void recordAttempt(DueDelivery delivery, Integer statusCode, String error, long durationMs, boolean succeeded,
            Instant retryAt) {
        Instant now = clock.instant();
        int attempt = delivery.attempts() + 1;
        // the webhook's row before its deliveries', as every delivery of it does: two deliveries of one
        // webhook finishing together then queue on the webhook row instead of deadlocking on each other's
        Instant failingSince = webhooks.recordOutcome(delivery.webhookId(), succeeded, now);
        webhooks.insertAttempt(delivery.id(), attempt, now, statusCode, error == null ? null : abbreviate(error),
                durationMs, succeeded);
        String state = succeeded ? "DELIVERED" : retryAt == null ? "FAILED" : "PENDING";
        webhooks.updateDelivery(delivery.id(), attempt, state, retryAt, now);
        if (failingSince != null && failingSince.isBefore(now.minus(disableAfter))
                && webhooks.disable(delivery.webhookId(), now)) {
            webhooks.giveUpPendingDeliveries(delivery.webhookId(), now);
            webhooks.find(delivery.webhookId())
                    .ifPresent(disabled -> announcements.publishEvent(WebhookDisabled.of(disabled)));
        }
    }

    private static URI requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new FieldRejectedException("url", "must be an absolute http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FieldRejectedException("url", "must be an absolute http or https URL");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
