package dev.wasmfaas.common.http;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body was read whole and whose parameters come from the query string only.
 * {@code curl --data-binary} sends sources as {@code application/x-www-form-urlencoded}; without
 * this, the servlet container would parse (and so mangle) a C source as form fields.
 */
final class RawBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final Map<String, String[]> parameters;

    RawBodyRequest(HttpServletRequest request, byte[] body, Map<String, List<String>> query) {
        super(request);
        this.body = body;
        this.parameters = QueryString.toArrays(query);
    }

    @Override
    public String getContentType() {
        String type = super.getContentType();
        return type == null || type.startsWith("application/x-www-form-urlencoded") ? "application/octet-stream" : type;
    }

    @Override
    public String getHeader(String name) {
        return "content-type".equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return "content-type".equalsIgnoreCase(name) ? Collections.enumeration(List.of(getContentType()))
                : super.getHeaders(name);
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            // The body is at hand: a copy of its size, not the 16 KiB buffers of InputStream's own.
            @Override
            public byte[] readAllBytes() {
                return in.readAllBytes();
            }

            @Override
            public int available() {
                return in.available();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("the body is already read");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values.clone();
    }
}
