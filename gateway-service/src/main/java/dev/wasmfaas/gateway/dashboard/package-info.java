/** The dashboard: a static page and its assets, served by the gateway, that reads the public API. */
package dev.wasmfaas.gateway.dashboard;
