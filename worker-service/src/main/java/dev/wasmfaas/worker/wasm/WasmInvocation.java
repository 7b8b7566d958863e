package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import io.github.kawamuray.wasmtime.Disposable;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.ImportType;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;
import io.github.kawamuray.wasmtime.wasi.WasiCtxBuilder;

/**
 * One run of a module in a fresh store: its own WASI context (arguments and environment only: no
 * files, no network, nothing inherited), stdin and stdout/stderr served from memory, and an epoch
 * deadline. Every native handle made here is disposed before it returns.
 */
final class WasmInvocation {

    private static final String WASI = "wasi_snapshot_preview1";

    private final InvocationRequest request;
    private final GuestStdio stdio;
    private final GuestPoll poll;
    private final StdioDescriptors descriptors;
    private final Deque<Disposable> handles = new ArrayDeque<>();
    private final long started = System.nanoTime();
    private RuntimeException hostFailure;

    WasmInvocation(InvocationRequest request) {
        this.request = request;
        this.stdio = new GuestStdio(request.input(), request.limits().maxOutputBytes());
        long timeoutNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(request.limits().timeoutMs()), Long.MAX_VALUE / 4);
        this.poll = new GuestPoll(started + timeoutNanos);
        this.descriptors = new StdioDescriptors(stdio, poll);
    }

    /** Runs {@code _start} until it returns, exits, traps or passes {@code deadlineTicks} epochs. */
    InvocationResult run(Engine engine, Linker linker, Module module, long deadlineTicks, boolean coldStart) {
        Outcome outcome;
        try (Store<Void> store = new Store<>(null, engine, wasiContext())) {
            try {
                store.setEpochDeadline(deadlineTicks);
                Instance instance = own(instantiate(store, linker, module));
                Func start = own(instance.getFunc(store, "_start").orElseThrow(() -> new FaasException(
                        ErrorKind.BAD_REQUEST, "the module has no _start: it is not a WASI command")));
                outcome = call(store, start);
            } finally {
                while (!handles.isEmpty()) {
                    handles.pop().dispose();
                }
            }
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return new InvocationResult(request.activationId(), outcome.status, outcome.exitCode, stdio.stdout(),
                stdio.stderr(), durationMs, null, outcome.message, coldStart);
    }

    private Instance instantiate(Store<Void> store, Linker linker, Module module) {
        try {
            return new Instance(store, module, imports(store, linker, module));
        } catch (WasmtimeException | WasmFunctionError ex) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "cannot instantiate the module: " + firstLine(ex.getMessage()));
        }
    }

    private WasiCtx wasiContext() {
        WasiCtxBuilder builder = new WasiCtxBuilder().arg(argv0());
        for (String arg : request.args()) {
            builder.arg(requireNoNul(arg, "arguments"));
        }
        request.env().forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "environment variable names are non-empty, without '='");
            }
            builder.env(requireNoNul(name, "environment variables"), requireNoNul(value, "environment variables"));
        });
        return builder.build();
    }

    // WASI passes arguments and environment as C strings.
    private static String requireNoNul(String text, String what) {
        if (text.indexOf('\0') >= 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, what + " cannot contain NUL characters");
        }
        return text;
    }

    private String argv0() {
        String name = request.name() != null ? request.name() : request.functionId();
        return name == null ? "function" : requireNoNul(name, "the function name");
    }

    // Resolved one by one so that every call on a descriptor, and polling, comes from this invocation's
    // StdioDescriptors, not from the WASI context (which has no stdio).
    private List<Extern> imports(Store<Void> store, Linker linker, Module module) {
        List<Extern> externs = new ArrayList<>();
        for (ImportType wanted : module.imports()) {
            DescriptorCall served = WASI.equals(wanted.module()) ? DescriptorCall.named(wanted.name()) : null;
            if (served != null) {
                externs.add(Extern.fromFunc(own(new Func(store, served.type(), (caller, params, results) -> {
                    try {
                        results[0] = Val.fromI32(served.usesMemory()
                                ? withMemory(store, caller.getExport("memory"), memory ->
                                        descriptors.call(served, memory, params))
                                : descriptors.call(served, null, params));
                    } catch (RuntimeException ex) {
                        // Wasmtime keeps only a backtrace of what a host function threw: remember why.
                        hostFailure = ex;
                        throw ex;
                    }
                }))));
            } else {
                Extern extern = linker.get(store, wanted.module(), wanted.name()).orElseThrow(() ->
                        new FaasException(ErrorKind.BAD_REQUEST, "the module imports " + wanted.module() + "."
                                + wanted.name() + ", which a WASI command cannot use"));
                if (extern.type() == Extern.Type.FUNC) {
                    own(extern.func());
                }
                externs.add(extern);
            }
        }
        return externs;
    }

    private static int withMemory(Store<Void> store, Optional<Extern> export, ToIntFunction<ByteBuffer> access) {
        Memory memory = export.filter(extern -> extern.type() == Extern.Type.MEMORY).map(Extern::memory)
                .orElseThrow(() -> new IllegalStateException("the module exports no memory"));
        try {
            return access.applyAsInt(memory.buffer(store).order(ByteOrder.LITTLE_ENDIAN));
        } finally {
            memory.dispose();
        }
    }

    private Outcome call(Store<Void> store, Func start) {
        try {
            start.call(store);
            return Outcome.exited(0);
        } catch (WasmFunctionError.I32ExitError ex) {
            return Outcome.exited(ex.exitCode());
        } catch (WasmFunctionError | WasmtimeException ex) {
            return failure(ex);
        }
    }

    private Outcome failure(RuntimeException ex) {
        if (stdio.outputLimitReached()) {
            return new Outcome(InvocationStatus.OUTPUT_LIMIT, -1, "function wrote more than "
                    + stdio.maxOutputBytes() + " bytes to stdout and stderr; its output was cut there");
        }
        if (poll.deadlineReached()
                || ex instanceof WasmFunctionError.TrapError trap && trap.trap() == Trap.INTERRUPT) {
            return new Outcome(InvocationStatus.TIMEOUT, -1,
                    "function exceeded its " + request.limits().timeoutMs() + " ms time limit");
        }
        if (ex instanceof WasmFunctionError.TrapError trap && trap.trap() != Trap.UNKNOWN) {
            return new Outcome(InvocationStatus.TRAP, -1,
                    "wasm trap: " + trap.trap().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        String reason = hostFailure != null ? hostFailure.getMessage() : ex.getMessage();
        return new Outcome(InvocationStatus.TRAP, -1, firstLine(reason));
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "the function failed inside Wasmtime";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private <T extends Disposable> T own(T handle) {
        handles.push(handle);
        return handle;
    }

    private record Outcome(InvocationStatus status, int exitCode, String message) {

        static Outcome exited(int code) {
            return new Outcome(code == 0 ? InvocationStatus.SUCCESS : InvocationStatus.FAILED, code, null);
        }
    }
}
