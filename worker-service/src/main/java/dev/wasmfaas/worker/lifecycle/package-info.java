/** The worker's tie to the server that spawned it: no orphan workers outlive their parent. */
package dev.wasmfaas.worker.lifecycle;
