package dev.wasmfaas.common.contract;

/**
 * A worker process announced by the server to the balancer.
 *
 * @param id stable id ({@code worker-2})
 * @param endpoint where it listens ({@code unix:/.../worker-2.sock} or {@code http://host:port})
 * @param pid its process id
 * @param slots how many invocations it runs at once
 * @param weight its share under the WEIGHTED strategy
 */
public record WorkerRegistration(String id, String endpoint, long pid, int slots, int weight) {
}
