/** The one exception hierarchy of the platform and its mapping to RFC 9457 problem details. */
package dev.wasmfaas.common.error;
