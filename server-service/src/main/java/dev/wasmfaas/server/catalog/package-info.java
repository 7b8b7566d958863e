/** The list of functions and the details of one: what OpenFaaS and OpenWhisk users expect to read. */
package dev.wasmfaas.server.catalog;
