package dev.wasmfaas.server.cgroup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The worker's group on this host's real cgroups (skipped, with the reason, where the host gives none). */
class WorkerCgroupsTests {

    static final CgroupProperties DEFAULTS = new CgroupProperties(true, "", 1024, 0, 100, 4096, 1, 64);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void turnedOffItLeavesTheCommandAsItIsAndSaysWhy() {
        WorkerCgroups cgroups = new WorkerCgroups(new CgroupProperties(false, "", 1024, 0, 100, 4096, 1, 64),
                provider());

        assertThat(cgroups.command("worker-1", List.of("java", "-jar", "worker.jar")))
                .containsExactly("java", "-jar", "worker.jar");
        assertThat(cgroups.status().enabled()).isFalse();
        assertThat(cgroups.status().reason()).isEqualTo("faas.server.cgroup.enabled=false");
        assertThat(cgroups.view("worker-1")).isEmpty();
    }

    @Test
    void aWorkerRunsInItsOwnGroupFromItsFirstInstructionWithTheWorkerLimits() throws Exception {
        WorkerCgroups cgroups = new WorkerCgroups(DEFAULTS, provider());
        assumeTrue(cgroups.enabled(), () -> "no writable cgroups here: " + cgroups.status().reason());
        try {
            // What the "worker" prints is the group it was born in; the worker settings land as its arguments.
            List<String> command = cgroups.command("worker-9", List.of("/bin/sh", "-c",
                    "cat /proc/self/cgroup; echo \"$@\"", "worker"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();

            String group = "faas-" + ProcessHandle.current().pid() + "/worker-9";
            String placed = cgroups.status().version().equals("v2") ? "0::.*"
                    : "\\d+:(memory|pids|cpu|cpuacct|cpu,cpuacct):.*";
            assertThat(output.lines().filter(line -> line.matches(placed)))
                    .isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(group));
            assertThat(output).contains("--faas.worker.isolation.cgroup-version=", "--faas.worker.isolation.cgroup-dirs.memory=",
                    "--faas.worker.isolation.script-pids=64");
            WorkerCgroupView view = cgroups.view("worker-9").orElseThrow();
            assertThat(view.worker().memoryLimitBytes()).isEqualTo(1024L << 20);
            assertThat(view.worker().pidsMax()).isEqualTo(4096);
            assertThat(view.scripts()).isEmpty();
            assertThat(meters.get("faas.cgroup.memory.limit").tag("cgroup", "worker-9").gauge().value())
                    .isEqualTo(1024.0 * 1024 * 1024);

            Path memoryDir = Path.of(cgroups.status().parent()).resolve("worker-9");
            assertThat(memoryDir).isDirectory();
            cgroups.release("worker-9");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(memoryDir) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(memoryDir).doesNotExist();
            assertThat(meters.find("faas.cgroup.memory.limit").tag("cgroup", "worker-9").gauge()).isNull();
        } finally {
            cgroups.destroy();
        }
        assertThat(Path.of(cgroups.status().parent())).doesNotExist();
    }

    @Test
    void aWorkersCpuWeightFollowsItsPoolWeightAgainstTheMean() {
        // weights 1, 3, 1, 3: the mean is 2, so a weight-3 worker gets three times a weight-1 worker's share
        assertThat(WorkerCgroups.cpuWeight(100, 1, 2.0)).isEqualTo(50);
        assertThat(WorkerCgroups.cpuWeight(100, 3, 2.0)).isEqualTo(150);
        assertThat(WorkerCgroups.cpuWeight(100, 4, 4.0)).isEqualTo(100);
        // kept within what the kernel takes
        assertThat(WorkerCgroups.cpuWeight(100, 1, 1000.0)).isEqualTo(1);
        assertThat(WorkerCgroups.cpuWeight(5000, 100, 1.0)).isEqualTo(10_000);
    }

    @Test
    void aWorkerTakingAPlaceGetsThatPlacesShareOfTheCpuInItsGroup() throws Exception {
        WorkerCgroups cgroups = new WorkerCgroups(DEFAULTS, provider());
        assumeTrue(cgroups.enabled(), () -> "no writable cgroups here: " + cgroups.status().reason());
        try {
            Process process = new ProcessBuilder(cgroups.command("worker-8", List.of("/bin/sh", "-c", "sleep 30")))
                    .start();
            try {
                assertThat(cgroups.view("worker-8").orElseThrow().worker().cpuWeight()).isEqualTo(100);
                cgroups.share("worker-8", 3, 2.0);
                assertThat(cgroups.view("worker-8").orElseThrow().worker().cpuWeight()).isEqualTo(150);
            } finally {
                process.destroyForcibly().waitFor();
                cgroups.release("worker-8");
            }
        } finally {
            cgroups.destroy();
        }
    }

    private org.springframework.beans.factory.ObjectProvider<MeterRegistry> provider() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        return beans.getBeanProvider(MeterRegistry.class);
    }
}
