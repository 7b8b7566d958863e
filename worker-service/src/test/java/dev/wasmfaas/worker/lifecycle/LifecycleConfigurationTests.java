package dev.wasmfaas.worker.lifecycle;

import dev.wasmfaas.worker.WorkerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, LifecycleConfiguration.class);

    @Test
    void watchesTheParentOnlyWhenToldWhichOneItIs() throws Exception {
        contexts.run(context -> assertThat(context).doesNotHaveBean(ParentWatchdog.class));

        Process parent = new ProcessBuilder("sleep", "60").start();
        try {
            contexts.withPropertyValues("faas.worker.parent-pid=" + parent.pid())
                    .run(context -> assertThat(context).hasSingleBean(ParentWatchdog.class));
        } finally {
            parent.destroyForcibly();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerProperties.class)
    static class Properties {
    }
}
