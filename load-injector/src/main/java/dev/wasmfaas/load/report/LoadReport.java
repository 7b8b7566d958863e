package dev.wasmfaas.load.report;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The result of the measured phase of one run, printed as {@code key=value} lines or one JSON object
 * with the same keys in the same order (see the README for each key).
 *
 * @param function the id or name invoked
 * @param concurrency the requests that were kept in flight
 * @param requests the measured requests that ended (answered or failed)
 * @param ok the requests answered 200 with {@code "ok":true}
 * @param elapsed from the first measured request sent to the last one ended
 * @param latency over every request that got an HTTP answer, whatever its status
 * @param statuses requests by outcome: an HTTP status ({@code 429}), {@code 200_fn_failed},
 *     {@code 200_bad_body} or {@code io}; they add up to {@code requests}
 */
public record LoadReport(String function, int concurrency, long requests, long ok, Duration elapsed, Latency latency,
        SortedMap<String, Long> statuses) {

    /** The outcome of requests that got no HTTP answer: connection refused or reset, timeout. */
    public static final String IO = "io";

    public LoadReport {
        // Sorted as strings: three-digit statuses in numeric order, their suffixed kinds after them, io last.
        TreeMap<String, Long> sorted = new TreeMap<>(statuses);
        sorted.putIfAbsent(IO, 0L);
        statuses = Collections.unmodifiableSortedMap(sorted);
    }

    public long errors() {
        return requests - ok;
    }

    public double throughputRps() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? requests / seconds : 0;
    }

    /** One {@code key=value} per line, each line ending with a newline. */
    public String toKeyValue() {
        StringBuilder text = new StringBuilder();
        fields().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** The same keys and values as {@link #toKeyValue()}, as one JSON object on one line. */
    public String toJson() {
        StringJoiner json = new StringJoiner(",", "{", "}");
        fields().forEach((key, value) -> json.add(quote(key) + ":" + (key.equals("fn") ? quote(value) : value)));
        return json.toString();
    }

    private Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("fn", function);
        fields.put("concurrency", Integer.toString(concurrency));
        fields.put("requests", Long.toString(requests));
        fields.put("ok", Long.toString(ok));
        fields.put("errors", Long.toString(errors()));
        fields.put("duration_s", decimal(elapsed.toNanos() / 1e9, 3));
        fields.put("throughput_rps", decimal(throughputRps(), 1));
        fields.put("latency_ms_p50", decimal(latency.p50(), 3));
        fields.put("latency_ms_p90", decimal(latency.p90(), 3));
        fields.put("latency_ms_p99", decimal(latency.p99(), 3));
        fields.put("latency_ms_p999", decimal(latency.p999(), 3));
        fields.put("latency_ms_max", decimal(latency.max(), 3));
        fields.put("latency_ms_mean", decimal(latency.mean(), 3));
        statuses.forEach((status, count) -> fields.put("status_" + status, Long.toString(count)));
        return fields;
    }

    private static String decimal(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> quoted.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
