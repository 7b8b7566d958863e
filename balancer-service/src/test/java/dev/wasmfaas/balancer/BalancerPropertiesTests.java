package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.common.contract.Strategy;

class BalancerPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void defaults() {
        runner.run(context -> {
            BalancerProperties properties = context.getBean(BalancerProperties.class);
            assertThat(properties.socket()).isNull();
            assertThat(properties.strategy()).isEqualTo(Strategy.RR);
            assertThat(properties.workerTimeout()).isEqualTo(Duration.ofSeconds(120));
            assertThat(properties.queueCapacity()).isEqualTo(256);
            assertThat(properties.healthInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.healthTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void everyStrategyCanBeChosenInAnyCase() {
        for (String name : new String[] { "rr", "fifo", "Weighted" }) {
            runner.withPropertyValues("faas.balancer.strategy=" + name)
                    .run(context -> assertThat(context.getBean(BalancerProperties.class).strategy())
                            .isEqualTo(Strategy.parse(name).orElseThrow()));
        }
    }

    @Test
    void refusesANegativeQueueCapacity() {
        runner.withPropertyValues("faas.balancer.queue-capacity=-1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("faas.balancer.queue-capacity"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BalancerProperties.class)
    static class Properties {
    }
}
