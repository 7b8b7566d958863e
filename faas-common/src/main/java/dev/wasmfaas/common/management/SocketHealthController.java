package dev.wasmfaas.common.management;

import java.util.Map;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /actuator/health} (and its groups, {@code liveness}, {@code readiness}) on the service's own
 * listener when actuator has moved to a management port: the services probe each other there, over their
 * sockets, and the gateway's public port keeps its health for load balancers. Status only, no details.
 */
@RestController
public final class SocketHealthController {

    private final HealthEndpoint health;

    public SocketHealthController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping(path = "/actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> health() {
        return answer(health.health());
    }

    @GetMapping(path = "/actuator/health/{group}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> group(@PathVariable String group) {
        return answer(health.healthForPath(group));
    }

    private static ResponseEntity<Map<String, String>> answer(HealthDescriptor descriptor) {
        if (descriptor == null) {
            return ResponseEntity.notFound().build();
        }
        Status status = descriptor.getStatus();
        return ResponseEntity.status(Status.UP.equals(status) ? 200 : 503).body(Map.of("status", status.getCode()));
    }
}
