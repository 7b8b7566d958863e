package dev.wasmfaas.common.cgroup;

/** Which cgroup interface the host offers: one hierarchy per controller (v1) or the unified one (v2). */
public enum CgroupVersion {
    V1, V2
}
