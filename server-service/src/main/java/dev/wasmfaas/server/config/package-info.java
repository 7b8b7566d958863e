/** The server's configuration (one properties record) and its infrastructure beans. */
package dev.wasmfaas.server.config;
