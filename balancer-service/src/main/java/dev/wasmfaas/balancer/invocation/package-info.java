/** Running an invocation on the worker it was granted, and turning what goes wrong on the way into problem details. */
package dev.wasmfaas.balancer.invocation;
