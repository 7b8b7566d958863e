package dev.wasmfaas.server.compile;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** Finds the compiler of a language among the registered ones. */
@Component
public class Compilers {

    private final Map<Language, FunctionCompiler> byLanguage = new EnumMap<>(Language.class);

    public Compilers(List<FunctionCompiler> compilers) {
        compilers.forEach(c -> c.languages().forEach(l -> byLanguage.put(l, c)));
    }

    public FunctionCompiler forLanguage(Language language) {
        FunctionCompiler compiler = byLanguage.get(language);
        if (compiler == null) {
            throw new FaasException(ErrorKind.TOOLCHAIN_MISSING,
                    "functions in '" + language.id() + "' cannot be deployed on this platform yet");
        }
        return compiler;
    }
}
