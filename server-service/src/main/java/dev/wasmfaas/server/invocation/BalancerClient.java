package dev.wasmfaas.server.invocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.core.NestedExceptionUtils;

import org.springframework.http.HttpHeaders;
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
import dev.wasmfaas.common.lane.LaneEndpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.server.config.ServerProperties;

/** The server's calls to the balancer, over one pooled client. */
@Component
public class BalancerClient {

    private final RestClient client;
    private final ChannelHttpClient http;
    private final Endpoint balancer;
    private final Duration timeout;
    private final LaneEndpoint lane;

    BalancerClient(ServiceClients clients, ServerProperties properties) {
        this.balancer = Endpoint.parse(properties.balancer());
        this.lane = new LaneEndpoint(balancer);
        this.client = clients.restClient(balancer);
        this.http = clients.http();
        this.timeout = clients.readTimeout();
    }

    /** Sends one invocation in {@link InvocationWire}'s form: the input as the body, the rest in headers. */
    public InvocationResult invoke(InvocationRequest request) {
        List<String[]> headers = new ArrayList<>(16);
        headers.add(new String[] {HttpHeaders.CONTENT_TYPE, InvocationWire.CONTENT_TYPE});
        InvocationWire.writeRequest(request, (name, value) -> headers.add(new String[] {name, value}));
        ChannelResponse response;
        try {
            response = http.send(lane.get(), new ChannelRequest("POST", "/invoke", headers, request.input(), timeout,
                    maxAnswerBytes(request.limits())));
        } catch (ChannelHttpException ex) {
            throw unavailable(ex);
        }
        if (response.status() >= 400) {
            throw new RemoteProblemException(response.status(), response.body(),
                    response.headers().getFirst(HttpHeaders.CONTENT_TYPE),
                    response.headers().getFirst(HttpHeaders.RETRY_AFTER));
        }
        try {
            return InvocationWire.readResult(InvocationWire.Headers.of(response.headers()), response.body());
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

    /** Takes a worker out of rotation before it stops; its calls in flight go on. */
    public void drain(String workerId) {
        call(() -> client.post().uri("/workers/{id}/drain", workerId).retrieve()
                .onStatus(HttpStatusCode::isError, RemoteErrors.relay()).toBodilessEntity());
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

    private static FaasException unavailable(Exception ex) {
        return new FaasException(ErrorKind.UPSTREAM_UNAVAILABLE, "the balancer cannot be reached: "
                + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), Map.of(), ex);
    }

    // The output within its cap, as UTF-8 in which each invalid byte became a 3-byte U+FFFD.
    private static int maxAnswerBytes(Limits limits) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 3L * Math.max(0, limits.maxOutputBytes()) + 64 * 1024);
    }
}
