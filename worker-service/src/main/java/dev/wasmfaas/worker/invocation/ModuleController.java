package dev.wasmfaas.worker.invocation;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.ModulePreparation;
import dev.wasmfaas.worker.wasm.WasmtimeRuntime;

/**
 * The server's hold on the worker's compiled modules: {@code PUT /modules/{digest}} loads one ahead of
 * its first run (at deploy: compiled once, by the first worker, into the shared compilation cache),
 * {@code DELETE /modules/{digest}} drops the module of a deleted function.
 */
@RestController
class ModuleController {

    private final WasmtimeRuntime wasm;

    ModuleController(WasmtimeRuntime wasm) {
        this.wasm = wasm;
    }

    @PutMapping("/modules/{digest}")
    ModulePreparation.Answer prepare(@PathVariable String digest, @RequestBody ModulePreparation preparation) {
        long started = System.nanoTime();
        boolean loaded = wasm.prepare(preparation.artifact(), digest);
        return new ModulePreparation.Answer(digest, loaded, (System.nanoTime() - started) / 1_000_000);
    }

    @DeleteMapping("/modules/{digest}")
    ResponseEntity<Void> evict(@PathVariable String digest) {
        return wasm.evict(digest) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
