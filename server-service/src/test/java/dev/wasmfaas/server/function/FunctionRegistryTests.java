package dev.wasmfaas.server.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;

class FunctionRegistryTests {

    @TempDir
    Path dir;

    @Test
    void resolvesAnIdExactlyAndANameToItsNewestVersion() {
        FunctionRegistry registry = new FunctionRegistry(new FunctionStore(TestProperties.in(dir)));
        registry.add(version("hello", 1));
        registry.add(version("hello", 4));
        registry.add(version("other", 2));

        assertThat(registry.resolve("hello").id()).isEqualTo("hello_4");
        assertThat(registry.resolve("hello_1").id()).isEqualTo("hello_1");
        assertThat(registry.latest()).extracting(FunctionMetadata::id).containsExactly("hello_4", "other_2");
        assertThatThrownBy(() -> registry.resolve("missing")).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.FUNCTION_NOT_FOUND));
    }

    @Test
    void refusesATakenNameOrOneBeingDeployed() {
        FunctionRegistry registry = new FunctionRegistry(new FunctionStore(TestProperties.in(dir)));
        registry.add(version("hello", 1));

        assertThatThrownBy(() -> registry.reserveNewName("hello")).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.NAME_TAKEN));
        assertThatThrownBy(() -> registry.reserveNewName("hello_1")).isInstanceOf(FaasException.class);
        registry.reserveNewName("fresh");
        assertThatThrownBy(() -> registry.reserveNewName("fresh")).isInstanceOf(FaasException.class);
        registry.release("fresh");
        registry.reserveNewName("fresh");
    }

    @Test
    void neverAllocatesAnIdThatIsAlreadyANameOrAnId() {
        FunctionRegistry registry = new FunctionRegistry(new FunctionStore(TestProperties.in(dir)));
        registry.add(version("a_2", 1));

        assertThat(registry.allocate("a").id()).isEqualTo("a_1");
        // a_2 is the name of another function: the sequence moves past it.
        assertThat(registry.allocate("a").id()).isEqualTo("a_3");
    }

    @Test
    void continuesTheSequenceOfStoredFunctionsAfterARestart() {
        FunctionStore store = new FunctionStore(TestProperties.in(dir));
        for (FunctionMetadata m : List.of(version("hello", 7), version("other", 3))) {
            Path staged = store.stage();
            store.writeMetadata(staged, m);
            store.commit(staged, m.id());
        }
        FunctionRegistry restarted = new FunctionRegistry(new FunctionStore(TestProperties.in(dir)));

        assertThat(restarted.resolve("hello").id()).isEqualTo("hello_7");
        assertThat(restarted.allocate("new").sequence()).isEqualTo(8);
    }

    static FunctionMetadata version(String name, long n) {
        return new FunctionMetadata(name + "_" + n, name, "c", n, Instant.parse("2026-01-01T00:00:00Z"), "source.c",
                10, "module.wasm", "00", List.of(), Map.of(), null);
    }
}
