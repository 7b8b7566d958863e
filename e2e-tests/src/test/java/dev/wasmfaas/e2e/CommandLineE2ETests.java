package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static dev.wasmfaas.e2e.SharedSuite.WITH_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The command-line client, {@code ./faas deploy|invoke|logs|list|describe|rm|strategy|workers}, run as a user
 * runs it against the shared suites: its tables, its {@code --json}, its messages and its exit codes.
 */
class CommandLineE2ETests {

    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");

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
        assertThat(faas(suite, null, "rm", "cli-three").exitCode()).isZero();

        ApiTools.Run unreachable = run(Map.of("FAAS_GATEWAY", "http://127.0.0.1:1"), null, "list");
        assertThat(unreachable.exitCode()).isEqualTo(5);
        assertThat(unreachable.err()).contains("cannot reach the gateway at http://127.0.0.1:1");
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
