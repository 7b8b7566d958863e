/** The strategies (RR, FIFO, WEIGHTED) that decide where an arriving invocation waits, one class each. */
package dev.wasmfaas.balancer.selection;
