package dev.wasmfaas.common.cgroup;

/**
 * A group's own accounting, read from its files; -1 where the host does not count it, and for a limit
 * that is not set.
 *
 * @param memoryBytes memory charged now
 * @param memoryLimitBytes its memory limit
 * @param memoryPeakBytes the most it was charged at once
 * @param oomKills processes the kernel killed because the group reached its memory limit
 * @param cpuNanos CPU time used by its processes
 * @param throttledPeriods scheduling periods in which it used up its CPU quota
 * @param throttledNanos time its processes were held back by the quota
 * @param pids processes and threads now
 * @param pidsMax its limit of processes and threads
 * @param pidsRejected forks and clones refused because of that limit
 * @param cpuWeight its share of the CPU against its siblings, in v2's terms (v1's shares times 100/1024)
 */
public record CgroupUsage(long memoryBytes, long memoryLimitBytes, long memoryPeakBytes, long oomKills, long cpuNanos,
        long throttledPeriods, long throttledNanos, long pids, long pidsMax, long pidsRejected, long cpuWeight) {
}
