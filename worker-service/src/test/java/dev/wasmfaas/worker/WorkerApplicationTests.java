package dev.wasmfaas.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.worker.WasmModules.WasmModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The whole worker on a real UNIX-domain socket: a module compiled by the real clang, a sandboxed script, a page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "faas.worker.id=worker-3")
class WorkerApplicationTests {

    @TempDir
    static Path dir;

    static ServiceClients clients;
    static RestClient worker;

    @DynamicPropertySource
    static void socket(DynamicPropertyRegistry registry) {
        registry.add("faas.worker.socket", () -> socketPath().toString());
    }

    @BeforeAll
    static void connect() {
        clients = new ServiceClients("worker-test", Duration.ofSeconds(30));
        worker = clients.restClient(RestClient.builder(), Endpoint.unix(socketPath()));
    }

    @AfterAll
    static void disconnect() throws Exception {
        clients.close();
    }

    // @TempDir lives under /tmp, which keeps the path well below the 108-byte limit of socket addresses.
    static Path socketPath() {
        return dir.resolve("run").resolve("worker-3.sock");
    }

    @Test
    void listensOnItsSocketOnlyToItsOwner() throws Exception {
        assertThat(Files.getPosixFilePermissions(socketPath())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(socketPath().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void invokesAFunctionOverTheSocket() {
        WasmModule hello = WasmModules.compileC(dir, "hello", WasmModules.HELLO);

        InvocationResult result = invoke(hello.request("from the socket"));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("Hello from FAAS!\nfrom the socket");
        assertThat(result.worker()).isEqualTo("worker-3");
    }

    @Test
    void dropsADeletedFunctionsModuleFromTheCache() {
        // A source of its own: no other test can have cached this module.
        WasmModule hello = WasmModules.compileC(dir, "evicted", WasmModules.HELLO.replace("Hello", "Evicted"));
        InvocationResult first = invoke(hello.request(""));
        String digest = hello.request("").digest();

        ResponseEntity<Void> evicted = worker.delete().uri("/modules/{digest}", digest).retrieve().toBodilessEntity();
        ResponseEntity<Void> again = worker.delete().uri("/modules/{digest}", digest).retrieve()
                .onStatus(status -> status.value() == 404, (request, response) -> { }).toBodilessEntity();
        InvocationResult afterwards = invoke(hello.request(""));

        assertThat(first.coldStart()).isTrue();
        assertThat(evicted.getStatusCode().value()).isEqualTo(204);
        assertThat(again.getStatusCode().value()).isEqualTo(404);
        assertThat(afterwards.coldStart()).as("compiled again after the eviction").isTrue();
    }

    @Test
    void invokesAScriptInItsSandboxAndAPageOverTheSocket() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap (bwrap) is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        Path script = Files.writeString(dir.resolve("source.py"), "import sys\nprint('py: ' + sys.stdin.read())\n");
        Path page = Files.writeString(dir.resolve("source.html"), "<p>static</p>\n");

        InvocationResult python = invoke(new InvocationRequest("act-py", "greet_1", "greet", "python",
                script.toString(), sha256(script), "from the socket".getBytes(StandardCharsets.UTF_8), List.of(),
                Map.of(), Limits.DEFAULTS));
        InvocationResult html = invoke(new InvocationRequest("act-html", "page_1", "page", "html", page.toString(),
                sha256(page), new byte[0], List.of(), Map.of(), Limits.DEFAULTS));

        assertThat(python.status()).as(python.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(python.stdout()).isEqualTo("py: from the socket\n");
        assertThat(python.worker()).isEqualTo("worker-3");
        assertThat(html.stdout()).isEqualTo("<p>static</p>\n");
    }

    // As the balancer calls a worker: the input is the body, the rest is in headers, and so is the answer.
    private static InvocationResult invoke(InvocationRequest request) {
        ResponseEntity<byte[]> answer = post(request).retrieve().toEntity(byte[].class);
        byte[] body = answer.getBody() == null ? new byte[0] : answer.getBody();
        return InvocationWire.readResult(InvocationWire.Headers.of(answer.getHeaders()), body);
    }

    private static RestClient.RequestBodySpec post(InvocationRequest request) {
        return worker.post().uri("/invoke").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .headers(headers -> InvocationWire.writeRequest(request, headers::add)).body(request.input());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void answersErrorsAsProblemDetails() {
        WasmModule missing = new WasmModule("missing", dir.resolve("missing.wasm"), "00".repeat(32));

        ResponseEntity<String> answer = post(missing.request("")).retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> { }).toEntity(String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).contains("\"type\":\"/problems/function-not-found\"", "\"ok\":false");
    }

    @Test
    void exposesHealthAndPrometheusMetrics() {
        WasmModule hello = WasmModules.compileC(dir, "metered", WasmModules.HELLO);
        invoke(hello.request(""));

        assertThat(worker.get().uri("/actuator/health").retrieve().body(String.class)).contains("\"UP\"");
        assertThat(worker.get().uri("/actuator/prometheus").retrieve().body(String.class))
                .contains("faas_worker_invocations_seconds_count{", "faas_worker_modules_cached",
                        "faas_coldstarts_total{function=");
    }
}
