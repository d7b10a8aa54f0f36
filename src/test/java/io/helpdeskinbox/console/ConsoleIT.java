package io.helpdeskinbox.console;

import static io.helpdeskinbox.console.Chromium.folderCount;
import static io.helpdeskinbox.console.Chromium.screenshot;
import static io.helpdeskinbox.console.Chromium.visitorsListed;
import static io.helpdeskinbox.console.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient.HiredAgent;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.HttpStatus;

/**
 * The console in a real browser: Debian's headless Chromium, driven through its chromedriver, two
 * browser sessions against the running app (two agents, or the admin and an agent). Whatever one
 * does, or the engine or a
 * partner's API call, shows in both without a reload: within a second as people see it, within
 * three here, which two Chromiums on a loaded 2-core CI machine keep too (without the stream nothing
 * would show at all: the console does not poll).
 */
class ConsoleIT extends InboxIntegrationTest {

    private static final Duration LIVE = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Chromium.PATIENCE;
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private WebDriver ana;
    private WebDriver ben;
    private WebDriver admin;

    @AfterEach
    void closeBrowsers() {
        Chromium.quit(ana, ben, admin);
    }

    @Test
    void twoAgentsSeeEachOthersWorkLiveAndEveryProblemInWords() throws Exception {
        inbox.assignmentSettings(false, "BALANCED", null, "PREVIOUS_AGENT_IF_ONLINE"); // the agents assign by hand
        HiredAgent anaAgent = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        HiredAgent benAgent = inbox.hireAgent("Ben Okafor", "ben@example.com");
        for (String[] visitor : new String[][] {{"Lucía Fernández", "whatsapp", "Can I change my delivery address?"},
                {"Tom Becker", "web", "Do you ship to Austria?"},
                {"Cristóbal Villar", "web", "Hello! My order has not arrived."}}) {
            long waiting = inbox.post("/api/v1/conversations", Map.of("visitor", Map.of("name", visitor[0]),
                    "channel", visitor[1], "waitingForAgent", true), HttpStatus.CREATED).get("id").asLong();
            inbox.post("/api/v1/conversations/" + waiting + "/messages", Map.of("author", "VISITOR", "text", visitor[2]),
                    HttpStatus.CREATED);
        }

        ana = signedIn(anaAgent.token());
        ben = signedIn(benAgent.token());
        for (WebDriver browser : List.of(ana, ben)) {
            waitFor(browser, PATIENCE, () -> folderCount(browser, "unassigned").equals("3"));
            open(browser, "Cristóbal Villar");
        }
        screenshot(ana, "1-unassigned");

        // Ana takes it with the button: both windows show the new counts and Ana's counter within a second
        click(ana, "assign-to-me");
        for (WebDriver browser : List.of(ana, ben)) {
            waitFor(browser, LIVE, () -> folderCount(browser, "unassigned").equals("2") && folderCount(browser, "assigned").equals("1"));
            waitFor(browser, LIVE, () -> agentOption(browser, "Ana Ruiz").endsWith("· 1"));
        }
        assertThat(ana.findElement(By.id("me-counter")).getText()).isEqualTo("1");
        assertThat(ben.findElement(By.id("detail-state")).getText()).contains("Ana Ruiz");
        screenshot(ana, "2-assigned-to-ana");

        // Ana transfers it to Ben with the drop-down; Ana answers first
        ana.findElement(By.id("reply")).sendKeys("Hi! Ben, from shipping, will take it from here.");
        ana.findElement(By.cssSelector("#reply-form button[type=submit]")).click();
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("messages")).getText().contains("Ben, from shipping"));
        new Select(ana.findElement(By.id("agent-choice"))).selectByVisibleText(agentOption(ana, "Ben Okafor"));
        assertThat(ana.findElement(By.id("assign-to-agent")).getText()).isEqualTo("Transfer");
        click(ana, "assign-to-agent");
        waitFor(ben, LIVE, () -> ben.findElement(By.id("me-counter")).getText().equals("1"));
        waitFor(ana, LIVE, () -> ana.findElement(By.id("me-counter")).getText().equals("0"));
        waitFor(ben, PATIENCE, () -> ben.findElement(By.id("detail-state")).getText().contains("Ben Okafor"));

        // Ben archives it
        waitFor(ben, PATIENCE, () -> ben.findElement(By.id("archive")).isDisplayed());
        click(ben, "archive");
        for (WebDriver browser : List.of(ana, ben)) {
            waitFor(browser, LIVE, () -> folderCount(browser, "archived").equals("1") && folderCount(browser, "assigned").equals("0"));
        }
        assertThat(ben.findElement(By.id("me-counter")).getText()).isEqualTo("0");

        // a partner's system creates a conversation through the API: it shows in both, as text
        String partnerKey = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED)
                .get("token").asString();
        inbox.as(partnerKey).post("/api/v1/conversations", Map.of("visitor", Map.of("name", HOSTILE),
                "channel", "partner-api", "waitingForAgent", true), HttpStatus.CREATED);
        for (WebDriver browser : List.of(ana, ben)) {
            waitFor(browser, LIVE, () -> visitorsListed(browser).contains(HOSTILE));
            assertThat(browser.findElements(By.cssSelector("img"))).as("the visitor's name is text, not markup").isEmpty();
        }
        screenshot(ben, "3-hostile-name-as-text");

        // both agents click Assign to me on it at once: one gets it, the other is told why not, in words
        open(ana, HOSTILE);
        open(ben, HOSTILE);
        ((JavascriptExecutor) ana).executeScript("document.getElementById('assign-to-me').click()");
        ((JavascriptExecutor) ben).executeScript("document.getElementById('assign-to-me').click()");
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("detail-state")).getText().startsWith("assigned"));
        waitFor(ben, PATIENCE, () -> ben.findElement(By.id("detail-state")).getText().startsWith("assigned"));
        List<WebDriver> refused = List.of(ana, ben).stream()
                .filter(browser -> browser.findElement(By.id("message")).isDisplayed()).toList();
        assertThat(refused).as("exactly one of the two was refused").hasSize(1);
        assertThat(refused.get(0).findElement(By.id("message")).getText())
                .isEqualTo("The conversation is already assigned to another agent; transfer it instead.");
        screenshot(refused.get(0), "4-refused-in-words");

        // the same screen on a phone
        ana.manage().window().setSize(new Dimension(390, 844));
        screenshot(ana, "5-phone");
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void theAgentsSectionAndTheAssignButtonsShowEveryonesWorkLiveInTheOtherWindow() throws Exception {
        inbox.assignmentSettings(false, "BALANCED", null, "PREVIOUS_AGENT_IF_ONLINE"); // the agents assign by hand
        awaitEveryStreamEnded();
        HiredAgent anaAgent = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        inbox.hireAgent("Ben Okafor", "ben@example.com");
        waiting("Lucía Fernández");
        waiting("Tom Becker");
        waiting("Maria Rossi");

        // the admin's window first: Ana's arrival shows in its Agents section
        admin = signedIn(ADMIN_TOKEN);
        waitFor(admin, PATIENCE, () -> agentEntry(admin, "Ana Ruiz").equals("Ana Ruiz · 0 · offline · not present"));
        ana = signedIn(anaAgent.token());
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").equals("Ana Ruiz · 0 · offline · present"));
        screenshot(admin, "6-agents");

        // Ana takes Lucía with the Assign button beside her: the admin's window shows Ana's counter
        assignBeside(ana, "Lucía Fernández");
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").startsWith("Ana Ruiz · 1 ·")
                && !visitorsListed(admin).contains("Lucía Fernández"));
        waitFor(ana, LIVE, () -> ana.findElement(By.id("me-counter")).getText().equals("1"));

        // the admin gives Tom to Ben, chosen above the list: Ana's window shows Ben's counter
        choose(admin, "assign-as", "Ben Okafor");
        assignBeside(admin, "Tom Becker");
        waitFor(ana, LIVE, () -> agentEntry(ana, "Ben Okafor").startsWith("Ben Okafor · 1 ·"));
        waitFor(ana, LIVE, () -> visitorsListed(ana).equals(List.of("Maria Rossi")));

        // Ana archives Lucía and goes busy: the admin's window shows her counter down and her availability
        clickFolder(ana, "assigned");
        open(ana, "Lucía Fernández");
        click(ana, "archive");
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").startsWith("Ana Ruiz · 0 ·"));
        new Select(ana.findElement(By.id("me-availability"))).selectByValue("BUSY");
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").equals("Ana Ruiz · 0 · busy · present"));
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void theConsoleIsServedWithAPolicyThatAllowsOnlyItsOwnFilesAndSignsInAndOutByKeyboard() throws Exception {
        WireResponse page = WireResponse.send(inbox.anonymous().http().get().uri("/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().getFirst("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");

        ana = Chromium.start();
        ana.get("http://localhost:" + port + "/");
        WebElement token = ana.findElement(By.id("token"));
        token.sendKeys("not-a-token-0123456789", Keys.ENTER);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("message")).getText().equals("That token is not valid."));

        token.clear();
        token.sendKeys(ADMIN_TOKEN, Keys.ENTER);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("inbox")).isDisplayed());
        assertThat(ana.getCurrentUrl()).doesNotContain(ADMIN_TOKEN);
        // the inbox shows as soon as the token is accepted; the name once the agents and folders are read
        waitFor(ana, PATIENCE, () -> !ana.findElement(By.id("me-name")).getText().isEmpty());
        assertThat(ana.findElement(By.id("me-name")).getText()).isEqualTo("admin");
        ana.navigate().refresh(); // the token is kept for the tab
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("inbox")).isDisplayed());

        ana.findElement(By.id("sign-out")).sendKeys(Keys.ENTER);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("sign-in")).isDisplayed());
        assertThat(((JavascriptExecutor) ana).executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    /** A conversation waiting for an agent. */
    private void waiting(String visitor) {
        inbox.post("/api/v1/conversations", Map.of("visitor", Map.of("name", visitor), "channel", "web",
                "waitingForAgent", true), HttpStatus.CREATED);
    }

    /**
     * Waits until the streams of an earlier test's browsers have ended. Its agents had the ids this
     * test's agents get (every test starts from empty tables), and a stream still open would keep
     * the new agent of that id present.
     */
    private void awaitEveryStreamEnded() {
        Awaitility.await().atMost(PATIENCE).until(() -> WireResponse.send(inbox.http().get()
                .uri("/actuator/metrics/inbox.events.clients")).json().get("measurements").get(0).get("value").asDouble() == 0);
    }

    private WebDriver signedIn(String token) {
        return Chromium.signedIn(port, token);
    }

    private static void open(WebDriver browser, String visitor) {
        waitFor(browser, PATIENCE, () -> visitorsListed(browser).contains(visitor));
        browser.findElements(By.cssSelector("#conversations .conversation")).stream()
                .filter(item -> item.findElement(By.className("visitor")).getText().equals(visitor))
                .findFirst().orElseThrow().click();
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("detail-title")).getText().equals(visitor));
    }

    private static void click(WebDriver browser, String id) {
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id(id)).isDisplayed());
        browser.findElement(By.id(id)).click();
    }

    /** The agent's entry in the assign/transfer drop-down: its name, availability and counter. */
    private static String agentOption(WebDriver browser, String name) {
        return new Select(browser.findElement(By.id("agent-choice"))).getOptions().stream().map(WebElement::getText)
                .filter(text -> text.startsWith(name)).findFirst().orElse("");
    }

    /** Chooses the option of a drop-down that starts with {@code text}, chosen again when the console redrew it. */
    private static void choose(WebDriver browser, String select, String text) {
        waitFor(browser, PATIENCE, () -> {
            Select choice = new Select(browser.findElement(By.id(select)));
            choice.getOptions().stream().filter(option -> option.getText().startsWith(text)).findFirst()
                    .ifPresent(option -> choice.selectByVisibleText(option.getText()));
            return choice.getFirstSelectedOption().getText().startsWith(text);
        });
    }

    /** The agent in the Agents section: "name · counter · availability · presence", or "" when not shown. */
    private static String agentEntry(WebDriver browser, String name) {
        return browser.findElements(By.cssSelector("#agents li.agent")).stream()
                .filter(item -> item.findElement(By.className("agent-name")).getText().startsWith(name))
                .map(item -> String.join(" · ", name, item.findElement(By.className("counter")).getText(),
                        item.findElement(By.className("availability")).getText(),
                        item.findElement(By.className("presence")).getText()))
                .findFirst().orElse("");
    }

    private static void clickFolder(WebDriver browser, String folder) {
        browser.findElement(By.cssSelector("[data-folder=\"" + folder + "\"]")).click();
        waitFor(browser, PATIENCE, () -> "true".equals(browser.findElement(By.cssSelector("[data-folder=\"" + folder + "\"]"))
                .getDomAttribute("aria-current")));
    }

    private static Optional<WebElement> listItem(WebDriver browser, String visitor) {
        return browser.findElements(By.cssSelector("#conversations li")).stream()
                .filter(item -> item.findElements(By.className("visitor")).stream()
                        .anyMatch(name -> name.getText().equals(visitor))).findFirst();
    }

    /** The Assign button beside a waiting contact in the list. */
    private static void assignBeside(WebDriver browser, String visitor) {
        waitFor(browser, PATIENCE, () -> visitorsListed(browser).contains(visitor));
        clickWhenShown(browser, () -> listItem(browser, visitor)
                .map(item -> item.findElement(By.cssSelector("button.assign-here"))).orElse(null));
    }

    /** Clicks what {@code found} finds, found again when the console drew it anew meanwhile. */
    private static void clickWhenShown(WebDriver browser, Supplier<WebElement> found) {
        waitFor(browser, PATIENCE, () -> {
            WebElement target = found.get();
            if (target == null || !target.isDisplayed()) {
                return false;
            }
            target.click();
            return true;
        });
    }
}
