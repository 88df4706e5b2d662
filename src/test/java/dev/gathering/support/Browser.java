package dev.gathering.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, never downloaded) for browser tests:
 * {@code @RegisterExtension static final Browser browser = new Browser();} in a test extending
 * {@link IntegrationTest}. One browser per test class, with a fresh profile; before each test its cookies are
 * cleared, its console and network logs emptied, and its requests get a client address of their own (an
 * {@code X-Forwarded-For} header, as {@link Api} does) so that tests never share rate-limit buckets.
 * <ul>
 * <li>{@link #signIn} puts a session on the browser (a token from {@code /auth/login/json} in the session cookie);
 *     the sign-in form itself is tested by driving it.</li>
 * <li>{@link #assertNoErrors} fails on any console error, CSP violation or failed request since the test began.</li>
 * <li>{@link #screenshot} writes {@code target/screenshots/<name>.png}.</li>
 * </ul>
 * When Chromium or its driver is missing the tests are skipped with a message saying what to install.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    public static final Path CHROMIUM = Path.of(System.getProperty("gathering.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("gathering.test.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    public static final Dimension PHONE = new Dimension(390, 844);

    private ChromeDriver driver;
    private Path profile;
    private String baseUrl;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!available) {
            System.err.println("[browser tests] SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing; install them with 'apt-get install chromium chromium-driver' (.ci/run does)");
        }
        Assumptions.assumeTrue(available, "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        profile = Files.createTempDirectory("gathering-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,800", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(DESKTOP);
        driver.executeCdpCommand("Network.enable", Map.of());
        Files.createDirectories(SCREENSHOTS);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        driver.manage().window().setSize(DESKTOP);
        driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("X-Forwarded-For", Api.randomClientIp())));
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get("about:blank");
        drainLogs();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && driver != null) {
            screenshot("failed-" + context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Where the test server is: {@code at("http://localhost:" + port)} once per test. */
    public Browser at(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    public void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Signs the browser in as {@code api}'s token (the session cookie the sign-in form would set). */
    public void signIn(Api api) {
        driver.get(baseUrl + "/ui/login");
        driver.manage().addCookie(new Cookie.Builder("gathering_session", api.token()).path("/ui").isHttpOnly(true)
                .sameSite("Strict").build());
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Clicks the element {@code css} selects, found afresh (a live part may have been re-rendered meanwhile) and
     * scrolled to the middle of the window first (the sticky top bar covers the top).
     */
    public void click(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
                .until(d -> {
                    WebElement element = d.findElement(By.cssSelector(css));
                    script("arguments[0].scrollIntoView({block: 'center'})", element);
                    element.click();
                    return true;
                });
    }

    /** Types into the field {@code css} selects, found afresh. */
    public void type(String css, CharSequence... keys) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = d.findElement(By.cssSelector(css));
                    script("arguments[0].scrollIntoView({block: 'center'})", element);
                    element.sendKeys(keys);
                    return true;
                });
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (up to 20 s) for an element to be visible. */
    public WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits (up to {@code timeout}) until {@code css} matches an element whose text contains {@code text}. */
    public WebElement awaitText(String css, String text, Duration timeout) {
        return new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(element -> element.getText().contains(text)).findFirst().orElse(null));
    }

    /** The text of the first element {@code css} selects that contains {@code text}, read while waiting for it. */
    public String textOf(String css, String text) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(css)).stream().map(WebElement::getText)
                        .filter(found -> found.contains(text)).findFirst().orElse(null));
    }

    public WebElement awaitText(String css, String text) {
        return awaitText(css, text, Duration.ofSeconds(20));
    }

    /** Waits until the page's live stream is connected (the badge says so). */
    public void awaitLive() {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                    "connected".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page's live stream did not connect; browser errors: " + errors(), e);
        }
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    public void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** Saves {@code target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            script("window.scrollTo(0, 0)");
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            System.err.println("[browser tests] screenshot " + name + " failed: " + e);
            return null;
        }
    }

    /** As {@link #screenshot}, of the whole page at the window's width (the window grows for it, then shrinks back). */
    public Path fullPageScreenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 120, 4000)));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Console errors, CSP violations and failed requests since the test began (or the last call). */
    public List<String> errors() {
        List<String> problems = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                problems.add("console " + entry.getLevel() + ": " + entry.getMessage());
            }
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            String message = entry.getMessage();
            if (message.contains("\"Network.loadingFailed\"") && !message.contains("net::ERR_ABORTED")) {
                problems.add("request failed: " + message);
            } else if (message.contains("\"Network.responseReceived\"")) {
                var json = Api.JSON.readTree(message).path("message").path("params").path("response");
                if (json.path("status").asInt(200) >= 400) {
                    problems.add("request answered " + json.path("status").asInt() + ": " + json.path("url").asString());
                }
            }
        }
        return problems;
    }

    /** Every visible form field has a label (a {@code <label for>}, an enclosing label, or an ARIA label). */
    public void assertFieldsLabelled() {
        Object unlabelled = script("""
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                  .filter(f => f.offsetParent !== null)
                  .filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
                  .map(f => f.outerHTML.slice(0, 120));""");
        assertThat((List<?>) unlabelled).as("form fields without a label").isEmpty();
    }

    public void assertNoErrors() {
        assertThat(errors()).as("browser console errors and failed requests").isEmpty();
    }

    public void drainLogs() {
        driver.manage().logs().get(LogType.BROWSER);
        driver.manage().logs().get(LogType.PERFORMANCE);
    }

    public String baseUrl() {
        return baseUrl;
    }
}
