package dev.wasmfaas.server.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** Which failures of a deploy are a full disk, on a real directory with room to spare. */
class StorageFullTests {

    @TempDir
    Path functions;

    @Test
    void aWriteThatMetEnospcIsInsufficientStorage() {
        RuntimeException failure = new UncheckedIOException(
                new FileSystemException("/functions/.staging/x/source.c", null, "No space left on device"));

        RuntimeException answered = StorageFull.classify(failure, functions);

        assertThat(answered).isInstanceOf(FaasException.class);
        FaasException problem = (FaasException) answered;
        assertThat(problem.kind()).isEqualTo(ErrorKind.INSUFFICIENT_STORAGE);
        assertThat(problem.kind().status().value()).isEqualTo(507);
        assertThat(problem.getMessage()).contains("functions directory is full").contains("nothing of this deploy was stored");
        assertThat(problem.properties()).containsKey("freeBytes");
        assertThat(problem.getCause()).isSameAs(failure);
    }

    @Test
    void aCompilerThatCouldNotWriteItsOutputIsInsufficientStorage() {
        FaasException compile = new FaasException(ErrorKind.COMPILE_ERROR, "compilation failed",
                Map.of("diagnostics", "error: unable to open output file 'module.wasm': 'No space left on device'"));

        assertThat(((FaasException) StorageFull.classify(compile, functions)).kind())
                .isEqualTo(ErrorKind.INSUFFICIENT_STORAGE);
    }

    @Test
    void aQuotaIsInsufficientStorageToo() {
        RuntimeException failure = new UncheckedIOException(
                new FileSystemException("/functions/.staging/x", null, "Disk quota exceeded"));

        assertThat(((FaasException) StorageFull.classify(failure, functions)).kind())
                .isEqualTo(ErrorKind.INSUFFICIENT_STORAGE);
    }

    @Test
    void otherFailuresAreLeftAsTheyAreWhileThereIsRoom() {
        FaasException compile = new FaasException(ErrorKind.COMPILE_ERROR, "compilation failed",
                Map.of("diagnostics", "hello.c:1:1: error: unknown type name 'in'"));
        RuntimeException io = new UncheckedIOException(new FileSystemException("/functions/x", null, "Permission denied"));

        assertThat(StorageFull.classify(compile, functions)).isSameAs(compile);
        assertThat(StorageFull.classify(io, functions)).isSameAs(io);
    }
}
