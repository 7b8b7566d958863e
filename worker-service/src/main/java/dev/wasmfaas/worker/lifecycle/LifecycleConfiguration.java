package dev.wasmfaas.worker.lifecycle;

import java.time.Duration;

import dev.wasmfaas.worker.WorkerProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exits the worker when the process that spawned it ({@code faas.worker.parent-pid}) is gone. */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${faas.worker.parent-pid:0} > 0")
    ParentWatchdog parentWatchdog(WorkerProperties properties, ConfigurableApplicationContext context) {
        // Exit on a thread of its own: closing the context stops the watchdog's timer, which must not wait for itself.
        Runnable exit = () -> Thread.ofPlatform().name("parent-gone-exit")
                .start(() -> System.exit(SpringApplication.exit(context, () -> 0)));
        return properties.parentPipe()
                ? new ParentWatchdog(properties.parentPid(), Duration.ofMillis(500), exit, System.in)
                : new ParentWatchdog(properties.parentPid(), Duration.ofMillis(500), exit);
    }
}
