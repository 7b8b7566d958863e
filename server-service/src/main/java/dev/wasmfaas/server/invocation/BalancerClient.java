package dev.wasmfaas.server.invocation;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.common.contract.StrategySetting;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteErrors;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.server.config.ServerProperties;

/** The server's calls to the balancer, over one pooled client. */
@Component
public class BalancerClient {

    private final RestClient client;

    BalancerClient(ServiceClients clients, ServerProperties properties) {
        this.client = clients.restClient(Endpoint.parse(properties.balancer()));
    }

    public InvocationResult invoke(InvocationRequest request) {
        return call(() -> client.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).body(request)
                .retrieve().onStatus(HttpStatusCode::isError, RemoteErrors.relay()).body(InvocationResult.class));
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
                + org.springframework.core.NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), java.util.Map.of(), ex);
    }
}
