/**
 * Mutual TLS between the platform's hosts (remote workers): the {@code faas} SSL bundle as an
 * {@code SSLContext}, a TLS socket as a blocking channel, and the services' extra mutual-TLS listener.
 */
package dev.wasmfaas.common.tls;
