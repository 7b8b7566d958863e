package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import io.github.kawamuray.wasmtime.Caller;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;

/**
 * One run of a function: its standard streams and polling served from memory, its time limit,
 * and how it ended. Lives for one call of a {@link CommandStore}, on one thread.
 */
final class Invocation implements AutoCloseable {

    private final InvocationRequest request;
    private final GuestStdio stdio;
    private final GuestPoll poll;
    private final StdioDescriptors descriptors;
    private final long started = System.nanoTime();
    private Memory memory;
    private long memoryBytes = -1;
    private RuntimeException hostFailure;

    Invocation(InvocationRequest request) {
        this.request = request;
        this.stdio = new GuestStdio(request.input(), request.limits().maxOutputBytes());
        long timeoutNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(request.limits().timeoutMs()), Long.MAX_VALUE / 4);
        this.poll = new GuestPoll(started + timeoutNanos);
        this.descriptors = new StdioDescriptors(stdio, poll);
    }

    /** Serves one WASI call of the guest; the guest memory is the calling instance's. */
    int serve(DescriptorCall call, Caller<Void> caller, Store<Void> store, Val[] params) {
        try {
            return descriptors.call(call, call.usesMemory() ? memory(caller, store) : null, params);
        } catch (RuntimeException ex) {
            // Wasmtime keeps only a backtrace of what a host function threw: remember why.
            hostFailure = ex;
            throw ex;
        }
    }

    // The memory handle is looked up once per run; the view of it is taken at every call, since the
    // guest may have grown its memory in between.
    private ByteBuffer memory(Caller<Void> caller, Store<Void> store) {
        if (memory == null) {
            memory = caller.getExport("memory").filter(extern -> extern.type() == Extern.Type.MEMORY)
                    .map(Extern::memory)
                    .orElseThrow(() -> new IllegalStateException("the module exports no memory"));
        }
        ByteBuffer buffer = memory.buffer(store).order(ByteOrder.LITTLE_ENDIAN);
        memoryBytes = buffer.capacity();
        return buffer;
    }

    /** The size of the guest's memory at its last WASI call served here; -1 when it made none. */
    long memoryBytes() {
        return memoryBytes;
    }

    /** The most memory the function may have: what a run that never called the worker is counted as. */
    int memoryCapMb() {
        return request.limits().memoryMb();
    }

    long deadlineTicks(long tickMs) {
        return Math.ceilDiv(request.limits().timeoutMs(), tickMs) + 1;
    }

    Outcome exited(int code) {
        return new Outcome(code == 0 ? InvocationStatus.SUCCESS : InvocationStatus.FAILED, code, null);
    }

    /** How a run that neither returned nor exited ended. */
    Outcome failed(RuntimeException ex) {
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

    InvocationResult result(Outcome outcome, boolean coldStart) {
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return new InvocationResult(request.activationId(), outcome.status(), outcome.exitCode(), stdio.stdout(),
                stdio.stderr(), durationMs, null, outcome.message(), coldStart);
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "the function failed inside Wasmtime";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.dispose();
            memory = null;
        }
    }

    /** How a run ended, before it becomes a result. */
    record Outcome(InvocationStatus status, int exitCode, String message) {
    }
}
