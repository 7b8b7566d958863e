/** {@code GET /languages}: which languages this server can deploy, with their toolchains and what to install. */
package dev.wasmfaas.server.language;
