package dev.wasmfaas.server.deployment;

import java.net.URI;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

/** {@code POST /deploy} and {@code GET /function/{name}} of the public API. */
@RestController
class DeploymentController {

    private final DeploymentService deployments;
    private final FunctionRegistry registry;
    private final FunctionStore store;

    DeploymentController(DeploymentService deployments, FunctionRegistry registry, FunctionStore store) {
        this.deployments = deployments;
        this.registry = registry;
        this.store = store;
    }

    @PostMapping(path = "/deploy", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeployResponse> deploy(@RequestParam(required = false) String name,
            @RequestParam(required = false) String lang, @RequestBody(required = false) byte[] source) {
        FunctionMetadata metadata = deployments.deploy(name, lang, source);
        return ResponseEntity.created(URI.create("/function/" + metadata.name())).body(DeployResponse.of(metadata));
    }

    @GetMapping("/function/{name}")
    ResponseEntity<byte[]> source(@PathVariable String name) {
        FunctionMetadata metadata = registry.resolve(name);
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .header("X-Function-Id", metadata.id())
                .body(store.readSource(metadata));
    }
}
