package dev.wasmfaas.server.compile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the structure of a core WebAssembly binary (version 1): the header, every section's bounds and
 * order, and in full the sections a WASI command is judged by (types, imports, functions, memories,
 * exports). Code is not validated: a worker's Wasmtime does that when it compiles the module.
 */
final class WasmModuleReader {

    private static final int VERSION = 1;
    // the order of non-custom sections in a module (12, data count, comes before code)
    private static final List<Integer> SECTION_ORDER = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11);
    private static final int TYPE = 1;
    private static final int IMPORT = 2;
    private static final int FUNCTION = 3;
    private static final int MEMORY = 5;
    private static final int EXPORT = 7;

    private final byte[] bytes;
    private int position;
    private final List<WasmModule.FunctionType> types = new ArrayList<>();
    private final List<WasmModule.Import> imports = new ArrayList<>();
    private final List<WasmModule.Export> exports = new ArrayList<>();
    private final List<WasmModule.FunctionType> functions = new ArrayList<>();
    private final List<WasmModule.Limits> memories = new ArrayList<>();

    private WasmModuleReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws InvalidModuleException when {@code bytes} is not a well-formed core module */
    static WasmModule read(byte[] bytes) {
        return new WasmModuleReader(bytes).module();
    }

    private WasmModule module() {
        header();
        int lastRank = -1;
        while (position < bytes.length) {
            int id = u8();
            long size = u32();
            if (size > bytes.length - position) {
                throw invalid("truncated: section " + id + " declares " + size + " bytes, " + (bytes.length - position) + " are left");
            }
            int end = position + (int) size;
            if (id != 0) {
                int rank = SECTION_ORDER.indexOf(id);
                if (rank < 0) {
                    throw invalid("unknown section id " + id);
                }
                if (rank <= lastRank) {
                    throw invalid("section " + id + " is repeated or out of order");
                }
                lastRank = rank;
            }
            section(id, end);
            if (position != end) {
                throw invalid("section " + id + " declares " + size + " bytes but its content takes "
                        + (position - (end - size)));
            }
        }
        return new WasmModule(List.copyOf(imports), List.copyOf(exports), List.copyOf(functions), List.copyOf(memories));
    }

    private void header() {
        if (bytes.length == 0) {
            throw invalid("the body is empty");
        }
        if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            String start = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1).strip();
            throw invalid(start.startsWith("(") ? "this is WebAssembly text (.wat); send the binary module (.wasm)"
                    : "it does not start with \\0asm, the mark of a binary module");
        }
        if (bytes.length < 8) {
            throw invalid("truncated: the module ends in its header");
        }
        position = 4;
        int version = ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((version & 0xFFFF) == 0x0d) {
            throw invalid("this is a WebAssembly component (WASI preview 2); only core modules for WASI preview 1 run here");
        }
        if (version != VERSION) {
            throw invalid("unsupported binary format version " + version + " (1 was expected)");
        }
        position = 8;
    }

    private void section(int id, int end) {
        switch (id) {
            case 0 -> {
                name();
                if (position > end) {
                    throw invalid("the name of a custom section runs past the section");
                }
                position = end;
            }
            case TYPE -> repeat(() -> types.add(functionType()));
            case IMPORT -> repeat(this::importEntry);
            case FUNCTION -> repeat(() -> functions.add(typeAt(u32())));
            case MEMORY -> repeat(() -> memories.add(limits()));
            case EXPORT -> repeat(() -> exports.add(new WasmModule.Export(name(), u8(), u32())));
            default -> position = end;
        }
    }

    private WasmModule.FunctionType functionType() {
        int form = u8();
        if (form != 0x60) {
            throw invalid("unsupported type form 0x" + Integer.toHexString(form));
        }
        int params = valueTypes();
        return new WasmModule.FunctionType(params, valueTypes());
    }

    private int valueTypes() {
        long count = u32();
        for (long i = 0; i < count; i++) {
            valueType();
        }
        return (int) count;
    }

    private void valueType() {
        int type = u8();
        // i32 i64 f32 f64 v128 funcref externref
        if (type != 0x7F && type != 0x7E && type != 0x7D && type != 0x7C && type != 0x7B && type != 0x70 && type != 0x6F) {
            throw invalid("unknown value type 0x" + Integer.toHexString(type));
        }
    }

    private void importEntry() {
        String module = name();
        String field = name();
        int kind = u8();
        switch (kind) {
            case WasmModule.FUNCTION -> functions.add(typeAt(u32()));
            case WasmModule.TABLE -> {
                valueType();
                limits();
            }
            case WasmModule.MEMORY -> memories.add(limits());
            case WasmModule.GLOBAL -> {
                valueType();
                u8();
            }
            default -> throw invalid("unknown import kind " + kind + " of " + module + "." + field);
        }
        imports.add(new WasmModule.Import(module, field, kind));
    }

    private WasmModule.FunctionType typeAt(long index) {
        if (index >= types.size()) {
            throw invalid("a function refers to type " + index + ", which is not declared");
        }
        return types.get((int) index);
    }

    private WasmModule.Limits limits() {
        int flags = u8();
        if (flags > 7) {
            throw invalid("unknown limits flags 0x" + Integer.toHexString(flags));
        }
        boolean wide = (flags & 4) != 0;
        long min = wide ? u64() : u32();
        Long max = (flags & 1) != 0 ? (Long) (wide ? u64() : u32()) : null;
        return new WasmModule.Limits(min, max);
    }

    private void repeat(Runnable entry) {
        long count = u32();
        for (long i = 0; i < count; i++) {
            entry.run();
        }
    }

    private String name() {
        long size = u32();
        if (size > bytes.length - position) {
            throw invalid("truncated: a name of " + size + " bytes does not fit");
        }
        int length = (int) size;
        try {
            String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return name;
        } catch (CharacterCodingException ex) {
            throw invalid("a name is not valid UTF-8");
        }
    }

    private int u8() {
        if (position >= bytes.length) {
            throw invalid("truncated: the module ends in the middle of a section");
        }
        return bytes[position++] & 0xFF;
    }

    /** An unsigned LEB128 of at most 32 bits. */
    private long u32() {
        long value = leb(5);
        if (value >>> 32 != 0) {
            throw invalid("an integer is larger than 32 bits");
        }
        return value;
    }

    private long u64() {
        return leb(10);
    }

    private long leb(int maxBytes) {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = u8();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw invalid("an integer is longer than its type allows");
    }

    private InvalidModuleException invalid(String message) {
        return new InvalidModuleException(message, position);
    }
}
