package dev.wasmfaas.balancer.invocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.springframework.stereotype.Component;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.balancer.registry.InFlightCall;
import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRemovedException;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.common.http.SocketHttpClient;

/**
 * Sends one invocation to one worker's {@code POST /invoke} and waits for its answer. The call is
 * tracked on the worker, so removing the worker aborts it at once. An error status comes back as a
 * {@link RemoteProblemException}, a failure below HTTP as a {@link WorkerCallException}; the body of
 * both directions passes through unread.
 */
@Component
class WorkerClient {

    private static final String PREFIX = "faas-";

    private final SocketHttpClient http;
    private final long timeoutMs;

    WorkerClient(SocketHttpClient http, BalancerProperties properties) {
        this.http = http;
        this.timeoutMs = properties.workerTimeout().toMillis();
    }

    WorkerAnswer invoke(Worker worker, Forwarded invocation) {
        http.register(worker.endpoint());
        Request request = http.newRequest(worker.invokeUri())
                .method(HttpMethod.POST)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(InvocationWire.CONTENT_TYPE, invocation.body()));
        request.headers(headers -> {
            for (String[] header : invocation.headers()) {
                headers.add(header[0], header[1]);
            }
        });
        AtomicBoolean delivered = new AtomicBoolean();
        request.onRequestCommit(sent -> delivered.set(true));
        InFlightCall call = request::abort;
        if (!worker.track(call)) {
            throw new WorkerCallException(worker, false, new WorkerRemovedException(worker.id()));
        }
        try {
            return read(worker, new CompletableResponseListener(request, maxAnswerBytes(invocation)).send().get());
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

    private static WorkerAnswer read(Worker worker, ContentResponse response) {
        if (response.getStatus() >= 400) {
            throw new RemoteProblemException(response.getStatus(), response.getContent(),
                    response.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    response.getHeaders().get(HttpHeader.RETRY_AFTER));
        }
        if (response.getHeaders().get(InvocationWire.STATUS) == null) {
            throw new UnreadableResultException(worker.id(), null);
        }
        List<String[]> headers = new ArrayList<>();
        for (HttpField field : response.getHeaders()) {
            if (field.getName().toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                headers.add(new String[] {field.getName(), field.getValue()});
            }
        }
        return new WorkerAnswer(headers, response.getContent());
    }

    // The answer is the output within its cap, as UTF-8 in which each invalid byte became a 3-byte U+FFFD.
    private static int maxAnswerBytes(Forwarded invocation) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 3L * Math.max(0, invocation.maxOutputBytes()) + 64 * 1024);
    }
}
