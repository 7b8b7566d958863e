package dev.wasmfaas.deploy;

import static dev.wasmfaas.deploy.Rendering.port;
import static dev.wasmfaas.deploy.Rendering.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The NetworkPolicies, read against the pods' own labels: a default deny, only the balancer reaching the workers'
 * port, and workers reaching nothing but the balancer's and the server's TLS ports and DNS. Whether a network
 * plugin enforces them is not tested (no cluster runs here).
 */
@ExtendWith(KubectlCondition.class)
class NetworkPolicyTests {

    private Rendering r;

    @BeforeEach
    void render() throws Exception {
        r = Rendering.get();
    }

    @Test
    void nothingReachesAPodUnlessAPolicyAdmitsIt() {
        assertThat(r.base.all(NetworkPolicy.class)).as("a default deny of ingress for every pod").anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });
    }

    @Test
    void onlyTheBalancerReachesTheWorkerPort() {
        Map<String, PodTemplateSpec> templates = r.base.podTemplates();
        int workerPort = port(r.container("worker"), "tls");
        boolean balancerAdmitted = false;
        for (NetworkPolicy policy : onWorkers()) {
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
                    List.<NetworkPolicyIngressRule>of())) {
                String where = "NetworkPolicy " + policy.getMetadata().getName();
                if (!coversPort(rule.getPorts(), workerPort, "tls")) {
                    continue;
                }
                assertThat(rule.getFrom()).as(where + ": who reaches the worker port").isNotEmpty();
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertThat(peer.getIpBlock()).as(where + ": an address block").isNull();
                    assertThat(peer.getNamespaceSelector()).as(where + ": other namespaces").isNull();
                    assertThat(peer.getPodSelector()).as(where + ": a pod selector").isNotNull();
                    Set<String> selected = templates.entrySet().stream()
                            .filter(t -> selects(peer.getPodSelector(), t.getValue().getMetadata().getLabels()))
                            .map(Map.Entry::getKey)
                            .collect(Collectors.toSet());
                    assertThat(selected).as(where + ": pods that reach the worker port").containsExactly("balancer");
                }
                balancerAdmitted = true;
            }
        }
        assertThat(balancerAdmitted).as("a rule admits the balancer to the worker port").isTrue();
    }

    @Test
    void workersReachOnlyTheBalancerTheServerAndDns() {
        int balancerTls = port(r.container("balancer"), "tls");
        int serverTls = port(r.container("server"), "tls");
        List<NetworkPolicy> onWorkers = onWorkers();
        assertThat(onWorkers).as("policies on the workers restrict their egress")
                .anySatisfy(p -> assertThat(p.getSpec().getPolicyTypes()).contains("Egress"));
        for (NetworkPolicy policy : onWorkers) {
            for (NetworkPolicyEgressRule rule : Objects.requireNonNullElse(policy.getSpec().getEgress(),
                    List.<NetworkPolicyEgressRule>of())) {
                assertThat(rule.getTo()).as("every egress of a worker names its destination").isNotEmpty();
                assertThat(rule.getPorts()).as("every egress of a worker names its ports").isNotEmpty();
                assertThat(rule.getPorts()).allSatisfy(p -> assertThat(p.getPort().getIntVal())
                        .as("a worker reaches the balancer's and the server's TLS ports, and DNS")
                        .isIn(balancerTls, serverTls, 53));
            }
        }
    }

    private List<NetworkPolicy> onWorkers() {
        Map<String, String> workers = r.template("worker").getMetadata().getLabels();
        return r.base.all(NetworkPolicy.class).stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), workers))
                .toList();
    }

    /** Whether a rule's ports include this port (no ports at all means every port). */
    private static boolean coversPort(List<NetworkPolicyPort> ports, int number, String name) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort port : ports) {
            IntOrString p = port.getPort();
            if (p == null || Objects.equals(p.getIntVal(), number) || Objects.equals(p.getStrVal(), name)
                    || (port.getEndPort() != null && p.getIntVal() != null && p.getIntVal() <= number
                            && number <= port.getEndPort())) {
                return true;
            }
        }
        return false;
    }
}
