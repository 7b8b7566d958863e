package dev.wasmfaas.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EndpointTests {

    @Test
    void parsesASocketEndpointIntoAHostAliasPerSocket() {
        Endpoint a = Endpoint.parse("unix:/run/faas/worker-1.sock");
        Endpoint b = Endpoint.parse("unix:/run/faas/worker-2.sock");

        assertThat(a.isUnix()).isTrue();
        assertThat(a.socket()).isEqualTo(Path.of("/run/faas/worker-1.sock"));
        assertThat(a.host()).startsWith("worker-1-sock-").endsWith(".sock.internal");
        assertThat(a.host()).isNotEqualTo(b.host());
        assertThat(a.toString()).isEqualTo("unix:/run/faas/worker-1.sock");
    }

    @Test
    void parsesATcpEndpoint() {
        Endpoint tcp = Endpoint.parse("http://balancer:8082");

        assertThat(tcp.isUnix()).isFalse();
        assertThat(tcp.baseUri().toString()).isEqualTo("http://balancer:8082");
    }

    @Test
    void refusesWhatIsNeitherASocketNorHttp() {
        assertThatThrownBy(() -> Endpoint.parse("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
