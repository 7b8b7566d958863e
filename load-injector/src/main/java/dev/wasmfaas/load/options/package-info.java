/** The command line: options parsed and checked into one {@link dev.wasmfaas.load.options.LoadOptions} record. */
package dev.wasmfaas.load.options;
