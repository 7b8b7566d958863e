/** Compilation of function sources to wasm32-wasi modules by external toolchains. */
package dev.wasmfaas.server.compile;
