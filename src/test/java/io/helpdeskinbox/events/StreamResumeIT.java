package io.helpdeskinbox.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code Last-Event-ID} as a client behind a load balancer uses it: it reconnects to whichever
 * instance it is sent to, and resumes right after the last event it saw, missing nothing.
 */
class StreamResumeIT extends InboxIntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    /**
     * A reference stream on the first instance stays open throughout: what the resumed stream on the
     * second instance delivers must be exactly the reference's changes after the last one the client
     * took, the same ids and the same data, none of those it took before.
     */
    @Test
    void aClientResumingOnTheOtherInstanceGetsExactlyTheChangesItMissedInOrder() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        long conversation = inbox.startConversation("Cristóbal Villar");
        awaitEverythingTicked();
        try (SecondInstance second = new SecondInstance();
                SseClient reference = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, null)) {
            InboxClient onSecond = second.client();
            List<SseClient.Event> taken;
            try (SseClient first = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, null)) {
                assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
                assertThat(onSecond.action(conversation, "unassign", null).status()).isEqualTo(200);
                assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
                // the third may have reached the client too: it took only two when it went away
                taken = first.takeChanges(2, SOON);
            }
            String lastSeen = taken.get(1).id();

            long other = onSecond.startConversation("Iker Etxeberria");
            for (int i = 0; i < 3; i++) {
                assertThat(onSecond.action(conversation, "unassign", null).status()).isEqualTo(200);
                assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            }
            assertThat(inbox.action(other, "archive", null).status()).isEqualTo(200);
            int changes = 3 + 1 + 6 + 1;
            List<SseClient.Event> everything = reference.takeChanges(changes, SOON);
            assertThat(everything.subList(0, 2)).as("the reference saw what the client took")
                    .extracting(SseClient.Event::id).containsExactlyElementsOf(taken.stream().map(SseClient.Event::id).toList());
            List<SseClient.Event> missed = everything.subList(2, changes);

            try (SseClient resumed = SseClient.connect("http://localhost:" + second.port(), ADMIN_TOKEN, lastSeen, null)) {
                SseClient.Event totals = resumed.take(1, SOON).get(0);
                assertThat(totals.name()).as("the totals where it resumes come first").isEqualTo("folders.counted");
                assertThat(totals.id()).isGreaterThan(lastSeen);
                JsonNode counts = totals.data().get("folderCounts");
                assertThat(List.of(counts.get("unassigned").asLong(), counts.get("assigned").asLong()))
                        .as("after the second change: unassigned again").containsExactly(1L, 0L);

                List<SseClient.Event> got = resumed.takeChanges(missed.size(), SOON);
                assertThat(got).extracting(SseClient.Event::id).as("exactly the missed ones, in order")
                        .containsExactlyElementsOf(missed.stream().map(SseClient.Event::id).toList())
                        .doesNotContainAnyElementsOf(taken.stream().map(SseClient.Event::id).toList())
                        .isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
                assertThat(got).extracting(SseClient.Event::data).as("as the other instance sent them")
                        .containsExactlyElementsOf(missed.stream().map(SseClient.Event::data).toList());
                assertThat(got.stream().filter(event -> event.data().get("conversation").get("id").asLong() == conversation)
                        .map(event -> event.data().get("conversation").get("version").asLong()).toList())
                        .as("the conversation's versions").isSorted().doesNotHaveDuplicates().hasSize(7);

                List<SseClient.Event> rest = resumed.takeUntil(SseClient.Event::isCounted, SOON);
                assertThat(rest.get(rest.size() - 1).data().get("folderCounts"))
                        .isEqualTo(inbox.get("/api/v1/conversations/counts"));
                resumed.assertNothingMore(Duration.ofMillis(500));
            }
        }
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
