/** The operations view of the platform: the worker pool and the balancing strategy. */
package dev.wasmfaas.server.system;
