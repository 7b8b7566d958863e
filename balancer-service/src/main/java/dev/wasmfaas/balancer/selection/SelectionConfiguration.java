package dev.wasmfaas.balancer.selection;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.balancer.BalancerProperties;

/** Creates the strategy named by {@code faas.balancer.strategy}. */
@Configuration(proxyBeanMethods = false)
class SelectionConfiguration {

    @Bean
    SelectionStrategy selectionStrategy(BalancerProperties properties) {
        return switch (properties.strategy()) {
            case RR -> new RoundRobinStrategy();
            // Refused rather than approximated by RR: they need worker slots and a bounded queue.
            case FIFO, WEIGHTED -> throw new IllegalStateException("faas.balancer.strategy=" + properties.strategy()
                    + " is not implemented yet; the only strategy available now is RR");
        };
    }
}
