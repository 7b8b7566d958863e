/** A control group around every worker process and its script sandboxes (docs/SECURITY.md, "Control groups"). */
package dev.wasmfaas.server.cgroup;
