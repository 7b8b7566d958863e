package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static dev.wasmfaas.e2e.SharedSuite.WITH_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The command-line client, {@code ./faas deploy|invoke|logs|list|describe|rm|strategy|workers}, run as a user
 * runs it against the shared suites: its tables, its {@code --json}, its messages and its exit codes; and against
 * a stand-in gateway that answers server errors, which a healthy suite does not.
 */
class CommandLineE2ETests {

    private static final Path EXAMPLES = Suite.HOME.resolve("functions/examples");
    private static final Path HELLO = EXAMPLES.resolve("hello.c");
    /** A gateway where nothing listens. */
    private static final String NOWHERE = "http://127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void deploysInvokesReadsAndRemovesAFunction(@SharedSuite.Of(ONE_WORKER) Suite suite) throws Exception {
        Path source = Files.copy(HELLO, dir.resolve("cli-hello.c"));

        ApiTools.Run deployed = faas(suite, null, "deploy", source);
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(deployed.out()).matches("deployed cli-hello as cli-hello_[0-9]+ \\(c\\)\\n");

        assertThat(faas(suite, null, "invoke", "cli-hello", "--data", "text").out()).isEqualTo("Hello from FAAS!\ntext");
        Path payload = Files.writeString(dir.resolve("payload.txt"), "from a file");
        assertThat(faas(suite, null, "invoke", "cli-hello", "--data", "@" + payload).out())
                .isEqualTo("Hello from FAAS!\nfrom a file");
        assertThat(faas(suite, "from stdin".getBytes(StandardCharsets.UTF_8), "invoke", "cli-hello", "--data", "-").out())
                .isEqualTo("Hello from FAAS!\nfrom stdin");
        JsonNode invoked = Api.JSON.readTree(faas(suite, null, "invoke", "cli-hello", "--json").out());
        assertThat(invoked.get("ok").asBoolean()).isTrue();
        assertThat(invoked.get("output").asString()).isEqualTo("Hello from FAAS!\n");

        ApiTools.Run async = faas(suite, null, "invoke", "cli-hello", "--async", "--data", "later");
        assertThat(async.exitCode()).isZero();
        String activation = async.out().strip();
        assertThat(activation).matches("[a-zA-Z0-9-]{1,64}");
        assertThat(async.err()).contains("./faas logs " + activation);
        JsonNode record = awaitEnd(suite, activation);
        assertThat(record.get("status").asString()).isEqualTo("success");
        ApiTools.Run logs = faas(suite, null, "logs", activation);
        assertThat(logs.exitCode()).isZero();
        assertThat(logs.out()).containsPattern("status +success").containsPattern("function +cli-hello \\(cli-hello_[0-9]+\\)")
                .endsWith("\nHello from FAAS!\nlater");

        ApiTools.Run list = faas(suite, null, "list");
        assertThat(list.out().lines().findFirst().orElseThrow()).matches("NAME +ID +LANG +VERSION +INVOCATIONS +UPDATED");
        assertThat(list.out()).containsPattern("(?m)^cli-hello +cli-hello_[0-9]+ +c +1 +5 +");
        assertThat(Api.JSON.readTree(faas(suite, null, "list", "--json").out()).findValuesAsString("name")).contains("cli-hello");

        // Deploying a name that exists makes a new version, with the configuration given now.
        ApiTools.Run updated = faas(suite, null, "deploy", source, "--env", "GREETING=hi", "--arg", "--loud",
                "--timeout", "2000", "--memory", "32");
        assertThat(updated.out()).matches("updated cli-hello as cli-hello_[0-9]+ \\(c\\)\\n");
        ApiTools.Run described = faas(suite, null, "describe", "cli-hello");
        assertThat(described.out()).containsPattern("version +2").containsPattern("timeout +2000 ms")
                .containsPattern("memory +32 MiB").containsPattern("env +GREETING=hi").containsPattern("args +--loud")
                .containsPattern("VERSION +ID +CREATED +SIZE +INVOCATIONS");
        JsonNode details = Api.JSON.readTree(faas(suite, null, "describe", "cli-hello", "--json").out());
        assertThat(details.get("versions").size()).isEqualTo(2);

