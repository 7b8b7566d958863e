/** The management side of every service: Prometheus scrape targets on TCP, and health on the service's own socket. */
package dev.wasmfaas.common.management;
