package dev.wasmfaas.server.cgroup;

/**
 * Whether the workers and their sandboxes run in control groups, in {@code GET /system/workers}.
 *
 * @param enabled whether they do
 * @param version {@code v1} or {@code v2}; null when not enabled
 * @param parent the platform's parent group (its memory directory); null when not enabled
 * @param reason why they do not, and rlimits alone apply; null when enabled
 * @param workerMemoryBytes memory limit of a worker (0: none)
 * @param workerCpus CPU quota of a worker in cores (0: none)
 * @param workerPids process limit of a worker (0: none)
 * @param scriptCpus CPU quota of a script sandbox in cores (0: none)
 * @param scriptPids process limit of a script sandbox (0: none)
 */
public record CgroupStatus(boolean enabled, String version, String parent, String reason, long workerMemoryBytes,
        double workerCpus, int workerPids, double scriptCpus, int scriptPids) {
}
