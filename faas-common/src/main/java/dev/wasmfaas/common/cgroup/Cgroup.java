package dev.wasmfaas.common.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One control group: a directory per controller on v1 (memory, cpu, cpuacct, pids; co-mounted ones share
 * one), one directory on v2. Writing a process id into {@link #procsFiles()} moves the process in; its
 * children are born in it.
 */
public final class Cgroup {

    private static final long CFS_PERIOD_US = 100_000;
    private static final String V1_NO_LIMIT = "-1";
    /** The largest CPU weight the kernel takes (v2's range is 1 to 10000). */
    public static final int MAX_CPU_WEIGHT = 10_000;
    /** v2's default weight 100 is v1's default 1024 shares. */
    private static final int DEFAULT_WEIGHT = 100;
    private static final long V1_DEFAULT_SHARES = 1024;

    private final CgroupVersion version;
    private final String name;
    private final Map<String, Path> dirs;

    Cgroup(CgroupVersion version, String name, Map<String, Path> dirs) {
        this.version = version;
        this.name = name;
        this.dirs = Map.copyOf(dirs);
    }

    public CgroupVersion version() {
        return version;
    }

    /** Its name under the platform's parent ({@code worker-1}, {@code worker-1.script-0}). */
    public String name() {
        return name;
    }

    /** Its directory of one controller ({@code memory}, {@code cpu}, {@code cpuacct}, {@code pids}). */
    public Path dir(String controller) {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new IllegalStateException("no " + controller + " controller in " + name);
        }
        return dir;
    }

    /** Its directories, one per hierarchy. */
    public Set<Path> dirs() {
        return new LinkedHashSet<>(dirs.values());
    }

    /** The files a process id is written to, to move that process into this group. */
    public List<Path> procsFiles() {
        return dirs().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    /** Sets every limit: the unset ones (0) are lifted. */
    public void apply(CgroupLimits limits) {
        memoryLimit(limits.memoryBytes());
        long quotaUs = Math.round(limits.cpus() * CFS_PERIOD_US);
        cpuWeight(limits.cpuWeight() == 0 ? DEFAULT_WEIGHT : limits.cpuWeight());
        if (version == CgroupVersion.V1) {
            write("cpu", "cpu.cfs_period_us", Long.toString(CFS_PERIOD_US));
            write("cpu", "cpu.cfs_quota_us", quotaUs == 0 ? V1_NO_LIMIT : Long.toString(Math.max(1000, quotaUs)));
            write("pids", "pids.max", limits.pids() == 0 ? "max" : Integer.toString(limits.pids()));
        } else {
            write("cpu", "cpu.max", (quotaUs == 0 ? "max" : Long.toString(Math.max(1000, quotaUs))) + " "
                    + CFS_PERIOD_US);
            write("pids", "pids.max", limits.pids() == 0 ? "max" : Integer.toString(limits.pids()));
        }
    }

    /** Sets its share of the CPU under contention against its siblings, in v2's terms (1 to 10000, 100 the default). */
    public void cpuWeight(int weight) {
        if (weight < 1 || weight > MAX_CPU_WEIGHT) {
            throw new IllegalArgumentException("a CPU weight is between 1 and 10000, not " + weight);
        }
        if (version == CgroupVersion.V1) {
            write("cpu", "cpu.shares", Long.toString(Math.max(2, weight * V1_DEFAULT_SHARES / DEFAULT_WEIGHT)));
        } else {
            write("cpu", "cpu.weight", Integer.toString(weight));
        }
    }

    /** Sets the memory limit alone (0: none); swap, where there is any, is not a way around it on v2. */
    public void memoryLimit(long bytes) {
        if (version == CgroupVersion.V1) {
            write("memory", "memory.limit_in_bytes", bytes == 0 ? V1_NO_LIMIT : Long.toString(bytes));
        } else {
            write("memory", "memory.max", bytes == 0 ? "max" : Long.toString(bytes));
            if (Files.exists(dir("memory").resolve("memory.swap.max"))) {
                write("memory", "memory.swap.max", bytes == 0 ? "max" : "0");
            }
        }
    }

    /** The processes killed so far for reaching the memory limit. */
    public long oomKills() {
        return version == CgroupVersion.V1 ? field("memory", "memory.oom_control", "oom_kill")
                : field("memory", "memory.events", "oom_kill");
    }

    /** Its accounting now. */
    public CgroupUsage usage() {
        if (version == CgroupVersion.V1) {
            long limit = number("memory", "memory.limit_in_bytes");
            return new CgroupUsage(number("memory", "memory.usage_in_bytes"),
                    limit >= Long.MAX_VALUE / 2 ? -1 : limit,
                    number("memory", "memory.max_usage_in_bytes"),
                    field("memory", "memory.oom_control", "oom_kill"),
                    dirs.containsKey("cpuacct") ? number("cpuacct", "cpuacct.usage") : -1,
                    field("cpu", "cpu.stat", "nr_throttled"),
                    field("cpu", "cpu.stat", "throttled_time"),
                    number("pids", "pids.current"),
                    number("pids", "pids.max"),
                    field("pids", "pids.events", "max"),
                    weightOfShares(number("cpu", "cpu.shares")));
        }
        return new CgroupUsage(number("memory", "memory.current"), number("memory", "memory.max"),
                number("memory", "memory.peak"), field("memory", "memory.events", "oom_kill"),
                micros(field("cpu", "cpu.stat", "usage_usec")), field("cpu", "cpu.stat", "nr_throttled"),
                micros(field("cpu", "cpu.stat", "throttled_usec")), number("pids", "pids.current"),
                number("pids", "pids.max"), field("pids", "pids.events", "max"), number("cpu", "cpu.weight"));
    }

    /** Whether a process (a zombie included) is in it: one file read, a process being in every hierarchy. */
    public boolean populated() {
        String text = read(dir("pids").resolve("cgroup.procs"));
        if (text != null && !text.isBlank()) {
            return true;
        }
        // A process that exited leaves cgroup.procs at once but stays charged to pids.current until its parent
        // reaps it: a slot holding such zombies would refuse the next sandbox's forks.
        String current = read(dir("pids").resolve("pids.current"));
        return current != null && !current.isBlank() && Long.parseLong(current.trim()) > 0;
    }

    /** Removes its directories; false when one cannot go yet (a process is still in it). */
    public boolean remove() {
        boolean removed = true;
        for (Path dir : dirs()) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ex) {
                removed = false;
            }
        }
        return removed;
    }

    private void write(String controller, String file, String value) {
        Path path = dir(controller).resolve(file);
        try {
            Files.writeString(path, value, StandardCharsets.US_ASCII);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + value + " to " + path, ex);
        }
    }

    private long number(String controller, String file) {
        Path dir = dirs.get(controller);
        String text = dir == null ? null : read(dir.resolve(file));
        if (text == null) {
            return -1;
        }
        String value = text.strip();
        if (value.equals("max")) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    // One "key value" line of a flat-keyed file (memory.events, cpu.stat, pids.events, memory.oom_control).
    private long field(String controller, String file, String key) {
        Path dir = dirs.get(controller);
        String text = dir == null ? null : read(dir.resolve(file));
        if (text == null) {
            return -1;
        }
        String prefix = key + " ";
        return text.lines().filter(line -> line.startsWith(prefix)).findFirst().map(line -> {
            try {
                return Long.parseLong(line.substring(prefix.length()).strip());
            } catch (NumberFormatException ex) {
                return -1L;
            }
        }).orElse(-1L);
    }

    private static long weightOfShares(long shares) {
        return shares < 0 ? shares : Math.round(shares * (double) DEFAULT_WEIGHT / V1_DEFAULT_SHARES);
    }

    private static long micros(long value) {
        return value < 0 ? value : value * 1000;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException ex) {
            return null;
        } catch (IOException ex) {
            return null;
        }
    }

    @Override
    public String toString() {
        return name + " " + dirs();
    }
}
