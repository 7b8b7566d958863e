/** The worker's HTTP API: {@code POST /invoke} runs one invocation and answers its result. */
package dev.wasmfaas.worker.invocation;
