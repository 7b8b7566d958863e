package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;

/**
 * Grafana's provisioning files, which the container tests cannot prove (Grafana has no Debian package and its
 * image needs a registry): the data source is the compose file's Prometheus service, and every query of the
 * dashboard reads a metric the services export (the names docs/METRICS.md lists) or the scrape job's {@code up}.
 */
class GrafanaProvisioningTests {

    private static final Path OPS = Suite.HOME.resolve("ops/grafana");
    private static final Pattern METRIC = Pattern.compile("\\b(faas_[a-z_]+)\\b");

    @Test
    @SuppressWarnings("unchecked")
    void theDataSourceIsTheComposePrometheusServiceUnderTheUidTheDashboardNames() throws Exception {
        Map<String, Object> provisioning = yaml(OPS.resolve("provisioning/datasources/prometheus.yml"));
        Map<String, Object> source = ((List<Map<String, Object>>) provisioning.get("datasources")).getFirst();
        Map<String, Object> services = (Map<String, Object>) yaml(Suite.HOME.resolve("docker-compose.yml")).get("services");

        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(services).containsKey("prometheus");
        Set<String> uids = new TreeSet<>();
        dashboard().findValues("datasource").forEach(d -> uids.add(d.path("uid").asString()));
        assertThat(uids).containsExactly((String) source.get("uid"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardProviderReadsWhereComposeMountsTheDashboards() throws Exception {
        Map<String, Object> provider = ((List<Map<String, Object>>) yaml(OPS.resolve("provisioning/dashboards/wasm-faas.yml"))
                .get("providers")).getFirst();
        Map<String, Object> grafana = (Map<String, Object>) ((Map<String, Object>) yaml(Suite.HOME.resolve("docker-compose.yml"))
                .get("services")).get("grafana");

        String path = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat((List<String>) grafana.get("volumes")).contains("./ops/grafana/dashboards:" + path + ":ro");
        assertThat(Files.exists(OPS.resolve("dashboards/wasm-faas.json"))).isTrue();
        assertThat(dashboard().get("uid").asString()).isEqualTo("wasm-faas");
    }

    @Test
    void everyQueryReadsAMetricTheServicesExport() throws Exception {
        String documented = Files.readString(Suite.HOME.resolve("docs/METRICS.md"));
        List<String> queries = dashboard().findValues("expr").stream().map(JsonNode::asString).toList();
        Set<String> metrics = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                metrics.add(matcher.group(1).replaceAll("_(bucket|count|sum)$", ""));
            }
        }

        assertThat(queries).hasSizeGreaterThan(10).contains("up{job=\"" + scrapeJob() + "\"}");
        assertThat(metrics).hasSizeGreaterThan(10)
                .allSatisfy(metric -> assertThat(documented).as(metric).contains("`" + metric + "`"));
    }

    @SuppressWarnings("unchecked")
    private static String scrapeJob() throws Exception {
        Map<String, Object> prometheus = yaml(Suite.HOME.resolve("ops/prometheus/prometheus.yml"));
        return (String) ((List<Map<String, Object>>) prometheus.get("scrape_configs")).getFirst().get("job_name");
    }

    private static JsonNode dashboard() throws Exception {
        return Api.JSON.readTree(Files.readString(OPS.resolve("dashboards/wasm-faas.json")));
    }

    private static Map<String, Object> yaml(Path file) throws Exception {
        return new Yaml().load(Files.readString(file));
    }
}
