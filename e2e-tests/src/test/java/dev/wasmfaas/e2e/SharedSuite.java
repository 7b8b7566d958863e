package dev.wasmfaas.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A suite that test classes with the same settings share: the first class that asks for it starts it, and it
 * is stopped once, at the end of the run, with the checks of {@link Suite#close()} (a failed check fails the
 * run). Each start costs a dozen seconds. A class that shares a suite names its functions with a prefix of its
 * own, considers only its own functions in what the suite lists, leaves suite-wide settings (the strategy) as
 * it found them, and never stops, restarts or kills any part of the suite.
 */
enum SharedSuite {

    /** One worker and no spare. */
    ONE_WORKER,
    /** One worker and no spare, with {@link #MANAGE_KEY} and {@link #INVOKE_KEY}. */
    WITH_KEYS;

    static final String MANAGE_KEY = "manage-" + Long.toHexString(System.nanoTime());
    static final String INVOKE_KEY = "invoke-" + Long.toHexString(System.nanoTime() + 1);

    // A worker JVM may take minutes to start when the two cores are busy: the bound is generous.
    private static final String ONE_WORKER_ARGS = "--faas.server.pool.spares=0 --faas.server.pool.start-timeout=240s";

    Map<String, String> settings() {
        return switch (this) {
            case ONE_WORKER -> Map.of("FAAS_SERVER_ARGS", ONE_WORKER_ARGS);
            case WITH_KEYS -> Map.of("FAAS_SERVER_ARGS", ONE_WORKER_ARGS, "FAAS_MANAGEMENT_KEY", MANAGE_KEY,
                    "FAAS_INVOKE_KEY", INVOKE_KEY);
        };
    }

    /** On a {@link Suite} parameter of a test or lifecycle method: the shared suite of these settings. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Registry.class)
    @interface Of {
        SharedSuite value();
    }

    /** The started suites, kept in the root context's store, which closes them when the run ends. */
    static final class Registry implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Registry.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Suite.class && parameter.isAnnotated(Of.class);
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            SharedSuite shared = parameter.findAnnotation(Of.class).orElseThrow().value();
            return context.getRoot().getStore(NAMESPACE).computeIfAbsent(shared, Started::of, Started.class).suite();
        }
    }

    /** A shared suite, or why it could not start: the classes after the first fail at once rather than retry. */
    private record Started(Suite started, Throwable failure) implements AutoCloseable {

        static Started of(SharedSuite shared) {
            try {
                return new Started(Suite.start(shared.name().toLowerCase(Locale.ROOT).replace('_', '-'), 1, shared.settings()),
                        null);
            } catch (Exception | AssertionError ex) {
                return new Started(null, ex);
            }
        }

        Suite suite() {
            if (failure != null) {
                throw new ParameterResolutionException("the shared suite did not start", failure);
            }
            return started;
        }

        @Override
        public void close() throws Exception {
            if (started != null) {
                started.close();
            }
        }
    }
}
