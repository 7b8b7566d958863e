/** The closed loop: virtual threads sending invocations over one HTTP client, counted as they answer. */
package dev.wasmfaas.load.run;
