package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledToolsTests {

    @TempDir
    Path dir;

    @Test
    void asksAToolOnceForTheSameExecutable() throws Exception {
        Path count = dir.resolve("count");
        Path tool = Files.writeString(dir.resolve("tool"), "#!/bin/sh\necho x >> " + count + "\necho 'tool 1.2.3'\necho more\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(InstalledTools.firstLine(List.of(tool.toString(), "--version"))).contains("tool 1.2.3");
        assertThat(InstalledTools.firstLine(List.of(tool.toString(), "--version"))).contains("tool 1.2.3");

        assertThat(Files.readAllLines(count)).hasSize(1);
    }

    @Test
    void aFailingOrMissingToolHasNoAnswer() throws Exception {
        Path tool = Files.writeString(dir.resolve("broken"), "#!/bin/sh\necho 'pyenv: no such version' >&2\nexit 127\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(InstalledTools.firstLine(List.of(tool.toString(), "--version"))).isEmpty();
        assertThat(InstalledTools.firstLine(List.of(dir.resolve("absent").toString(), "--version"))).isEmpty();
    }

    @Test
    void findsExecutablesOnThePathThenTheFallbacks() throws Exception {
        Path fallback = Files.writeString(dir.resolve("sh"), "");
        Files.setPosixFilePermissions(fallback, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<Path> found = InstalledTools.candidates("sh", fallback, dir.resolve("not-there"));

        assertThat(found).last().isEqualTo(fallback);
        assertThat(found).hasSizeGreaterThan(1).doesNotContain(dir.resolve("not-there"));
    }
}
