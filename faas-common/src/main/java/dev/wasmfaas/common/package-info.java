/** Types shared by every service of the platform: the wire contract, the socket HTTP client and the errors. */
package dev.wasmfaas.common;
