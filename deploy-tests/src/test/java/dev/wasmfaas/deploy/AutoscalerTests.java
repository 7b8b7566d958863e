package dev.wasmfaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The HorizontalPodAutoscaler: it scales the worker Deployment on the balancer's queue, reads only metrics the
 * balancer publishes and the Prometheus adapter's rules serve, and aims at what a worker can reach. Whether an
 * adapter serves them and the autoscaler acts on them is not tested (no cluster runs here).
 */
@ExtendWith(KubectlCondition.class)
class AutoscalerTests {

    private static final String QUEUE_METRIC = "faas_balancer_queue_depth";
    private static final String IN_FLIGHT_METRIC = "faas_balancer_worker_inflight";

    private Rendering r;

    @BeforeEach
    void render() throws Exception {
        r = Rendering.get();
    }

    @Test
    void theAutoscalerScalesTheWorkerDeploymentOnTheBalancersQueue() {
        HorizontalPodAutoscaler hpa = r.base.one(HorizontalPodAutoscaler.class, "worker");
        var target = hpa.getSpec().getScaleTargetRef();
        assertThat(target.getKind()).isEqualTo("Deployment");
        assertThat(target.getApiVersion()).isEqualTo("apps/v1");
        Deployment workers = r.base.one(Deployment.class, target.getName());
        assertThat(workers.getSpec().getTemplate().getSpec().getContainers())
                .extracting(r::jarOf).containsExactly("/app/worker.jar");
        assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        assertThat(metricNames(hpa)).contains(QUEUE_METRIC);
        for (MetricSpec metric : hpa.getSpec().getMetrics()) {
            assertThat(metric.getType()).isEqualTo("External");
            assertThat(metric.getExternal().getTarget().getType()).isEqualTo("AverageValue");
        }
    }

    @Test
    void theRunningTargetIsBelowTheSlotsOfAWorker() {
        HorizontalPodAutoscaler hpa = r.base.one(HorizontalPodAutoscaler.class, "worker");
        int slots = Integer.parseInt(r.settings("worker").getProperty("faas.worker.remote.slots"));
        assertThat(hpa.getSpec().getMetrics())
                .filteredOn(m -> m.getExternal().getMetric().getName().equals(IN_FLIGHT_METRIC))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getExternal().getTarget().getAverageValue().getNumericalAmount())
                        .as("invocations running per worker, below its " + slots + " slots")
                        .isLessThan(BigDecimal.valueOf(slots)));
    }

    @Test
    void everyMetricIsOneTheBalancerPublishesAndTheAdapterServes() throws IOException {
        String metricsDoc = Files.readString(r.home.resolve("docs/METRICS.md"));
        JsonNode rules = new YAMLMapper().readTree(
                r.home.resolve("deploy/kubernetes/monitoring/prometheus-adapter-rules.yaml").toFile());
        Set<String> served = new TreeSet<>();
        for (JsonNode rule : rules.path("externalRules")) {
            String name = rule.path("name").path("as").asString();
            served.add(name);
            assertThat(rule.path("seriesQuery").asString()).as("the rule for " + name + " reads that series")
                    .startsWith(name + "{");
        }
        assertThat(metricNames(r.base.one(HorizontalPodAutoscaler.class, "worker"))).allSatisfy(name -> {
            assertThat(metricsDoc).as("docs/METRICS.md lists " + name).contains("| `" + name + "` | gauge");
            assertThat(served).as("the adapter's rules serve " + name).contains(name);
        });
    }

    private static List<String> metricNames(HorizontalPodAutoscaler hpa) {
        List<String> names = new ArrayList<>();
        hpa.getSpec().getMetrics().forEach(m -> names.add(m.getExternal().getMetric().getName()));
        return names;
    }
}
