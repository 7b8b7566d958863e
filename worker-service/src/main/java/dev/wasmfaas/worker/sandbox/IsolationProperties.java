package dev.wasmfaas.worker.sandbox;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.wasmfaas.common.cgroup.CgroupVersion;

/**
 * What isolates script sandboxes beyond bubblewrap and rlimits ({@code faas.worker.isolation.*}). The server
 * sets the cgroup settings of the workers it starts in cgroups; without them, sandboxes get none.
 *
 * @param cgroupVersion the host's cgroup version, absent without cgroups
 * @param cgroupDirs the platform's parent group, one directory per controller ({@code memory}, {@code cpu},
 *        {@code pids}, maybe {@code cpuacct})
 * @param scriptCpus CPU quota of one sandbox, in cores (0: none)
 * @param scriptPids processes and threads of one sandbox; it replaces RLIMIT_NPROC
 * @param seccomp whether sandboxes get the system-call filter (built at start with libseccomp's Python binding;
 *        without it they run unfiltered, and the worker says so)
 */
@ConfigurationProperties("faas.worker.isolation")
public record IsolationProperties(
        CgroupVersion cgroupVersion,
        Map<String, Path> cgroupDirs,
        @DefaultValue("1") double scriptCpus,
        @DefaultValue("64") int scriptPids,
        @DefaultValue("true") boolean seccomp) {

    public IsolationProperties {
        cgroupDirs = cgroupDirs == null ? Map.of() : Map.copyOf(cgroupDirs);
        if (scriptCpus < 0 || scriptPids < 0) {
            throw new IllegalArgumentException("faas.worker.isolation: script-cpus and script-pids are >= 0");
        }
    }

    public boolean cgroups() {
        return cgroupVersion != null && !cgroupDirs.isEmpty();
    }
}
