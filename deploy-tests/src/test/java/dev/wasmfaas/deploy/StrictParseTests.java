package dev.wasmfaas.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The strict parse every rendered document goes through, which needs no kubectl. */
class StrictParseTests {

    @Test
    void theStrictParseRefusesAMisspeltFieldAndAnUnknownKind() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  selector:
                    matchLabels: {app: typo}
                  template:
                    metadata:
                      labels: {app: typo}
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinesProbe:
                            httpGet: {path: /, port: 1}
                """;
        assertThatThrownBy(() -> Manifests.parse(deployment))
                .hasMessageContaining("spec.template.spec.containers[0].readinesProbe");
        assertThatThrownBy(() -> Manifests.parse("apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: x\n"))
                .hasMessageContaining("not a kind the Kubernetes model knows");
    }
}
