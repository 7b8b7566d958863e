package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * Issue 10 through the public API of a running suite: C with large stack buffers, the stack as a limit of its
 * own, modules of ordinary toolchain sizes with a cap of their own, {@code GET /languages} from what was probed
 * in the background, and a source answered with its own type. The suite is shared ({@link SharedSuite#ONE_WORKER}):
 * every function of this class is named {@code stack-*}; what is stored is compared whole, before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StacksModulesAndLanguagesE2ETests {

    private static final Path FUNCTIONS = Path.of("src/test/resources/functions/stack").toAbsolutePath();
    private static final int MIB = 1024 * 1024;

    private Suite suite;
    private Api api;
    private RawHttp raw;
    private String firstDeepId;
    private byte[] module;

    @BeforeAll
    void up(@SharedSuite.Of(ONE_WORKER) Suite shared) {
        suite = shared;
        api = new Api(suite);
        raw = new RawHttp(suite.port);
    }

    // ---- the stack

    @Test
    @Order(1)
    void runsCWithA64KiBBufferOnItsStack() throws Exception {
        api.deploy("stack-buffer", FUNCTIONS.resolve("buffer64k.c"));

        JsonNode answer = api.invoke("stack-buffer", "some input");

        assertThat(answer.get("output").asString()).isEqualTo("Hello from FAAS!\nsome input");
        JsonNode limits = Api.okJsonWithoutOk(api.get("/functions/stack-buffer")).get("limits");
        assertThat(limits.get("stackKb").asInt()).isEqualTo(1024);
        assertThat(limits.get("memoryMb").asInt()).isEqualTo(128);
    }

    @Test
    @Order(2)
    void aStackTooSmallTrapsAndALargerOneRunsTheSameProgram() throws Exception {
        firstDeepId = api.deploy("stack-deep", FUNCTIONS.resolve("buffer2m.c"));
        JsonNode trap = Api.assertProblem(api.post("/invoke?fn=stack-deep", "input".getBytes(StandardCharsets.UTF_8)), 502,
                "trap");
        // The detail names the stack, its size and how to raise it.
        assertThat(trap.get("detail").asString()).isEqualTo("wasm trap: memory out of bounds; the likely cause is "
                + "the function's stack of 1024 KiB (deep recursion or large local arrays): deploy it with a larger "
                + "stackKb, within its memoryMb");

        HttpResponse<String> larger = api.put("/functions/stack-deep?lang=c&stackKb=4096&memoryMb=8",
                Files.readAllBytes(FUNCTIONS.resolve("buffer2m.c")));

        assertThat(larger.statusCode()).as(larger.body()).isEqualTo(200);
        assertThat(api.invoke("stack-deep", "input").get("output").asString()).isEqualTo("read 5 bytes, 2097147 dots left\n");
        JsonNode limits = Api.okJsonWithoutOk(api.get("/functions/stack-deep")).get("limits");
        assertThat(limits.get("stackKb").asInt()).isEqualTo(4096);
        assertThat(limits.get("memoryMb").asInt()).isEqualTo(8);
        // the first version keeps the stack it was linked with
        Api.assertProblem(api.post("/invoke?fn=" + firstDeepId, new byte[0]), 502, "trap");
    }

    @Test
    @Order(3)
    void refusesAStackThatCannotBeAndLosesNothing() throws Exception {
        byte[] source = Files.readAllBytes(FUNCTIONS.resolve("buffer64k.c"));
        StoredState before = StoredState.of(suite, api);

        JsonNode noRoom = Api.assertProblem(api.post("/deploy?name=stack-roomless&lang=c&stackKb=8192&memoryMb=8", source),
                400, "bad-request");
        assertThat(noRoom.get("detail").asString()).contains("8192 KiB").contains("8 MiB").contains("stackKb")
                .contains("memoryMb");
        for (String bad : List.of("stackKb=0", "stackKb=65537", "stackKb=4k", "stackKb=-1")) {
            JsonNode problem = Api.assertProblem(api.put("/functions/stack-deep?lang=c&" + bad, source), 400, "bad-request");
            assertThat(problem.get("detail").asString()).as(bad).isEqualTo("stackKb is a whole number from 1 to 65536");
        }
        JsonNode script = Api.assertProblem(api.post("/deploy?name=stack-script&lang=python&stackKb=64",
                "print('hi')\n".getBytes(StandardCharsets.UTF_8)), 400, "bad-request");
        assertThat(script.get("detail").asString()).startsWith("stackKb applies to c, cpp and rust");
        Api.assertProblem(api.post("/deploy?name=stack-roomless&lang=c&stackKb=64&stackKb=128", source), 400, "bad-request");

        assertThat(StoredState.of(suite, api)).isEqualTo(before);
        Api.assertProblem(api.get("/functions/stack-roomless"), 404, "function-not-found");
        Api.assertProblem(api.get("/functions/stack-script"), 404, "function-not-found");
        assertThat(api.invoke("stack-deep", "still").get("output").asString()).isEqualTo("read 5 bytes, 2097147 dots left\n");
    }

    // ---- modules and their cap

    @Test
    @Order(4)
    void takesAModuleOfFiveMebibytesAndAnswersItAsWasm() throws Exception {
        // 5 MiB of static data: clang makes a module of that size from a source of a few hundred bytes
        String compiled = api.deploy("stack-data", FUNCTIONS.resolve("data5m.c"));
        module = Files.readAllBytes(suite.functionsDir.resolve(compiled).resolve("module.wasm"));
        assertThat(module.length).isBetween(5 * MIB, 6 * MIB);

        HttpResponse<String> uploaded = api.post("/deploy?name=stack-module&lang=wasm", module);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        // 'x' is even: the program reads the table's first byte, the one initialised
        assertThat(api.invoke("stack-module", "x").get("output").asString())
                .isEqualTo("Hello from FAAS!\n5242880 bytes of data, first 1\n");
        HttpResponse<byte[]> source = api.getBytes("/function/stack-module");
        assertThat(source.statusCode()).isEqualTo(200);
        assertThat(source.headers().firstValue("Content-Type")).hasValue("application/wasm");
        assertThat(source.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(source.body()).isEqualTo(module);
        assertThat(api.getBytes("/function/stack-data").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/x-c;");
    }

    @Test
    @Order(5)
    void refusesAModuleOverItsCapASourceOverItsOwnAndACompiledModuleOverTheCap() throws Exception {
        StoredState before = StoredState.of(suite, api);

        RawHttp.Response huge = raw.send("POST", "/deploy?name=stack-huge&lang=wasm", padded(module, 33 * MIB),
                "Content-Type: application/x-www-form-urlencoded");
        assertRawProblem(huge, 413, "payload-too-large");
        RawHttp.Response longSource = raw.send("POST", "/deploy?name=stack-long&lang=c", commentedSource(MIB + MIB / 2),
                "Content-Type: application/x-www-form-urlencoded");
        assertRawProblem(longSource, 413, "payload-too-large");
        JsonNode tooLarge = Api.assertProblem(api.post("/deploy?name=stack-large&lang=c",
                Files.readAllBytes(FUNCTIONS.resolve("data33m.c"))), 422, "compile-error");
        assertThat(tooLarge.get("detail").asString()).contains("above the cap of 33554432 bytes");

        assertThat(StoredState.of(suite, api)).isEqualTo(before);
        for (String name : List.of("stack-huge", "stack-long", "stack-large")) {
            Api.assertProblem(api.get("/functions/" + name), 404, "function-not-found");
        }
    }

    @Test
    @Order(6)
    void takesAModuleOfExactlyTheCap() throws Exception {
        byte[] full = padded(module, 32 * MIB);

        HttpResponse<String> updated = api.put("/functions/stack-module?lang=wasm", full);

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(api.invoke("stack-module", "y").get("output").asString())
                .isEqualTo("Hello from FAAS!\n5242880 bytes of data, first 0\n");
        assertThat(api.getBytes("/function/stack-module").body()).isEqualTo(full);
    }

    // ---- languages

    @Test
    @Order(7)
    void answersTheLanguagesFromTheLastProbeAndProbesAgainWhenAsked() throws Exception {
        Map<String, Instant> checked = checkedAt(api.probedLanguages());
        assertThat(checked).containsOnlyKeys("c", "cpp", "rust", "go", "wasm", "js", "python", "php", "html");

        HttpResponse<String> refresh = api.post("/languages/refresh", new byte[0]);

        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(202);
        assertThat(refresh.headers().firstValue("Location")).hasValue("/languages");
        assertThat(Api.JSON.readTree(refresh.body())).hasSize(9)
                .allSatisfy(language -> assertThat(language.get("probing").asBoolean()).isTrue());
        JsonNode after = api.probedLanguages();
        Map<String, Instant> rechecked = checkedAt(after);
        checked.forEach((lang, at) -> assertThat(rechecked.get(lang)).as(lang).isAfter(at));
        for (JsonNode language : after) {
            assertThat(language.get("probing").asBoolean()).isFalse();
            if (List.of("c", "cpp", "wasm", "html").contains(language.get("lang").asString())) {
                assertThat(language.get("available").asBoolean()).as(language.toString()).isTrue();
            }
        }
        Api.assertProblem(api.get("/languages/refresh"), 405, "method-not-allowed");
    }

    private static Map<String, Instant> checkedAt(JsonNode languages) {
        Map<String, Instant> checked = new HashMap<>();
        for (JsonNode language : languages) {
            assertThat(language.get("checkedAt").isNull()).as(language.toString()).isFalse();
            checked.put(language.get("lang").asString(), Instant.parse(language.get("checkedAt").asString()));
        }
        return checked;
    }

    private static void assertRawProblem(RawHttp.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("content-type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = Api.JSON.readTree(response.text());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/" + type);
        assertThat(problem.get("ok").asBoolean()).isFalse();
    }

    /** A C program that compiles, made {@code size} bytes long by a comment. */
    private static byte[] commentedSource(int size) {
        byte[] source = new byte[size];
        Arrays.fill(source, (byte) ' ');
        byte[] program = "int main(void){return 0;}\n/*".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(program, 0, source, 0, program.length);
        source[size - 2] = '*';
        source[size - 1] = '/';
        return source;
    }

    /** The module with a custom section (which a runtime skips) appended, {@code size} bytes in all. */
    private static byte[] padded(byte[] module, int size) {
        byte[] name = "padding".getBytes(StandardCharsets.US_ASCII);
        // id, then its size as a 5-byte LEB128 so that the total is exact, then the name and zeros
        int content = size - module.length - 1 - 5;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(module);
        out.write(0);
        for (int i = 0, rest = content; i < 5; i++, rest >>>= 7) {
            out.write((rest & 0x7f) | (i < 4 ? 0x80 : 0));
        }
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(new byte[content - 1 - name.length]);
        assertThat(out.size()).isEqualTo(size);
        return out.toByteArray();
    }
}
