package dev.wasmfaas.deploy;

import java.util.Objects;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips each test, with the reason in its report, where no kubectl can render the manifests. */
final class KubectlCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Kustomize.find().isPresent()) {
            return ConditionEvaluationResult.enabled("kubectl: " + Kustomize.find().get());
        }
        String why = Objects.requireNonNullElse(System.getenv("FAAS_KUBECTL_UNAVAILABLE"),
                "no kubectl on the PATH (./faas test installs Debian's kubernetes-client when run as root)");
        return ConditionEvaluationResult.disabled("the Kubernetes manifests are not checked: " + why);
    }
}
