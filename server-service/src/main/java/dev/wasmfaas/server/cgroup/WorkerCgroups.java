package dev.wasmfaas.server.cgroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.cgroup.Cgroup;
import dev.wasmfaas.common.cgroup.CgroupHost;
import dev.wasmfaas.common.cgroup.CgroupMeters;
import dev.wasmfaas.common.cgroup.CgroupParent;
import dev.wasmfaas.common.cgroup.CgroupUnavailableException;
import dev.wasmfaas.common.cgroup.CgroupVersion;

/**
 * Puts each worker process in a group of its own under the platform's parent group, and tells the worker
 * where to put its script sandboxes. The pool's launcher calls {@link #command} before it starts a worker and
 * {@link #release} once the worker has exited. Where groups cannot be made (not root, a read-only cgroupfs,
 * {@code enabled=false}) it says so at start and leaves commands as they are: rlimits alone then apply.
 */
@Component
public class WorkerCgroups implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerCgroups.class);
    /** Moves the shell into each group named before {@code --}, then becomes the command after it. */
    static final String PLACE_THEN_EXEC =
            "while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done; shift; exec \"$@\"";
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

    private final CgroupProperties properties;
    private final ObjectProvider<MeterRegistry> meters;
    private final CgroupParent parent;
    private final String reason;
    private final Map<String, CgroupMeters> metered = new ConcurrentHashMap<>();

    WorkerCgroups(CgroupProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.properties = properties;
        this.meters = meters;
        CgroupParent created = null;
        String why = null;
        if (!properties.enabled()) {
            why = "faas.server.cgroup.enabled=false";
        } else {
            try {
                created = CgroupHost.detect().createParent(properties.parent());
            } catch (CgroupUnavailableException ex) {
                why = ex.getMessage();
            } catch (RuntimeException ex) {
                // Whatever the host shows, the server starts: without cgroups at worst.
                why = "cannot read the host's cgroups: " + ex;
            }
        }
        this.parent = created;
        this.reason = why;
        if (created != null) {
            log.info("workers and script sandboxes run in cgroups ({}) under {}; worker limits {}, script sandbox"
                    + " {} cpus and {} pids", created.version().name().toLowerCase(java.util.Locale.ROOT),
                    created.dirs().get("memory"), properties.workerLimits(), properties.scriptCpus(),
                    properties.scriptPids());
        } else {
            log.warn("no cgroups for the workers and script sandboxes: {}; rlimits and time limits alone apply", why);
        }
    }

    public boolean enabled() {
        return parent != null;
    }

    public CgroupStatus status() {
        if (parent == null) {
            return new CgroupStatus(false, null, null, reason, 0, 0, 0, 0, 0);
        }
        return new CgroupStatus(true, parent.version() == CgroupVersion.V1 ? "v1" : "v2",
                parent.dirs().get("memory").toString(), null, properties.workerLimits().memoryBytes(),
                properties.workerCpus(), properties.workerPids(), properties.scriptCpus(), properties.scriptPids());
    }

    /**
     * The command that starts worker {@code id} inside its own group (created here with the worker limits),
     * with the settings that let it place its script sandboxes; the command itself when groups are off.
     */
    public List<String> command(String id, List<String> command) {
        if (parent == null) {
            return command;
        }
        Cgroup group;
        try {
            group = parent.create(id, properties.workerLimits());
        } catch (RuntimeException ex) {
            // One group that cannot be made costs that worker its group, not its start.
            log.warn("{} starts without a cgroup: {}", id, ex.getMessage());
            return command;
        }
        meters.ifAvailable(registry -> metered.put(id, new CgroupMeters(registry, group, "worker")));
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", PLACE_THEN_EXEC, "faas-cgroup"));
        group.procsFiles().forEach(file -> wrapped.add(file.toString()));
        wrapped.add("--");
        wrapped.addAll(command);
        wrapped.addAll(workerArguments(id));
        return wrapped;
    }

    /**
     * Gives worker {@code id}, now at a place of the pool with this WEIGHTED weight, the matching share of the
     * CPU: {@code worker-cpu-weight} times its weight over the pool's mean weight, so that under contention a
     * worker asked to take three times the work of another also gets three times its CPU.
     */
    public void share(String id, int weight, double meanWeight) {
        if (parent == null || meanWeight <= 0) {
            return;
        }
        int cpuWeight = cpuWeight(properties.workerCpuWeight(), weight, meanWeight);
        try {
            parent.child(id).cpuWeight(cpuWeight);
        } catch (RuntimeException ex) {
            log.warn("{} keeps its CPU weight: {}", id, ex.getMessage());
        }
    }

    static int cpuWeight(int base, int weight, double meanWeight) {
        return (int) Math.max(1, Math.min(Cgroup.MAX_CPU_WEIGHT, Math.round(base * weight / meanWeight)));
    }

    // Spring Boot reads the arguments after the jar: these come last, after the pool's own.
    private List<String> workerArguments(String id) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--faas.worker.isolation.cgroup-version=" + parent.version().name());
        parent.dirs().forEach((controller, dir) ->
                arguments.add("--faas.worker.isolation.cgroup-dirs." + controller + "=" + dir));
        arguments.add("--faas.worker.isolation.script-cpus=" + properties.scriptCpus());
        arguments.add("--faas.worker.isolation.script-pids=" + properties.scriptPids());
        return arguments;
    }

    /** Removes the groups of an exited worker and of its script sandboxes, once their last process is gone. */
    public void release(String id) {
        if (parent == null) {
            return;
        }
        CgroupMeters gone = metered.remove(id);
        if (gone != null) {
            gone.close();
        }
        List<Cgroup> groups = new ArrayList<>();
        parent.children(id + ".").forEach(name -> groups.add(parent.child(name)));
        groups.add(parent.child(id));
        Thread.ofVirtual().name("cgroup-release-" + id).start(() -> removeWhenEmpty(groups));
    }

    // A sandbox killed with its worker may take a moment to leave its group.
    private static void removeWhenEmpty(List<Cgroup> groups) {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        List<Cgroup> left = new ArrayList<>(groups);
        while (!left.isEmpty()) {
            left.removeIf(Cgroup::remove);
            if (left.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!left.isEmpty()) {
            log.warn("cgroups still in use, left in place: {}", left);
        }
    }

    /** The accounting of worker {@code id} and of its script sandboxes; empty when groups are off. */
    public Optional<WorkerCgroupView> view(String id) {
        if (parent == null) {
            return Optional.empty();
        }
        List<CgroupView> scripts = parent.children(id + ".").stream()
                .map(name -> CgroupView.of(name, parent.child(name).usage())).toList();
        return Optional.of(new WorkerCgroupView(CgroupView.of(id, parent.child(id).usage()), scripts));
    }

    /** After the pool has stopped its workers: the platform's group goes with the server. */
    @Override
    public void destroy() throws InterruptedException {
        if (parent == null) {
            return;
        }
        // The last workers' groups go a moment after their processes; a group left behind is removed at the next start.
        for (int attempt = 0; attempt < 40; attempt++) {
            if (parent.remove()) {
                return;
            }
            Thread.sleep(50);
        }
        log.debug("the platform's cgroup is still in use and stays: {}", parent.dirs());
    }
}
