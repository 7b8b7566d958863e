/** The Spring Integration flow that proxies public calls to the server over its socket. */
package dev.wasmfaas.gateway.routing;
