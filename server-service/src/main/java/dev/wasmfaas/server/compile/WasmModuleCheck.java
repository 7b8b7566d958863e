package dev.wasmfaas.server.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * A function sent already compiled ({@code lang=wasm}): the body must be a core module that a worker
 * can run as a WASI command. It is refused at deploy, not at its first invocation, when it is
 * malformed, has no {@code _start}, exports no memory, or imports anything but WASI preview 1.
 */
@Component
public class WasmModuleCheck implements FunctionCompiler {

    static final String ARTIFACT = "module.wasm";
    static final String WASI = "wasi_snapshot_preview1";

    @Override
    public Set<Language> languages() {
        return Set.of(Language.WASM);
    }

    @Override
    public String compile(Language language, Path source, CompileOptions options) {
        try {
            WasmModule module = check(Files.readAllBytes(source));
            Files.copy(source, source.resolveSibling(ARTIFACT), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the module " + source, ex);
        }
        return ARTIFACT;
    }

    @Override
    public LanguageSupport support(Language language) {
        return new LanguageSupport(language.id(), true, "built-in check of WASI preview 1 modules", null, null);
    }

    /** The module's declarations, or a {@code compile-error} saying why a worker could not run it. */
    static WasmModule check(byte[] bytes) {
        WasmModule module;
        try {
            module = WasmModuleReader.read(bytes);
        } catch (InvalidModuleException ex) {
            // an offset inside the 8-byte header says nothing more than the message
            throw refused("invalid WebAssembly module: " + ex.getMessage()
                    + (ex.offset() > 8 ? " (at byte " + ex.offset() + ")" : ""));
        }
        WasmModule.FunctionType start = module.exportedFunction("_start").orElseThrow(() -> refused(
                "the module exports no function _start: a function must be a WASI command "
                        + "(a program with a main, built for wasm32-wasi as an executable, not a library)"));
        if (start.params() != 0 || start.results() != 0) {
            throw refused("_start takes " + start.params() + " parameters and returns " + start.results()
                    + " values; a WASI command's _start takes and returns nothing");
        }
        List<String> foreign = module.imports().stream().filter(i -> !WASI.equals(i.module())).map(Object::toString).toList();
        if (!foreign.isEmpty()) {
            throw refused("the module imports " + String.join(", ", foreign) + "; a function may import only "
                    + WASI + " (WASI preview 1)");
        }
        if (!module.exportsMemory("memory")) {
            throw refused("the module exports no memory named \"memory\", through which WASI passes its input and output");
        }
        return module;
    }

    // Issue 5 will write the cap into such a module; until then it is only noticed.
    static Optional<String> memoryAboveCap(WasmModule module, CompileOptions options) {
        return module.memory().flatMap(limits -> {
            if (limits.max() == null) {
                return Optional.of("the module declares no memory maximum; its cap of " + options.memoryMb()
                        + " MiB is not enforced on uploaded modules yet");
            }
            if (limits.max() > options.maxMemoryPages()) {
                return Optional.of("the module's memory maximum of " + limits.max() + " pages is above its cap of "
                        + options.maxMemoryPages() + " pages, which is not enforced on uploaded modules yet");
            }
            return Optional.empty();
        });
    }

    private static FaasException refused(String reason) {
        return new FaasException(ErrorKind.COMPILE_ERROR, reason, Map.of("diagnostics", reason));
    }
}
