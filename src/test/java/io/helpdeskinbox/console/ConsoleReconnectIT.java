package io.helpdeskinbox.console;

import static io.helpdeskinbox.console.Chromium.folderCount;
import static io.helpdeskinbox.console.Chromium.visitorsListed;
import static io.helpdeskinbox.console.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * The console's live view across dropped streams: here every stream ends after a second (the
 * server's stream timeout), so the console reconnects again and again, resuming with
 * Last-Event-ID. Its list is built from the events alone: a change missed across a reconnect
 * would be missing from it. A refused resume (400) or a {@code stream.reset} would make the console
 * read the whole list again over REST, which would hide a broken resume: so the server counts the
 * console's requests, and the list is read once, at sign-in, and never again.
 */
@TestPropertySource(properties = "inbox.events.stream-timeout=PT1S")
class ConsoleReconnectIT extends InboxIntegrationTest {

    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        Chromium.quit(browser);
    }

    @Test
    void changesCommittedWhileTheStreamIsDownStillReachTheList() throws Exception {
        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE");
        double listReadsBeforeSignIn = requests("/api/v1/conversations", "200");
        browser = Chromium.signedIn(port, ADMIN_TOKEN);
        waitFor(browser, Chromium.PATIENCE, () -> folderCount(browser, "unassigned").equals("0"));
        // the sign-in's own read of the list, counted once its response is complete: the count shown
        // may come first, and a read counted after the line below would pass for a reload
        waitFor(browser, Chromium.PATIENCE, () -> requests("/api/v1/conversations", "200") > listReadsBeforeSignIn);
        double listReadsBefore = requests("/api/v1/conversations", "200");
        double streamsBefore = requests("/api/v1/events", "200");
        double refusedBefore = requests("/api/v1/events", "400");

        List<String> visitors = IntStream.range(0, 24).mapToObj(i -> "Visitor " + i).toList();
        for (String visitor : visitors) {
            inbox.post("/api/v1/conversations", Map.of("visitor", Map.of("name", visitor), "waitingForAgent", true),
                    HttpStatus.CREATED);
            Thread.sleep(150); // 3.6 s in all: across several ends of the stream
        }

        waitFor(browser, Chromium.PATIENCE, () -> folderCount(browser, "unassigned").equals("24"));
        waitFor(browser, Chromium.PATIENCE, () -> visitorsListed(browser).size() == 24);
        assertThat(visitorsListed(browser)).as("the queue, oldest first, every one of them once")
                .containsExactlyElementsOf(visitors);
        assertThat(requests("/api/v1/events", "200") - streamsBefore).as("streams the server ended meanwhile")
                .isGreaterThanOrEqualTo(2);
        assertThat(requests("/api/v1/events", "400") - refusedBefore).as("resumes refused").isZero();
        assertThat(requests("/api/v1/conversations", "200") - listReadsBefore)
                .as("reads of the list over REST after sign-in (a reload after a refused resume or a reset)").isZero();
    }

    /** GET requests the server has answered at {@code uri} with {@code status} (its request metrics). */
    private double requests(String uri, String status) {
        WireResponse metric = WireResponse.send(inbox.http().get()
                .uri("/actuator/metrics/http.server.requests?tag=uri:{uri}&tag=method:GET&tag=status:{status}", uri, status));
        if (metric.status() == 404) {
            return 0; // none yet
        }
        assertThat(metric.status()).as(metric.body()).isEqualTo(200);
        return metric.json().get("measurements").valueStream()
                .filter(measurement -> measurement.get("statistic").asString().equals("COUNT"))
                .findFirst().orElseThrow().get("value").asDouble();
    }
}
