/**
 * Worker slots and the bounded waiting lines in front of them: admission, back-pressure, the
 * membership and strategy changes that move waiting invocations, and their HTTP API.
 */
package dev.wasmfaas.balancer.scheduling;
