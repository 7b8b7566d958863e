/** The gateway's configuration (one properties record). */
package dev.wasmfaas.gateway.config;
