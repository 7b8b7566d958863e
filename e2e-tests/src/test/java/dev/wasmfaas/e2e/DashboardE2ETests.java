package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the whole suite: it loads without a console
 * error, shows a function deployed here and its count rising as it is invoked over the API, and
 * its strategy control changes what {@code GET /system/strategy} answers. The screenshot it
 * leaves, {@code target/dashboard-e2e.png}, is the test's artifact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardE2ETests {

    static final Path SCREENSHOT = Path.of("target", "dashboard-e2e.png");
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Suite suite;
    private Api api;

    @BeforeAll
    void up() throws Exception {
        suite = Suite.start("dashboard", 1, Map.of("FAAS_SERVER_ARGS", "--faas.server.pool.spares=0"));
        api = new Api(suite);
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void showsTheFunctionsLoadAndSwitchesTheStrategy() throws Exception {
        api.deploy("dashboard-hello", HELLO);
        api.invoke("dashboard-hello", "");
        String before = Api.okJsonWithoutOk(api.get("/system/strategy")).get("strategy").asString();
        String wanted = before.equals("FIFO") ? "WEIGHTED" : "FIFO";
        List<LogEntry> console = new ArrayList<>();

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            try {
                chromium.driver.get(suite.uri("/dashboard").toString());
                assertThat(chromium.driver.getTitle()).isEqualTo("wasm-faas dashboard");
                WebDriverWait wait = new WebDriverWait(chromium.driver, PATIENCE, Duration.ofMillis(200));

                long shown = wait.until(d -> countShown(chromium, "dashboard-hello") >= 1 ? countShown(chromium,
                        "dashboard-hello") : null);
                for (int i = 0; i < 3; i++) {
                    api.invoke("dashboard-hello", "x");
                }
                wait.until(d -> countShown(chromium, "dashboard-hello") >= shown + 3);
                assertThat(text(chromium, "#workers tbody tr[data-worker] td.state")).isEqualTo("ready");

                chromium.driver.findElement(By.cssSelector("#strategy button[data-strategy='" + wanted + "']"))
                        .click();
                wait.until(d -> "true".equals(d.findElement(By.cssSelector(
                        "#strategy button[data-strategy='" + wanted + "']")).getDomAttribute("aria-pressed")));
                assertThat(Api.okJsonWithoutOk(api.get("/system/strategy")).get("strategy").asString())
                        .isEqualTo(wanted);
                assertThat(chromium.driver.findElement(By.id("strategy-error")).isDisplayed()).isFalse();
                // Either records, or the plain note that this gateway has none: never an empty promise.
                wait.until(d -> !text(chromium, "#activations-note").isEmpty());
                console.addAll(chromium.consoleEntries());
            } finally {
                chromium.screenshot(SCREENSHOT);
            }
        }

        console.forEach(entry -> System.out.println("console: " + entry));
        assertThat(console).as("console errors of the page").filteredOn(e -> e.getLevel().intValue() >= Level
                .SEVERE.intValue()).filteredOn(e -> !unmergedActivations(e)).isEmpty();
        assertThat(SCREENSHOT).isNotEmptyFile();
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

    // Chromium reports every 4xx of a fetch on the console. Until the activations endpoint exists,
    // its 404 is expected, and the page says "activations unavailable" instead of failing.
    private static boolean unmergedActivations(LogEntry entry) {
        return entry.getMessage().contains("/activations?limit=") && entry.getMessage().contains("404");
    }
}
