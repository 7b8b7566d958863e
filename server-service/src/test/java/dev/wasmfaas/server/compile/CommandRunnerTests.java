package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

class CommandRunnerTests {

    @TempDir
    Path dir;

    @Test
    void capturesOutputAndExitCodeWithoutAShell() {
        CommandResult result = CommandRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), dir,
                Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("out").contains("err");
    }

    @Test
    void passesArgumentsLiterally() {
        CommandResult result = CommandRunner.run(List.of("echo", "$(id)", "; rm -rf /"), dir, Duration.ofSeconds(10));

        assertThat(result.output()).isEqualTo("$(id) ; rm -rf /\n");
    }

    @Test
    void killsACommandPastItsTimeLimit() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> CommandRunner.run(List.of("sleep", "30"), dir, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(FaasException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void capsTheCapturedOutput() {
        CommandResult result = CommandRunner.run(List.of("sh", "-c", "yes | head -c 1000000"), dir,
                Duration.ofSeconds(10));

        assertThat(result.output()).hasSize(CommandRunner.MAX_OUTPUT);
    }
}
