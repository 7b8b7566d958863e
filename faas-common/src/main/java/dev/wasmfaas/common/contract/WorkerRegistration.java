package dev.wasmfaas.common.contract;

/**
 * A worker announced to the balancer: by the server for its local pool, or by a remote worker itself.
 *
 * @param id stable id ({@code worker-2}, or a remote worker's own, such as its host name)
 * @param endpoint where it listens ({@code unix:/.../worker-2.sock}, {@code http://host:port}, or
 *        {@code https://host:port} for a remote worker, called with mutual TLS)
 * @param pid its process id
 * @param slots how many invocations it runs at once
 * @param weight its share under the WEIGHTED strategy
 * @param leaseMs for a remote worker, how long this registration holds unless renewed (by the same
 *        registration again), in milliseconds; null for a worker of the local pool, which holds until removed
 */
public record WorkerRegistration(String id, String endpoint, long pid, int slots, int weight, Long leaseMs) {

    /** A registration without a lease: a worker of the server's local pool. */
    public WorkerRegistration(String id, String endpoint, long pid, int slots, int weight) {
        this(id, endpoint, pid, slots, weight, null);
    }

    /** Whether it expires unless renewed. */
    public boolean leased() {
        return leaseMs != null;
    }
}
