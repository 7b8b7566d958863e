/** The workers the balancer knows, their state and counters, and the HTTP API that registers them. */
package dev.wasmfaas.balancer.registry;
