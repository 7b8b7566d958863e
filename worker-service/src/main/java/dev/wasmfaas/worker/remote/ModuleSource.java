package dev.wasmfaas.worker.remote;

import java.time.Duration;
import java.util.List;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.lane.InvocationLane;

/** {@code GET /modules/{sha256}} on the server's mutual-TLS listener: an artifact's bytes, unchecked yet. */
final class ModuleSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ChannelHttpClient http;
    private final Endpoint server;

    ModuleSource(ChannelHttpClient http, Endpoint server) {
        this.http = http;
        this.server = server;
    }

    byte[] fetch(String digest) {
        ChannelResponse response;
        try {
            response = http.send(server, new ChannelRequest("GET", "/modules/" + digest,
                    List.<String[]>of(new String[] {"Accept", "application/octet-stream"}), new byte[0], TIMEOUT,
                    InvocationLane.MAX_BODY_BYTES));
        } catch (ChannelHttpException ex) {
            throw new FaasException(ErrorKind.UPSTREAM_UNAVAILABLE, "cannot fetch the module " + digest + " from "
                    + server + ": " + ex.getMessage());
        }
        if (response.status() == 404) {
            throw new FaasException(ErrorKind.FUNCTION_NOT_FOUND, "the server has no artifact with SHA-256 " + digest);
        }
        if (response.status() != 200) {
            throw new FaasException(ErrorKind.UPSTREAM_UNAVAILABLE, "the server answered " + response.status()
                    + " for the module " + digest);
        }
        return response.body();
    }
}
