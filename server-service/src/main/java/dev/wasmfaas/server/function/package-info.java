/** The function registry and its storage under {@code functions/}, written atomically. */
package dev.wasmfaas.server.function;
