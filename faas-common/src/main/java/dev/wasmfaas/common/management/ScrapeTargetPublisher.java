package dev.wasmfaas.common.management;

import java.net.InetAddress;
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
 * {@code faas.metrics.targets-dir}; without it, or without a separate management port, nothing is written.
 */
public final class ScrapeTargetPublisher implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    /** The property naming the directory of the scrape target files. */
    public static final String TARGETS_DIR = "faas.metrics.targets-dir";

    private static final Logger log = LoggerFactory.getLogger(ScrapeTargetPublisher.class);
    private static final String MANAGEMENT = "management";

    private final ScrapeTargetFile file;
    private final InetAddress address;

    ScrapeTargetPublisher(ScrapeTargetFile file, InetAddress address) {
        this.file = file;
        this.address = address;
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
        return new ScrapeTargetPublisher(file, environment.getProperty("management.server.address", InetAddress.class));
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
    private String host() {
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
