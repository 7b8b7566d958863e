/** The benchmark's floor: the cheapest one-hop Spring MVC request, to compare the invocation path against. */
package dev.wasmfaas.floor;
