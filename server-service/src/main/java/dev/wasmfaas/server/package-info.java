/** server-service: registry and storage of functions, compilation to WebAssembly, the worker pool. */
package dev.wasmfaas.server;
