package dev.wasmfaas.load.run;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.wasmfaas.load.options.LoadOptions;

/** Sends one invocation and tells how it ended; one per run, shared by every virtual thread. */
final class Invoker {

    /** Only a 200 body is read (for its "ok"); any other is drained, so the connection stays reusable. */
    private static final HttpResponse.BodyHandler<byte[]> BODY = info -> info.statusCode() == 200
            ? HttpResponse.BodySubscribers.ofByteArray()
            : HttpResponse.BodySubscribers.replacing(null);

    private final HttpClient http;
    private final HttpRequest request;

    Invoker(HttpClient http, LoadOptions options) {
        this.http = http;
        // Immutable, and its body publisher can be read again: one request object serves every send.
        HttpRequest.Builder builder = HttpRequest.newBuilder(options.invokeUri())
                .timeout(options.timeout())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(options.payload()));
        apiKey(System.getenv()).ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        this.request = builder.build();
    }

    /** The gateway's key, from the environment rather than the command line, where {@code ps} would show it. */
    static java.util.Optional<String> apiKey(java.util.Map<String, String> environment) {
        for (String name : java.util.List.of("FAAS_INVOKE_KEY", "FAAS_API_KEY")) {
            String key = environment.get(name);
            if (key != null && !key.isBlank()) {
                return java.util.Optional.of(key);
            }
        }
        return java.util.Optional.empty();
    }

    Outcome invoke() throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, BODY);
        } catch (IOException ex) {
            return Outcome.transportFailure(ex);
        }
        if (response.statusCode() != 200) {
            return Outcome.status(response.statusCode());
        }
        return OkFlag.read(response.body())
                .map(ok -> ok ? Outcome.OK : Outcome.FUNCTION_FAILED)
                .orElse(Outcome.BAD_BODY);
    }
}
