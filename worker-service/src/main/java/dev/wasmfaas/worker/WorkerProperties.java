package dev.wasmfaas.worker;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of one worker process ({@code faas.worker.*}).
 *
 * @param id the worker's id, reported in every result ({@code worker-2})
 * @param socket the UNIX-domain socket to listen on; when absent the worker listens on {@code server.port}
 * @param parentPid the process whose death ends this worker (the server that spawned it); 0 for none
 * @param parentPipe whether stdin is a pipe from that parent, which ends when it does: the worker then waits on it
 *        instead of looking at the parent twice a second
 * @param moduleCacheSize how many compiled modules are kept, least recently used evicted first
 * @param epochTickMs how often the Wasmtime epoch advances: the granularity of invocation time limits
 * @param compileCache a directory for Wasmtime's compilation cache, shared by the workers of one server, so that
 *        a module compiled once (at deploy) is read, not compiled again, by every other worker; none when absent
 * @param stores how stores are kept warm between runs of a function
 * @param sandbox how js, python and php functions are sandboxed
 * @param tcp the worker's lane on a TCP port with mutual TLS, for a balancer on another host
 * @param remote a worker on another host than the server: its registration with the balancer, and where it
 *        fetches modules
 */
@ConfigurationProperties("faas.worker")
public record WorkerProperties(
        @DefaultValue("worker-0") String id,
        Path socket,
        @DefaultValue("0") long parentPid,
        @DefaultValue("false") boolean parentPipe,
        @DefaultValue("256") int moduleCacheSize,
        @DefaultValue("10") long epochTickMs,
        Path compileCache,
        @DefaultValue Stores stores,
        @DefaultValue Sandbox sandbox,
        @DefaultValue Tcp tcp,
        @DefaultValue Remote remote) {

    public WorkerProperties {
        if (moduleCacheSize < 1) {
            throw new IllegalArgumentException("faas.worker.module-cache-size must be at least 1");
        }
        if (epochTickMs < 1) {
            throw new IllegalArgumentException("faas.worker.epoch-tick-ms must be at least 1");
        }
        if (stores == null) {
            throw new IllegalArgumentException("faas.worker.stores is required");
        }
        if (sandbox == null) {
            throw new IllegalArgumentException("faas.worker.sandbox is required");
        }
        tcp = tcp != null ? tcp : new Tcp(0, "0.0.0.0");
        remote = remote != null ? remote : new Remote(null, null, Duration.ofSeconds(10), null, 2, 0, null, 512);
    }

    /**
     * The lane over TCP with mutual TLS ({@code faas.worker.tcp.*}, the SSL bundle {@code faas}): {@code POST /invoke}
     * and {@code GET /health}, as on the UNIX-socket lane.
     *
     * @param port its TCP port; 0 for none
     * @param address the address it binds
     */
    public record Tcp(@DefaultValue("0") int port, @DefaultValue("0.0.0.0") String address) {

        public Tcp {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("faas.worker.tcp.port must be a port number, or 0 for none");
            }
        }
    }

    /**
     * A worker on another host ({@code faas.worker.remote.*}); every call goes over mutual TLS (the SSL bundle
     * {@code faas}).
     *
     * @param balancer the balancer's mutual-TLS listener ({@code https://balancer:9443}), where the worker registers
     *        and renews its lease; none when absent
     * @param advertise the endpoint the balancer calls it at ({@code https://10.1.2.3:9443}, its TCP lane)
     * @param lease how long a registration holds unless renewed; renewed every third of it
     * @param server the server's mutual-TLS listener ({@code https://server:9444}), where modules are fetched by
     *        digest; when absent artifacts are read at the path the invocation names (a shared disk)
     * @param slots invocations it runs at once, as registered
     * @param weight its WEIGHTED share, as registered (0: its slots)
     * @param moduleDir where fetched modules are kept (default: a directory of the worker's in the system's
     *        temporary directory)
     * @param moduleDirMb how much the fetched modules may take on disk, least recently used removed first
     */
    public record Remote(
            String balancer,
            String advertise,
            @DefaultValue("10s") Duration lease,
            String server,
            @DefaultValue("2") int slots,
            @DefaultValue("0") int weight,
            Path moduleDir,
            @DefaultValue("512") int moduleDirMb) {

        public Remote {
            if (lease == null || lease.toMillis() < 300) {
                throw new IllegalArgumentException("faas.worker.remote.lease must be at least 300ms");
            }
            if (slots < 1 || weight < 0 || moduleDirMb < 1) {
                throw new IllegalArgumentException(
                        "faas.worker.remote: slots >= 1, weight >= 0 and module-dir-mb >= 1 are required");
            }
            if (balancer != null && (advertise == null || !advertise.startsWith("https://"))) {
                throw new IllegalArgumentException(
                        "faas.worker.remote.advertise must be the https:// endpoint of the worker's TCP lane");
            }
        }
    }

    public Duration epochTick() {
        return Duration.ofMillis(epochTickMs);
    }

    /**
     * Warm stores ({@code faas.worker.stores.*}): a function's store, with its imports resolved, is reused
     * for many runs (each a fresh instance), and disposed after {@code runs} runs or {@code memoryMb} of guest
     * memory summed over its runs, since a store frees its instances' memory only when it is disposed.
     *
     * @param idle stores kept between runs, in all (the least recently used are disposed first)
     * @param runs runs after which a store is disposed
     * @param memoryMb guest memory a store may have held over its runs before it is disposed
     */
    public record Stores(
            @DefaultValue("64") int idle,
            @DefaultValue("128") int runs,
            @DefaultValue("256") int memoryMb) {

        public Stores {
            if (idle < 0 || runs < 1 || memoryMb < 1) {
                throw new IllegalArgumentException(
                        "faas.worker.stores: idle >= 0, runs >= 1 and memory-mb >= 1 are required");
            }
        }
    }

    /**
     * The sandbox of script functions ({@code faas.worker.sandbox.*}). A program is given by name
     * ({@code node}: {@code /usr/bin/node} when it exists, else the first on the PATH) or by path; the
     * interpreters must resolve to a file under {@code /usr}, the only system directory the sandbox shows.
     *
     * @param bwrap bubblewrap, which builds the sandbox; scripts are never run without it
     * @param node the runtime of {@code js} functions
     * @param python the runtime of {@code python} functions
     * @param php the runtime of {@code php} functions
     * @param processes processes and threads one sandbox may hold at once (RLIMIT_NPROC)
     * @param fileSizeMb the largest file a function may write (RLIMIT_FSIZE), and the size of its private /tmp
     * @param mountProc whether the sandbox gets a /proc of its own and forbids nested user namespaces (both need
     *        a fresh proc mount); false in a container whose /proc Docker masks, which refuses that mount to an
     *        unprivileged process: the sandbox then has no /proc at all
     */
    public record Sandbox(
            @DefaultValue("bwrap") String bwrap,
            @DefaultValue("node") String node,
            @DefaultValue("python3") String python,
            @DefaultValue("php") String php,
            @DefaultValue("64") int processes,
            @DefaultValue("16") int fileSizeMb,
            @DefaultValue("true") boolean mountProc) {

        public Sandbox {
            if (processes < 1) {
                throw new IllegalArgumentException("faas.worker.sandbox.processes must be at least 1");
            }
            if (fileSizeMb < 1) {
                throw new IllegalArgumentException("faas.worker.sandbox.file-size-mb must be at least 1");
            }
        }
    }
}
