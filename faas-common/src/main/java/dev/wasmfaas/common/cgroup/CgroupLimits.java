package dev.wasmfaas.common.cgroup;

/**
 * What one group may use; 0 leaves a limit unset (the parent's applies).
 *
 * @param memoryBytes memory, page cache and tmpfs included; past it the kernel reclaims, then kills
 * @param cpus CPU time per period, in cores (0.5: half of one core); throttled past it
 * @param cpuWeight share of the CPU under contention, 1 to 10000, 100 being the default of every group
 * @param pids processes and threads at once; fork and clone fail past it
 */
public record CgroupLimits(long memoryBytes, double cpus, int cpuWeight, int pids) {

    public CgroupLimits {
        if (memoryBytes < 0 || cpus < 0 || pids < 0 || cpuWeight < 0 || cpuWeight > Cgroup.MAX_CPU_WEIGHT) {
            throw new IllegalArgumentException("cgroup limits are >= 0, and a CPU weight at most 10000");
        }
    }

    /** The same limits with another memory limit. */
    public CgroupLimits withMemory(long bytes) {
        return new CgroupLimits(bytes, cpus, cpuWeight, pids);
    }
}
