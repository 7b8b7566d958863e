/** Invoking a function: resolving it, sending it to the balancer and shaping the public answer. */
package dev.wasmfaas.server.invocation;
