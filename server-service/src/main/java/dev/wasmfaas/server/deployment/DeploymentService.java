package dev.wasmfaas.server.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.wasmfaas.common.contract.FunctionName;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.compile.CompileOptions;
import dev.wasmfaas.server.compile.Compilers;
import dev.wasmfaas.server.compile.MemoryCap;
import dev.wasmfaas.server.compile.StackLayout;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;
import dev.wasmfaas.server.function.LimitOverrides;

/**
 * Deploys a new function: the name is reserved, the source compiled in a staging directory,
 * and only a complete version is published. A failure leaves nothing behind.
 */
@Service
public class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    private final FunctionRegistry registry;
    private final FunctionStore store;
    private final Compilers compilers;
    private final ServerProperties properties;
    private final DeploymentMetrics metrics;
    private final ModuleCompilation modules;

    DeploymentService(FunctionRegistry registry, FunctionStore store, Compilers compilers,
            ServerProperties properties, DeploymentMetrics metrics, ModuleCompilation modules) {
        this.metrics = metrics;
        this.modules = modules;
        this.registry = registry;
        this.store = store;
        this.compilers = compilers;
        this.properties = properties;
    }

    /** A new function: its name must be free. */
    public FunctionMetadata deploy(String name, String lang, byte[] source, FunctionConfig config) {
        return publish(name, lang, source, config, registry::reserveNewName, "deploy");
    }

    /** A new version of an existing function; nothing changes unless it compiles. */
    public FunctionMetadata update(String name, String lang, byte[] source, FunctionConfig config) {
        return publish(name, lang, source, config, registry::reserveExistingName, "update");
    }

    /** Removes every version of a function; answers what was removed. */
    public List<FunctionMetadata> delete(String name) {
        FunctionName.require(name);
        registry.reserveExistingName(name);
        try {
            List<FunctionMetadata> removed = registry.remove(name);
            removed.forEach(store::delete);
            log.info("deleted {} ({} versions)", name, removed.size());
            return removed;
        } finally {
            registry.release(name);
        }
    }

    // The checks of the request come first, so that bad input never holds a name.
    private FunctionMetadata publish(String name, String lang, byte[] source, FunctionConfig config,
            Consumer<String> reserve, String operation) {
        FunctionName.require(name);
        Language language = parseLanguage(lang);
        requireSource(language, source);
        FunctionConfig built = config.withLimits(linkedLimits(language, config.limits()));
        reserve.accept(name);
        Path staged = null;
        try {
            staged = store.stage();
            FunctionMetadata metadata = build(name, language, source, built, staged);
            store.commit(staged, metadata.id());
            registry.add(metadata);
            if (language.wasm()) {
                modules.warm(store.directoryOf(metadata).resolve(metadata.artifactFile()), metadata.digest());
            }
            metrics.published(language, operation, null);
            log.info("{}ed {} ({}, {} bytes of source)", operation.replaceAll("e$", ""), metadata.id(), language.id(),
                    source.length);
            return metadata;
        } catch (RuntimeException ex) {
            store.discard(staged);
            RuntimeException answered = StorageFull.classify(ex, store.root());
            metrics.published(language, operation, answered);
            throw answered;
        } finally {
            registry.release(name);
        }
    }

    private void requireSource(Language language, byte[] source) {
        if (source == null || source.length == 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "the request body (the function's source) is empty");
        }
        long max = properties.compile().maxUploadBytes(language == Language.WASM);
        if (source.length > max) {
            throw new FaasException(ErrorKind.PAYLOAD_TOO_LARGE, "the " + (language == Language.WASM ? "module" : "source")
                    + " is larger than " + max + " bytes");
        }
    }

    /**
     * The limits with the stack the module will be linked with: the one asked for or the default, for the
     * languages whose compiler links it, when it leaves room in the memory cap; a stack asked of another
     * language is refused.
     */
    private LimitOverrides linkedLimits(Language language, LimitOverrides asked) {
        if (!compilers.forLanguage(language).linksStack(language)) {
            if (asked.stackKb() != null) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "stackKb applies to c, cpp and rust, whose stack the "
                        + "platform links into the module; " + whoseStack(language));
            }
            return asked;
        }
        int stackKb = asked.stackKb() != null ? asked.stackKb() : properties.limits().stackKb();
        StackLayout.requireRoom(stackKb, asked.over(properties.limits().toLimits()).memoryMb());
        return asked.withStackKb(stackKb);
    }

    private static String whoseStack(Language language) {
        return switch (language) {
            case GO -> "a Go function's stacks are Go's own and grow as needed";
            case WASM -> "an uploaded module's stack was set by the linker that built it";
            case HTML -> "an html function runs no code";
            default -> "a " + language.id() + " function's stack is its runtime's";
        };
    }

    private FunctionMetadata build(String name, Language language, byte[] source, FunctionConfig config, Path dir) {
        String sourceFile = "source." + language.extension();
        store.write(dir.resolve(sourceFile), source);
        int memoryMb = config.limits().over(properties.limits().toLimits()).memoryMb();
        String artifact = metrics.compile(language, () -> compilers.forLanguage(language).compile(language,
                dir.resolve(sourceFile), new CompileOptions(memoryMb, config.limits().stackKb())));
        if (language.wasm()) {
            requireModuleSize(dir.resolve(artifact));
        }
        byte[] built = read(dir.resolve(artifact));
        if (language.wasm()) {
            // Whatever built it (or if it was uploaded), the module's own maximum is the memory cap.
            byte[] capped = MemoryCap.apply(built, new CompileOptions(memoryMb).maxMemoryPages());
            if (capped != built) {
                store.write(dir.resolve(artifact), capped);
            }
            built = capped;
        }
        String digest = sha256(built);
        if (language.wasm()) {
            // Compiled by Wasmtime now, with the workers' settings: refused now if it must be, and never again.
            modules.compile(dir.resolve(artifact), digest);
        }
        FunctionRegistry.Allocation id = registry.allocate(name);
        FunctionMetadata metadata = new FunctionMetadata(id.id(), name, language.id(), id.sequence(), Instant.now(),
                sourceFile, source.length, artifact, digest, config.args(), config.env(), config.limits());
        store.writeMetadata(dir, metadata);
        return metadata;
    }

    // Before the module is read whole: what a compiler may produce is bounded as an upload is.
    private void requireModuleSize(Path module) {
        long size;
        try {
            size = Files.size(module);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        long max = properties.compile().maxModuleBytes();
        if (size > max) {
            String reason = "the compiled module is " + size + " bytes, above the cap of " + max
                    + " bytes on modules (faas.server.compile.max-module-bytes)";
            throw new FaasException(ErrorKind.COMPILE_ERROR, reason, Map.of("diagnostics", reason));
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Language parseLanguage(String lang) {
        if (lang == null || lang.isBlank()) {
            throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE, "the language is missing (query parameter 'lang')");
        }
        return Language.fromId(lang).orElseThrow(() -> new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE,
                "unknown language; one of c, cpp, rust, go, wasm, js, python, php, html"));
    }

    static String sha256(Path file) {
        return sha256(read(file));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
