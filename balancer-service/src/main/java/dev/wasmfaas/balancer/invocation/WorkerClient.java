package dev.wasmfaas.balancer.invocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.balancer.registry.InFlightCall;
import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRemovedException;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;

/**
 * Sends one invocation to one worker's {@code POST /invoke} and waits for its answer, on the calling
 * thread. The call is tracked on the worker, so removing the worker aborts it at once. An error status
 * comes back as a {@link RemoteProblemException}, a failure below HTTP as a {@link WorkerCallException};
 * the body of both directions passes through unread.
 */
@Component
class WorkerClient {

    private static final String PREFIX = "faas-";
    private static final List<String[]> CONTENT_TYPE = List.<String[]>of(
            new String[] {HttpHeaders.CONTENT_TYPE, InvocationWire.CONTENT_TYPE});

    private final ChannelHttpClient http;
    private final Duration timeout;

    WorkerClient(ChannelHttpClient http, BalancerProperties properties) {
        this.http = http;
        this.timeout = properties.workerTimeout();
    }

    WorkerAnswer invoke(Worker worker, Forwarded invocation) {
        List<String[]> headers = new ArrayList<>(invocation.headers().size() + 1);
        headers.addAll(CONTENT_TYPE);
        headers.addAll(invocation.headers());
        ChannelHttpClient.Call call = http.call(worker.lane(), new ChannelRequest("POST", "/invoke", headers,
                invocation.body(), timeout, maxAnswerBytes(invocation)));
        InFlightCall tracked = call::abort;
        if (!worker.track(tracked)) {
            throw new WorkerCallException(worker, false, new WorkerRemovedException(worker.id()));
        }
        try {
            return read(worker, call.execute());
        } catch (ChannelHttpException ex) {
            Throwable cause = ex.timedOut() ? new TimeoutException(ex.getMessage())
                    : ex.getCause() != null ? ex.getCause() : ex;
            throw new WorkerCallException(worker, ex.delivered(), cause);
        } finally {
            worker.untrack(tracked);
        }
    }

    private static WorkerAnswer read(Worker worker, ChannelResponse response) {
        HttpHeaders headers = response.headers();
        if (response.status() >= 400) {
            throw new RemoteProblemException(response.status(), response.body(),
                    headers.getFirst(HttpHeaders.CONTENT_TYPE), headers.getFirst(HttpHeaders.RETRY_AFTER));
        }
        if (headers.getFirst(InvocationWire.STATUS) == null) {
            throw new UnreadableResultException(worker.id(), null);
        }
        List<String[]> relayed = new ArrayList<>();
        headers.forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                values.forEach(value -> relayed.add(new String[] {name, value}));
            }
        });
        return new WorkerAnswer(relayed, response.body());
    }

    // The answer is the output within its cap, as UTF-8 in which each invalid byte became a 3-byte U+FFFD.
    private static int maxAnswerBytes(Forwarded invocation) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 3L * Math.max(0, invocation.maxOutputBytes()) + 64 * 1024);
    }
}
