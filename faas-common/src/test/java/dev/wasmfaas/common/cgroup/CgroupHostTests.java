package dev.wasmfaas.common.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Detection and both interfaces against fake cgroup trees (directories with the files the kernel would show);
 * the real hierarchies of the host are exercised by the sandbox and end-to-end tests.
 */
class CgroupHostTests {

    @TempDir
    Path root;

    // The hybrid layout: one v1 hierarchy per controller, cpu and cpuacct co-mounted, and a v2 hierarchy without
    // controllers; this process in a nested memory group, as under a supervisor that limits memory.
    String hybridMountinfo() {
        return """
                25 20 0:22 / %1$s/memory rw,relatime - cgroup cgroup rw,memory
                26 20 0:23 / %1$s/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
                27 20 0:24 / %1$s/pids rw,relatime - cgroup cgroup rw,pids
                28 20 0:25 / %1$s/unified rw,relatime - cgroup2 cgroup2 rw
                29 20 0:26 / /proc rw - proc proc rw
                """.formatted(root);
    }

    static final String HYBRID_SELF = """
            4:memory:/sup/session
            3:cpu,cpuacct:/
            2:pids:/
            0::/
            """;

    @Test
    void aHybridHostWithoutControllersInV2UsesTheV1Hierarchies() throws IOException {
        Files.createDirectories(root.resolve("memory/sup/session"));
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createDirectories(root.resolve("pids"));
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.controllers"), "hugetlb\n");

        CgroupHost host = CgroupHost.detect(hybridMountinfo(), HYBRID_SELF);

        assertThat(host.version()).isEqualTo(CgroupVersion.V1);
        assertThat(host.own()).containsEntry("memory", root.resolve("memory/sup/session"))
                .containsEntry("cpu", root.resolve("cpu,cpuacct")).containsEntry("cpuacct", root.resolve("cpu,cpuacct"))
                .containsEntry("pids", root.resolve("pids"));
    }

