package dev.wasmfaas.server.compile;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * Writes a memory cap into a module: the maximum of every memory the module defines becomes at
 * most {@code maxPages}. The binding runs Wasmtime without a store limiter, so the module's own
 * declared maximum is what makes {@code memory.grow} (and so malloc) fail at the cap. A module
 * whose minimum is above the cap cannot run under it and is refused.
 */
public final class MemoryCap {

    private static final int MEMORY_SECTION = 5;
    private static final int HAS_MAX = 0x01;
    private static final int MEMORY64 = 0x04;

    private final byte[] module;
    private int position;

    private MemoryCap(byte[] module) {
        this.module = module;
    }

    /** The module with its memories capped at {@code maxPages} 64 KiB pages (the same bytes when already within). */
    public static byte[] apply(byte[] module, long maxPages) {
        return new MemoryCap(module).capped(maxPages);
    }

    private byte[] capped(long maxPages) {
        position = 8;
        while (position < module.length) {
            int sectionStart = position;
            int id = module[position++] & 0xff;
            long size = u32();
            int contentStart = position;
            int end = contentStart + (int) size;
            if (id == MEMORY_SECTION) {
                byte[] content = memories(end, maxPages);
                ByteArrayOutputStream out = new ByteArrayOutputStream(module.length + 16);
                out.write(module, 0, sectionStart);
                out.write(MEMORY_SECTION);
                leb(out, content.length);
                out.writeBytes(content);
                out.write(module, end, module.length - end);
                return out.toByteArray();
            }
            position = end;
        }
        return module;
    }

    private byte[] memories(int end, long maxPages) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long count = u32();
        leb(content, count);
        for (long i = 0; i < count; i++) {
            int flags = module[position++] & 0xff;
            if ((flags & MEMORY64) != 0) {
                throw refused("64-bit memories are not supported");
            }
            long min = u32();
            Long max = (flags & HAS_MAX) != 0 ? u32() : null;
            if (min > maxPages) {
                throw refused("the module needs at least " + min + " pages of memory, above its cap of " + maxPages
                        + " pages (" + maxPages / 16 + " MiB; raise memoryMb)");
            }
            content.write(flags | HAS_MAX);
            leb(content, min);
            leb(content, max == null ? maxPages : Math.min(max, maxPages));
        }
        if (position != end) {
            throw refused("the memory section is malformed");
        }
        return content.toByteArray();
    }

    private long u32() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = module[position++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    private static void leb(ByteArrayOutputStream out, long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7f);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }

    private static FaasException refused(String reason) {
        return new FaasException(ErrorKind.COMPILE_ERROR, reason, Map.of("diagnostics", reason));
    }
}
