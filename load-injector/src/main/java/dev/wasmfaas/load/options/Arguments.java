package dev.wasmfaas.load.options;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The raw command line as option names and their values, before any value is checked. */
final class Arguments {

    static final Set<String> VALUED = Set.of("fn", "concurrency", "requests", "duration", "payload",
            "payload-file", "url", "timeout", "warmup");
    static final Set<String> FLAGS = Set.of("json", "help");

    private final Map<String, String> values = new LinkedHashMap<>();

    private Arguments() {
    }

    /** Accepts {@code --name value} and {@code --name=value}; every name at most once. */
    static Arguments of(String... args) {
        Arguments arguments = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "': options start with -- (see --help)");
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            String value;
            if (FLAGS.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "";
            } else if (!VALUED.contains(name)) {
                throw new UsageException("unknown option '--" + name + "' (see --help)");
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (arguments.values.putIfAbsent(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return arguments;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}
