package dev.wasmfaas.worker.invocation;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.runtime.FunctionRuntime;

/** Hands each invocation to the runtime of its language; a request without a language is a WebAssembly module. */
final class RuntimeRouter implements FunctionRuntime {

    private final FunctionRuntime wasm;
    private final FunctionRuntime scripts;
    private final FunctionRuntime html;

    RuntimeRouter(FunctionRuntime wasm, FunctionRuntime scripts, FunctionRuntime html) {
        this.wasm = wasm;
        this.scripts = scripts;
        this.html = html;
    }

    @Override
    public InvocationResult run(InvocationRequest request) {
        return runtimeOf(request.lang()).run(request);
    }

    private FunctionRuntime runtimeOf(String lang) {
        if (lang == null) {
            return wasm;
        }
        Language language = Language.fromId(lang).orElseThrow(() ->
                new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE, "this worker does not run '" + lang + "' functions"));
        if (language.wasm()) {
            return wasm;
        }
        return switch (language) {
            case JS, PYTHON, PHP -> scripts;
            case HTML -> html;
            default -> throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE,
                    "this worker has no runtime for '" + lang + "' functions");
        };
    }
}
