package dev.wasmfaas.load.options;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the injector, as the command line asked for it.
 *
 * @param url the gateway's base address, without a trailing slash
 * @param function the id or name given to {@code fn=}
 * @param concurrency requests kept in flight, one virtual thread each
 * @param limit when the measured phase ends
 * @param payload the request body, the function's stdin
 * @param timeout the longest wait for one answer (the client's request timeout), and for a connection
 * @param warmup requests sent first and left out of the report
 * @param json whether the report is one JSON object rather than key=value lines
 */
public record LoadOptions(URI url, String function, int concurrency, Limit limit, byte[] payload, Duration timeout,
        int warmup, boolean json) {

    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int DEFAULT_REQUESTS = 1000;
    public static final int MAX_CONCURRENCY = 10_000;
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    public static final String DEFAULT_TIMEOUT = "30s";

    /** The text of {@code --help}. */
    public static final String USAGE = """
            Usage: java -jar load-injector.jar --fn <id|name> [options]    (or ./faas load ...)

            Invokes a function through the gateway (POST <url>/invoke?fn=<fn>) in a closed loop:
            each of --concurrency virtual threads sends its next request when its previous one
            answered. Progress goes to stderr once a second, the report to stdout at the end.

              --fn <id|name>          the function to invoke (required)
              --concurrency <n>       requests kept in flight, 1 to 10000 (default 8)
              --requests <n>          measured requests to send (default 1000)
              --duration <time>       send for this long instead, e.g. 30s or 5m (not with --requests);
                                      requests in flight at the end still complete and count
              --payload <text>        the request body, the function's stdin (default: empty)
              --payload-file <path>   the request body, read from a file (not with --payload)
              --url <url>             the gateway (default http://127.0.0.1:8080)
              --timeout <time>        the longest wait for one answer (default 30s)
              --warmup <n>            requests sent first and left out of the report (default 0)
              --json                  the report as one JSON object instead of key=value lines
              -h, --help              this help

            A time is <n>ms, <n>s, <n>m or <n>h; a bare number is seconds.
            Exit status: 0 the run completed (even with errors), 1 no request succeeded, 2 bad usage.
            """;

    private static final Pattern FUNCTION = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern TIME = Pattern.compile("(\\d{1,6})(ms|s|m|h)?");

    /** The address of one invocation: {@code POST <url>/invoke?fn=<function>}. */
    public URI invokeUri() {
        return URI.create(url + "/invoke?fn=" + URLEncoder.encode(function, StandardCharsets.UTF_8));
    }

    /** Whether the arguments ask for the usage text, which wins over any error in the others. */
    public static boolean helpRequested(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** Parses and checks the arguments; {@link UsageException} names the first bad one. */
    public static LoadOptions parse(String... args) {
        Arguments arguments = Arguments.of(args);
        String function = arguments.get("fn", "").strip();
        if (function.isEmpty()) {
            throw new UsageException("--fn is required: the id or name of the function to invoke");
        }
        if (!FUNCTION.matcher(function).matches()) {
            throw new UsageException("--fn must be a function id or name (letters, digits, _ and -), got '"
                    + function + "'");
        }
        if (arguments.has("requests") && arguments.has("duration")) {
            throw new UsageException("give --requests or --duration, not both");
        }
        if (arguments.has("payload") && arguments.has("payload-file")) {
            throw new UsageException("give --payload or --payload-file, not both");
        }
        Limit limit = arguments.has("duration")
                ? new Limit.Timed(time("duration", arguments.get("duration", "")))
                : new Limit.Count(integer("requests", arguments.get("requests", "" + DEFAULT_REQUESTS), 1,
                        Integer.MAX_VALUE));
        return new LoadOptions(url(arguments.get("url", DEFAULT_URL)), function,
                integer("concurrency", arguments.get("concurrency", "" + DEFAULT_CONCURRENCY), 1, MAX_CONCURRENCY),
                limit, payload(arguments), time("timeout", arguments.get("timeout", DEFAULT_TIMEOUT)),
                integer("warmup", arguments.get("warmup", "0"), 0, Integer.MAX_VALUE), arguments.has("json"));
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ex) {
            // reported below, with the range
        }
        throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }

    /** A positive time: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    private static Duration time(String name, String value) {
        Matcher matcher = TIME.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            Duration duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
            if (!duration.isZero()) {
                return duration;
            }
        }
        throw new UsageException("--" + name + " must be a time above zero such as 500ms, 30s, 5m or 1h, got '"
                + value + "'");
    }

    private static URI url(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = new URI(trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException ex) {
            // reported below
        }
        throw new UsageException("--url must be an http:// or https:// address such as " + DEFAULT_URL
                + " (no query), got '" + value + "'");
    }

    private static byte[] payload(Arguments arguments) {
        if (!arguments.has("payload-file")) {
            return arguments.get("payload", "").getBytes(StandardCharsets.UTF_8);
        }
        String file = arguments.get("payload-file", "");
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | InvalidPathException ex) {
            throw new UsageException("--payload-file cannot be read: '" + file + "' (" + ex.getClass().getSimpleName()
                    + ")");
        }
    }
}
