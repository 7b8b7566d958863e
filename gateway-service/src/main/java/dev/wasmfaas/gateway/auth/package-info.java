/** API keys: which key opens which class of call, the filter that checks them, the exposure warning. */
package dev.wasmfaas.gateway.auth;
