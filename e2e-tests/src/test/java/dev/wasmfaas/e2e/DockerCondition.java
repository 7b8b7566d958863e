package dev.wasmfaas.e2e;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a class where no Docker daemon answers, so that each of its tests is reported skipped with the reason:
 * the one {@code ./faas test} found ({@code FAAS_DOCKER_UNAVAILABLE}) when it gave one. Testcontainers falls back
 * to the default socket where {@code DOCKER_HOST} fails; the docker command line, which compose and
 * {@code ./faas} use, does not: both must reach the daemon.
 */
final class DockerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        try {
            if (DockerClientFactory.instance().isDockerAvailable() && ComposeProject.dockerAnswers()) {
                return ConditionEvaluationResult.enabled("a Docker daemon answers");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        String reason = System.getenv().getOrDefault("FAAS_DOCKER_UNAVAILABLE", "");
        return ConditionEvaluationResult.disabled("no Docker daemon answers" + (reason.isEmpty() ? "" : ": " + reason));
    }
}
