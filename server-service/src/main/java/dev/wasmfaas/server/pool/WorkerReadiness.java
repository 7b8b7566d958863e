package dev.wasmfaas.server.pool;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.wasmfaas.common.http.ServiceClients;

/** Waits until a new worker answers its health check, and retries calls that may race a start. */
@Component
class WorkerReadiness {

    private static final Duration POLL = Duration.ofMillis(100);

    private final ServiceClients clients;

    WorkerReadiness(ServiceClients clients) {
        this.clients = clients;
    }

    void await(WorkerProcess worker, Duration timeout) {
        RestClient client = clients.restClient(worker.endpoint());
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!worker.alive()) {
                throw new IllegalStateException(worker.id() + " exited during start");
            }
            if (healthy(client)) {
                return;
            }
            sleep();
        }
        worker.process().destroyForcibly();
        throw new IllegalStateException(worker.id() + " not ready within " + timeout.toSeconds() + " s");
    }

    void retry(Runnable call, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                call.run();
                return;
            } catch (RuntimeException ex) {
                if (Instant.now().isAfter(deadline)) {
                    throw ex;
                }
                sleep();
            }
        }
    }

    private static boolean healthy(RestClient client) {
        try {
            return client.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().is2xxSuccessful();
        } catch (RestClientException ex) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
