package dev.wasmfaas.balancer.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.balancer.BalancerProperties;

class SelectionConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, SelectionConfiguration.class);

    @Test
    void roundRobinByDefault() {
        runner.run(context -> {
            assertThat(context).getBean(SelectionStrategy.class).isInstanceOf(RoundRobinStrategy.class);
            BalancerProperties properties = context.getBean(BalancerProperties.class);
            assertThat(properties.socket()).isNull();
            assertThat(properties.workerTimeout()).isEqualTo(Duration.ofSeconds(120));
        });
    }

    @Test
    void strategyNamesAreCaseInsensitive() {
        runner.withPropertyValues("faas.balancer.strategy=rr")
                .run(context -> assertThat(context).getBean(SelectionStrategy.class)
                        .isInstanceOf(RoundRobinStrategy.class));
    }

    @Test
    void refusesToStartWithAStrategyNotImplementedYet() {
        for (String strategy : new String[] { "FIFO", "WEIGHTED" }) {
            runner.withPropertyValues("faas.balancer.strategy=" + strategy).run(context -> assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage("faas.balancer.strategy=" + strategy
                            + " is not implemented yet; the only strategy available now is RR"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BalancerProperties.class)
    static class Properties {
    }
}
