package dev.wasmfaas.common.management;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Writes this process's scrape target once its management server (actuator on its own TCP port)
 * is listening, and removes it when the process stops. The directory is
 * {@code faas.metrics.targets-dir}, the host {@code faas.metrics.host} or else the bound address; without it, or without a separate management port, nothing is written.
 */
public final class ScrapeTargetPublisher implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    /** The property naming the directory of the scrape target files. */
    public static final String TARGETS_DIR = "faas.metrics.targets-dir";
    /**
     * The property naming the host Prometheus reaches this process by, when it is not the bound address:
     * a container's name in docker compose, where Prometheus runs in another container.
     */
    public static final String HOST = "faas.metrics.host";

    private static final Logger log = LoggerFactory.getLogger(ScrapeTargetPublisher.class);
    private static final String MANAGEMENT = "management";

    private final ScrapeTargetFile file;
    private final InetAddress address;
    private final String advertisedHost;

    ScrapeTargetPublisher(ScrapeTargetFile file, InetAddress address, String advertisedHost) {
        this.file = file;
        this.address = address;
        this.advertisedHost = advertisedHost == null || advertisedHost.isBlank() ? null : advertisedHost.strip();
    }

    /**
     * @param environment where {@code faas.metrics.targets-dir} and {@code management.server.address} are read
     * @param instance the file's name and the process's id among the suite's ({@code server}, {@code worker-3})
     * @param labels the target's labels
     */
    public static ScrapeTargetPublisher of(Environment environment, String instance, Map<String, String> labels) {
        String dir = environment.getProperty(TARGETS_DIR);
        ScrapeTargetFile file = dir == null || dir.isBlank() ? null
                : new ScrapeTargetFile(Path.of(dir), instance, labels);
        return new ScrapeTargetPublisher(file, address(environment.getProperty("management.server.address")),
                environment.getProperty(HOST));
    }

    private static InetAddress address(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return InetAddress.getByName(text.strip());
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException("management.server.address is not an address: " + text, ex);
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (file == null || !MANAGEMENT.equals(event.getApplicationContext().getServerNamespace())) {
            return;
        }
        int port = event.getWebServer().getPort();
        file.write(host(), port);
        log.info("metrics on http://{}:{}/actuator/prometheus, scrape target {}", host(), port, file.path());
    }

    // A wildcard bind is scraped through the loopback: the target must be an address one can connect to.
    String host() {
        if (advertisedHost != null) {
            return advertisedHost;
        }
        if (address == null || address.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String text = address.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }

    @Override
    public void destroy() {
        if (file != null) {
            file.delete();
        }
    }
}
