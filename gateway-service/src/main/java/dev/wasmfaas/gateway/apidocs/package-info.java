/** The OpenAPI description of the public API, as a file of the repository, and Swagger UI, both served by the gateway. */
package dev.wasmfaas.gateway.apidocs;
