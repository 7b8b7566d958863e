/**
 * The pool's autoscaler: samples the balancer's load, decides how many workers the pool needs
 * ({@link dev.wasmfaas.server.autoscale.ScalingPolicy}), and grows or drains the pool to that.
 */
package dev.wasmfaas.server.autoscale;
