/** Running js, python and php functions on their native runtimes inside a bubblewrap sandbox. */
package dev.wasmfaas.worker.sandbox;
