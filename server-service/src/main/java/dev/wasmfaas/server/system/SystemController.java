package dev.wasmfaas.server.system;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.common.contract.Strategy;
import dev.wasmfaas.common.contract.StrategySetting;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.autoscale.Autoscaler;
import dev.wasmfaas.server.cgroup.WorkerCgroups;
import dev.wasmfaas.server.invocation.BalancerClient;
import dev.wasmfaas.server.pool.WorkerPool;

/** {@code /system/workers} and {@code /system/strategy}: the pool and the balancer, seen and steered. */
@RestController
class SystemController {

    private final WorkerPool pool;
    private final BalancerClient balancer;
    private final Autoscaler autoscaler;
    private final WorkerCgroups cgroups;

    SystemController(WorkerPool pool, BalancerClient balancer, Autoscaler autoscaler, WorkerCgroups cgroups) {
        this.pool = pool;
        this.cgroups = cgroups;
        this.balancer = balancer;
        this.autoscaler = autoscaler;
    }

    @GetMapping("/system/workers")
    PoolView workers() {
        Map<String, WorkerStatus> balanced = balancer.workers().stream()
                .collect(Collectors.toMap(WorkerStatus::id, Function.identity()));
        Instant now = Instant.now();
        QueueStatus queue = balancer.queue();
        return new PoolView(balancer.strategy().strategy().name(), pool.size().positions(), pool.restarts(),
                queue.waiting(), queue.capacity(), cgroups.status(),
                pool.workers().stream()
                        .map(w -> WorkerView.of(w, balanced.get(w.id()), now, cgroups.view(w.id()).orElse(null)))
                        .toList(),
                autoscaler.status());
    }

    @GetMapping("/system/strategy")
    StrategySetting strategy() {
        return balancer.strategy();
    }

    @PutMapping("/system/strategy")
    StrategySetting strategy(@RequestBody Map<String, Object> body) {
        Object wanted = body.get("strategy");
        Strategy strategy = Strategy.parse(wanted instanceof String text ? text : null)
                .orElseThrow(() -> new FaasException(ErrorKind.BAD_REQUEST,
                        "the body is {\"strategy\": \"RR\" | \"FIFO\" | \"WEIGHTED\"}"));
        return balancer.strategy(new StrategySetting(strategy));
    }
}
