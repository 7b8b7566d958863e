/** The worker service: runs one function invocation per request in Wasmtime. */
package dev.wasmfaas.worker;
