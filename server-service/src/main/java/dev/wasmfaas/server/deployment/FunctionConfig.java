package dev.wasmfaas.server.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.LimitOverrides;

/**
 * A function's environment and arguments, from the repeated query parameters
 * {@code env=KEY=VALUE} and {@code arg=VALUE} of a deploy or an update.
 *
 * @param env environment variables, in the order given (a repeated key keeps its last value)
 * @param args arguments after {@code argv[0]}
 * @param limits the limits asked for with {@code timeoutMs}, {@code memoryMb}, {@code maxOutputKb} and {@code stackKb}
 */
public record FunctionConfig(Map<String, String> env, List<String> args, LimitOverrides limits) {

    public FunctionConfig {
        limits = limits == null ? LimitOverrides.NONE : limits;
    }

    public FunctionConfig(Map<String, String> env, List<String> args) {
        this(env, args, LimitOverrides.NONE);
    }

    /** This configuration with the limits of the query, each checked against its ceiling. */
    public FunctionConfig withLimits(String timeoutMs, String memoryMb, String maxOutputKb, String stackKb,
            ServerProperties.InvocationLimits bounds) {
        if (isBlank(timeoutMs) && isBlank(memoryMb) && isBlank(maxOutputKb) && isBlank(stackKb)) {
            return this;
        }
        Long timeout = bounded("timeoutMs", timeoutMs, 1, bounds.max().timeout().toMillis());
        Long memory = bounded("memoryMb", memoryMb, 1, bounds.max().memoryMb());
        Long outputKb = bounded("maxOutputKb", maxOutputKb, 1, bounds.max().outputBytes() / 1024);
        Long stack = bounded("stackKb", stackKb, 1, bounds.max().stackKb());
        return new FunctionConfig(env, args, new LimitOverrides(timeout, memory == null ? null : memory.intValue(),
                outputKb == null ? null : (int) (outputKb * 1024), stack == null ? null : stack.intValue()));
    }

    /** This configuration with these limits. */
    public FunctionConfig withLimits(LimitOverrides overrides) {
        return new FunctionConfig(env, args, overrides);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static Long bounded(String name, String text, long min, long max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        // strip(), not trim(): trim() also removes control characters, so "1%00" passed as 1.
        String number = text.strip();
        try {
            long value = ASCII_INTEGER.matcher(number).matches() ? Long.parseLong(number) : min - 1;
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ex) {
            // answered below, with the allowed range
        }
        throw bad(name + " is a whole number from " + min + " to " + max);
    }

    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");

    static final int MAX_ENTRIES = 64;
    static final int MAX_LENGTH = 4096;
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public static FunctionConfig parse(List<String> env, List<String> args) {
        List<String> envs = env == null ? List.of() : env;
        List<String> arguments = args == null ? List.of() : args;
        if (envs.size() > MAX_ENTRIES || arguments.size() > MAX_ENTRIES) {
            throw bad("at most " + MAX_ENTRIES + " env and " + MAX_ENTRIES + " arg parameters");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : envs) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0 || !KEY.matcher(key).matches()) {
                throw bad("env is KEY=VALUE with KEY of letters, digits and '_', not starting with a digit: '"
                        + abbreviate(entry) + "'");
            }
            variables.put(key, checked(entry.substring(eq + 1)));
        }
        arguments.forEach(FunctionConfig::checked);
        return new FunctionConfig(Map.copyOf(variables), List.copyOf(arguments));
    }

    private static String checked(String value) {
        if (value.indexOf('\0') >= 0 || value.length() > MAX_LENGTH) {
            throw bad("an env value or arg holds no NUL character and at most " + MAX_LENGTH + " characters");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static FaasException bad(String detail) {
        return new FaasException(ErrorKind.BAD_REQUEST, detail);
    }
}
