package dev.wasmfaas.server.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.server.TestProperties;

class FunctionStoreTests {

    @TempDir
    Path dir;

    @Test
    void publishesAVersionWholeUnderItsId() throws Exception {
        FunctionStore store = new FunctionStore(TestProperties.in(dir));
        Path staged = store.stage();
        store.write(staged.resolve("source.c"), "int main(){}".getBytes());
        FunctionMetadata metadata = FunctionRegistryTests.version("hello", 1);
        store.writeMetadata(staged, metadata);

        assertThat(store.loadAll()).isEmpty();
        Path published = store.commit(staged, "hello_1");

        assertThat(published).isEqualTo(dir.resolve("functions/hello_1"));
        assertThat(staged).doesNotExist();
        assertThat(store.loadAll()).containsExactly(metadata);
        assertThat(published.resolve("source.c")).hasContent("int main(){}");
        try (var files = Files.list(published)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("source.c",
                    "metadata.json");
        }
    }

    @Test
    void neverOverwritesAPublishedVersion() {
        FunctionStore store = new FunctionStore(TestProperties.in(dir));
        store.commit(store.stage(), "hello_1");

        assertThatThrownBy(() -> store.commit(store.stage(), "hello_1")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void skipsDirectoriesWithoutMetadataAndClearsLeftoverStaging() throws Exception {
        FunctionStore store = new FunctionStore(TestProperties.in(dir));
        Files.createDirectories(dir.resolve("functions/examples"));
        Files.writeString(dir.resolve("functions/examples/hello.c"), "x");
        Path leftover = store.stage();
        Files.writeString(leftover.resolve("source.c"), "half written");
        Files.createDirectories(dir.resolve("functions/broken_2"));
        Files.writeString(dir.resolve("functions/broken_2/metadata.json"), "{not json");

        FunctionStore restarted = new FunctionStore(TestProperties.in(dir));

        assertThat(restarted.loadAll()).isEmpty();
        assertThat(leftover).doesNotExist();
        assertThat(dir.resolve("functions/examples/hello.c")).exists();
    }

    @Test
    void replacesAFileAtomically() throws Exception {
        FunctionStore store = new FunctionStore(TestProperties.in(dir));
        Path file = dir.resolve("functions/file.txt");
        store.write(file, "one".getBytes());
        store.write(file, "two".getBytes());

        assertThat(file).hasContent("two");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".file.txt.tmp");
        }
    }
}
