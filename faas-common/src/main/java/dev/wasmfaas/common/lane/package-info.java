/**
 * The invocation lane: {@code POST /invoke} between the platform's own services on a UNIX-domain
 * socket of its own, served by a small blocking HTTP/1.1 server instead of the servlet container
 * (docs/DECISIONS.md, "The invocation lane").
 */
package dev.wasmfaas.common.lane;
