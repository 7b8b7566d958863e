/**
 * What workers on other hosts get from the server: its mutual-TLS listener ({@code faas.server.tls.*}) and the
 * artifacts they fetch there by SHA-256.
 */
package dev.wasmfaas.server.remote;
