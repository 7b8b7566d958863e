package dev.wasmfaas.worker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WorkerProperties;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What the sandbox refuses before it starts anything: none of these needs bubblewrap or an interpreter. */
class SandboxRuntimeSetupTests {

    @TempDir
    Path dir;

    Path script;
    String digest;

    @BeforeEach
    void storeAScript() throws IOException {
        script = Files.writeString(dir.resolve("source.py"), "print('hi')\n");
        digest = Scripts.sha256(Files.readAllBytes(script));
    }

    @Test
    void withoutBubblewrapScriptsAreNeverRun() {
        SandboxRuntime runtime = runtime(new WorkerProperties.Sandbox("/nonexistent/bwrap", "node", "python3", "php",
                64, 16, true));

        refused(runtime, request("python", script.toString(), digest, Limits.DEFAULTS), ErrorKind.TOOLCHAIN_MISSING)
                .withMessageContaining("bubblewrap is not installed")
                .withMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void aMissingInterpreterNamesItsPackage() {
        Scripts.assumeBubblewrap();
        SandboxRuntime runtime = runtime(new WorkerProperties.Sandbox("bwrap", "/nonexistent/node", "python3", "php",
                64, 16, true));

        refused(runtime, request("js", script.toString(), digest, Limits.DEFAULTS), ErrorKind.TOOLCHAIN_MISSING)
                .withMessageContaining("faas.worker.sandbox.node=/nonexistent/node")
                .withMessageContaining("apt-get install nodejs");
    }

    @Test
    void anInterpreterOutsideUsrIsRefused() throws IOException {
        Scripts.assumeBubblewrap();
        Path shim = Files.writeString(dir.resolve("python3"), "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        SandboxRuntime runtime = runtime(new WorkerProperties.Sandbox("bwrap", "node", shim.toString(), "php", 64, 16, true));

        refused(runtime, request("python", script.toString(), digest, Limits.DEFAULTS), ErrorKind.TOOLCHAIN_MISSING)
                .withMessageContaining("outside /usr");
    }

    @Test
    void theArtifactMustBeTheOneTheRequestNames() {
        SandboxRuntime runtime = runtime(Scripts.DEFAULTS);

        refused(runtime, request("python", script.toString(), "00".repeat(32), Limits.DEFAULTS), ErrorKind.INTERNAL)
                .withMessageContaining("SHA-256");
        refused(runtime, request("python", dir.resolve("gone.py").toString(), digest, Limits.DEFAULTS),
                ErrorKind.FUNCTION_NOT_FOUND);
        refused(runtime, request("python", "functions/hello_1/source.py", digest, Limits.DEFAULTS),
                ErrorKind.BAD_REQUEST);
        refused(runtime, request("python", script.toString(), "not-a-digest", Limits.DEFAULTS), ErrorKind.BAD_REQUEST);
        refused(runtime, request("python", dir.toString(), digest, Limits.DEFAULTS), ErrorKind.BAD_REQUEST)
                .withMessageContaining("not a regular file");
    }

    @Test
    void runsScriptLanguagesOnly() {
        refused(runtime(Scripts.DEFAULTS), request("c", script.toString(), digest, Limits.DEFAULTS),
                ErrorKind.UNSUPPORTED_LANGUAGE);
    }

    @Test
    void limitsMustBeUsable() {
        refused(runtime(Scripts.DEFAULTS), request("python", script.toString(), digest, new Limits(0, 128, 1024)),
                ErrorKind.BAD_REQUEST);
        refused(runtime(Scripts.DEFAULTS), request("python", script.toString(), digest, new Limits(1000, 0, 1024)),
                ErrorKind.BAD_REQUEST);
    }

    private static SandboxRuntime runtime(WorkerProperties.Sandbox sandbox) {
        return new SandboxRuntime(sandbox);
    }

    private static ThrowableAssertAlternative<FaasException> refused(SandboxRuntime runtime,
            InvocationRequest request, ErrorKind kind) {
        return assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(request))
                .matches(ex -> ex.kind() == kind, "kind " + kind);
    }

    private static InvocationRequest request(String lang, String artifact, String digest, Limits limits) {
        return new InvocationRequest("act-1", "hello_1", "hello", lang, artifact, digest,
                "".getBytes(StandardCharsets.UTF_8), List.of(), Map.of(), limits);
    }
}
