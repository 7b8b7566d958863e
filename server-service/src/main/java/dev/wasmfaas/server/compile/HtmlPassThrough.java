package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;

/** An HTML function answers its stored text: nothing to compile or check, the artifact is the source. */
@Component
public class HtmlPassThrough implements FunctionCompiler {

    @Override
    public Set<Language> languages() {
        return Set.of(Language.HTML);
    }

    @Override
    public String compile(Language language, Path source, CompileOptions options) {
        return source.getFileName().toString();
    }

    @Override
    public LanguageSupport support(Language language) {
        return new LanguageSupport(language.id(), true, "none: the stored text is the output", null, null);
    }
}
