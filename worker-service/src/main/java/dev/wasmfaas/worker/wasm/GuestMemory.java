package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;

/** Bounds checks on a guest's linear memory, whose pointers and lengths are unsigned 32-bit numbers. */
final class GuestMemory {

    private GuestMemory() {
    }

    /** Whether {@code length} bytes from the unsigned {@code pointer} lie inside {@code memory}. */
    static boolean fits(ByteBuffer memory, int pointer, long length) {
        return length >= 0 && Integer.toUnsignedLong(pointer) + length <= memory.capacity();
    }
}
