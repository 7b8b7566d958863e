/** Deploying a function: validation, compilation and atomic publication; reading its source back. */
package dev.wasmfaas.server.deployment;