        // --name and --lang where the file says neither; the language guessed from other extensions. Scripts and a
        // ready module: no compiler runs.
        Path text = Files.copy(EXAMPLES.resolve("hello.py"), dir.resolve("greeting.txt"));
        ApiTools.Run named = faas(suite, null, "deploy", text, "--name", "cli-named", "--lang", "python");
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(named.out()).matches("deployed cli-named as cli-named_[0-9]+ \\(python\\)\\n");
        assertThat(faas(suite, null, "invoke", "cli-named", "--data", "py").out()).isEqualTo("Hello from FAAS!\npy");
        for (String lang : List.of("js", "python", "wasm")) {
            String extension = lang.equals("python") ? "py" : lang;
            String name = "cli-guess-" + extension;
            Path file = Files.copy(EXAMPLES.resolve("hello." + extension), dir.resolve(name + "." + extension));
            ApiTools.Run guessed = faas(suite, null, "deploy", file);
            assertThat(guessed.out()).as(guessed.err())
                    .matches("deployed " + name + " as " + name + "_[0-9]+ \\(" + lang + "\\)\\n");
            assertThat(faas(suite, null, "invoke", name, "--data", lang).out()).isEqualTo("Hello from FAAS!\n" + lang);
            assertThat(faas(suite, null, "rm", name).exitCode()).isZero();
        }
        // The flag wins over the environment, in both of its forms.
        Map<String, String> elsewhere = Map.of("FAAS_GATEWAY", NOWHERE);
        ApiTools.Run flagged = run(elsewhere, null, "rm", "cli-named", "--gateway", suite.uri("").toString());
        assertThat(flagged.exitCode()).as(flagged.err()).isZero();
        assertThat(flagged.out()).startsWith("removed cli-named (");
        assertThat(run(elsewhere, null, "describe", "cli-hello", "--gateway=" + suite.uri("/")).out())
                .containsPattern("name +cli-hello");

