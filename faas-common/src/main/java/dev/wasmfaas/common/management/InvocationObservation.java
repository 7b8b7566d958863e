package dev.wasmfaas.common.management;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves {@code POST /invoke} out of a service's {@code http.server.requests} observation. Between
 * the services that path carries every invocation, whose time and outcome are already counted by the
 * platform's own meters ({@code faas.*}); observing it again cost a fifth of the hop's time.
 */
public final class InvocationObservation {

    private InvocationObservation() {
    }

    /** For a service's {@code @Bean}: Spring Boot applies every {@link ObservationPredicate} bean. */
    public static ObservationPredicate skipInvocations() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && "/invoke".equals(request.getCarrier().getRequestURI()));
    }
}
