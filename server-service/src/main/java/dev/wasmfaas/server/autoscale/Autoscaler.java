package dev.wasmfaas.server.autoscale;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.server.autoscale.ScalingPolicy.Decision;
import dev.wasmfaas.server.autoscale.ScalingPolicy.PoolLoad;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.invocation.BalancerClient;
import dev.wasmfaas.server.pool.PoolSize;
import dev.wasmfaas.server.pool.WorkerPool;

/**
 * Every {@code tick}, samples the balancer's load ({@code GET /queue}: invocations running and
 * waiting), asks the {@link ScalingPolicy} how many workers the pool needs, and grows the pool to
 * that at once or shrinks it by one drained worker. Off when {@code autoscale.max} leaves no room
 * above the pool's size.
 */
@Component
public class Autoscaler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

    private final ServerProperties.Pool settings;
    private final WorkerPool pool;
    private final BalancerClient balancer;
    private final ScalingPolicy policy;
    private final AtomicLong ups = new AtomicLong();
    private final AtomicLong downs = new AtomicLong();
    private volatile boolean running;
    private volatile Decision last;
    private volatile Scaling lastScaling;
    private Thread loop;

    Autoscaler(ServerProperties properties, WorkerPool pool, BalancerClient balancer) {
        this.settings = properties.pool();
        this.pool = pool;
        this.balancer = balancer;
        this.policy = new ScalingPolicy(settings);
    }

    public boolean enabled() {
        return settings.maxSize() > settings.size();
    }

    @Override
    public void start() {
        running = true;
        if (enabled()) {
            log.info("autoscaler on: {} to {} workers, target {} running or waiting per worker, windows {} / {}",
                    settings.size(), settings.maxSize(), settings.slots() * settings.autoscale().targetUtilization(),
                    settings.autoscale().stableWindow(), settings.autoscale().panicWindow());
            loop = Thread.ofVirtual().name("autoscaler").start(this::run);
        }
    }

    private void run() {
        long tick = settings.autoscale().tick().toMillis();
        while (running) {
            try {
                Thread.sleep(tick);
                tick();
            } catch (InterruptedException ex) {
                return;
            } catch (RuntimeException ex) {
                // The balancer restarting, say: the next tick samples again.
                log.debug("autoscaler tick failed: {}", ex.getMessage());
            }
        }
    }

    /** One sample and one decision, acted on. */
    void tick() {
        QueueStatus load = balancer.queue();
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

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // After the pool starts, before it stops.
    @Override
    public int getPhase() {
        return 1;
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
