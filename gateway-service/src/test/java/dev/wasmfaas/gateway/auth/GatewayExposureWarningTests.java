package dev.wasmfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import dev.wasmfaas.gateway.config.GatewayProperties;

@ExtendWith(OutputCaptureExtension.class)
class GatewayExposureWarningTests {

    @Test
    void warnsWhenBoundBeyondLoopbackWithoutAKey(CapturedOutput output) {
        assertThat(warning("0.0.0.0", GatewayProperties.Auth.none()).warnIfExposed()).isTrue();

        assertThat(output).contains("WARN").contains("listens on 0.0.0.0 with NO API KEY");
    }

    @Test
    void warnsWhenNoAddressIsSet(CapturedOutput output) {
        assertThat(warning(null, GatewayProperties.Auth.none()).warnIfExposed()).isTrue();

        assertThat(output).contains("listens on every address with NO API KEY");
    }

    @Test
    void staysQuietWithAKey(CapturedOutput output) {
        GatewayProperties.Auth key = new GatewayProperties.Auth(null, null, "invoke-secret");

        assertThat(warning("0.0.0.0", key).warnIfExposed()).isFalse();
        assertThat(output).doesNotContain("NO API KEY").doesNotContain("invoke-secret");
    }

    @Test
    void staysQuietOnLoopback(CapturedOutput output) {
        for (String address : new String[] {"127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"}) {
            assertThat(warning(address, GatewayProperties.Auth.none()).warnIfExposed()).as(address).isFalse();
        }
        assertThat(output).doesNotContain("NO API KEY");
    }

    private static GatewayExposureWarning warning(String address, GatewayProperties.Auth auth) {
        MockEnvironment environment = new MockEnvironment();
        if (address != null) {
            environment.setProperty("server.address", address);
        }
        return new GatewayExposureWarning(
                new GatewayProperties("unix:/x.sock", 10, 10, 10, Duration.ofSeconds(1), auth), environment);
    }
}
