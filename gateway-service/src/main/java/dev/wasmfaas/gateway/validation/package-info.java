/** Checks of public requests made before anything is forwarded: size limits, names, languages. */
package dev.wasmfaas.gateway.validation;
