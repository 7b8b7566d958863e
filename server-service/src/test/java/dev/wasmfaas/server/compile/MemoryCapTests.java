package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

class MemoryCapTests {

    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    @Test
    void writesTheCapIntoAMemoryWithoutMaximum() {
        byte[] capped = MemoryCap.apply(module(memory(0x00, 2)), 2048);

        assertThat(WasmModuleReader.read(capped).memory()).hasValue(new WasmModule.Limits(2, 2048L));
    }

    @Test
    void lowersAMaximumAboveTheCapAndKeepsOneBelow() {
        byte[] high = module(memory(0x01, 1, 65536));
        byte[] low = module(memory(0x01, 1, 16));

        assertThat(WasmModuleReader.read(MemoryCap.apply(high, 2048)).memory())
                .hasValue(new WasmModule.Limits(1, 2048L));
        assertThat(MemoryCap.apply(low, 2048)).isEqualTo(low);
    }

    @Test
    void refusesAModuleThatNeedsMoreThanItsCap() {
        assertThatThrownBy(() -> MemoryCap.apply(module(memory(0x00, 4096)), 2048))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat(ex.getMessage()).contains("4096 pages").contains("2048 pages");
                });
    }

    @Test
    void leavesAModuleWithoutMemoryAlone() {
        byte[] noMemory = module(new byte[0]);

        assertThat(MemoryCap.apply(noMemory, 16)).isEqualTo(noMemory);
    }

    @Test
    void capsTheExampleModuleAndKeepsEverySectionIntact() throws Exception {
        byte[] hello = Files.readAllBytes(Path.of("..", "functions", "examples", "hello.wasm"));

        byte[] capped = MemoryCap.apply(hello, 2048);

        WasmModule before = WasmModuleReader.read(hello);
        WasmModule after = WasmModuleReader.read(capped);
        assertThat(after.exports()).isEqualTo(before.exports());
        assertThat(after.imports()).isEqualTo(before.imports());
        assertThat(after.memory()).isEqualTo(before.memory());
    }

    private static byte[] memory(int flags, long... limits) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(1);
        content.write(flags);
        for (long limit : limits) {
            leb(content, limit);
        }
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        section.write(5);
        leb(section, content.size());
        section.writeBytes(content.toByteArray());
        return section.toByteArray();
    }

    private static byte[] module(byte[] sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER);
        out.writeBytes(sections);
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7f);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }
}
