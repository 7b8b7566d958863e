package dev.wasmfaas.common.error;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/** Turns a downstream service's error answer into a {@link RemoteProblemException} that is relayed as is. */
public final class RemoteErrors {

    private RemoteErrors() {
    }

    public static RestClient.ResponseSpec.ErrorHandler relay() {
        return (request, response) -> {
            throw new RemoteProblemException(response.getStatusCode().value(), response.getBody().readAllBytes(),
                    response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                    response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        };
    }
}
