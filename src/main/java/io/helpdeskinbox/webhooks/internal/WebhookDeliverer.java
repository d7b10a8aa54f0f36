package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.infrastructure.BackgroundWork;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Sends webhook deliveries: claims due ones from the database (any instance may), posts each on
 * its own worker thread with a timeout, and records the outcome; a failure is retried later with
 * exponential backoff until {@code max-attempts}. Nothing here runs on a request thread.
 *
 * <p>One receiver has at most {@value #PER_WEBHOOK} deliveries in flight per instance, so a slow or
 * dead receiver delays neither the API nor other receivers; and each finished delivery claims the
 * next at once instead of waiting for the poll, so a healthy receiver keeps up with the write rate
 * (the poll only picks up new ticks and due retries).
 */
@Component
class WebhookDeliverer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);
    private static final int PER_WEBHOOK = 2;

    private final WebhookService webhooks;
    private final WebhookTargets targets;
    private final WebhookHttpClient http;
    private final ThreadPoolTaskExecutor workers;
    private final Semaphore freeWorkers;
    private final Map<Long, AtomicInteger> inFlightByWebhook = new ConcurrentHashMap<>();
    private final AtomicInteger claimsAsked = new AtomicInteger();
    private final ExponentialBackOff backOff;
    /** Recording an attempt is retried for a few seconds: long enough for a lost connection to be replaced. */
    private final RetryTemplate recording = new RetryTemplate(RetryPolicy.builder().maxRetries(5)
            .delay(Duration.ofMillis(100)).multiplier(2).jitter(Duration.ofMillis(50)).build());
    private final int maxAttempts;
    private final Duration timeout;
    /** How much longer than the timeout a claim is leased: an instance that dies mid-delivery holds it this long. */
    private final Duration leaseMargin;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookDeliverer(WebhookService webhooks, WebhookTargets targets, MeterRegistry meters, Clock clock,
            WebhookProperties properties) {
        this.webhooks = webhooks;
        this.targets = targets;
        this.meters = meters;
        this.clock = clock;
        this.timeout = properties.timeout();
        this.leaseMargin = properties.leaseMargin();
        this.maxAttempts = properties.maxAttempts();
        this.http = new WebhookHttpClient(properties.timeout());
        this.backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        this.backOff.setMaxInterval(properties.maxBackoff().toMillis());
        this.workers = new ThreadPoolTaskExecutor();
        this.workers.setCorePoolSize(properties.workers());
        this.workers.setMaxPoolSize(properties.workers());
        this.workers.setThreadNamePrefix("webhook-");
        this.workers.setWaitForTasksToCompleteOnShutdown(false);
        this.workers.initialize();
        this.freeWorkers = new Semaphore(properties.workers());
    }

    /**
     * Every {@link WebhookProperties#pollInterval()} ({@link WebhookDuties}), and after each delivery.
     * One claim at a time per instance: a caller that finds a claim running leaves its request to
     * that claimer, which claims once more before it stops, so no request is lost.
     */
    void claimAndDeliverDue() {
        if (claimsAsked.getAndIncrement() > 0) {
            return;
        }
        int asked = 1;
        do {
            claimOnce();
            asked = claimsAsked.addAndGet(-asked);
        } while (asked > 0);
    }

    private void claimOnce() {
        int free = freeWorkers.availablePermits();
        if (free == 0) {
            return;
        }
        // each webhook gets what is left of its PER_WEBHOOK here: a webhook with one in flight, one more
        Map<Long, Integer> busy = new HashMap<>();
        inFlightByWebhook.forEach((webhook, count) -> {
            if (count.get() > 0) {
                busy.put(webhook, count.get());
            }
        });
        List<WebhookService.DueDelivery> due;
        try {
            due = webhooks.claimDue(free, PER_WEBHOOK, busy, timeout.plus(leaseMargin));
        } catch (RuntimeException e) {
            log.warn("Could not claim webhook deliveries; trying again on the next poll", e);
            return;
        }
        for (WebhookService.DueDelivery delivery : due) {
            freeWorkers.acquireUninterruptibly();
            AtomicInteger inFlight = inFlightByWebhook.computeIfAbsent(delivery.webhookId(), id -> new AtomicInteger());
            inFlight.incrementAndGet();
            workers.execute(() -> BackgroundWork.run(() -> {
                try {
                    deliver(delivery);
                } finally {
                    inFlight.decrementAndGet();
                    freeWorkers.release();
                }
                claimAndDeliverDue();
            }));
        }
    }

    private void deliver(WebhookService.DueDelivery delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            URI target = URI.create(delivery.url());
            Optional<String> refusal = targets.refusal(target);
            if (refusal.isPresent()) {
                error = "Not sent: the URL " + refusal.get();
            } else {
                status = http.post(target, body, Map.of(
                        WebhookSignature.HEADER,
                        WebhookSignature.sign(delivery.secret(), clock.instant().getEpochSecond(), body),
                        "X-Inbox-Event-Id", delivery.eventId(),
                        "X-Inbox-Event-Type", delivery.eventType(),
                        "X-Inbox-Delivery-Attempt", String.valueOf(delivery.attempts() + 1)));
                if (status < 200 || status > 299) {
                    // 3xx too: redirects are not followed (they could lead anywhere, loopback included)
                    error = "HTTP " + status;
                }
            }
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        boolean succeeded = error == null;
        Instant retryAt = succeeded || delivery.attempts() + 1 >= maxAttempts ? null
                : clock.instant().plusMillis(backOffAfter(delivery.attempts() + 1));
        Integer sentStatus = status;
        String sendError = error;
        try {
            // the database may be back in a moment: a delivery left unrecorded waits for its whole lease
            recording.execute(() -> {
                webhooks.recordAttempt(delivery, sentStatus, sendError, durationMs, succeeded, retryAt);
                return null;
            });
        } catch (RetryException e) {
            log.warn("Could not record webhook delivery {}; it will be retried when its lease ends", delivery.id(), e);
        }
        meters.counter("inbox.webhook.deliveries", "outcome", succeeded ? "delivered"
                : retryAt == null ? "given_up" : "failed_will_retry").increment();
        if (!succeeded) {
            meters.counter("inbox.webhook.delivery.failures").increment();
        }
    }

    @Override
    public void destroy() {
        workers.shutdown();
    }

    /** The wait before attempt {@code failedAttempts + 1}: initial, then doubling, capped. */
    private long backOffAfter(int failedAttempts) {
        BackOffExecution execution = backOff.start();
        long wait = execution.nextBackOff();
        for (int i = 1; i < failedAttempts; i++) {
            wait = execution.nextBackOff();
        }
        return wait;
    }
}