    @Test
    void aV1ParentIsMadeUnderTheOwnGroupOfEachHierarchyAndItsChildrenGetV1Limits() throws IOException {
        Files.createDirectories(root.resolve("memory/sup/session"));
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createDirectories(root.resolve("pids"));
        CgroupHost host = CgroupHost.detect(hybridMountinfo(), HYBRID_SELF);

        CgroupParent parent = host.createParent("");
        Cgroup worker = parent.create("worker-1", new CgroupLimits(256L << 20, 1.5, 50, 100));

        String name = "faas-" + ProcessHandle.current().pid();
        assertThat(parent.dirs()).containsEntry("memory", root.resolve("memory/sup/session/" + name))
                .containsEntry("pids", root.resolve("pids/" + name));
        Path memory = root.resolve("memory/sup/session/" + name + "/worker-1");
        Path cpu = root.resolve("cpu,cpuacct/" + name + "/worker-1");
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(256L << 20));
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("150000");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(Files.readString(cpu.resolve("cpu.shares"))).isEqualTo("512");
        assertThat(Files.readString(root.resolve("pids/" + name + "/worker-1/pids.max"))).isEqualTo("100");
        // a weight given later (a spare taking its place in the pool) is a share too
        worker.cpuWeight(300);
        assertThat(Files.readString(cpu.resolve("cpu.shares"))).isEqualTo("3072");
        assertThatIllegalArgumentException().isThrownBy(() -> worker.cpuWeight(0));
        assertThatIllegalArgumentException().isThrownBy(() -> worker.cpuWeight(10_001));
        // co-mounted cpu and cpuacct share one directory: a process id is written once there
        assertThat(worker.procsFiles()).containsExactlyInAnyOrder(memory.resolve("cgroup.procs"),
                cpu.resolve("cgroup.procs"), root.resolve("pids/" + name + "/worker-1/cgroup.procs"));
    }

    @Test
    void aGroupHoldingOnlyUnreapedProcessesIsStillPopulated() throws IOException {
        Cgroup group = v1Group();
        Path pids = group.dir("pids");
        Files.writeString(pids.resolve("cgroup.procs"), "");
        Files.writeString(pids.resolve("pids.current"), "0\n");
        assertThat(group.populated()).isFalse();

        // Exited, not yet reaped: gone from cgroup.procs, still charged, and counted against the next run's forks.
        Files.writeString(pids.resolve("pids.current"), "2\n");
        assertThat(group.populated()).isTrue();
        Files.writeString(pids.resolve("cgroup.procs"), "4242\n");
        assertThat(group.populated()).isTrue();
    }

    @Test
    void v1AccountingIsReadFromItsOwnFiles() throws IOException {
        Cgroup group = v1Group();
        Path memory = group.dir("memory");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "1048576\n");
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "2097152\n");
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        Files.writeString(group.dir("cpuacct").resolve("cpuacct.usage"), "2500000000\n");
        Files.writeString(group.dir("cpu").resolve("cpu.stat"), "nr_periods 40\nnr_throttled 7\nthrottled_time 350000000\n");
        Files.writeString(group.dir("pids").resolve("pids.current"), "5\n");
        Files.writeString(group.dir("pids").resolve("pids.max"), "max\n");
        Files.writeString(group.dir("pids").resolve("pids.events"), "max 2\n");
        Files.writeString(group.dir("cpu").resolve("cpu.shares"), "3072\n");

        assertThat(group.usage()).isEqualTo(new CgroupUsage(1 << 20, -1, 2 << 20, 3, 2_500_000_000L, 7, 350_000_000L,
                5, -1, 2, 300));
        assertThat(group.oomKills()).isEqualTo(3);
    }

    @Test
    void aPureV2HostWithTheControllersUsesTheUnifiedHierarchy() throws IOException {
        Path own = Files.createDirectories(root.resolve("system.slice/faas.service"));
        Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(own.resolve("cgroup.subtree_control"), "");
        String mountinfo = "30 24 0:26 / " + root + " rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";

        CgroupHost host = CgroupHost.detect(mountinfo, "0::/system.slice/faas.service\n");
        CgroupParent parent = host.createParent("");
        Cgroup worker = parent.create("worker-1", new CgroupLimits(512L << 20, 0.5, 200, 64));

        assertThat(host.version()).isEqualTo(CgroupVersion.V2);
        Path dir = own.resolve("faas-" + ProcessHandle.current().pid());
        // the controllers are handed down: to the parent, then to its children
        assertThat(Files.readString(own.resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu +pids");
        assertThat(Files.readString(dir.resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu +pids");
        assertThat(worker.procsFiles()).containsExactly(dir.resolve("worker-1/cgroup.procs"));
        assertThat(Files.readString(dir.resolve("worker-1/memory.max"))).isEqualTo(Long.toString(512L << 20));
        assertThat(Files.readString(dir.resolve("worker-1/cpu.max"))).isEqualTo("50000 100000");
        assertThat(Files.readString(dir.resolve("worker-1/cpu.weight"))).isEqualTo("200");
        assertThat(Files.readString(dir.resolve("worker-1/pids.max"))).isEqualTo("64");

        worker.apply(new CgroupLimits(0, 0, 0, 0));
        assertThat(Files.readString(dir.resolve("worker-1/memory.max"))).isEqualTo("max");
        assertThat(Files.readString(dir.resolve("worker-1/cpu.max"))).isEqualTo("max 100000");
        assertThat(Files.readString(dir.resolve("worker-1/pids.max"))).isEqualTo("max");
    }

    @Test
    void v2AccountingIsReadFromItsOwnFiles() throws IOException {
        Path dir = Files.createDirectories(root.resolve("faas/worker-1"));
        Cgroup group = new CgroupParent(CgroupVersion.V2, Map.of("memory", root.resolve("faas"),
                "cpu", root.resolve("faas"), "pids", root.resolve("faas"))).child("worker-1");
        Files.writeString(dir.resolve("memory.current"), "4096\n");
        Files.writeString(dir.resolve("memory.max"), "max\n");
        Files.writeString(dir.resolve("memory.peak"), "8192\n");
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n"
                + "nr_periods 10\nnr_throttled 4\nthrottled_usec 200000\n");
        Files.writeString(dir.resolve("pids.current"), "3\n");
        Files.writeString(dir.resolve("pids.max"), "64\n");
        Files.writeString(dir.resolve("pids.events"), "max 9\n");
        Files.writeString(dir.resolve("cpu.weight"), "250\n");

        assertThat(group.usage()).isEqualTo(new CgroupUsage(4096, -1, 8192, 1, 1_500_000_000L, 4, 200_000_000L, 3,
                64, 9, 250));
    }

    @Test
    void withoutTheControllersAnywhereTheHostSaysWhich() throws IOException {
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.controllers"), "hugetlb\n");
        String mountinfo = "28 20 0:25 / " + root.resolve("unified") + " rw - cgroup2 cgroup2 rw\n";

        assertThatExceptionOfType(CgroupUnavailableException.class)
                .isThrownBy(() -> CgroupHost.detect(mountinfo, "0::/\n"))
                .withMessageContaining("[memory, cpu, pids]").withMessageContaining("[hugetlb]");
        assertThatExceptionOfType(CgroupUnavailableException.class)
                .isThrownBy(() -> CgroupHost.detect("29 20 0:26 / /proc rw - proc proc rw\n", ""))
                .withMessage("no cgroup hierarchy is mounted");
    }

    @Test
    void aParentThatCannotBeCreatedMakesTheHostUnavailable() throws IOException {
        Files.createDirectories(root.resolve("memory/sup"));
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createDirectories(root.resolve("pids"));
        // a file where the group's directory would go, as a read-only or foreign tree refuses it
        Files.writeString(root.resolve("memory/sup/session"), "");
        CgroupHost host = CgroupHost.detect(hybridMountinfo(), HYBRID_SELF);

        assertThatExceptionOfType(CgroupUnavailableException.class).isThrownBy(() -> host.createParent(""))
                .withMessageContaining("cannot create the platform's cgroup");
    }

    @Test
    void aContainersMountShowingASubtreeMapsTheOwnPathIntoIt() throws IOException {
        Path own = Files.createDirectories(root.resolve("memory"));
        Files.createDirectories(root.resolve("cpu"));
        Files.createDirectories(root.resolve("pids"));
        String mountinfo = """
                25 20 0:22 /docker/abc %1$s/memory ro,relatime - cgroup cgroup rw,memory
                26 20 0:23 /docker/abc %1$s/cpu ro,relatime - cgroup cgroup rw,cpu
                27 20 0:24 /docker/abc %1$s/pids ro,relatime - cgroup cgroup rw,pids
                """.formatted(root);

        CgroupHost host = CgroupHost.detect(mountinfo, "4:memory:/docker/abc\n3:cpu:/docker/abc\n2:pids:/docker/abc\n");

        assertThat(host.own()).containsEntry("memory", own);
    }

    @Test
    void aParentAtAGivenPathIsMadeFromTheRootOfEachHierarchy() throws IOException {
        Files.createDirectories(root.resolve("memory/sup/session"));
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createDirectories(root.resolve("pids"));

        CgroupParent parent = CgroupHost.detect(hybridMountinfo(), HYBRID_SELF).createParent("/platform/faas");

        assertThat(parent.dirs()).containsEntry("memory", root.resolve("memory/platform/faas"))
                .containsEntry("cpu", root.resolve("cpu,cpuacct/platform/faas"));
        assertThat(root.resolve("pids/platform/faas")).isDirectory();
    }

    @Test
    void childNamesCannotLeaveTheParent() {
        CgroupParent parent = new CgroupParent(CgroupVersion.V2, Map.of("memory", root, "cpu", root, "pids", root));

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parent.child("../escape"));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> parent.child(""));
    }

    private Cgroup v1Group() throws IOException {
        Map<String, Path> dirs = Map.of("memory", root.resolve("memory/faas"), "cpu", root.resolve("cpu/faas"),
                "cpuacct", root.resolve("cpuacct/faas"), "pids", root.resolve("pids/faas"));
        for (Path dir : dirs.values()) {
            Files.createDirectories(dir.resolve("g"));
        }
        return new CgroupParent(CgroupVersion.V1, dirs).child("g");
    }
}
