package dev.wasmfaas.load.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadOptionsTests {

    @TempDir
    Path dir;

    @Test
    void onlyTheFunctionIsRequiredAndEverythingElseHasADefault() {
        LoadOptions options = LoadOptions.parse("--fn", "hello");

        assertThat(options.function()).isEqualTo("hello");
        assertThat(options.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.invokeUri()).isEqualTo(URI.create("http://127.0.0.1:8080/invoke?fn=hello"));
        assertThat(options.concurrency()).isEqualTo(LoadOptions.DEFAULT_CONCURRENCY);
        assertThat(options.limit()).isEqualTo(new Limit.Count(LoadOptions.DEFAULT_REQUESTS));
        assertThat(options.payload()).isEmpty();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmup()).isZero();
        assertThat(options.json()).isFalse();
    }

    @Test
    void readsEveryOptionSpaceOrEqualsSeparated() {
        LoadOptions options = LoadOptions.parse("--fn=hello_3", "--concurrency", "32", "--requests=10000",
                "--payload", "some input", "--url", "http://localhost:9090/", "--timeout=1500ms", "--warmup", "100",
                "--json");

        assertThat(options.function()).isEqualTo("hello_3");
        assertThat(options.concurrency()).isEqualTo(32);
        assertThat(options.limit()).isEqualTo(new Limit.Count(10_000));
        assertThat(options.payload()).isEqualTo("some input".getBytes(StandardCharsets.UTF_8));
        assertThat(options.invokeUri()).isEqualTo(URI.create("http://localhost:9090/invoke?fn=hello_3"));
        assertThat(options.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.warmup()).isEqualTo(100);
        assertThat(options.json()).isTrue();
    }

    @Test
    void aDurationReplacesTheRequestCount() {
        assertThat(LoadOptions.parse("--fn", "f", "--duration", "30s").limit())
                .isEqualTo(new Limit.Timed(Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "30s, PT30S", "45, PT45S", "5m, PT5M", "2h, PT2H"})
    void readsTimesInEveryUnitWithSecondsForABareNumber(String text, Duration expected) {
        assertThat(LoadOptions.parse("--fn", "f", "--timeout", text).timeout()).isEqualTo(expected);
    }

    @Test
    void readsThePayloadFromAFileByteForByte() throws IOException {
        byte[] bytes = {0, 1, 2, (byte) 0xff, '\n'};
        Path file = Files.write(dir.resolve("payload.bin"), bytes);

        assertThat(LoadOptions.parse("--fn", "f", "--payload-file", file.toString()).payload()).isEqualTo(bytes);
    }

    @Test
    void helpIsSeenAnywhereEvenAmongBadArguments() {
        assertThat(LoadOptions.helpRequested("--fn", "f", "--bogus", "--help")).isTrue();
        assertThat(LoadOptions.helpRequested("-h")).isTrue();
        assertThat(LoadOptions.helpRequested("--fn", "f")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --concurrency 4                      | --fn is required
            --fn                                 | --fn needs a value
            --fn ' '                             | --fn is required
            --fn 'a b'                           | --fn must be a function id or name
            --fn a/../b                          | --fn must be a function id or name
            --fn f --bogus 1                     | unknown option '--bogus'
            --fn f extra                         | unexpected argument 'extra'
            --fn f -c 4                          | unexpected argument '-c'
            --fn f --                            | unexpected argument '--'
            --fn f --fn g                        | --fn is given twice
            --fn f --json=yes                    | --json takes no value
            --fn f --requests 10 --duration 5s   | give --requests or --duration, not both
            --fn f --payload x --payload-file y  | give --payload or --payload-file, not both
            --fn f --concurrency 0               | --concurrency must be a whole number from 1 to 10000, got '0'
            --fn f --concurrency 10001           | --concurrency must be a whole number from 1 to 10000
            --fn f --concurrency many            | --concurrency must be a whole number from 1 to 10000, got 'many'
            --fn f --requests 0                  | --requests must be a whole number from 1
            --fn f --requests 1.5                | --requests must be a whole number from 1
            --fn f --requests 99999999999        | --requests must be a whole number from 1
            --fn f --warmup -1                   | --warmup must be a whole number from 0
            --fn f --duration 0s                 | --duration must be a time above zero
            --fn f --duration 10x                | must be a time above zero such as 500ms, 30s, 5m or 1h, got '10x'
            --fn f --duration -5s                | --duration must be a time above zero
            --fn f --timeout ''                  | --timeout must be a time above zero
            --fn f --timeout 1.5s                | --timeout must be a time above zero
            --fn f --url ftp://host              | --url must be an http:// or https:// address
            --fn f --url 127.0.0.1:8080          | --url must be an http:// or https:// address
            --fn f --url http://                 | --url must be an http:// or https:// address
            --fn f --url 'http://h:1/?fn=x'      | --url must be an http:// or https:// address
            --fn f --url 'http://h :1'           | --url must be an http:// or https:// address
            --fn f --payload-file /nonexistent/x | --payload-file cannot be read: '/nonexistent/x'
            """)
    void refusesBadArgumentsWithAMessageNamingTheOption(String line, String message) {
        assertThatThrownBy(() -> LoadOptions.parse(split(line)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void noArgumentsAtAllAskForTheFunction() {
        assertThatThrownBy(LoadOptions::parse)
                .isInstanceOf(UsageException.class)
                .hasMessage("--fn is required: the id or name of the function to invoke");
    }

    @Test
    void aPayloadFileThatIsADirectoryIsRefused() {
        assertThatThrownBy(() -> LoadOptions.parse("--fn", "f", "--payload-file", dir.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--payload-file cannot be read");
    }

    /** Splits on spaces, keeping 'quoted' words whole, so that each case reads like a command line. */
    private static String[] split(String line) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words.toArray(String[]::new);
    }
}
