package dev.wasmfaas.server.cgroup;

import dev.wasmfaas.common.cgroup.CgroupUsage;

/**
 * One group's accounting in {@code GET /system/workers}; -1 where not counted or not limited.
 *
 * @param name its name under the platform's parent
 * @param memoryBytes memory charged now
 * @param memoryLimitBytes its memory limit
 * @param memoryPeakBytes the most charged at once
 * @param oomKills processes killed at the memory limit
 * @param cpuSeconds CPU time used
 * @param throttledSeconds time held back by the CPU quota
 * @param throttledPeriods periods in which the quota ran out
 * @param pids processes and threads now
 * @param pidsMax their limit
 * @param pidsRejected forks refused at that limit
 * @param cpuWeight its share of the CPU against the other groups (100 the default; a worker's follows its WEIGHTED
 *        weight)
 */
public record CgroupView(String name, long memoryBytes, long memoryLimitBytes, long memoryPeakBytes, long oomKills,
        double cpuSeconds, double throttledSeconds, long throttledPeriods, long pids, long pidsMax, long pidsRejected,
        long cpuWeight) {

    static CgroupView of(String name, CgroupUsage usage) {
        return new CgroupView(name, usage.memoryBytes(), usage.memoryLimitBytes(), usage.memoryPeakBytes(),
                usage.oomKills(), seconds(usage.cpuNanos()), seconds(usage.throttledNanos()), usage.throttledPeriods(),
                usage.pids(), usage.pidsMax(), usage.pidsRejected(), usage.cpuWeight());
    }

    private static double seconds(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e9;
    }
}
