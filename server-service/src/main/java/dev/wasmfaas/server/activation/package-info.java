/** The record of every invocation (its activation), kept in memory within bounds, and its read API. */
package dev.wasmfaas.server.activation;
