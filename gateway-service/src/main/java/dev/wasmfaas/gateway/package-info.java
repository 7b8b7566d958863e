/** gateway-service: the public API on :8080, validated and proxied to the server over a UNIX socket. */
package dev.wasmfaas.gateway;
