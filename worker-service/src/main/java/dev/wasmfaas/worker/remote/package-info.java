/**
 * A worker on another host: its invocation lane over TCP with mutual TLS, its registration with the balancer
 * under a lease, and the modules it fetches from the server by digest and keeps on its disk.
 */
package dev.wasmfaas.worker.remote;
