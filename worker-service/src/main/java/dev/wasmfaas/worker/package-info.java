/** The worker service: runs one function invocation per request, in Wasmtime or in a sandboxed script runtime. */
package dev.wasmfaas.worker;