        ApiTools.Run removed = faas(suite, null, "rm", "cli-hello");
        assertThat(removed.exitCode()).isZero();
        assertThat(removed.out()).matches("removed cli-hello \\(cli-hello_[0-9]+, cli-hello_[0-9]+\\)\\n");
        ApiTools.Run again = faas(suite, null, "rm", "cli-hello");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("Function not found").contains("404 /problems/function-not-found");
    }

    @Test
    void readsAndSwitchesTheStrategyAndShowsTheWorkers(@SharedSuite.Of(ONE_WORKER) Suite suite) throws Exception {
        String before = faas(suite, null, "strategy").out().strip();
        assertThat(before).isIn("RR", "FIFO", "WEIGHTED");
        String other = before.equals("FIFO") ? "WEIGHTED" : "FIFO";
        try {
            assertThat(faas(suite, null, "strategy", other.toLowerCase()).out()).isEqualTo(other + "\n");
            ApiTools.Run workers = faas(suite, null, "workers");
            assertThat(workers.exitCode()).isZero();
            assertThat(workers.out()).startsWith("strategy " + other + ", 1 workers")
                    .containsPattern("ID +STATE +POSITION +SLOTS +IN FLIGHT +QUEUED +COMPLETED +FAILED +UPTIME")
                    .containsPattern("worker-[0-9]+ +ready +1 +4 ");
            assertThat(Api.JSON.readTree(faas(suite, null, "workers", "--json").out()).get("strategy").asString())
                    .isEqualTo(other);
        } finally {
            assertThat(faas(suite, null, "strategy", before).exitCode()).isZero();
        }
        ApiTools.Run bogus = faas(suite, null, "strategy", "RANDOM");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.err()).contains("unknown strategy 'RANDOM'");
    }

    @Test
    void exitsWithTheCodeOfWhatWentWrongAndSaysWhy(@SharedSuite.Of(ONE_WORKER) Suite suite) throws Exception {
        ApiTools.Run unknown = faas(suite, null, "invoke", "cli-nothing");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("faas: Function not found: no function with id or name 'cli-nothing'");
        assertThat(faas(suite, null, "logs", "no-such-activation").exitCode()).isEqualTo(3);
        assertThat(faas(suite, null, "describe", "cli-nothing").exitCode()).isEqualTo(3);

        ApiTools.Run broken = faas(suite, null, "deploy", Files.writeString(dir.resolve("cli-broken.c"), "int main( {"));
        assertThat(broken.exitCode()).isEqualTo(4);
        assertThat(broken.err()).contains("Compilation failed").contains("error:");
        ApiTools.Run guess = faas(suite, null, "deploy", Files.writeString(dir.resolve("notes.txt"), "x"));
        assertThat(guess.exitCode()).isEqualTo(2);
        assertThat(guess.err()).contains("cannot tell the language of").contains("--lang");
        assertThat(faas(suite, null, "deploy", dir.resolve("missing.c")).exitCode()).isEqualTo(2);
        assertThat(faas(suite, null, "invoke").exitCode()).isEqualTo(2);
        assertThat(faas(suite, null, "invoke", "x", "--bogus").exitCode()).isEqualTo(2);

        // A function that exits with 3 ran: its output, then exit code 1 with why.
        Path three = Files.writeString(dir.resolve("cli-three.c"), "#include <stdio.h>\nint main(void) { puts(\"partial\"); return 3; }\n");
        assertThat(faas(suite, null, "deploy", three).exitCode()).isZero();
        ApiTools.Run failed = faas(suite, null, "invoke", "cli-three");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).isEqualTo("partial\n");
        assertThat(failed.err()).containsPattern("cli-three_[0-9]+ exited with 3");
        // A function that did not end by itself: 1 as well, with the problem and what it wrote.
        Path trap = Files.writeString(dir.resolve("trap.c"), "int main(void) { __builtin_trap(); }\n");
        assertThat(faas(suite, null, "deploy", trap, "--name", "cli-three").out()).startsWith("updated cli-three as ");
        ApiTools.Run trapped = faas(suite, null, "invoke", "cli-three");
        assertThat(trapped.exitCode()).isEqualTo(1);
        assertThat(trapped.err()).contains("faas: The function trapped: wasm trap: ").contains("(502 /problems/trap)");
        Path sleeper = Files.writeString(dir.resolve("sleeper.c"), "#include <stdio.h>\n#include <unistd.h>\n"
                + "int main(void) { puts(\"started\"); fflush(stdout); sleep(30); return 0; }\n");
        assertThat(faas(suite, null, "deploy", sleeper, "--name", "cli-three", "--timeout", "500").exitCode()).isZero();
        ApiTools.Run late = faas(suite, null, "invoke", "cli-three");
        assertThat(late.exitCode()).isEqualTo(1);
        assertThat(late.out()).isEqualTo("started\n");
        assertThat(late.err()).contains("faas: Invocation timed out: function exceeded its 500 ms time limit")
                .contains("(504 /problems/timeout)");
        assertThat(faas(suite, null, "rm", "cli-three").exitCode()).isZero();

        ApiTools.Run unreachable = run(Map.of("FAAS_GATEWAY", NOWHERE), null, "list");
        assertThat(unreachable.exitCode()).isEqualTo(5);
        assertThat(unreachable.err()).contains("cannot reach the gateway at " + NOWHERE);
    }

    @Test
    void exitsWith5WhenTheGatewayAnswersA5xx() throws Exception {
        // A gateway that answers every call with a server error: a real socket, the answers the platform gives
        // when no worker is ready, and one that is no problem at all (a proxy in front of a stopped gateway).
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getRequestBody().readAllBytes();
            boolean invoke = exchange.getRequestURI().getPath().equals("/invoke");
            byte[] body = (invoke ? "{\"type\":\"/problems/no-worker\",\"title\":\"No worker available\",\"status\":503,"
                    + "\"detail\":\"no worker is ready to take the invocation\",\"instance\":\"/invoke\",\"ok\":false}"
                    : "upstream connect error").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", invoke ? "application/problem+json" : "text/plain");
            exchange.sendResponseHeaders(invoke ? 503 : 500, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        gateway.start();
        try {
            String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
            // The environment names a gateway where nothing listens: --gateway is the one asked.
            Map<String, String> elsewhere = Map.of("FAAS_GATEWAY", NOWHERE);

            ApiTools.Run noWorker = run(elsewhere, null, "invoke", "cli-fake", "--data", "x", "--gateway", url);
            assertThat(noWorker.exitCode()).isEqualTo(5);
            assertThat(noWorker.out()).isEmpty();
            assertThat(noWorker.err()).contains("faas: No worker available: no worker is ready to take the invocation "
                    + "(503 /problems/no-worker)");
            ApiTools.Run notAProblem = run(elsewhere, null, "list", "--gateway", url);
            assertThat(notAProblem.exitCode()).isEqualTo(5);
            assertThat(notAProblem.err()).contains("faas: the gateway answered 500: upstream connect error");
            assertThat(calls).containsExactly("POST /invoke?fn=cli-fake", "GET /functions");
        } finally {
            gateway.stop(0);
        }
    }

    @Test
    void sendsTheKeyOfItsFlagOrEnvironment(@SharedSuite.Of(WITH_KEYS) Suite suite) throws Exception {
        ApiTools.Run none = faas(suite, null, "list");
        assertThat(none.exitCode()).isEqualTo(4);
        assertThat(none.err()).contains("401 /problems/unauthorized");

        Path source = Files.copy(HELLO, dir.resolve("cli-keyed.c"));
        ApiTools.Run deployed = run(Map.of("FAAS_GATEWAY", "http://127.0.0.1:" + suite.port, "FAAS_KEY", SharedSuite.MANAGE_KEY),
                null, "deploy", source);
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(faas(suite, null, "invoke", "cli-keyed", "--key", SharedSuite.INVOKE_KEY).out()).isEqualTo("Hello from FAAS!\n");
        ApiTools.Run forbidden = faas(suite, null, "rm", "cli-keyed", "--key=" + SharedSuite.INVOKE_KEY);
        assertThat(forbidden.exitCode()).isEqualTo(4);
        assertThat(forbidden.err()).contains("403 /problems/forbidden");
        assertThat(faas(suite, null, "rm", "cli-keyed", "--key", SharedSuite.MANAGE_KEY).exitCode()).isZero();
    }

    private static JsonNode awaitEnd(Suite suite, String activation) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode record = Api.JSON.readTree(faas(suite, null, "logs", activation, "--json").out());
            String status = record.get("status").asString();
            if (!status.equals("queued") && !status.equals("running") || Instant.now().isAfter(deadline)) {
                return record;
            }
            Thread.sleep(100);
        }
    }

    private static ApiTools.Run faas(Suite suite, byte[] input, Object... arguments) throws Exception {
        return run(Map.of("FAAS_GATEWAY", "http://127.0.0.1:" + suite.port), input, arguments);
    }

    private static ApiTools.Run run(Map<String, String> environment, byte[] input, Object... arguments) throws Exception {
        List<Object> command = new ArrayList<>();
        command.add(Suite.HOME.resolve("faas"));
        command.addAll(List.of(arguments));
        Map<String, String> env = new HashMap<>(environment);
        // The keys of the machine running the tests are not the suite's.
        for (String key : List.of("FAAS_KEY", "FAAS_API_KEY", "FAAS_MANAGEMENT_KEY", "FAAS_INVOKE_KEY")) {
            env.putIfAbsent(key, "");
        }
        return ApiTools.run(ApiTools.command(command.toArray()), env, input, Duration.ofMinutes(2));
    }
}
