/** What runs an invocation: the {@link dev.wasmfaas.worker.runtime.FunctionRuntime} contract, artifacts, and HTML. */
package dev.wasmfaas.worker.runtime;
