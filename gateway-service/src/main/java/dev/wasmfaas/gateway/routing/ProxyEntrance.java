package dev.wasmfaas.gateway.routing;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Where a group of public paths enters the proxy channel: the request becomes a message (its body as
 * the payload; method, path and query, content type and accepted types as headers), is sent on the
 * channel, and the reply the flow produces is written back as it is. A method the group does not allow is
 * a 405 problem at the door, with the allowed ones in {@code Allow}.
 *
 * <p>It stands where Spring Integration's HTTP inbound gateway stood: that gateway builds an expression
 * evaluation context, maps every header and converts the reply on each request, which cost the gateway
 * a third of its time per invocation (docs/DECISIONS.md).
 */
final class ProxyEntrance implements HttpRequestHandler {

    static final String METHOD = "faas_method";

    private final MessageChannel channel;
    private final Set<String> allowed;
    private final String allowHeader;
    private final ProxyFailures failures;
    private final HandlerExceptionResolver problems;

    ProxyEntrance(MessageChannel proxy, Set<HttpMethod> methods, ProxyFailures failures,
            HandlerExceptionResolver problems) {
        this.channel = proxy;
        this.allowed = methods.stream().map(HttpMethod::name).collect(Collectors.toUnmodifiableSet());
        this.allowHeader = methods.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        this.failures = failures;
        this.problems = problems;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            response.setHeader(HttpHeaders.ALLOW, allowHeader + ", OPTIONS");
            return;
        }
        if (!allowed.contains(method) && !(method.equals("HEAD") && allowed.contains("GET"))) {
            problems.resolveException(request, response, null,
                    new HttpRequestMethodNotSupportedException(method, allowed));
            return;
        }
        String query = request.getQueryString();
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(request.getInputStream().readAllBytes())
                .setHeader(METHOD, method)
                .setHeader(ProxyFlowConfiguration.TARGET, request.getRequestURI() + (query == null ? "" : "?" + query));
        if (request.getContentType() != null) {
            message.setHeader(MessageHeaders.CONTENT_TYPE, request.getContentType());
        }
        List<String> accepted = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (!accepted.isEmpty()) {
            message.setHeader(HttpHeaders.ACCEPT, String.join(", ", accepted));
        }
        write(answer(message), response);
    }

    @SuppressWarnings("unchecked")
    private ResponseEntity<byte[]> answer(MessageBuilder<byte[]> request) {
        Reply reply = new Reply();
        try {
            channel.send(request.setReplyChannel(reply).build());
        } catch (MessagingException ex) {
            return failures.toResponse(ex);
        }
        if (reply.message == null) {
            return failures.toResponse(new IllegalStateException("the proxy flow gave no reply"));
        }
        return (ResponseEntity<byte[]>) reply.message.getPayload();
    }

    /**
     * The reply channel of one request. The proxy channel is direct: the flow runs on the thread that sends, and
     * has replied by the time {@code send} returns (a channel that hands the request to another thread would leave
     * this empty: "no reply"). A messaging template's temporary reply channel waits on a latch for that, and copies
     * the request once more to carry it.
     */
    private static final class Reply implements MessageChannel {

        private Message<?> message;

        @Override
        public boolean send(Message<?> message, long timeout) {
            this.message = message;
            return true;
        }
    }

    private static void write(ResponseEntity<byte[]> answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        byte[] body = answer.getBody();
        if (body != null && body.length > 0) {
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } else {
            response.setContentLength(0);
        }
    }
}
