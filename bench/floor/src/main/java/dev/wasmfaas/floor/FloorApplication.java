package dev.wasmfaas.floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** One endpoint that answers with the body it was sent: one HTTP hop and no work, as on the services' stack. */
@SpringBootApplication
@RestController
public class FloorApplication {

    @PostMapping("/echo")
    byte[] echo(@RequestBody(required = false) byte[] body) {
        return body == null ? new byte[0] : body;
    }

    public static void main(String[] args) {
        SpringApplication.run(FloorApplication.class, args);
    }
}
