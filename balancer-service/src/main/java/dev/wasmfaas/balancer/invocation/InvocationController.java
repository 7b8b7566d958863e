package dev.wasmfaas.balancer.invocation;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.InvocationWire;

/** The server sends every invocation here; the answer is the chosen worker's, passed through untouched. */
@RestController
class InvocationController {

    private static final MediaType OCTETS = MediaType.parseMediaType(InvocationWire.CONTENT_TYPE);

    private final InvocationDispatcher dispatcher;

    InvocationController(InvocationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @PostMapping("/invoke")
    ResponseEntity<byte[]> invoke(HttpServletRequest request) throws IOException {
        WorkerAnswer answer = dispatcher.dispatch(Forwarded.of(request, request.getInputStream().readAllBytes()));
        HttpHeaders headers = new HttpHeaders();
        for (String[] header : answer.headers()) {
            headers.add(header[0], header[1]);
        }
        return ResponseEntity.ok().headers(headers).contentType(OCTETS).body(answer.body());
    }
}
