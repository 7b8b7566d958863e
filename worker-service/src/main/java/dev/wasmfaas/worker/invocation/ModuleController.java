package dev.wasmfaas.worker.invocation;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.worker.wasm.WasmtimeRuntime;

/** {@code DELETE /modules/{digest}}: the server drops the modules of deleted functions from the cache. */
@RestController
class ModuleController {

    private final WasmtimeRuntime wasm;

    ModuleController(WasmtimeRuntime wasm) {
        this.wasm = wasm;
    }

    @DeleteMapping("/modules/{digest}")
    ResponseEntity<Void> evict(@PathVariable String digest) {
        return wasm.evict(digest) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
