package dev.wasmfaas.server.cgroup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.wasmfaas.common.cgroup.Cgroup;
import dev.wasmfaas.common.cgroup.CgroupLimits;

/**
 * Control groups of the workers and their script sandboxes ({@code faas.server.cgroup.*}). A limit of 0 is
 * no limit. A script sandbox's memory limit is its function's {@code memoryMb} plus its interpreter's own.
 *
 * @param enabled whether to use them where the host allows it (root, a writable cgroupfs)
 * @param parent the platform's parent group, as a path from the hierarchy's root ({@code /faas}); blank for
 *        {@code faas-<pid>} under the server's own group
 * @param workerMemoryMb memory of one worker process, its JVM and the WebAssembly memories of its runs
 * @param workerCpus CPU quota of one worker, in cores (0: none, the weight alone shares the CPU)
 * @param workerCpuWeight CPU weight of one worker (1 to 10000, 100 the default of any group)
 * @param workerPids processes and threads of one worker (its JVM's threads count)
 * @param scriptCpus CPU quota of one script sandbox, in cores
 * @param scriptPids processes and threads of one script sandbox
 */
@ConfigurationProperties("faas.server.cgroup")
public record CgroupProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String parent,
        @DefaultValue("1024") int workerMemoryMb,
        @DefaultValue("0") double workerCpus,
        @DefaultValue("100") int workerCpuWeight,
        @DefaultValue("4096") int workerPids,
        @DefaultValue("1") double scriptCpus,
        @DefaultValue("64") int scriptPids) {

    private static final long MIB = 1024 * 1024;

    public CgroupProperties {
        if (workerMemoryMb < 0 || workerCpus < 0 || workerPids < 0 || scriptCpus < 0 || scriptPids < 0
                || workerCpuWeight < 1 || workerCpuWeight > Cgroup.MAX_CPU_WEIGHT) {
            throw new IllegalArgumentException(
                    "faas.server.cgroup: limits are >= 0 and worker-cpu-weight is between 1 and 10000");
        }
    }

    /** The limits of one worker's group. */
    public CgroupLimits workerLimits() {
        return new CgroupLimits(workerMemoryMb * MIB, workerCpus, workerCpuWeight, workerPids);
    }
}
