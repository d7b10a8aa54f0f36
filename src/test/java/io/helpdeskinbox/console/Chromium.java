package io.helpdeskinbox.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven through its chromedriver (Debian's chromium and
 * chromium-driver packages; browser downloads are neither needed nor attempted).
 */
final class Chromium {

    private static final String BINARY = System.getenv().getOrDefault("INBOX_TEST_CHROMIUM", "/usr/bin/chromium");
    private static final String DRIVER = System.getenv().getOrDefault("INBOX_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console");
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private Chromium() {
    }

    static WebDriver start() {
        assertThat(new File(BINARY)).as("Chromium for the console's browser tests: apt-get install chromium "
                + "chromium-driver (or set INBOX_TEST_CHROMIUM)").exists();
        assertThat(new File(DRIVER)).as("chromedriver: apt-get install chromium-driver "
                + "(or set INBOX_TEST_CHROMEDRIVER)").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    /** A browser with the console open at {@code port}, signed in with {@code token} by keyboard. */
    static WebDriver signedIn(int port, String token) {
        WebDriver browser = start();
        browser.get("http://localhost:" + port + "/");
        openTokenSignIn(browser);
        browser.findElement(By.id("token")).sendKeys(token, Keys.ENTER);
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("inbox")).isDisplayed());
        return browser;
    }

    /** Unfolds "Sign in with a token instead" under the email and password form. */
    static void openTokenSignIn(WebDriver browser) {
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("sign-in")).isDisplayed());
        browser.findElement(By.cssSelector(".token-sign-in summary")).click();
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("token")).isDisplayed());
    }

    static void waitFor(WebDriver browser, Duration timeout, BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(ignored -> condition.getAsBoolean());
    }

    /** The count the console shows beside a folder. */
    static String folderCount(WebDriver browser, String folder) {
        return browser.findElement(By.cssSelector("[data-count=\"" + folder + "\"]")).getText();
    }

    /**
     * The visitors' names in the conversation list, top to bottom, read again when the console
     * re-rendered the list while it was read.
     */
    static List<String> visitorsListed(WebDriver browser) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElements(By.cssSelector("#conversations .visitor")).stream().map(WebElement::getText)
                        .toList();
            } catch (StaleElementReferenceException rendered) {
                if (attempt == 5) {
                    throw rendered;
                }
            }
        }
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static void quit(WebDriver... browsers) {
        for (WebDriver browser : browsers) {
            if (browser != null) {
                browser.quit();
            }
        }
    }
}
