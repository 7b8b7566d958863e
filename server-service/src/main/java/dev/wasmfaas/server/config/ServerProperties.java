package dev.wasmfaas.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.wasmfaas.common.contract.Limits;

/**
 * Configuration of the server ({@code faas.server.*}).
 *
 * @param socket UNIX socket to listen on; when absent the server listens on {@code server.port}
 * @param functionsDir where functions are stored, one directory per function version
 * @param runtimeDir where the worker sockets are created
 * @param balancer the balancer's endpoint ({@code unix:...} or {@code http://...})
 * @param pool the worker processes
 * @param compile the compilers
 * @param limits default limits of an invocation
 * @param drainTimeout how long a stopping server waits for in-flight invocations
 * @param activations the records of past and running invocations
 * @param async asynchronous invocations
 */
@ConfigurationProperties("faas.server")
public record ServerProperties(
        Path socket,
        @DefaultValue("functions") Path functionsDir,
        @DefaultValue("run") Path runtimeDir,
        @DefaultValue("unix:run/balancer.sock") String balancer,
        @DefaultValue Pool pool,
        @DefaultValue Compile compile,
        @DefaultValue InvocationLimits limits,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue Activations activations,
        @DefaultValue Async async) {

    /** Where the workers share compiled modules. */
    public Path compileCacheDir() {
        Path configured = pool.compileCache();
        return (configured != null ? configured : functionsDir.resolve(".compiled")).toAbsolutePath().normalize();
    }

    /**
     * The worker pool.
     *
     * @param size number of worker processes at start, and the fewest the autoscaler keeps
     * @param workerJar the worker-service jar to run
     * @param java the java executable that runs the workers (default: the one running the server)
     * @param jvmOptions JVM options of each worker
     * @param slots invocations one worker runs at once
     * @param weights the WEIGHTED share of each position in the pool (first worker first); default its slots
     * @param spares started workers kept in reserve, registered at once when a worker dies
     * @param startTimeout how long a worker may take to become ready
     * @param stopTimeout how long a worker may take to stop before it is killed
     * @param compileCache Wasmtime's compilation cache, shared by the workers (default {@code .compiled} in the
     *        functions directory, so it lasts as long as the functions do)
     * @param autoscale how the pool grows past {@code size} under load and shrinks back
     */
    public record Pool(
            @DefaultValue("4") int size,
            @DefaultValue("worker-service/target/worker-service.jar") Path workerJar,
            String java,
            @DefaultValue({"-XX:+UseSerialGC", "-Xms32m", "-Xmn16m", "-Xmx384m"}) List<String> jvmOptions,
            @DefaultValue("4") int slots,
            List<Integer> weights,
            @DefaultValue("1") int spares,
            @DefaultValue("60s") Duration startTimeout,
            @DefaultValue("10s") Duration stopTimeout,
            Path compileCache,
            @DefaultValue Autoscale autoscale) {

        /** The most workers the pool may have: {@code size} when the autoscaler is off. */
        public int maxSize() {
            return Math.max(size, autoscale.max());
        }

        /** The weight of the worker at this position (1-based). */
        public int weightOf(int position) {
            return weights != null && weights.size() >= position ? weights.get(position - 1) : slots;
        }

        /** The weight of an average worker: the mean of {@code weights}, or the slots when none are given. */
        public double meanWeight() {
            return weights == null || weights.isEmpty() ? slots
                    : weights.stream().mapToInt(Integer::intValue).average().orElse(slots);
        }
    }

    /**
     * The pool's autoscaler, after Knative's: the workers needed for the average concurrency (invocations
     * running plus waiting) over a stable window, or over a short panic window when that asks for
     * {@code panicThreshold} times the workers ready; fewer only after {@code scaleDownDelay} of asking
     * for fewer, one worker at a time, drained first.
     *
     * @param max the most workers; at or below the pool's size the autoscaler is off
     * @param tick how often the server samples the balancer (one {@code GET /queue}): its load, on which the
     *        autoscaler decides, and whether its registrations changed (then compared with the pool)
     * @param stableWindow the window whose average concurrency sizes the pool
     * @param panicWindow the short window that reacts to bursts
     * @param panicThreshold how many times the workers ready the panic window must ask for to panic
     * @param targetUtilization the share of a worker's slots the average concurrency should fill
     * @param scaleDownDelay how long the pool must have asked for fewer workers before one stops
     * @param drainTimeout how long a stopping worker may finish its calls in flight
     */
    public record Autoscale(
            @DefaultValue("0") int max,
            @DefaultValue("2s") Duration tick,
            @DefaultValue("60s") Duration stableWindow,
            @DefaultValue("6s") Duration panicWindow,
            @DefaultValue("2.0") double panicThreshold,
            @DefaultValue("0.7") double targetUtilization,
            @DefaultValue("5m") Duration scaleDownDelay,
            @DefaultValue("30s") Duration drainTimeout) {
    }

    /**
     * The compilers.
     *
     * @param timeout wall-clock limit of one compilation
     * @param parallelism compilations that may run at once
     * @param wasiSdkPath a wasi-sdk to prefer over the system clang ({@code $WASI_SDK_PATH} or {@code /opt/wasi-sdk} when unset)
     * @param maxSourceBytes largest source accepted by a deploy or an update (413 beyond)
     * @param maxModuleBytes largest module: uploaded ({@code lang=wasm}, 413 beyond) or made by a compiler (422 beyond)
     */
    public record Compile(
            @DefaultValue("60s") Duration timeout,
            @DefaultValue("2") int parallelism,
            Path wasiSdkPath,
            @DefaultValue("1048576") long maxSourceBytes,
            @DefaultValue("33554432") long maxModuleBytes) {

        /** The largest body of a deploy or an update: a module when {@code module}, a source otherwise. */
        public long maxUploadBytes(boolean module) {
            return module ? maxModuleBytes : maxSourceBytes;
        }
    }

    /**
     * Default limits of one invocation, and the most a function may ask for at deploy or update.
     *
     * @param timeout wall-clock time
     * @param memoryMb linear memory cap, written into each compiled module
     * @param maxOutputBytes cap on stdout plus stderr
     * @param stackKb the stack linked into a C, C++ or Rust module, inside its memory cap
     * @param max the ceilings of what a function may ask for
     */
    public record InvocationLimits(
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("128") int memoryMb,
            @DefaultValue("1048576") int maxOutputBytes,
            @DefaultValue("1024") int stackKb,
            @DefaultValue Max max) {

        public Limits toLimits() {
            return new Limits(timeout.toMillis(), memoryMb, maxOutputBytes);
        }

        /**
         * The ceilings of per-function limits.
         *
         * @param timeout the longest time limit a function may ask for
         * @param memoryMb the largest memory cap
         * @param outputBytes the largest output cap
         * @param stackKb the largest stack
         */
        public record Max(
                @DefaultValue("60s") Duration timeout,
                @DefaultValue("1024") int memoryMb,
                @DefaultValue("16777216") int outputBytes,
                @DefaultValue("65536") int stackKb) {
        }
    }

    /**
     * The activation records kept in memory; the oldest go first when any bound is passed.
     *
     * @param maxCount how many activations are kept
     * @param maxAge how long an activation is kept after it was accepted
     * @param maxRetainedBytes the output and stderr kept over all activations (UTF-8 bytes)
     * @param defaultLimit how many activations {@code GET /activations} lists without {@code limit}
     * @param maxLimit the largest {@code limit} accepted
     */
    public record Activations(
            @DefaultValue("10000") int maxCount,
            @DefaultValue("24h") Duration maxAge,
            @DefaultValue("67108864") long maxRetainedBytes,
            @DefaultValue("30") int defaultLimit,
            @DefaultValue("200") int maxLimit) {
    }

    /**
     * Asynchronous invocations ({@code async=true}, {@code POST /async-function/{name}}).
     *
     * @param maxPending accepted and not yet finished async invocations; past that, {@code 429 queue-full}
     * @param concurrency async invocations sent to the balancer at once; the others wait as {@code queued}
     */
    public record Async(
            @DefaultValue("256") int maxPending,
            @DefaultValue("16") int concurrency) {
    }
}
