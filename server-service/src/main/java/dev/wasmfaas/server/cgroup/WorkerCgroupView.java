package dev.wasmfaas.server.cgroup;

import java.util.List;

/**
 * A worker's group and those of its script sandboxes (one per sandbox slot, reused from call to call).
 *
 * @param worker the worker process's own group
 * @param scripts the groups of its script sandbox slots
 */
public record WorkerCgroupView(CgroupView worker, List<CgroupView> scripts) {
}
