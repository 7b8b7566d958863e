package dev.wasmfaas.server.invocation;

/**
 * Says when a trap was likely the function's stack. A C, C++ or Rust module has its stack linked first,
 * at address 0, so an overflow reaches below it: an access out of bounds. Wasmtime's own limit on call
 * depth ends deep recursion as a stack overflow. Either way the user can ask for a larger stack.
 */
final class StackHint {

    private StackHint() {
    }

    /**
     * The detail of a trap, with what to do when the stack is the likely cause.
     *
     * @param stackKb the stack linked into the module; null when the platform did not link it (uploaded modules,
     *        Go, scripts), where there is nothing to say
     */
    static String explain(String detail, Integer stackKb) {
        if (stackKb == null || !(detail.contains("memory out of bounds") || detail.contains("stack overflow"))) {
            return detail;
        }
        return detail + "; the likely cause is the function's stack of " + stackKb + " KiB (deep recursion or large "
                + "local arrays): deploy it with a larger stackKb, within its memoryMb";
    }
}
