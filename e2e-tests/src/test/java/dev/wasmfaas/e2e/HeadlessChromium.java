package dev.wasmfaas.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import tools.jackson.databind.JsonNode;

/**
 * A real headless Chromium driven through the system's chromedriver, both found on PATH (Debian
 * packages {@code chromium} and {@code chromium-driver}, which {@code ./faas test} installs). Both
 * programs are given to Selenium explicitly, so Selenium Manager never tries to download one.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    final ChromeDriver driver;
    private final Path profile;

    HeadlessChromium() throws Exception {
        Path chromedriver = Optional.ofNullable(System.getProperty("webdriver.chrome.driver")).map(Path::of)
                .or(() -> onPath("chromedriver"))
                .orElseThrow(() -> new IllegalStateException(
                        "chromedriver is not on PATH: install the Debian package chromium-driver (./faas test does)"));
        Path chromium = BROWSERS.stream().map(HeadlessChromium::onPath).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "Chromium is not on PATH: install the Debian package chromium (./faas test does)"));
        profile = Files.createTempDirectory("faas-e2e-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                // --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1000", "--no-first-run", "--disable-extensions",
                        "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        // The DevTools events, of which each request the browser sends: what requestedUrls() reads.
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    }

    /** What the page wrote to the console, and the network errors Chromium reports there, since the last call. */
    List<LogEntry> consoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** The URL of every request the browser sent (its network events, data: URLs included), since the last call. */
    List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = Api.JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asString().equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asString());
            }
        }
        return urls;
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                .findFirst();
    }
}
