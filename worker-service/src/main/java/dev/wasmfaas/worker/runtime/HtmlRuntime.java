package dev.wasmfaas.worker.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** An HTML function: its output is the stored text, whatever the input; nothing is executed. */
public final class HtmlRuntime implements FunctionRuntime {

    @Override
    public InvocationResult run(InvocationRequest request) {
        long started = System.nanoTime();
        int maxOutputBytes = request.limits().maxOutputBytes();
        if (maxOutputBytes < 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "limits need maxOutputBytes >= 0");
        }
        byte[] text = ArtifactFile.read(request.artifact(), request.digest());
        boolean fits = text.length <= maxOutputBytes;
        String stdout = new String(fits ? text : Arrays.copyOf(text, maxOutputBytes), StandardCharsets.UTF_8);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return fits
                ? new InvocationResult(request.activationId(), InvocationStatus.SUCCESS, 0, stdout, "", durationMs,
                        null, null, false)
                : new InvocationResult(request.activationId(), InvocationStatus.OUTPUT_LIMIT, -1, stdout, "",
                        durationMs, null, "the page has " + text.length + " bytes, more than the " + maxOutputBytes
                                + " bytes of output allowed; it was cut there", false);
    }
}
