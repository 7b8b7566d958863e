package dev.wasmfaas.balancer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Starts the balancer. */
@SpringBootApplication
@EnableConfigurationProperties(BalancerProperties.class)
public class BalancerApplication {

    public static void main(String[] args) {
        SpringApplication.run(BalancerApplication.class, args);
    }
}
