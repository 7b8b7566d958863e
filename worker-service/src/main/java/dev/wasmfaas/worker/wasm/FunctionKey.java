package dev.wasmfaas.worker.wasm;

import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * What a store is made for: a module and the WASI arguments and environment of the function that
 * runs it. Runs with equal keys may share stores; nothing else of a run lives in the store.
 *
 * @param digest the module's SHA-256 (lower-case hex)
 * @param argv0 the function's name, its {@code argv[0]}
 * @param args the arguments after it
 * @param env the environment
 */
record FunctionKey(String digest, String argv0, List<String> args, Map<String, String> env) {

    /** The key of a request, refused with {@code bad-request} when WASI cannot carry its arguments or environment. */
    static FunctionKey of(String digest, InvocationRequest request) {
        String name = request.name() != null ? request.name() : request.functionId();
        String argv0 = name == null ? "function" : requireNoNul(name, "the function name");
        request.args().forEach(arg -> requireNoNul(arg, "arguments"));
        request.env().forEach((variable, value) -> {
            if (variable.isEmpty() || variable.indexOf('=') >= 0) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "environment variable names are non-empty, without '='");
            }
            requireNoNul(variable, "environment variables");
            requireNoNul(value, "environment variables");
        });
        return new FunctionKey(digest, argv0, request.args(), request.env());
    }

    // WASI passes arguments and environment as C strings.
    private static String requireNoNul(String text, String what) {
        if (text.indexOf('\0') >= 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, what + " cannot contain NUL characters");
        }
        return text;
    }
}
