/** The balancer service: registers workers and forwards each invocation to one of them. */
package dev.wasmfaas.balancer;
