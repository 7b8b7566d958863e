package dev.wasmfaas.server.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** Brings the server's filters and problem mapping into web slices. */
@TestConfiguration
@Import({WebConfiguration.class, ServerProblemHandler.class})
public class WebTestConfiguration {
}
