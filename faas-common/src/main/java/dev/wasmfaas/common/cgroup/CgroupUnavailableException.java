package dev.wasmfaas.common.cgroup;

/** Why this process cannot place others in control groups: the platform then keeps its rlimits alone. */
public class CgroupUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CgroupUnavailableException(String reason) {
        super(reason);
    }
}
