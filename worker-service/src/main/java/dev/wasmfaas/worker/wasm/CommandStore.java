package dev.wasmfaas.worker.wasm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import io.github.kawamuray.wasmtime.Disposable;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.ImportType;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;
import io.github.kawamuray.wasmtime.wasi.WasiCtxBuilder;

/**
 * One function's store, made once and used for many runs, by one thread at a time. Its imports are
 * resolved once: the WASI calls the worker serves are host functions that work on whichever
 * {@link Invocation} runs now, the others come from Wasmtime's WASI. Each run is a fresh instance
 * (fresh memory and globals), made by Wasmtime's command linking, which instantiates the module
 * anew at every call of {@code _start} without a round trip through the binding.
 *
 * <p>A store keeps the memory of every instance made in it until it is disposed, which is why a
 * store is retired after a number of runs or of bytes ({@link #spent}).
 */
final class CommandStore implements AutoCloseable {

    private static final String NAME = "function";
    private static final String WASI = "wasi_snapshot_preview1";

    private final FunctionKey key;
    private final Store<Void> store;
    private final Linker linker;
    private final Deque<Disposable> handles = new ArrayDeque<>();
    private final Func start;
    private final Module module;
    private final List<Extern> imports;
    private Invocation current;
    private int runs;
    private long bytes;

    private CommandStore(FunctionKey key, Engine engine, Module module, Linker wasi) {
        this.key = key;
        this.module = module;
        this.store = new Store<>(null, engine, wasiContext(key));
        this.linker = new Linker(engine);
        try {
            // Running nothing yet, but a module that is not a command may run code while it is linked.
            store.setEpochDeadline(1);
            this.imports = resolve(wasi);
            this.start = link();
        } catch (RuntimeException | Error ex) {
            close();
            throw ex;
        }
    }

    /** A store for this function; {@code wasi} is a linker with Wasmtime's WASI, used here only to resolve imports. */
    static CommandStore open(FunctionKey key, Engine engine, Module module, Linker wasi) {
        return new CommandStore(key, engine, module, wasi);
    }

    FunctionKey key() {
        return key;
    }

    /** Runs {@code _start} once for this invocation, under an epoch deadline. */
    Invocation.Outcome run(Invocation invocation, long deadlineTicks) {
        current = invocation;
        runs++;
        try {
            store.setEpochDeadline(deadlineTicks);
            if (start != null) {
                start.call(store);
            } else {
                runInstance();
            }
            return invocation.exited(0);
        } catch (WasmFunctionError.I32ExitError ex) {
            return invocation.exited(ex.exitCode());
        } catch (WasmFunctionError | WasmtimeException ex) {
            return invocation.failed(ex);
        } finally {
            current = null;
            long seen = invocation.memoryBytes();
            // A run that never called us left no trace of its memory: count it as large as it may be.
            bytes += seen >= 0 ? seen : (long) invocation.memoryCapMb() << 20;
        }
    }

    /** Whether this store has held enough instances that it should be disposed instead of used again. */
    boolean spent(int maxRuns, long maxBytes) {
        return runs >= maxRuns || bytes >= maxBytes;
    }

    // The slow way, for modules that Wasmtime does not link as a command (exports it does not allow in one).
    private void runInstance() {
        Instance instance = new Instance(store, module, imports);
        try {
            Func function = instance.getFunc(store, "_start").orElseThrow(() -> new FaasException(
                    ErrorKind.BAD_REQUEST, "the module has no _start: it is not a WASI command"));
            try {
                function.call(store);
            } finally {
                function.dispose();
            }
        } finally {
            instance.dispose();
        }
    }

    private static WasiCtx wasiContext(FunctionKey key) {
        WasiCtxBuilder builder = new WasiCtxBuilder().arg(key.argv0());
        key.args().forEach(builder::arg);
        key.env().forEach(builder::env);
        return builder.build();
    }

    private List<Extern> resolve(Linker wasi) {
        List<Extern> externs = new ArrayList<>();
        for (ImportType wanted : module.imports()) {
            DescriptorCall call = served(wanted);
            Extern extern = call == null ? fromWasi(wasi, wanted)
                    : Extern.fromFunc(own(new Func(store, call.type(), (caller, params, results) ->
                            results[0] = Val.fromI32(current.serve(call, caller, store, params)))));
            linker.define(store, wanted.module(), wanted.name(), extern);
            externs.add(extern);
        }
        return externs;
    }

    // Every WASI call on a descriptor is the invocation's, but one: fd_prestat_get, which wasi-libc asks at
    // start for descriptor 3 on, answers EBADF here as in Wasmtime's WASI, and stays native to save a host call.
    private static DescriptorCall served(ImportType wanted) {
        if (!WASI.equals(wanted.module())) {
            return null;
        }
        DescriptorCall call = DescriptorCall.named(wanted.name());
        return call == DescriptorCall.FD_PRESTAT_GET ? null : call;
    }

    private Extern fromWasi(Linker wasi, ImportType wanted) {
        Extern extern = wasi.get(store, wanted.module(), wanted.name()).orElseThrow(() ->
                new FaasException(ErrorKind.BAD_REQUEST, "the module imports " + wanted.module() + "."
                        + wanted.name() + ", which a WASI command cannot use"));
        if (extern.type() == Extern.Type.FUNC) {
            own(extern.func());
        }
        return extern;
    }

    // Wasmtime links a module with a _start as a command, and refuses one that exports anything but
    // functions and its memory or table: such a module runs as an instance per call instead.
    private Func link() {
        try {
            linker.module(store, NAME, module);
        } catch (WasmtimeException ex) {
            return null;
        }
        Extern export = linker.get(store, NAME, "_start").orElseThrow(() -> new FaasException(
                ErrorKind.BAD_REQUEST, "the module has no _start: it is not a WASI command"));
        if (export.type() != Extern.Type.FUNC) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "the module's _start is not a function");
        }
        return own(export.func());
    }

    private <T extends Disposable> T own(T handle) {
        handles.push(handle);
        return handle;
    }

    @Override
    public void close() {
        while (!handles.isEmpty()) {
            handles.pop().dispose();
        }
        linker.dispose();
        store.dispose();
    }
}
