package dev.wasmfaas.balancer.invocation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.balancer.registry.InFlightCall;
import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRemovedException;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.common.http.SocketHttpClient;

/**
 * Sends one invocation to one worker's {@code POST /invoke} and waits for its answer. The call is
 * tracked on the worker, so removing the worker aborts it at once. An error status comes back as a
 * {@link RemoteProblemException}, a failure below HTTP as a {@link WorkerCallException}.
 */
@Component
class WorkerClient {

    private final SocketHttpClient http;
    private final JsonMapper json;
    private final long timeoutMs;

    WorkerClient(SocketHttpClient http, JsonMapper json, BalancerProperties properties) {
        this.http = http;
        this.json = json;
        this.timeoutMs = properties.workerTimeout().toMillis();
    }

    InvocationResult invoke(Worker worker, byte[] body, Limits limits) {
        http.register(worker.endpoint());
        Request request = http.newRequest(worker.uri("/invoke"))
                .method(HttpMethod.POST)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(MediaType.APPLICATION_JSON_VALUE, body));
        AtomicBoolean delivered = new AtomicBoolean();
        request.onRequestCommit(sent -> delivered.set(true));
        InFlightCall call = request::abort;
        if (!worker.track(call)) {
            throw new WorkerCallException(worker, false, new WorkerRemovedException(worker.id()));
        }
        try {
            return read(worker, new CompletableResponseListener(request, maxAnswerBytes(limits)).send().get());
        } catch (ExecutionException ex) {
            throw new WorkerCallException(worker, delivered.get(), ex.getCause());
        } catch (InterruptedException ex) {
            request.abort(ex);
            Thread.currentThread().interrupt();
            throw new WorkerCallException(worker, delivered.get(), ex);
        } finally {
            worker.untrack(call);
        }
    }

    private InvocationResult read(Worker worker, ContentResponse response) {
        if (response.getStatus() >= 400) {
            throw new RemoteProblemException(response.getStatus(), response.getContent(),
                    response.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    response.getHeaders().get(HttpHeader.RETRY_AFTER));
        }
        try {
            InvocationResult result = json.readValue(response.getContent(), InvocationResult.class);
            if (result == null) {
                throw new UnreadableResultException(worker.id(), null);
            }
            return result;
        } catch (JacksonException ex) {
            throw new UnreadableResultException(worker.id(), ex);
        }
    }

    // The output limit counts raw bytes; escaped in JSON they can take up to six times as much.
    private static int maxAnswerBytes(Limits limits) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 6L * limits.maxOutputBytes() + 1024 * 1024);
    }
}
