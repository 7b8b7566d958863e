/** The strategies that choose the worker for an invocation, one class each behind {@code SelectionStrategy}. */
package dev.wasmfaas.balancer.selection;
