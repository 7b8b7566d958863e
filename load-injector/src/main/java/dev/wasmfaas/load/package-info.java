/** The load injector's entry point: parse the options, run the load, print the report. */
package dev.wasmfaas.load;
