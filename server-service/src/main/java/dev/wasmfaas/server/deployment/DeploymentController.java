package dev.wasmfaas.server.deployment;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

/**
 * Deploying, updating and deleting functions, and reading a source back: {@code POST /deploy},
 * {@code PUT} and {@code DELETE /functions/{name}}, {@code GET /function/{name}}.
 */
@RestController
class DeploymentController {

    private final DeploymentService deployments;
    private final FunctionRegistry registry;
    private final FunctionStore store;
    private final ModuleEviction eviction;
    private final ServerProperties properties;

    DeploymentController(DeploymentService deployments, FunctionRegistry registry, FunctionStore store,
            ModuleEviction eviction, ServerProperties properties) {
        this.properties = properties;
        this.deployments = deployments;
        this.registry = registry;
        this.store = store;
        this.eviction = eviction;
    }

    @PostMapping(path = "/deploy", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeployResponse> deploy(@RequestParam(required = false) String name,
            @RequestParam(required = false) String lang, @RequestParam MultiValueMap<String, String> query,
            @RequestParam(required = false) String timeoutMs, @RequestParam(required = false) String memoryMb,
            @RequestParam(required = false) String maxOutputKb, @RequestParam(required = false) String stackKb,
            @RequestBody(required = false) byte[] source) {
        FunctionMetadata metadata = deployments.deploy(name, lang, source,
                config(query).withLimits(timeoutMs, memoryMb, maxOutputKb, stackKb, properties.limits()));
        return ResponseEntity.created(URI.create("/functions/" + metadata.name())).body(DeployResponse.of(metadata));
    }

    @PutMapping(path = "/functions/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    DeployResponse update(@PathVariable String name, @RequestParam(required = false) String lang,
            @RequestParam MultiValueMap<String, String> query, @RequestParam(required = false) String timeoutMs,
            @RequestParam(required = false) String memoryMb, @RequestParam(required = false) String maxOutputKb,
            @RequestParam(required = false) String stackKb, @RequestBody(required = false) byte[] source) {
        return DeployResponse.of(deployments.update(name, lang, source,
                config(query).withLimits(timeoutMs, memoryMb, maxOutputKb, stackKb, properties.limits())));
    }

    // Each env and arg exactly as sent: bound as a List, a single value would be split at its commas and trimmed.
    private static FunctionConfig config(MultiValueMap<String, String> query) {
        return FunctionConfig.parse(query.get("env"), query.get("arg"));
    }

    @DeleteMapping(path = "/functions/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    DeleteResponse delete(@PathVariable String name) {
        List<FunctionMetadata> removed = deployments.delete(name);
        eviction.evict(removed);
        return new DeleteResponse(true, name, removed.stream().map(FunctionMetadata::id).toList());
    }

    @GetMapping("/function/{name}")
    ResponseEntity<byte[]> source(@PathVariable String name) {
        FunctionMetadata metadata = registry.resolve(name);
        return ResponseEntity.ok().contentType(SourceMediaType.of(metadata.language()))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Function-Id", metadata.id())
                .body(store.readSource(metadata));
    }

    /**
     * The answer to a delete.
     *
     * @param ok always true
     * @param name the function's name
     * @param removed the ids of the versions removed
     */
    record DeleteResponse(boolean ok, String name, List<String> removed) {
    }
}
