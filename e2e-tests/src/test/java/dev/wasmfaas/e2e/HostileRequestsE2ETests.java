package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import tools.jackson.databind.JsonNode;

/**
 * Hostile requests against the whole suite, with generated inputs: names with path tricks, bad
 * languages, empty, binary, oversized and non-UTF-8 bodies, malformed and repeated query
 * parameters, invalid modules and wrong methods. Each must get a 4xx problem detail without a
 * stack trace, and nothing stored may change. Requests go out byte for byte over a socket
 * ({@link RawHttp}), so even what an HTTP client library refuses to send is sent.
 */
class HostileRequestsE2ETests {

    private static final int MIB = 1024 * 1024;
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> LANGUAGES = Set.of("c", "cpp", "rust", "go", "wasm", "js", "python", "php", "html");
    private static final Path EXAMPLES = Suite.HOME.resolve("functions/examples");

    private static Suite suite;
    private static Api api;
    private static RawHttp raw;
    private static StoredState before;
    private static byte[] helloC;
    private static String page;

    @BeforeContainer
    static void deployAFewFunctionsAndSnapshotThem() throws Exception {
        // Assigned before it starts, so that a start that times out is still stopped after the class.
        suite = new Suite(Files.createTempDirectory(Path.of("/tmp"), "faas-e2e-hostile"), 1,
                Map.of("FAAS_SERVER_ARGS", "--faas.server.pool.spares=0"));
        suite.up();
        api = new Api(suite);
        raw = new RawHttp(suite.port);
        helloC = Files.readAllBytes(EXAMPLES.resolve("hello.c"));
        page = Files.readString(EXAMPLES.resolve("hello.html"));
        api.deploy("hello", EXAMPLES.resolve("hello.c"));
        for (String[] function : List.of(new String[] {"script", "python", "hello.py"},
                new String[] {"page", "html", "hello.html"})) {
            var deployed = api.post("/deploy?name=" + function[0] + "&lang=" + function[1],
                    Files.readAllBytes(EXAMPLES.resolve(function[2])));
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        }
        before = StoredState.of(suite, api);
        assertThat(before.listing()).hasSize(3);
    }

    @AfterContainer
    static void stop() throws Exception {
        if (suite != null) {
            try {
                if (before != null) {
                    assertNothingStoredChanged();
                }
            } finally {
                suite.close();
            }
        }
    }

    /** After every property (all its tries): the same files, listing and sources, and every function still runs. */
    @AfterProperty
    void nothingStoredChangedAndEveryFunctionStillRuns() throws Exception {
        assertNothingStoredChanged();
    }

    // ---- names

