package dev.wasmfaas.server.compile;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * How a compiled module's memory is laid out: the stack first (so an overflow traps at once), then the
 * static data, then the heap, all inside the function's memory cap. A stack that leaves no room for the
 * rest is refused before anything is compiled.
 */
public final class StackLayout {

    // wasm-ld: "maximum memory too small, 4198020 bytes needed"
    private static final Pattern TOO_SMALL = Pattern.compile("maximum memory too small, (\\d+) bytes needed");

    private StackLayout() {
    }

    /** The largest stack that leaves one wasm page of {@code memoryMb} to the static data and the heap. */
    public static long maxStackKb(int memoryMb) {
        return memoryMb * 1024L - CompileOptions.WASM_PAGE / 1024;
    }

    /** Refuses ({@code 400}) a stack that leaves no room in the memory cap. */
    public static void requireRoom(int stackKb, int memoryMb) {
        if (stackKb > maxStackKb(memoryMb)) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "a stack of " + stackKb + " KiB leaves no room in "
                    + memoryMb + " MiB of memory: the stack, the static data and the heap share the memory cap; "
                    + (maxStackKb(memoryMb) > 0 ? "lower stackKb to at most " + maxStackKb(memoryMb) + " or " : "")
                    + "raise memoryMb");
        }
    }

    /** What to tell the user when the linker could not fit the stack and the data in the memory cap. */
    static Optional<String> explain(String linkerOutput, CompileOptions options) {
        Matcher matcher = TOO_SMALL.matcher(linkerOutput);
        if (!matcher.find()) {
            return Optional.empty();
        }
        long needed = Long.parseLong(matcher.group(1));
        String stack = options.stackKb() == null ? "" : "its stack of " + options.stackKb() + " KiB and ";
        return Optional.of("the module needs " + needed + " bytes of memory for " + stack
                + "its static data, above its memory cap of " + options.memoryMb() + " MiB: raise memoryMb"
                + (options.stackKb() == null ? "" : " or lower stackKb"));
    }
}
