package dev.wasmfaas.server.invocation;

import java.util.List;

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
        try {
            return client.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).body(request).retrieve()
                    .onStatus(status -> status.isError(), RemoteErrors.relay())
                    .body(InvocationResult.class);
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    public void register(WorkerRegistration registration) {
        try {
            client.put().uri("/workers/{id}", registration.id()).contentType(MediaType.APPLICATION_JSON)
                    .body(registration).retrieve().onStatus(status -> status.isError(), RemoteErrors.relay())
                    .toBodilessEntity();
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    public void unregister(String workerId) {
        try {
            // A worker the balancer no longer knows is already where this call wants it.
            client.delete().uri("/workers/{id}", workerId).retrieve()
                    .onStatus(status -> status.isError(), (request, response) -> {
                        if (response.getStatusCode().value() != 404) {
                            RemoteErrors.relay().handle(request, response);
                        }
                    })
                    .toBodilessEntity();
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    // Jetty streams the body: a connection that cannot be made can surface while writing it.
    public List<WorkerStatus> workers() {
        try {
            WorkerStatus[] workers = client.get().uri("/workers").retrieve()
                    .onStatus(status -> status.isError(), RemoteErrors.relay()).body(WorkerStatus[].class);
            return workers == null ? List.of() : List.of(workers);
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    public QueueStatus queue() {
        try {
            return client.get().uri("/queue").retrieve().onStatus(status -> status.isError(), RemoteErrors.relay())
                    .body(QueueStatus.class);
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    public StrategySetting strategy() {
        try {
            return client.get().uri("/strategy").retrieve().onStatus(status -> status.isError(), RemoteErrors.relay())
                    .body(StrategySetting.class);
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    public StrategySetting strategy(StrategySetting setting) {
        try {
            return client.put().uri("/strategy").contentType(MediaType.APPLICATION_JSON).body(setting).retrieve()
                    .onStatus(status -> status.isError(), RemoteErrors.relay()).body(StrategySetting.class);
        } catch (RestClientException | HttpMessageConversionException ex) {
            throw unavailable(ex);
        }
    }

    private static FaasException unavailable(RuntimeException ex) {
        return new FaasException(ErrorKind.UPSTREAM_UNAVAILABLE, "the balancer cannot be reached: "
                + org.springframework.core.NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), java.util.Map.of(), ex);
    }
}
