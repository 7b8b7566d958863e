/** Records exchanged between the services, serialized as JSON with Jackson. */
package dev.wasmfaas.common.contract;
