/** Turning a function's source into what a worker runs: wasm32-wasi modules from external toolchains, checked modules and scripts. */
package dev.wasmfaas.server.compile;
