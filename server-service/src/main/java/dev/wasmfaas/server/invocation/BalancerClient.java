package dev.wasmfaas.server.invocation;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.springframework.core.NestedExceptionUtils;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.common.contract.StrategySetting;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteErrors;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.common.http.SocketHttpClient;
import dev.wasmfaas.server.config.ServerProperties;

/** The server's calls to the balancer, over one pooled client. */
@Component
public class BalancerClient {

    private final RestClient client;
    private final SocketHttpClient http;
    private final URI invokeUri;
    private final long timeoutMs;

    BalancerClient(ServiceClients clients, ServerProperties properties) {
        Endpoint balancer = Endpoint.parse(properties.balancer());
        this.client = clients.restClient(balancer);
        this.http = clients.http();
        this.invokeUri = URI.create(balancer.baseUri().toString().replaceFirst("/+$", "") + "/invoke");
        this.timeoutMs = clients.readTimeout().toMillis();
    }

    /** Sends one invocation in {@link InvocationWire}'s form: the input as the body, the rest in headers. */
    public InvocationResult invoke(InvocationRequest request) {
        Request call = http.newRequest(invokeUri).method(HttpMethod.POST).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(InvocationWire.CONTENT_TYPE, request.input()))
                .headers(headers -> InvocationWire.writeRequest(request, headers::add));
        ContentResponse response;
        try {
            response = new CompletableResponseListener(call, maxAnswerBytes(request.limits())).send().get();
        } catch (ExecutionException ex) {
            throw unavailable(ex.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException(ex.getCause()));
        } catch (InterruptedException ex) {
            call.abort(ex);
            Thread.currentThread().interrupt();
            throw unavailable(new IllegalStateException("interrupted while waiting for the balancer", ex));
        }
        if (response.getStatus() >= 400) {
            throw new RemoteProblemException(response.getStatus(), response.getContent(),
                    response.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    response.getHeaders().get(HttpHeader.RETRY_AFTER));
        }
        try {
            return InvocationWire.readResult(headers(response.getHeaders()), response.getContent());
        } catch (IllegalArgumentException ex) {
            throw new FaasException(ErrorKind.INTERNAL, "the balancer answered an unreadable result: "
                    + ex.getMessage(), Map.of(), ex);
        }
    }

    public void register(WorkerRegistration registration) {
        call(() -> client.put().uri("/workers/{id}", registration.id()).contentType(MediaType.APPLICATION_JSON)
                .body(registration).retrieve().onStatus(HttpStatusCode::isError, RemoteErrors.relay())
                .toBodilessEntity());
    }

    public void unregister(String workerId) {
        // A worker the balancer no longer knows is already where this call wants it.
        call(() -> client.delete().uri("/workers/{id}", workerId).retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {
                    if (response.getStatusCode().value() != 404) {
                        RemoteErrors.relay().handle(request, response);
                    }
                })
                .toBodilessEntity());
    }

    public List<WorkerStatus> workers() {
        WorkerStatus[] workers = get("/workers", WorkerStatus[].class);
        return workers == null ? List.of() : List.of(workers);
    }

    public QueueStatus queue() {
        return get("/queue", QueueStatus.class);
    }

    public StrategySetting strategy() {
        return get("/strategy", StrategySetting.class);
    }

    public StrategySetting strategy(StrategySetting setting) {
        return call(() -> client.put().uri("/strategy").contentType(MediaType.APPLICATION_JSON).body(setting)
                .retrieve().onStatus(HttpStatusCode::isError, RemoteErrors.relay()).body(StrategySetting.class));
    }

    private <T> T get(String path, Class<T> type) {
        return call(() -> client.get().uri(path).retrieve().onStatus(HttpStatusCode::isError, RemoteErrors.relay())
                .body(type));
    }

    // Jetty streams the body: a connection that cannot be made can surface while writing it, as a conversion error.
    private static <T> T call(Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    private static FaasException unavailable(RuntimeException ex) {
        return new FaasException(ErrorKind.UPSTREAM_UNAVAILABLE, "the balancer cannot be reached: "
                + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), Map.of(), ex);
    }

    // The output within its cap, as UTF-8 in which each invalid byte became a 3-byte U+FFFD.
    private static int maxAnswerBytes(Limits limits) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 3L * Math.max(0, limits.maxOutputBytes()) + 64 * 1024);
    }

    private static InvocationWire.Headers headers(HttpFields fields) {
        return new InvocationWire.Headers() {
            @Override
            public String first(String name) {
                return fields.get(name);
            }

            @Override
            public List<String> all(String name) {
                return fields.getValuesList(name);
            }
        };
    }
}
