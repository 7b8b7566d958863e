/** The pool of worker processes: spawn, wait for ready, register, supervise, restart, stop. */
package dev.wasmfaas.server.pool;
