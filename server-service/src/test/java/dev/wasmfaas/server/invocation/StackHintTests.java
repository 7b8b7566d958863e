package dev.wasmfaas.server.invocation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackHintTests {

    @Test
    void anOutOfBoundsAccessOrAStackOverflowOfALinkedStackNamesTheStackAndStackKb() {
        assertThat(StackHint.explain("wasm trap: memory out of bounds", 1024))
                .isEqualTo("wasm trap: memory out of bounds; the likely cause is the function's stack of 1024 KiB "
                        + "(deep recursion or large local arrays): deploy it with a larger stackKb, within its memoryMb");
        assertThat(StackHint.explain("wasm trap: stack overflow", 4096)).contains("stack of 4096 KiB", "stackKb");
    }

    @Test
    void otherTrapsAndModulesWhoseStackThePlatformDidNotLinkAreLeftAlone() {
        assertThat(StackHint.explain("wasm trap: unreachable code reached", 1024))
                .isEqualTo("wasm trap: unreachable code reached");
        assertThat(StackHint.explain("wasm trap: memory out of bounds", null))
                .isEqualTo("wasm trap: memory out of bounds");
    }
}
