package dev.wasmfaas.worker.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.sandbox.Scripts.Script;
import dev.wasmfaas.worker.sandbox.Scripts.Sources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Real scripts on the real node, python3 and php, in the real bubblewrap sandbox. */
class SandboxRuntimeTests {

    static final Limits ONE_SECOND = new Limits(1_000, 128, 1024 * 1024);

    static final Sources HELLO = new Sources("""
            const input = require('fs').readFileSync(0, 'utf8');
            process.stdout.write('Hello, ' + input + '!\\n');
            """, """
            import sys
            print("Hello, " + sys.stdin.read() + "!")
            """, """
            <?php
            echo "Hello, " . file_get_contents("php://stdin") . "!\\n";
            """);

    static Path functions;
    static SandboxRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        Scripts.assumeBubblewrap();
        // Not under /tmp, which the sandbox replaces anyway: like the real functions/ directory.
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        functions = Files.createTempDirectory(target, "functions-");
        runtime = new SandboxRuntime(Scripts.DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void helloReadsItsStdinAndPrints(String lang) {
        Script hello = Scripts.store(functions, lang, "hello", HELLO.of(lang));

        InvocationResult result = runtime.run(hello.request("wörld ✓"));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("Hello, wörld ✓!\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(result.message()).isNull();
        assertThat(result.coldStart()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void argumentsAndOnlyTheFunctionsEnvironmentAreVisible(String lang) {
        Script greeter = Scripts.store(functions, lang, "greeter", new Sources("""
                console.log(process.argv.slice(1).join(' '));
                console.log(process.env.GREETING);
                console.log(Object.keys(process.env).sort().join(','));
                """, """
                import os, sys
                print(" ".join(sys.argv))
                print(os.environ["GREETING"])
                print(",".join(sorted(os.environ)))
                """, """
                <?php
                echo implode(" ", $argv), "\\n";
                echo getenv("GREETING"), "\\n";
                $names = array_keys(getenv());
                sort($names);
                echo implode(",", $names), "\\n";
                """).of(lang));

        InvocationResult result = runtime.run(greeter.request("", List.of("a b", "--flag"),
                Map.of("GREETING", "hi there"), Limits.DEFAULTS));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        String argv0 = lang.equals("js") ? "/function/greeter" : "greeter";
        assertThat(result.stdout()).isEqualTo(argv0 + " a b --flag\nhi there\nGREETING,HOME,LANG,PATH,PWD\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void aNonZeroExitIsAFailedResult(String lang) {
        Script three = Scripts.store(functions, lang, "three", new Sources("""
                console.log('bye');
                process.exit(3);
                """, """
                print("bye")
                raise SystemExit(3)
                """, """
                <?php
                echo "bye\\n";
                exit(3);
                """).of(lang));

        InvocationResult result = runtime.run(three.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("bye\n");
        assertThat(result.message()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void stderrIsCapturedApartFromStdout(String lang) {
        Script logger = Scripts.store(functions, lang, "logger", new Sources("""
                console.error('to the log');
                console.log('to the output');
                """, """
                import sys
                print("to the log", file=sys.stderr)
                print("to the output")
                """, """
                <?php
                fwrite(STDERR, "to the log\\n");
                echo "to the output\\n";
                """).of(lang));

        InvocationResult result = runtime.run(logger.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("to the output\n");
        assertThat(result.stderr()).isEqualTo("to the log\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void anUncaughtErrorFailsWithItsTraceOnStderr(String lang) {
        Script broken = Scripts.store(functions, lang, "broken", new Sources("""
                null.boom();
                """, """
                raise ValueError("boom")
                """, """
                <?php
                throw new Exception("boom");
                """).of(lang));

        InvocationResult result = runtime.run(broken.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.exitCode()).isPositive();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains(lang.equals("js") ? "TypeError" : "boom");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void anEndlessLoopTimesOutAndTheRuntimeKeepsServing(String lang) {
        Script loop = Scripts.store(functions, lang, "loop", new Sources("""
                while (true) { }
                """, """
                while True:
                    pass
                """, """
                <?php
                while (true) { }
                """).of(lang));

        InvocationResult result = runtime.run(loop.request("", ONE_SECOND));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMEOUT);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.message()).contains("time");
        assertThat(result.durationMs()).isBetween(900L, 3_000L);
        assertThat(runtime.run(Scripts.store(functions, lang, "hello", HELLO.of(lang)).request("again")).stdout())
                .isEqualTo("Hello, again!\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void sleepingPastTheTimeoutTimesOut(String lang) {
        Script sleeper = Scripts.store(functions, lang, "sleeper", new Sources("""
                setTimeout(() => console.log('woke up'), 60000);
                """, """
                import time
                time.sleep(60)
                """, """
                <?php
                sleep(60);
                """).of(lang));

        InvocationResult result = runtime.run(sleeper.request("", ONE_SECOND));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMEOUT);
        assertThat(result.message()).isEqualTo("function exceeded its 1000 ms time limit");
        assertThat(result.durationMs()).isBetween(900L, 3_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void anOutputFloodIsCutAtTheCap(String lang) {
        Script flood = Scripts.store(functions, lang, "flood", new Sources("""
                // writeSync blocks on a full pipe: process.stdout.write in a loop that never yields
                // would queue in the heap instead and end as a memory limit.
                const fs = require('fs');
                const line = 'x'.repeat(999) + '\\n';
                for (;;) { fs.writeSync(1, line); }
                """, """
                while True:
                    print("x" * 999)
                """, """
                <?php
                while (true) { echo str_repeat("x", 999), "\\n"; }
                """).of(lang));

        InvocationResult result = runtime.run(flood.request("", new Limits(10_000, 128, 64 * 1024)));

        assertThat(result.status()).isEqualTo(InvocationStatus.OUTPUT_LIMIT);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout().length() + result.stderr().length()).isEqualTo(64 * 1024);
        assertThat(result.stdout()).startsWith("x".repeat(999) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void runningOutOfMemoryIsAMemoryLimit(String lang) {
        Script hog = Scripts.store(functions, lang, "hog", new Sources("""
                const kept = [];
                for (;;) { kept.push(new Array(1e6).fill(1.5)); }
                """, """
                kept = bytearray(512 * 1024 * 1024)
                """, """
                <?php
                $kept = str_repeat("x", 512 * 1024 * 1024);
                """).of(lang));

        InvocationResult result = runtime.run(hog.request("", new Limits(10_000, 64, 1024 * 1024)));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.MEMORY_LIMIT);
        assertThat(result.message()).isEqualTo("function ran out of its 64 MiB of memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void theHostFilesystemIsOutOfSight(String lang) {
        Script reader = Scripts.store(functions, lang, "reader", new Sources("""
                const fs = require('fs');
                for (const path of process.argv.slice(2)) {
                  try {
                    if (fs.statSync(path).isDirectory()) { fs.readdirSync(path); } else { fs.readFileSync(path); }
                    console.log(path + ': read');
                  } catch (e) {
                    console.log(path + ': denied');
                  }
                }
                """, """
                import os, sys
                for path in sys.argv[1:]:
                    try:
                        if os.path.isdir(path):
                            os.listdir(path)
                        else:
                            open(path, "rb").read()
                        print(path + ": read")
                    except OSError:
                        print(path + ": denied")
                """, """
                <?php
                foreach (array_slice($argv, 1) as $path) {
                    $ok = is_dir($path) ? @scandir($path) !== false : @file_get_contents($path) !== false;
                    echo $path, ": ", $ok ? "read" : "denied", "\\n";
                }
                """).of(lang));
        List<String> denied = List.of("/etc/passwd", "/etc", "/root", "/home", "/work", "/sys",
                functions.toString(), reader.file().toString(), "/tmp/" + functions.getFileName());
        List<String> allowed = List.of("/function/reader", "/usr/bin", "/tmp");

        InvocationResult result = runtime.run(reader.request("", concat(denied, allowed), Map.of(), Limits.DEFAULTS));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout().lines()).containsExactlyElementsOf(concat(
                denied.stream().map(path -> path + ": denied").toList(),
                allowed.stream().map(path -> path + ": read").toList()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void onlyTheFunctionsTmpIsWritable(String lang) {
        Script writer = Scripts.store(functions, lang, "writer", new Sources("""
                const fs = require('fs');
                for (const path of process.argv.slice(2)) {
                  try { fs.writeFileSync(path, 'x'); console.log(path + ': written'); }
                  catch (e) { console.log(path + ': denied'); }
                }
                """, """
                import sys
                for path in sys.argv[1:]:
                    try:
                        with open(path, "w") as file:
                            file.write("x")
                        print(path + ": written")
                    except OSError:
                        print(path + ": denied")
                """, """
                <?php
                foreach (array_slice($argv, 1) as $path) {
                    echo $path, ": ", @file_put_contents($path, "x") !== false ? "written" : "denied", "\\n";
                }
                """).of(lang));
        Path outside = functions.resolve("escaped.txt");
        List<String> paths = List.of("/tmp/scratch.txt", "/function/writer", "/function/new.txt", "/new.txt",
                "/usr/new.txt", "/dev/shm/new.txt", outside.toString());

        InvocationResult result = runtime.run(writer.request("", paths, Map.of(), Limits.DEFAULTS));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout().lines()).containsExactly("/tmp/scratch.txt: written", "/function/writer: denied",
                "/function/new.txt: denied", "/new.txt: denied", "/usr/new.txt: denied", "/dev/shm/new.txt: denied",
                outside + ": denied");
        assertThat(outside).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void thereIsNoNetwork(String lang) throws IOException {
        Script client = Scripts.store(functions, lang, "client", new Sources("""
                const net = require('net');
                for (const address of process.argv.slice(2)) {
                  const i = address.lastIndexOf(':');
                  const socket = net.connect({ host: address.slice(0, i), port: +address.slice(i + 1), timeout: 2000 });
                  socket.on('connect', () => { console.log(address + ': connected'); socket.destroy(); });
                  socket.on('error', () => console.log(address + ': blocked'));
                  socket.on('timeout', () => { console.log(address + ': blocked'); socket.destroy(); });
                }
                """, """
                import socket, sys
                for address in sys.argv[1:]:
                    host, port = address.rsplit(":", 1)
                    try:
                        socket.create_connection((host, int(port)), timeout=2).close()
                        print(address + ": connected")
                    except OSError:
                        print(address + ": blocked")
                """, """
                <?php
                foreach (array_slice($argv, 1) as $address) {
                    $socket = @stream_socket_client("tcp://" . $address, $errno, $error, 2);
                    echo $address, ": ", $socket ? "connected" : "blocked", "\\n";
                }
                """).of(lang));
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String local = "127.0.0.1:" + listening.getLocalPort();

            InvocationResult result = runtime.run(client.request("", List.of(local, "1.1.1.1:80"), Map.of(),
                    Limits.DEFAULTS));

            assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
            assertThat(result.stdout().lines()).containsExactlyInAnyOrder(local + ": blocked", "1.1.1.1:80: blocked");
        }
    }

    @Test
    void processesAreCountedAndCappedPerSandbox() {
        Script spawner = Scripts.store(functions, "python", "spawner", """
                import os, time
                children = 0
                try:
                    for _ in range(200):
                        if os.fork() == 0:
                            time.sleep(5)
                            os._exit(0)
                        children += 1
                except OSError as error:
                    print("stopped after", children, type(error).__name__)
                """);

        InvocationResult result = runtime.run(spawner.request("", new Limits(3_000, 128, 1024 * 1024)));

        // 64 processes in all: bubblewrap's init, the interpreter, and the children it could make.
        assertThat(result.stdout()).as(result.stderr()).matches("stopped after \\d+ BlockingIOError\n");
        assertThat(Integer.parseInt(result.stdout().split(" ")[2])).isBetween(48, 62);
    }

    @Test
    void aForkBombIsContainedAndLeavesNothingBehind() {
        // Every process that cannot fork tries again, so the sandbox stays full until the time limit.
        Script bomb = Scripts.store(functions, "python", "forkbomb", """
                import os
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """);

        InvocationResult result = runtime.run(bomb.request("", new Limits(1_500, 128, 64 * 1024)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMEOUT);
        assertThat(result.durationMs()).isLessThan(8_000);
        assertThat(Scripts.processesRunning("forkbomb")).isZero();
        assertThat(runtime.run(Scripts.store(functions, "python", "hello", HELLO.of("python")).request("still here"))
                .stdout()).isEqualTo("Hello, still here!\n");
    }

    @Test
    void aProcessLeftBehindOnPurposeDoesNotOutliveTheRun() {
        // A daemon: a new session, stdout and stderr closed, the parent gone at once.
        Script daemon = Scripts.store(functions, "python", "daemon", """
                import os, sys, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.close(1)
                        os.close(2)
                        time.sleep(600)
                    os._exit(0)
                print("left a daemon")
                """);

        InvocationResult result = runtime.run(daemon.request("", new Limits(5_000, 128, 64 * 1024)));

        // Ended with the function, not at the time limit: the daemon died with the sandbox's PID namespace.
        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("left a daemon\n");
        assertThat(Scripts.processesRunning("daemon")).isZero();
    }

    @Test
    void filesAndTmpAreCappedInSize() {
        SandboxRuntime small = new SandboxRuntime(new WorkerProperties.Sandbox("bwrap", "node", "python3", "php",
                64, 1, true));
        Script filler = Scripts.store(functions, "python", "filler", """
                import errno, os
                def write(path, size):
                    try:
                        with open(path, "wb") as file:
                            file.write(b"x" * size)
                        return "ok"
                    except OSError as error:
                        return errno.errorcode[error.errno]
                print("one big file:", write("/tmp/big", 2 * 1024 * 1024))
                os.remove("/tmp/big")  # what fitted under the cap was written
                print("many files:", [write("/tmp/part%d" % i, 300 * 1024) for i in range(5)])
                """);

        InvocationResult result = small.run(filler.request(""));

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("""
                one big file: EFBIG
                many files: ['ok', 'ok', 'ok', 'ENOSPC', 'ENOSPC']
                """);
    }

    @Test
    void seesOnlyItsOwnProcesses() {
        Script lister = Scripts.store(functions, "python", "lister", """
                import os
                print(sorted(int(name) for name in os.listdir("/proc") if name.isdigit()))
                print(os.getuid(), os.uname().nodename)
                """);

        InvocationResult result = runtime.run(lister.request(""));

        // bubblewrap's init is 1 and the function 2; the uid is the worker's own, or nobody for a root worker.
        assertThat(result.stdout()).as(result.stderr()).startsWith("[1, 2]\n").endsWith(" faas\n");
    }

    @Test
    void withoutItsOwnProcTheSandboxHasNoProcAndStillRuns() {
        // What a container whose /proc Docker masks runs with (docker-compose.yml): no proc mount at all.
        SandboxRuntime masked = new SandboxRuntime(new WorkerProperties.Sandbox("bwrap", "node", "python3", "php",
                64, 16, false));
        Script lister = Scripts.store(functions, "python", "noproc", """
                import os, sys
                print(os.path.exists("/proc/self"), os.uname().nodename, sys.stdin.read())
                """);

        InvocationResult result = masked.run(lister.request("input"));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("False faas input\n");
    }

    @Test
    void theSandboxsInitShowsNothingOfTheWorker() {
        // bwrap's init (pid 1) keeps the environment bwrap was started with: --clearenv only reaches the function.
        Script init = Scripts.store(functions, "python", "init", """
                with open("/proc/1/environ", "rb") as environ:
                    print(sorted(environ.read().decode().split("\\0")))
                """);

        InvocationResult result = runtime.run(init.request(""));

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("['', 'PATH=/usr/bin:/bin', 'PWD=/']\n")
                .doesNotContain(Path.of("").toAbsolutePath().toString());
    }

    @Test
    void aNameThatLooksLikeAnOptionIsStillTheScript() {
        Script dashed = Scripts.store(functions, "python", "-c", """
                import sys
                print(sys.argv)
                """);

        InvocationResult result = runtime.run(dashed.request("", List.of("-x"), Map.of(), Limits.DEFAULTS));

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("['./-c', '-x']\n");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
