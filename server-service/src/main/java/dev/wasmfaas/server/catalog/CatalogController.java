package dev.wasmfaas.server.catalog;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.FunctionName;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.invocation.InvocationCounts;

/** {@code GET /functions} and {@code GET /functions/{name}}. */
@RestController
class CatalogController {

    private final FunctionRegistry registry;
    private final InvocationCounts counts;
    private final ServerProperties properties;

    CatalogController(FunctionRegistry registry, InvocationCounts counts, ServerProperties properties) {
        this.registry = registry;
        this.counts = counts;
        this.properties = properties;
    }

    @GetMapping("/functions")
    List<FunctionSummary> functions() {
        return registry.latest().stream().map(latest -> summary(registry.versions(latest.name()))).toList();
    }

    @GetMapping("/functions/{name}")
    FunctionDetails function(@PathVariable String name) {
        FunctionName.require(name);
        List<FunctionMetadata> versions = registry.versions(name);
        if (versions.isEmpty()) {
            throw new FaasException(ErrorKind.FUNCTION_NOT_FOUND, "no function named '" + name + "'");
        }
        List<FunctionDetails.VersionView> views = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            FunctionMetadata v = versions.get(i);
            views.add(new FunctionDetails.VersionView(v.id(), i + 1, v.createdAt(), v.sourceBytes(), v.digest(),
                    counts.of(v.id())));
        }
        FunctionMetadata latest = versions.getLast();
        Limits limits = latest.limits().over(properties.limits().toLimits());
        return new FunctionDetails(summary(versions), latest.env(), latest.args(),
                new FunctionDetails.LimitsView(limits.timeoutMs(), limits.memoryMb(), limits.maxOutputBytes(),
                        latest.limits().stackKb()), views);
    }

    private FunctionSummary summary(List<FunctionMetadata> versions) {
        return FunctionSummary.of(versions, versions.stream().mapToLong(v -> counts.of(v.id())).sum());
    }
}
