package dev.wasmfaas.server.invocation;

/**
 * An invocation that ended in a problem: the problem as it is answered (a {@code FaasException}, a
 * relayed {@code RemoteProblemException}, or anything unexpected) and the activation it belongs to,
 * so that its answer carries {@code X-Activation-Id} like any other.
 */
public final class ActivationProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String activationId;
    private final RuntimeException problem;

    ActivationProblemException(String activationId, RuntimeException problem) {
        super(problem.getMessage(), problem, false, false);
        this.activationId = activationId;
        this.problem = problem;
    }

    public String activationId() {
        return activationId;
    }

    public RuntimeException problem() {
        return problem;
    }
}
