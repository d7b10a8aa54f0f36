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
import java.util.HashMap;
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
    void agentsCountersTeamsAndTransfersToATeamShowLiveInTheOtherWindow() throws Exception {
        inbox.assignmentSettings(false, "BALANCED", null, "PREVIOUS_AGENT_IF_ONLINE"); // the agents assign by hand
        awaitEveryStreamEnded();
        HiredAgent anaAgent = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        inbox.hireAgent("Ben Okafor", "ben@example.com");
        long billing = team("Billing");
        team("Shipping");
        team(HOSTILE);
        waiting("Lucía Fernández", Map.of("teamId", billing, "priority", "URGENT"));
        waiting("Tom Becker", Map.of());

        // the admin's window first: Ana's arrival shows in its Agents section
        admin = signedIn(ADMIN_TOKEN);
        waitFor(admin, PATIENCE, () -> agentEntry(admin, "Ana Ruiz").equals("Ana Ruiz · 0 · offline · not present"));
        ana = signedIn(anaAgent.token());
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").equals("Ana Ruiz · 0 · offline · present"));
        for (WebDriver browser : List.of(admin, ana)) {
            waitFor(browser, PATIENCE, () -> teamCount(browser, "All teams").equals("2") && teamCount(browser, "Billing").equals("1")
                    && teamCount(browser, "No team").equals("1") && teamCount(browser, "Shipping").equals("0"));
            assertThat(listed(browser, "Lucía Fernández", "priority")).isEqualTo("URGENT");
            assertThat(listed(browser, "Lucía Fernández", "team")).isEqualTo("Billing");
            assertThat(listed(browser, "Tom Becker", "priority")).isEqualTo("NORMAL");
            assertThat(browser.findElements(By.cssSelector("img"))).as("a team's name is text, not markup").isEmpty();
        }
        screenshot(admin, "6-agents-and-teams");

        // Ana takes Lucía with the Assign button beside her: the admin's window shows Ana's counter and Billing's queue empty
        assignBeside(ana, "Lucía Fernández");
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").startsWith("Ana Ruiz · 1 ·"));
        waitFor(admin, LIVE, () -> teamCount(admin, "Billing").equals("0") && !visitorsListed(admin).contains("Lucía Fernández"));
        waitFor(ana, LIVE, () -> ana.findElement(By.id("me-counter")).getText().equals("1"));

        // the admin gives Tom to Ben, chosen above the list: Ana's window shows Ben's counter
        choose(admin, "assign-as", "Ben Okafor");
        assignBeside(admin, "Tom Becker");
        waitFor(ana, LIVE, () -> agentEntry(ana, "Ben Okafor").startsWith("Ben Okafor · 1 ·"));
        waitFor(ana, LIVE, () -> visitorsListed(ana).isEmpty() && teamCount(ana, "No team").equals("0"));

        // a partner's conversation in Billing changes Billing's count in both windows, and the filter shows it alone
        waiting("Maria Rossi", Map.of("teamId", billing, "priority", "HIGH"));
        waiting("Jan Novak", Map.of());
        for (WebDriver browser : List.of(admin, ana)) {
            waitFor(browser, LIVE, () -> teamCount(browser, "Billing").equals("1") && teamCount(browser, "No team").equals("1"));
        }
        chooseTeam(admin, "Billing");
        waitFor(admin, PATIENCE, () -> visitorsListed(admin).equals(List.of("Maria Rossi")));
        assertThat(folderCount(admin, "unassigned")).as("the folders count the team chosen").isEqualTo("1");
        assertThat(folderCount(admin, "assigned")).isEqualTo("1");
        assertThat(admin.findElement(By.id("list-title")).getText()).isEqualTo("Unassigned · Billing");

        // Ana sends Lucía to Shipping's queue from the detail: the admin's window shows it moved, and Ana's counter
        clickFolder(ana, "assigned");
        open(ana, "Lucía Fernández");
        assertThat(ana.findElement(By.id("detail-routing")).getText()).isEqualTo("urgent priority · team Billing");
        choose(ana, "team-choice", "Shipping");
        screenshot(ana, "7-transfer-to-a-team");
        click(ana, "transfer-to-team");
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("detail-routing")).getText()
                .equals("urgent priority · team Shipping"));
        assertThat(ana.findElement(By.id("detail-state")).getText()).startsWith("unassigned");
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").startsWith("Ana Ruiz · 0 ·")
                && teamCount(admin, "Shipping").equals("1") && folderCount(admin, "assigned").equals("0"));
        chooseTeam(admin, "Shipping");
        waitFor(admin, PATIENCE, () -> visitorsListed(admin).equals(List.of("Lucía Fernández")));
        assertThat(listed(admin, "Lucía Fernández", "team")).isEqualTo("Shipping");
        screenshot(admin, "8-team-filter");

        // Ana takes Maria and archives her: her counter goes up and down in the admin's window
        clickFolder(ana, "unassigned");
        assignBeside(ana, "Maria Rossi");
        waitFor(admin, LIVE, () -> agentEntry(admin, "Ana Ruiz").startsWith("Ana Ruiz · 1 ·"));
        clickFolder(ana, "assigned");
        open(ana, "Maria Rossi");
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
        Chromium.openTokenSignIn(ana);
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

    @Test
    void anInvitedAgentSetsAPasswordSignsInActsAndSignsOutEndingItsStream() throws Exception {
        awaitEveryStreamEnded();
        inbox.assignmentSettings(false, "BALANCED", null, "PREVIOUS_AGENT_IF_ONLINE"); // Ana assigns by hand
        long anaId = inbox.createAgent("Ana Agent", "ana@example.com");
        long waiting = inbox.startWaitingConversation("Lucía Fernández").get("id").asLong();
        String link = inbox.post("/api/v1/agents/" + anaId + "/invitation", null, HttpStatus.CREATED).get("url").asString();

        ana = Chromium.start();
        ana.get(link);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("invitation")).isDisplayed());
        ana.findElement(By.id("new-password")).sendKeys("short");
        ana.findElement(By.id("repeat-password")).sendKeys("short", Keys.ENTER);
        assertThat(ana.findElement(By.id("invitation")).isDisplayed()).as("the browser's own check: 12 characters").isTrue();
        ana.findElement(By.id("new-password")).clear();
        ana.findElement(By.id("repeat-password")).clear();
        ana.findElement(By.id("new-password")).sendKeys("ana's long password");
        ana.findElement(By.id("repeat-password")).sendKeys("ana's long password", Keys.ENTER);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("sign-in")).isDisplayed());
        assertThat(ana.getCurrentUrl()).as("the used link left the address bar").doesNotContain("invitation");

        ana.findElement(By.id("email")).sendKeys("ana@example.com");
        ana.findElement(By.id("password")).sendKeys("not ana's password", Keys.ENTER);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("message")).getText().equals("The email or the password is wrong."));
        ana.findElement(By.id("password")).clear();
        ana.findElement(By.id("password")).sendKeys("ana's long password", Keys.ENTER);
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("inbox")).isDisplayed());
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("me-name")).getText().equals("Ana Agent"));
        assertThat(((JavascriptExecutor) ana).executeScript("return document.cookie")).as("the session cookie is not the page's to read")
                .asString().contains("XSRF-TOKEN=").doesNotContain("SESSION=");
        assertThat(((JavascriptExecutor) ana).executeScript("return sessionStorage.length")).isEqualTo(0L);
        Awaitility.await().atMost(PATIENCE).until(() -> openStreams() == 1);

        // a change, made with the session's cookie and its CSRF token
        open(ana, "Lucía Fernández");
        click(ana, "assign-to-me");
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("detail-state")).getText().startsWith("assigned"));
        assertThat(inbox.conversation(waiting).get("assignee").get("id").asLong()).isEqualTo(anaId);
        // a reload keeps the session
        ana.navigate().refresh();
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("inbox")).isDisplayed());
        Awaitility.await().atMost(PATIENCE).until(() -> openStreams() == 1);

        ana.findElement(By.id("sign-out")).click();
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("sign-in")).isDisplayed());
        Awaitility.await().atMost(PATIENCE).until(() -> openStreams() == 0);
        assertThat(jdbc.sql("select count(*) from spring_session").query(Long.class).single()).isZero();
        ana.navigate().refresh();
        waitFor(ana, PATIENCE, () -> ana.findElement(By.id("sign-in")).isDisplayed());
    }

    private double openStreams() {
        return WireResponse.send(inbox.http().get().uri("/actuator/metrics/inbox.events.clients"))
                .json().get("measurements").get(0).get("value").asDouble();
    }

    private long team(String name) {
        return inbox.post("/api/v1/teams", Map.of("name", name), HttpStatus.CREATED).get("id").asLong();
    }

    /** A conversation waiting for an agent, with these routing fields. */
    private void waiting(String visitor, Map<String, Object> routing) {
        Map<String, Object> body = new HashMap<>(routing);
        body.putAll(Map.of("visitor", Map.of("name", visitor), "channel", "web", "waitingForAgent", true));
        inbox.post("/api/v1/conversations", body, HttpStatus.CREATED);
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

    /** The count beside a team in the team filter (for the folder shown), or "" when the team is not shown. */
    private static String teamCount(WebDriver browser, String team) {
        return teamFilter(browser, team).map(button -> button.findElement(By.className("count")).getText()).orElse("");
    }

    private static Optional<WebElement> teamFilter(WebDriver browser, String team) {
        return browser.findElements(By.cssSelector("#teams button")).stream()
                .filter(button -> button.findElement(By.className("team-name")).getText().equals(team)).findFirst();
    }

    private static void chooseTeam(WebDriver browser, String team) {
        clickWhenShown(browser, () -> teamFilter(browser, team).orElse(null));
        waitFor(browser, PATIENCE, () -> "true".equals(teamFilter(browser, team).orElseThrow().getDomAttribute("aria-current")));
    }

    private static void clickFolder(WebDriver browser, String folder) {
        browser.findElement(By.cssSelector("[data-folder=\"" + folder + "\"]")).click();
        waitFor(browser, PATIENCE, () -> "true".equals(browser.findElement(By.cssSelector("[data-folder=\"" + folder + "\"]"))
                .getDomAttribute("aria-current")));
    }

    /** A part of a listed conversation ("priority" as its data attribute, else the text of that class). */
    private static String listed(WebDriver browser, String visitor, String part) {
        WebElement item = listItem(browser, visitor).orElseThrow();
        WebElement shown = item.findElement(By.className(part));
        return part.equals("priority") ? shown.getDomAttribute("data-priority") : shown.getText();
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
