/** Periodic health probes of the workers, which take a failing worker out of rotation and bring it back. */
package dev.wasmfaas.balancer.health;
