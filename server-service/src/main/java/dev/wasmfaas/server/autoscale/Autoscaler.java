package dev.wasmfaas.server.autoscale;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.server.autoscale.ScalingPolicy.Decision;
import dev.wasmfaas.server.autoscale.ScalingPolicy.PoolLoad;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.pool.LoadListener;
import dev.wasmfaas.server.pool.PoolSize;
import dev.wasmfaas.server.pool.WorkerPool;

/**
 * Takes the sample of the balancer's load ({@code GET /queue}: invocations running and waiting) that the
 * pool's watch makes every {@code tick}, asks the {@link ScalingPolicy} how many workers the pool needs, and
 * grows the pool to that at once or shrinks it by one drained worker. Off when {@code autoscale.max} leaves no
 * room above the pool's size.
 */
@Component
public class Autoscaler implements LoadListener {

    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

    private final ServerProperties.Pool settings;
    private final WorkerPool pool;
    private final ScalingPolicy policy;
    private final AtomicLong ups = new AtomicLong();
    private final AtomicLong downs = new AtomicLong();
    private volatile Decision last;
    private volatile Scaling lastScaling;

    Autoscaler(ServerProperties properties, WorkerPool pool) {
        this.settings = properties.pool();
        this.pool = pool;
        this.policy = new ScalingPolicy(settings);
        if (enabled()) {
            log.info("autoscaler on: {} to {} workers, target {} running or waiting per worker, windows {} / {}",
                    settings.size(), settings.maxSize(), settings.slots() * settings.autoscale().targetUtilization(),
                    settings.autoscale().stableWindow(), settings.autoscale().panicWindow());
        }
    }

    public boolean enabled() {
        return settings.maxSize() > settings.size();
    }

    /** One sample of the balancer's load, one decision, acted on. */
    @Override
    public void sampled(QueueStatus load) {
        if (!enabled()) {
            return;
        }
        PoolSize size = pool.size();
        int poolSlots = size.ready() * settings.slots();
        Decision decision = policy.decide(System.currentTimeMillis(), load.inFlight() + load.waiting(),
                new PoolLoad(size.positions(), size.ready(), Math.max(0, load.readySlots() - poolSlots)));
        last = decision;
        if (decision.desired() > size.positions()) {
            int added = pool.grow(decision.desired() - size.positions());
            if (added > 0) {
                ups.addAndGet(added);
                scaled(size.positions(), size.positions() + added, decision);
            }
        } else if (decision.desired() < size.positions() && size.filling() == 0 && size.draining() == 0
                && pool.shrink()) {
            downs.incrementAndGet();
            scaled(size.positions(), size.positions() - 1, decision);
        }
    }

    private void scaled(int from, int to, Decision decision) {
        lastScaling = new Scaling(Instant.now(), from, to, decision.reason());
        log.info("autoscaler: {} -> {} workers; {}", from, to, decision.reason());
    }

    /** What the autoscaler sees and did, for {@code /system/workers}. */
    public AutoscaleStatus status() {
        Decision decision = last;
        PoolSize size = pool.size();
        return new AutoscaleStatus(enabled(), settings.size(), settings.maxSize(),
                decision == null ? size.positions() : decision.desired(), decision != null && decision.panic(),
                decision == null ? 0 : decision.stableConcurrency(), decision == null ? 0 : decision.panicConcurrency(),
                settings.slots() * settings.autoscale().targetUtilization(), ups.get(), downs.get(), size.filling(),
                size.draining(), lastScaling);
    }

    long scaleUps() {
        return ups.get();
    }

    long scaleDowns() {
        return downs.get();
    }

    /**
     * One change of the pool's size.
     *
     * @param at when
     * @param from workers before
     * @param to workers after
     * @param reason the decision's reason
     */
    public record Scaling(Instant at, int from, int to, String reason) {
    }
}
