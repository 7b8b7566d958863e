/** Running WebAssembly functions in Wasmtime: the only code that touches the Wasmtime binding. */
package dev.wasmfaas.worker.wasm;
