/**
 * Linux control groups, v1 and v2 behind one type: where the platform's parent group lives, the
 * groups of workers and script sandboxes under it, their limits and their accounting
 * (docs/SECURITY.md, "Control groups").
 */
package dev.wasmfaas.common.cgroup;
