package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static dev.wasmfaas.e2e.SharedSuite.WITH_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the whole suite: it loads without a console
 * error, shows a function deployed here and its count rising as it is invoked over the API, and
 * its strategy control changes what {@code GET /system/strategy} answers; with API keys, it asks
 * for one and says why a change was refused. The screenshot of the first test,
 * {@code target/dashboard-e2e.png}, is kept as the test's artifact. The suites are shared
 * ({@link SharedSuite}): every function of this class is named {@code dashboard-*}, and each test
 * sets the strategy back to what it found.
 */
class DashboardE2ETests {

    static final Path SCREENSHOT = Path.of("target", "dashboard-e2e.png");
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void showsTheFunctionsLoadAndSwitchesTheStrategy(@SharedSuite.Of(ONE_WORKER) Suite suite) throws Exception {
        String found = strategy(suite, null);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Api api = new Api(suite);
            api.deploy("dashboard-hello", HELLO);
            api.invoke("dashboard-hello", "");
            String wanted = other(found);
            try {
                chromium.driver.get(suite.uri("/dashboard").toString());
                assertThat(chromium.driver.getTitle()).isEqualTo("wasm-faas dashboard");
                WebDriverWait wait = waitIn(chromium);

                long shown = wait.until(d -> countShown(chromium, "dashboard-hello") >= 1
                        ? countShown(chromium, "dashboard-hello") : null);
                for (int i = 0; i < 3; i++) {
                    api.invoke("dashboard-hello", "x");
                }
                wait.until(d -> countShown(chromium, "dashboard-hello") >= shown + 3);
                assertThat(text(chromium, "#workers tbody tr[data-worker] td.state")).isEqualTo("ready");
                // The shared suites run fixed pools: the autoscaler's line says so.
                assertThat(text(chromium, "#autoscaling")).isEqualTo("autoscaling off (a fixed pool)");

                clickStrategy(chromium, wanted);
                wait.until(d -> pressed(chromium, wanted));
                assertThat(strategy(suite, null)).isEqualTo(wanted);
                assertThat(chromium.driver.findElement(By.id("strategy-error")).isDisplayed()).isFalse();
                // The function's activations, newest first, and the percentiles computed from them.
                wait.until(d -> "dashboard-hello".equals(text(chromium, "#activations tbody tr td:nth-child(2)")));
                assertThat(text(chromium, "#activations tbody tr td:nth-child(3)")).isEqualTo("success");
                wait.until(d -> text(chromium, "#latency-basis").matches("over the last \\d+ invocations"));
                assertThat(chromium.driver.findElement(By.id("key-form")).isDisplayed()).isFalse();
            } finally {
                chromium.screenshot(SCREENSHOT);
            }
            assertNoConsoleError(chromium, entry -> false);
        } finally {
            setStrategy(suite, null, found);
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    @Test
    void asksForAKeyAndShowsWhyAStrategyChangeWasRefused(@SharedSuite.Of(WITH_KEYS) Suite suite) throws Exception {
        String manage = SharedSuite.MANAGE_KEY;
        String invoke = SharedSuite.INVOKE_KEY;
        String before = strategy(suite, invoke);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(suite.uri("/deploy?name=dashboard-keyed&lang=c"))
                    .header("Authorization", "Bearer " + manage)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(HELLO))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
            String wanted = other(before);
            WebDriverWait wait = waitIn(chromium);

            chromium.driver.get(suite.uri("/dashboard").toString());
            wait.until(d -> d.findElement(By.id("key-form")).isDisplayed());
            assertThat(text(chromium, "#key-message")).contains("needs an API key");
            enterKey(chromium, invoke);
            wait.until(d -> countShown(chromium, "dashboard-keyed") >= 0);

            clickStrategy(chromium, wanted);
            wait.until(d -> d.findElement(By.id("strategy-error")).isDisplayed());
            assertThat(text(chromium, "#strategy-error")).contains("403").contains("management");
            assertThat(strategy(suite, invoke)).isEqualTo(before);

            chromium.driver.findElement(By.id("forget-key")).click();
            wait.until(d -> d.findElement(By.id("key-form")).isDisplayed());
            enterKey(chromium, manage);
            clickStrategy(chromium, wanted);
            wait.until(d -> pressed(chromium, wanted));
            assertThat(strategy(suite, invoke)).isEqualTo(wanted);
            assertThat(chromium.driver.findElement(By.id("strategy-error")).isDisplayed()).isFalse();
            assertThat(chromium.driver.executeScript("return [sessionStorage.getItem('wasm-faas.api-key'), "
                    + "localStorage.length, document.cookie]")).isEqualTo(List.of(manage, 0L, ""));

            // Refused calls are network lines on the console; nothing else may be.
            assertNoConsoleError(chromium, entry -> entry.getMessage().matches(
                    ".*Failed to load resource: the server responded with a status of 40[13].*"));
            assertThat(suite.log()).doesNotContain(manage).doesNotContain(invoke);
        } finally {
            setStrategy(suite, manage, before);
        }
    }

    private static WebDriverWait waitIn(HeadlessChromium chromium) {
        return new WebDriverWait(chromium.driver, PATIENCE, Duration.ofMillis(200));
    }

    private static void enterKey(HeadlessChromium chromium, String key) {
        chromium.driver.findElement(By.id("key-input")).sendKeys(key);
        chromium.driver.findElement(By.cssSelector("#key-form button[type='submit']")).click();
    }

    private static void clickStrategy(HeadlessChromium chromium, String strategy) {
        chromium.driver.findElement(By.cssSelector("#strategy button[data-strategy='" + strategy + "']")).click();
    }

    private static boolean pressed(HeadlessChromium chromium, String strategy) {
        return "true".equals(chromium.driver.findElement(By.cssSelector(
                "#strategy button[data-strategy='" + strategy + "']")).getDomAttribute("aria-pressed"));
    }

    private String strategy(Suite suite, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(suite.uri("/system/strategy"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return Api.okJsonWithoutOk(Api.conforming(http.send(request.build(), HttpResponse.BodyHandlers.ofString()))).get("strategy")
                .asString();
    }

    /** Puts the strategy back as the test found it: the suite is shared. */
    private void setStrategy(Suite suite, String key, String strategy) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(suite.uri("/system/strategy"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"strategy\":\"" + strategy + "\"}"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = Api.conforming(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(Api.okJsonWithoutOk(response).get("strategy").asString()).isEqualTo(strategy);
    }

    private static String other(String strategy) {
        return strategy.equals("FIFO") ? "WEIGHTED" : "FIFO";
    }

    /** The function's invocation count in its row of the page, or -1 while the row is not there. */
    private static long countShown(HeadlessChromium chromium, String name) {
        String count = text(chromium, "#functions tr[data-function='" + name + "'] td.invocations");
        return count.matches("\\d+") ? Long.parseLong(count) : -1;
    }

    private static String text(HeadlessChromium chromium, String css) {
        try {
            return chromium.driver.findElement(By.cssSelector(css)).getText().strip();
        } catch (NoSuchElementException | StaleElementReferenceException ex) {
            return "";
        }
    }

    private static void assertNoConsoleError(HeadlessChromium chromium, Predicate<LogEntry> expected) {
        List<LogEntry> console = chromium.consoleEntries();
        console.forEach(entry -> System.out.println("console: " + entry));
        assertThat(console).as("console errors of the page")
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filteredOn(entry -> !expected.test(entry)).isEmpty();
    }
}
