/** The server's web plumbing: raw request bodies and the problem-detail mapping. */
package dev.wasmfaas.server.web;
