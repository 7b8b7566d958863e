/** The gateway's web plumbing: raw bodies, validation and the problem-detail mapping. */
package dev.wasmfaas.gateway.web;
