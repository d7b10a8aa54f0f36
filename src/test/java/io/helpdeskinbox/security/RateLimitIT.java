package io.helpdeskinbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Real limits, on an instance of their own (the shared test instance has them set out of reach):
 * a caller past its bucket gets 429 with Retry-After and the RateLimit headers while other callers
 * go on; an address whose tokens keep being refused is stopped before its next guess is checked.
 */
class RateLimitIT extends InboxIntegrationTest {

    @Test
    void aCallerPastItsLimitGets429WithRetryAfterWhileOtherCallersGoOn() {
        String agentToken = inbox.hireAgent("Ana", "ana@example.com").token();
        try (SecondInstance limited = new SecondInstance(Map.of(
                "inbox.rate-limits.per-caller.requests-per-second", "1",
                "inbox.rate-limits.per-caller.burst", "3"))) {
            InboxClient admin = new InboxClient("http://localhost:" + limited.port(), ADMIN_TOKEN);
            // the bucket refills a request a second: on a slow machine one may come back between two requests,
            // so the remaining count goes down by one per request, but for the refills the time allows
            long started = System.nanoTime();
            List<Long> remaining = new ArrayList<>();
            WireResponse answer = WireResponse.send(admin.http().get().uri("/api/v1/conversations/counts"));
            while (answer.status() == 200 && remaining.size() < 20) {
                assertThat(answer.headers().getFirst("RateLimit-Policy")).isEqualTo("\"caller\";q=3;w=3");
                remaining.add(remainingOf(answer));
                answer = WireResponse.send(admin.http().get().uri("/api/v1/conversations/counts"));
            }
            long refills = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertThat(remaining).as("r= of each request allowed, %d s of refills", refills)
                    .hasSizeBetween(3, 3 + (int) refills).startsWith(2L).allMatch(r -> r >= 0 && r <= 2);
            WireResponse refused = answer
                    .assertProblem(429).assertProblemType("rate-limited").assertRevealsNoInternals();
            assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("1");
            assertThat(refused.headers().getFirst("RateLimit")).startsWith("\"caller\";r=0;t=");
            assertThat(refused.headers().getFirst("RateLimit-Policy")).isEqualTo("\"caller\";q=3;w=3");

            // another caller has its own bucket
            WireResponse agent = WireResponse.send(admin.as(agentToken).http().get().uri("/api/v1/conversations/counts"));
            assertThat(agent.status()).isEqualTo(200);
        }
    }

    private static long remainingOf(WireResponse allowed) {
        Matcher header = Pattern.compile("^\"caller\";r=(\\d+);t=\\d+$").matcher(allowed.headers().getFirst("RateLimit"));
        assertThat(header.matches()).as("RateLimit: %s", allowed.headers().getFirst("RateLimit")).isTrue();
        return Long.parseLong(header.group(1));
    }

    @Test
    void anAddressWhoseTokensKeepBeingRefusedIsStoppedBeforeItsNextGuess() {
        try (SecondInstance limited = new SecondInstance(Map.of(
                "inbox.rate-limits.failed-authentication.attempts", "3",
                "inbox.rate-limits.failed-authentication.period", "PT1M"))) {
            InboxClient guesser = new InboxClient("http://localhost:" + limited.port(), "guess");
            for (int i = 1; i <= 3; i++) {
                WireResponse.send(guesser.as("guess-" + i).http().get().uri("/api/v1/agents")).assertProblem(401);
            }
            WireResponse stopped = WireResponse.send(guesser.as("guess-4").http().get().uri("/api/v1/agents"))
                    .assertProblem(429).assertProblemType("rate-limited");
            assertThat(Long.parseLong(stopped.headers().getFirst("Retry-After"))).isBetween(1L, 60L);
            assertThat(stopped.headers().getFirst("RateLimit-Policy")).isEqualTo("\"failed-authentication\";q=3;w=60");
            // while it lasts, even a right token from that address waits: a guess is not checked
            assertThat(WireResponse.send(guesser.as(ADMIN_TOKEN).http().get().uri("/api/v1/agents")).status())
                    .isEqualTo(429);
            // requests without credentials are not guesses: the public probes still answer
            assertThat(WireResponse.send(guesser.anonymous().http().get().uri("/actuator/health")).status()).isEqualTo(200);
        }
    }

    /**
     * One limit however many instances: a caller sending twice its burst, every other request to
     * each of two instances, gets through as on one instance (the burst, a request a second of
     * refill, and the few each instance may serve before it hears of the other's), not twice the
     * burst, as buckets kept in each instance would allow.
     */
    @Test
    void aCallerSplittingTwiceItsLimitOverTwoInstancesMeetsOneLimit() {
        Map<String, String> limit = Map.of("inbox.rate-limits.per-caller.requests-per-second", "1",
                "inbox.rate-limits.per-caller.burst", "20");
        try (SecondInstance first = new SecondInstance(limit); SecondInstance second = new SecondInstance(limit)) {
            List<InboxClient> instances = List.of(new InboxClient("http://localhost:" + first.port(), ADMIN_TOKEN),
                    new InboxClient("http://localhost:" + second.port(), ADMIN_TOKEN));
            long started = System.nanoTime();
            int allowed = 0;
            List<Integer> refusedBy = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                WireResponse answer = WireResponse.send(instances.get(i % 2).http().get().uri("/api/v1/conversations/counts"));
                if (answer.status() == 200) {
                    allowed++;
                } else {
                    answer.assertProblem(429).assertProblemType("rate-limited");
                    assertThat(answer.headers().getFirst("Retry-After")).isNotNull();
                    refusedBy.add(i % 2);
                }
            }
            long refills = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
            // a tenth of the burst each instance may serve between two synchronizations: 2 each
            assertThat(allowed).as("let through of 40, with %d s of refills", refills).isBetween(20, 20 + (int) refills + 4);
            assertThat(refusedBy).as("both instances refuse the caller").contains(0, 1);
        }
    }

    /**
     * Refused credentials count once for every instance: an address guessing on two instances in
     * turn is stopped on both after its attempts (and at most one more, the guess that tells the
     * second instance), not after twice its attempts.
     */
    @Test
    void anAddressGuessingOnTwoInstancesIsStoppedOnBothAfterItsAttempts() {
        Map<String, String> limit = Map.of("inbox.rate-limits.failed-authentication.attempts", "3",
                "inbox.rate-limits.failed-authentication.period", "PT1M");
        try (SecondInstance first = new SecondInstance(limit); SecondInstance second = new SecondInstance(limit)) {
            List<InboxClient> instances = List.of(new InboxClient("http://localhost:" + first.port(), "guess"),
                    new InboxClient("http://localhost:" + second.port(), "guess"));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(WireResponse.send(instances.get(i % 2).as("guess-" + i).http().get().uri("/api/v1/agents"))
                        .status());
            }
            assertThat(statuses.subList(0, 3)).as("the address's 3 attempts, over both instances").containsOnly(401);
            assertThat(statuses.stream().filter(status -> status == 401).count()).as("guesses checked: %s", statuses)
                    .isLessThanOrEqualTo(4);
            assertThat(statuses.subList(6, 8)).as("both instances stop the address: %s", statuses).containsOnly(429);
        }
    }
}
