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
        @DefaultValue Sandbox sandbox) {

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
