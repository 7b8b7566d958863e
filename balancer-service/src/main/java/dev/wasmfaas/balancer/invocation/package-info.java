/** Forwarding an invocation to the chosen worker and turning what goes wrong on the way into problem details. */
package dev.wasmfaas.balancer.invocation;
