package dev.wasmfaas.common.contract;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InvocationWireTests {

    @Property
    void anyTextSurvivesAHeader(@ForAll String text) {
        String encoded = HeaderText.encode(text);

        assertThat(encoded).matches("[\\x21-\\x7e]*");
        assertThat(HeaderText.decode(encoded)).isEqualTo(new String(text.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
    }

    @Test
    void plainNamesAndIdsPassUnchanged() {
        assertThat(HeaderText.encode("hello_1")).isSameAs("hello_1");
        assertThat(HeaderText.encode(" a%b\n")).isEqualTo("%20a%25b%0A");
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderText.decode("%4"));
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderText.decode("%zz"));
    }

    @Property
    void aRequestArrivesAsItWasSent(@ForAll List<String> args, @ForAll Map<String, String> env, @ForAll byte[] input,
            @ForAll String name) {
        Map<String, String> variables = new HashMap<>();
        env.forEach((key, value) -> variables.put(key.replace("=", ""), value));
        InvocationRequest sent = new InvocationRequest("a-1", "f_1", name, "c", "/srv/f 1/module.wasm",
                "ab".repeat(32), input, args, variables, new Limits(1500, 64, 4096));

        InvocationRequest received = roundTrip(sent);

        assertThat(received.args()).isEqualTo(utf8(args));
        assertThat(received.env()).isEqualTo(utf8(variables));
        assertThat(received.input()).isEqualTo(input);
        assertThat(received.name()).isEqualTo(utf8(name));
        assertThat(received.limits()).isEqualTo(sent.limits());
        assertThat(received.artifact()).isEqualTo(sent.artifact());
        assertThat(received.digest()).isEqualTo(sent.digest());
    }

    @Test
    void aResultArrivesAsItWasWritten() {
        InvocationResult written = new InvocationResult("a-1", InvocationStatus.TRAP, -1, "out ✓\n", "err\n", 12,
                "worker-2", "wasm trap: unreachable\nmore", true);
        HttpHeaders headers = new HttpHeaders();

        byte[] body = InvocationWire.writeResult(written, headers::add);

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("out ✓\nerr\n");
        assertThat(InvocationWire.readResult(InvocationWire.Headers.of(headers), body)).isEqualTo(written);
    }

    @Test
    void malformedRequestsAreBadRequests() {
        HttpHeaders headers = new HttpHeaders();
        InvocationWire.writeRequest(new InvocationRequest("a-1", "f_1", "f", "c", "/m", "d", null, null, null, null),
                headers::add);
        headers.set(InvocationWire.MEMORY_MB, "99999999999");

        assertThatExceptionOfType(FaasException.class)
                .isThrownBy(() -> InvocationWire.readRequest(InvocationWire.Headers.of(headers), new byte[0]))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .withMessageContaining("out of range");
        headers.remove(InvocationWire.ACTIVATION_ID);
        assertThatExceptionOfType(FaasException.class)
                .isThrownBy(() -> InvocationWire.readRequest(InvocationWire.Headers.of(new HttpHeaders()), new byte[0]));
    }

    @Test
    void aResultWhoseStdoutLengthIsOutsideTheBodyIsRefused() {
        HttpHeaders headers = new HttpHeaders();
        byte[] body = InvocationWire.writeResult(new InvocationResult("a", InvocationStatus.SUCCESS, 0, "ab", "", 1,
                "w", null, false), headers::add);
        headers.set(InvocationWire.STDOUT_BYTES, "3");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> InvocationWire.readResult(InvocationWire.Headers.of(headers), body));
    }

    private static InvocationRequest roundTrip(InvocationRequest sent) {
        HttpHeaders headers = new HttpHeaders();
        InvocationWire.writeRequest(sent, headers::add);
        headers.forEach((header, values) -> values.forEach(value ->
                assertThat(value).as(header).matches("[\\x21-\\x7e]*")));
        return InvocationWire.readRequest(InvocationWire.Headers.of(headers), sent.input());
    }

    // What UTF-8 can carry: lone surrogates become '?'.
    private static String utf8(String text) {
        return text == null ? null : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static List<String> utf8(List<String> texts) {
        return texts.stream().map(InvocationWireTests::utf8).toList();
    }

    private static Map<String, String> utf8(Map<String, String> map) {
        Map<String, String> converted = new HashMap<>();
        map.forEach((key, value) -> converted.put(utf8(key), utf8(value)));
        return converted;
    }
}
