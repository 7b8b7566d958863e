package dev.wasmfaas.common.contract;

import java.util.regex.Pattern;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** The rule for function names: 1 to 64 of {@code [a-zA-Z0-9_-]}, so a name is always a safe file name. */
public final class FunctionName {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1," + MAX_LENGTH + "}");

    private FunctionName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns the name, or throws {@code invalid-name} saying what is wrong. */
    public static String require(String name) {
        if (name == null || name.isEmpty()) {
            throw new FaasException(ErrorKind.INVALID_NAME, "the function name is missing (query parameter 'name')");
        }
        if (!isValid(name)) {
            throw new FaasException(ErrorKind.INVALID_NAME,
                    "a function name is 1 to " + MAX_LENGTH + " characters of a-z, A-Z, 0-9, '_' and '-'");
        }
        return name;
    }
}
