/** The end-of-run report: counts by status and HdrHistogram latencies, as key=value lines or JSON. */
package dev.wasmfaas.load.report;
