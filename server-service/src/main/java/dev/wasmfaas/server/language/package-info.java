/** {@code GET /languages}: which languages this server can deploy, with their toolchains and what to install, probed in the background. */
package dev.wasmfaas.server.language;
