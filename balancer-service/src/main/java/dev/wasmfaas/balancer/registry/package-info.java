/** The workers the balancer knows: their state, slots, counters, calls in flight and per-worker gauges. */
package dev.wasmfaas.balancer.registry;
