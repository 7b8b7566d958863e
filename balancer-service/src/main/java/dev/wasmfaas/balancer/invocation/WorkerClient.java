package dev.wasmfaas.balancer.invocation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.error.RemoteErrors;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;

/**
 * Sends one invocation to one worker's {@code POST /invoke}. An error status comes back as a
 * {@link dev.wasmfaas.common.error.RemoteProblemException}, a transport failure as a
 * {@link org.springframework.web.client.ResourceAccessException}.
 */
@Component
class WorkerClient {

    private final ServiceClients clients;
    private final JsonMapper jsonMapper;
    private final RestClient.Builder builder;
    private final Map<Endpoint, RestClient> byEndpoint = new ConcurrentHashMap<>();

    WorkerClient(ServiceClients clients, JsonMapper jsonMapper) {
        this.clients = clients;
        this.jsonMapper = jsonMapper;
        this.builder = RestClient.builder().configureMessageConverters(converters -> converters.registerDefaults()
                .withJsonConverter(new JacksonJsonHttpMessageConverter(jsonMapper)));
    }

    InvocationResult invoke(Endpoint endpoint, InvocationRequest request) {
        // Serialized first, so a connection failing mid-write surfaces as an I/O error rather than a JSON one.
        byte[] body = jsonMapper.writeValueAsBytes(request);
        InvocationResult result = byEndpoint.computeIfAbsent(endpoint, e -> clients.restClient(builder, e))
                .post()
                .uri("/invoke")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, RemoteErrors.relay())
                .body(InvocationResult.class);
        if (result == null) {
            throw new RestClientException("the worker answered without a result");
        }
        return result;
    }
}
