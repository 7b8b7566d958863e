package dev.wasmfaas.server.compile;

import java.util.Arrays;
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

    static final String NOT_BUILT_IN = "a server with a compiler for this language";

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

    /** Every language, in the order of {@link Language}, with whether it can be deployed here. */
    public List<LanguageSupport> supports() {
        return Arrays.stream(Language.values()).map(this::support).toList();
    }

    /** Whether {@code language} can be deployed here; asks its toolchain, which may take seconds. */
    public LanguageSupport support(Language language) {
        FunctionCompiler compiler = byLanguage.get(language);
        return compiler != null ? compiler.support(language)
                : new LanguageSupport(language.id(), false, null, null, NOT_BUILT_IN);
    }
}