    @Property(tries = 150)
    void hostileNamesOnEveryRouteThatTakesOne(@ForAll("hostileNames") byte[] name, @ForAll("namedRoutes") String route)
            throws Exception {
        RawHttp.Response response = switch (route) {
            case "deploy" -> raw.send("POST", concat("/deploy?lang=c&name=", name), helloC);
            case "update" -> raw.send("PUT", concat(concat("/functions/", name), "?lang=c"), helloC);
            case "delete" -> raw.send("DELETE", concat("/functions/", name), null);
            case "details" -> raw.send("GET", concat("/functions/", name), null);
            case "source" -> raw.send("GET", concat("/function/", name), null);
            case "invoke-by-name" -> raw.send("POST", concat("/function/", name), "input".getBytes());
            case "invoke" -> raw.send("POST", concat("/invoke?fn=", name), "input".getBytes());
            default -> throw new IllegalArgumentException(route);
        };
        // fn takes an id or a name and is looked up, not checked: a well-formed miss is a 404.
        assertProblem(response, route.equals("invoke") ? Set.of(400, 404) : Set.of(400));
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> namedRoutes() {
        return Arbitraries.of("deploy", "update", "delete", "details", "source", "invoke-by-name", "invoke");
    }

    /** A name as it appears in the request target: percent-encoded, half-encoded, or raw bytes. */
    @Provide
    Arbitrary<byte[]> hostileNames() {
        Arbitrary<String> tricks = Arbitraries.of("..", "../..", "../etc/passwd", "..%2F..%2Fetc", "%2e%2e",
                "%2E%2E%2Fx", "a%2Fb", "a/b", "%2F", "/", "a%20b", "%20", "+", "%00", "a%00b", "%0d%0aX-Bad:%201",
                "%5C..%5Cx", "a%5Cb", "a;b=1", ";", "%3B", "%3F", "%23", "a.b", ".", "%C3%A9t%C3%A9", "%E2%80%AE",
                "%F0%9F%98%80", "%FF", "%C3%28", "%ED%A0%80", "%", "%zz", "%2", "", "x".repeat(65),
                "x".repeat(10_000), "%u002e", "%252e%252e", "hello%2F..%2Fhello", "hello.", "hello%09");
        Arbitrary<String> encoded = Arbitraries.strings().ofMinLength(1).ofMaxLength(80)
                .filter(s -> !VALID_NAME.matcher(s).matches() && isWellFormed(s))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        Arbitrary<String> spliced = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(10), tricks,
                Arbitraries.strings().alpha().ofMaxLength(10)).as((a, t, b) -> a + t + b);
        Arbitrary<byte[]> text = Arbitraries.oneOf(tricks, encoded, spliced)
                .filter(s -> !VALID_NAME.matcher(s).matches())
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        // Raw bytes a client library refuses: a space, a tab, a control character, invalid and valid UTF-8.
        Arbitrary<byte[]> rawBytes = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(8),
                Arbitraries.of(new byte[] {' '}, new byte[] {'\t'}, new byte[] {0x01}, new byte[] {0x7f},
                        new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xc3, (byte) 0xa9},
                        new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {'"'}, new byte[] {'<'}, new byte[] {'{'},
                        new byte[] {'|'}, new byte[] {'\\'}, new byte[] {'^'}, new byte[] {'`'}))
                // Never last: Tomcat reads whitespace at the end of the target as the separator before the version.
                .as((prefix, bytes) -> concat(concat(prefix.getBytes(StandardCharsets.US_ASCII), bytes), "x"));
        return Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(1, rawBytes));
    }

    // ---- languages

    @Property(tries = 60)
    void unknownOrEmptyLanguagesAreRefused(@ForAll("badLanguages") String lang, @ForAll boolean update)
            throws Exception {
        String query = lang == null ? "" : "lang=" + URLEncoder.encode(lang, StandardCharsets.UTF_8);
        RawHttp.Response response = update ? raw.send("PUT", "/functions/hello?" + query, helloC)
                : raw.send("POST", "/deploy?name=lang-probe&" + query, helloC);
        assertThat(assertProblem(response, Set.of(400)).get("type").asString())
                .isEqualTo("/problems/unsupported-language");
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> badLanguages() {
        Arbitrary<String> known = Arbitraries.of("", " ", "\t", "cobol", "c ", " c", "c\u0000", "c++", "C#", "wasm32",
                "javascript", "py", "python3", "\uff43", "\u00e7", "\u0130", "HTML\t", "c,js", "%", "c%", "node", "ts",
                "..", "../c", "java");
        Arbitrary<String> random = Arbitraries.strings().ofMaxLength(12).filter(HostileRequestsE2ETests::isWellFormed);
        return Arbitraries.oneOf(known, random).filter(l -> !LANGUAGES.contains(l.toLowerCase(Locale.ROOT)))
                .injectNull(0.1);
    }

    /** A language in odd case is still that language: a broken module in it fails to build and stores nothing. */
    @Property(tries = 30)
    void oddCaseLanguagesAreLanguagesAndBrokenSourcesStoreNothing(@ForAll("oddCaseWasm") String lang,
            @ForAll("invalidModules") byte[] module) throws Exception {
        RawHttp.Response response = raw.send("POST", "/deploy?name=odd-case&lang=" + lang, module);
        assertThat(assertProblem(response, Set.of(422)).get("type").asString()).isEqualTo("/problems/compile-error");
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> oddCaseWasm() {
        return Arbitraries.integers().between(0, 15).map(mask -> {
            StringBuilder lang = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                char c = "wasm".charAt(i);
                lang.append((mask & (1 << i)) != 0 ? Character.toUpperCase(c) : c);
            }
            return lang.toString();
        });
    }

    // ---- bodies

    @Property(tries = 40)
    void emptyBodiesAreRefused(@ForAll boolean update, @ForAll boolean withContentLength) throws Exception {
        byte[] body = withContentLength ? new byte[0] : null;
        RawHttp.Response response = update ? raw.send("PUT", "/functions/hello?lang=c", body)
                : raw.send("POST", "/deploy?name=empty&lang=c", body);
        assertThat(assertProblem(response, Set.of(400)).get("type").asString()).isEqualTo("/problems/bad-request");
        assertFilesUnchanged();
    }

    @Property(tries = 24)
    void oversizedBodiesAreRefusedBeforeTheyAreRead(@ForAll("oversized") int size, @ForAll("bodyRoutes") String route,
            @ForAll boolean chunked) throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        String[] target = switch (route) {
            case "deploy" -> new String[] {"POST", "/deploy?name=big&lang=c"};
            case "update" -> new String[] {"PUT", "/functions/hello?lang=c"};
            case "invoke" -> new String[] {"POST", "/invoke?fn=hello"};
            case "invoke-by-name" -> new String[] {"POST", "/function/hello"};
            default -> throw new IllegalArgumentException(route);
        };
        RawHttp.Response response = chunked
                ? raw.exchange(chunkedRequest(target[0], target[1], body))
                : raw.send(target[0], target[1], body);
        assertThat(assertProblem(response, Set.of(413)).get("type").asString()).isEqualTo("/problems/payload-too-large");
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<Integer> oversized() {
        return Arbitraries.oneOf(Arbitraries.just(MIB + 1), Arbitraries.integers().between(MIB + 1, MIB + 200_000));
    }

    @Provide
    Arbitrary<String> bodyRoutes() {
        return Arbitraries.of("deploy", "update", "invoke", "invoke-by-name");
    }

    /** Random binary sources: a module that is not one, a script that does not parse. */
    @Property(tries = 30)
    void binarySourcesFailToBuildAndStoreNothing(@ForAll("binary") byte[] source, @ForAll("scriptLanguages") String lang,
            @ForAll boolean update) throws Exception {
        RawHttp.Response response = update ? raw.send("PUT", "/functions/script?lang=" + lang, source)
                : raw.send("POST", "/deploy?name=binary&lang=" + lang, source);
        assertThat(assertProblem(response, Set.of(422)).get("type").asString()).isEqualTo("/problems/compile-error");
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> scriptLanguages() {
        return Arbitraries.of("wasm", "python", "js");
    }

    /** Binary bytes with a NUL in them and no module header: neither a module nor a parseable script. */
    @Provide
    Arbitrary<byte[]> binary() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4096)
                .map(bytes -> concat(new byte[] {(byte) 0xff, 0, (byte) 0xfe}, bytes));
    }

    /** Binary input is a function's business: it runs, and stores nothing. */
    @Property(tries = 20)
    void binaryInputIsJustInput(@ForAll("binary") byte[] input) throws Exception {
        RawHttp.Response response = raw.send("POST", "/invoke?fn=hello", input);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertFilesUnchanged();
    }

    // ---- invalid UTF-8

    @Property(tries = 40)
    void invalidUtf8InPathsAndQueriesIsRefused(@ForAll("invalidUtf8") byte[] bytes, @ForAll boolean encoded,
            @ForAll("utf8Places") String place) throws Exception {
        byte[] piece = encoded ? percentEncode(bytes) : bytes;
        RawHttp.Response response = switch (place) {
            case "path" -> raw.send("GET", concat("/function/", piece), null);
            case "fn" -> raw.send("POST", concat("/invoke?fn=", piece), new byte[0]);
            case "name" -> raw.send("POST", concat("/deploy?lang=c&name=", piece), helloC);
            case "other-parameter" -> raw.send("POST", concat("/deploy?name=utf8&lang=html&env=A%3D", piece),
                    "<p>x</p>".getBytes());
            default -> throw new IllegalArgumentException(place);
        };
        assertProblem(response, Set.of(400));
        assertFilesUnchanged();
    }

    @Property(tries = 15)
    void invalidUtf8SourcesFailToBuild(@ForAll("invalidUtf8") byte[] bytes) throws Exception {
        byte[] source = concat("print('x')\n# ".getBytes(StandardCharsets.US_ASCII), bytes);
        RawHttp.Response response = raw.send("POST", "/deploy?name=utf8&lang=python", source);
        assertThat(assertProblem(response, Set.of(422)).get("type").asString()).isEqualTo("/problems/compile-error");
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> utf8Places() {
        return Arbitraries.of("path", "fn", "name", "other-parameter");
    }

    @Provide
    Arbitrary<byte[]> invalidUtf8() {
        Arbitrary<byte[]> broken = Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe, (byte) 0xff},
                new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        Arbitrary<String> around = Arbitraries.strings().alpha().ofMaxLength(6);
        return Combinators.combine(around, broken, around)
                .as((a, b, c) -> concat(concat(a.getBytes(StandardCharsets.US_ASCII), b), c.getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- query parameters

    @Property(tries = 80)
    void malformedAndRepeatedParametersOfADeployAreRefused(@ForAll("badDeployParameters") String parameters)
            throws Exception {
        RawHttp.Response response = raw.send("POST", "/deploy?name=params&lang=html&" + parameters,
                "<p>x</p>".getBytes());
        assertProblem(response, Set.of(400));
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> badDeployParameters() {
        Arbitrary<String> badNumber = Arbitraries.oneOf(
                Arbitraries.of("abc", "-1", "0", "1.5", "1e3", "0x10", "+-1", "--1", "%zz", "99999999999999999999999",
                        "9223372036854775808", "-9223372036854775809", "1%00", "%00500", "%20-3", "NaN",
                        "Infinity"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.longs().lessOrEqual(0).map(String::valueOf),
                Arbitraries.longs().greaterOrEqual(100_000_000L).map(String::valueOf));
        // Each limit just over its own ceiling, and values bad for any of them.
        Arbitrary<String> overCeiling = Arbitraries.of("timeoutMs=60001", "memoryMb=1025", "maxOutputKb=16385");
        Arbitrary<String> limit = Arbitraries.oneOf(overCeiling, Combinators.combine(
                Arbitraries.of("timeoutMs", "memoryMb", "maxOutputKb"), badNumber).as((name, value) -> name + "=" + value));
        Arbitrary<String> repeated = Arbitraries.of("name=params2", "lang=html", "lang=c", "timeoutMs=5&timeoutMs=6",
                "memoryMb=16&memoryMb=16", "maxOutputKb=1&maxOutputKb=2");
        Arbitrary<String> malformed = Arbitraries.of("%zz", "x=%zz", "%", "x=%4", "env=%zz", "env=NOKEY", "env=1A=x",
                "env==x", "arg=%00", "env=A%3D%00", "x=%FF", "%C3%28=1", "&&=&%");
        return Arbitraries.oneOf(limit, repeated, malformed);
    }

    @Property(tries = 60)
    void malformedAndRepeatedParametersOfAnInvocationAreRefused(@ForAll("badInvokeQueries") String query)
            throws Exception {
        RawHttp.Response response = raw.send("POST", "/invoke" + query, "input".getBytes());
        assertProblem(response, Set.of(400, 404));
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> badInvokeQueries() {
        Arbitrary<String> fixed = Arbitraries.of("?fn=hello&fn=page", "?fn=hello&fn=hello", "?fn=%zz", "?fn=%FF",
                "?&&=", "?", "", "?fn", "?fn=&fn=", "?fn=hello%00", "?=hello", "?FN=hello", "?fn[]=hello",
                "?fn=%20hello", "?fn=hello&&&fn=script", "?fn=%", "?fn=nope");
        Arbitrary<String> repeated = Arbitraries.of("hello", "page", "script", "nope").list().ofMinSize(2).ofMaxSize(5)
                .map(names -> "?" + String.join("&", names.stream().map(n -> "fn=" + n).toList()));
        return Arbitraries.oneOf(fixed, repeated);
    }

    // ---- headers

    @Property(tries = 30)
    void hostileContentTypesAreRefused(@ForAll("hostileContentTypes") String contentType, @ForAll boolean deploy)
            throws Exception {
        RawHttp.Response response = deploy
                ? raw.send("POST", "/deploy?name=ctype&lang=html", "<p>x</p>".getBytes(), "Content-Type: " + contentType)
                : raw.send("POST", "/invoke?fn=hello", "input".getBytes(), "Content-Type: " + contentType);
        assertProblem(response, Set.of(400, 415));
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String> hostileContentTypes() {
        return Arbitraries.of(";;;", "/", "text/", "a/b/c", "text/plain; charset=bogus", "text/plain; charset=",
                "multipart/form-data; boundary=x", "multipart/form-data", "multipart/mixed; boundary=y",
                "text/plain; =x", "\"text/plain\"");
    }

    // ---- invalid modules

    @Property(tries = 40)
    void invalidModulesAreRefused(@ForAll("invalidModules") byte[] module, @ForAll boolean update) throws Exception {
        RawHttp.Response response = update ? raw.send("PUT", "/functions/hello?lang=wasm", module)
                : raw.send("POST", "/deploy?name=module&lang=wasm", module);
        assertThat(assertProblem(response, Set.of(422)).get("type").asString()).isEqualTo("/problems/compile-error");
        assertFilesUnchanged();
    }

    /** Random bytes, a truncated magic, or a valid header followed by a section id that does not exist. */
    @Provide
    Arbitrary<byte[]> invalidModules() {
        byte[] header = {0, 'a', 's', 'm', 1, 0, 0, 0};
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2048)
                .filter(b -> b[0] != 0);
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(1, 7)
                .map(n -> Arrays.copyOf(header, n));
        Arbitrary<byte[]> badSection = Arbitraries.bytes().array(byte[].class).ofMaxSize(256)
                .flatMap(tail -> Arbitraries.bytes().between((byte) 0x20, (byte) 0x7f)
                        .map(id -> concat(concat(header, new byte[] {id}), tail)));
        Arbitrary<byte[]> wrongVersion = Arbitraries.bytes().between((byte) 2, (byte) 0x7f)
                .map(version -> new byte[] {0, 'a', 's', 'm', version, 0, 0, 0});
        return Arbitraries.oneOf(random, truncated, badSection, wrongVersion, Arbitraries.just(header));
    }

    // ---- methods

    @Property(tries = 80)
    void wrongMethodsOnEveryRouteAre405(@ForAll("wrongMethods") String[] call) throws Exception {
        RawHttp.Response response = raw.send(call[0], call[1], "x".getBytes());
        assertProblem(response, Set.of(405));
        assertFilesUnchanged();
    }

    @Provide
    Arbitrary<String[]> wrongMethods() {
        Map<String, Set<String>> allowed = Map.of("/deploy?name=m&lang=html", Set.of("POST"),
                "/invoke?fn=hello", Set.of("POST"), "/function/hello", Set.of("GET", "POST"),
                "/functions", Set.of("GET"), "/functions/hello?lang=html", Set.of("GET", "PUT", "DELETE"),
                "/languages", Set.of("GET"), "/system/workers", Set.of("GET"), "/system/strategy", Set.of("GET", "PUT"));
        Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "PROPFIND",
                "get", "Post", "MKCOL", "LINK");
        return Combinators.combine(Arbitraries.of(List.copyOf(allowed.keySet())), methods)
                .as((path, method) -> new String[] {method, path})
                .filter(call -> !allowed.get(call[1]).contains(call[0]));
    }

    // ---- the checks

    /** A 4xx problem detail with one of these statuses, without a stack trace or a class name. */
    private static JsonNode assertProblem(RawHttp.Response response, Set<Integer> statuses) {
        assertThat(response.status()).as(response.toString()).isIn(statuses);
        assertThat(response.header("content-type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.text()).as(response.toString()).doesNotContain("\tat ", "Exception", "dev.wasmfaas",
                "<html", "<!doctype", "org.apache", "org.springframework");
        JsonNode problem = Api.JSON.readTree(response.text());
        assertThat(problem.get("type").asString()).as(response.toString()).matches("/problems/[a-z-]+");
        assertThat(problem.get("title").asString()).as(response.toString()).isNotBlank();
        assertThat(problem.get("status").asInt()).as(response.toString()).isEqualTo(response.status());
        assertThat(problem.get("ok").asBoolean()).as(response.toString()).isFalse();
        return problem;
    }

    private static void assertFilesUnchanged() {
        assertThat(StoredState.files(suite.functionsDir)).isEqualTo(before.files());
    }

    private static void assertNothingStoredChanged() throws Exception {
        assertThat(StoredState.of(suite, api)).isEqualTo(before);
        assertThat(api.invoke("hello", "still").get("output").asString()).isEqualTo("Hello from FAAS!\nstill");
        assertThat(api.invoke("script", "still").get("output").asString()).isEqualTo("Hello from FAAS!\nstill");
        assertThat(api.invoke("page", "").get("output").asString()).isEqualTo(page);
    }

    // ---- bytes

    private static byte[] chunkedRequest(String method, String target, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < body.length; at += 16_384) {
            int n = Math.min(16_384, body.length - at);
            request.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body, at, n);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return request.toByteArray();
    }

    private static byte[] concat(String text, byte[] bytes) {
        return concat(text.getBytes(StandardCharsets.US_ASCII), bytes);
    }

    private static byte[] concat(byte[] bytes, String text) {
        return concat(bytes, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] percentEncode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes) {
            encoded.append(String.format("%%%02X", b & 0xff));
        }
        return encoded.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isWellFormed(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }
}
