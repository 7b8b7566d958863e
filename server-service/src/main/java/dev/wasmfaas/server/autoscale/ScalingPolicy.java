package dev.wasmfaas.server.autoscale;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.wasmfaas.server.config.ServerProperties;

/**
 * How many workers the pool needs, after Knative's autoscaler: the average concurrency (invocations
 * running plus waiting) over the stable window, divided by what one worker should carry (its slots
 * times the target utilization), sizes the pool; when the short panic window asks for
 * {@code panicThreshold} times the workers ready, the pool panics: it grows to that at once and does
 * not shrink until a stable window has passed without panic. Fewer workers only once the pool has
 * asked for no more than that over the whole scale-down delay. No clock and no I/O: each decision
 * is given the time and the sample, so a test drives it sample by sample.
 */
final class ScalingPolicy {

    private final ServerProperties.Autoscale settings;
    private final int min;
    private final int max;
    private final double perWorker;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Deque<Sample> recommendations = new ArrayDeque<>();
    private long panicUntil = Long.MIN_VALUE;

    ScalingPolicy(ServerProperties.Pool pool) {
        this.settings = pool.autoscale();
        this.min = pool.size();
        this.max = pool.maxSize();
        this.perWorker = pool.slots() * settings.targetUtilization();
    }

    /**
     * One decision.
     *
     * @param now the time of the sample, in milliseconds
     * @param concurrency invocations running and waiting now, over the whole balancer
     * @param pool the pool now
     */
    Decision decide(long now, double concurrency, PoolLoad pool) {
        samples.addLast(new Sample(now, concurrency));
        long stableFrom = now - settings.stableWindow().toMillis();
        while (samples.peekFirst().at() < stableFrom) {
            samples.removeFirst();
        }
        double stable = average(stableFrom);
        double burst = average(now - settings.panicWindow().toMillis());
        // What other workers (remote ones) carry is not the pool's to carry.
        double others = pool.otherSlots() * settings.targetUtilization();
        int stableWanted = clamp(Math.ceil((stable - others) / perWorker));
        int panicWanted = clamp(Math.ceil((burst - others) / perWorker));
        if (panicWanted > pool.size() && panicWanted >= settings.panicThreshold() * Math.max(1, pool.ready())) {
            panicUntil = now + settings.stableWindow().toMillis();
        }
        boolean panic = now < panicUntil;
        int wanted = panic ? Math.max(pool.size(), Math.max(panicWanted, stableWanted)) : stableWanted;
        recommendations.addLast(new Sample(now, wanted));
        long delayFrom = now - settings.scaleDownDelay().toMillis();
        while (recommendations.peekFirst().at() < delayFrom) {
            recommendations.removeFirst();
        }
        if (wanted < pool.size()) {
            int held = Math.min(pool.size(), (int) recommendations.stream().mapToDouble(Sample::value).max().orElse(wanted));
            String reason = held < pool.size()
                    ? "quiet: at most %d workers asked for over the last %ds".formatted(held, settings.scaleDownDelay().toSeconds())
                    : "holding: %d workers asked for, for less than %ds".formatted(wanted, settings.scaleDownDelay().toSeconds());
            return new Decision(held, panic, stable, burst, reason + concurrency(stable, burst));
        }
        String reason = panic
                ? "panic: the %ds window asks for %d workers, %d ready".formatted(settings.panicWindow().toSeconds(),
                        panicWanted, pool.ready())
                : "stable: the %ds window asks for %d workers at %.1f each".formatted(settings.stableWindow().toSeconds(),
                        stableWanted, perWorker);
        return new Decision(wanted, panic, stable, burst, reason + concurrency(stable, burst));
    }

    private String concurrency(double stable, double burst) {
        return " (running or waiting: %.1f on average over %ds, %.1f over %ds)".formatted(stable,
                settings.stableWindow().toSeconds(), burst, settings.panicWindow().toSeconds());
    }

    private double average(long from) {
        double sum = 0;
        int count = 0;
        for (Sample sample : samples) {
            if (sample.at() >= from) {
                sum += sample.value();
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private int clamp(double workers) {
        return (int) Math.max(min, Math.min(max, workers));
    }

    private record Sample(long at, double value) {
    }

    /**
     * The pool as the policy sees it.
     *
     * @param size its positions, the ones being filled included
     * @param ready its workers in rotation
     * @param otherSlots the slots in rotation that are not the pool's (remote workers)
     */
    record PoolLoad(int size, int ready, int otherSlots) {
    }

    /**
     * A decision.
     *
     * @param desired the workers the pool should have
     * @param panic whether the pool is in panic (grows on the short window, does not shrink)
     * @param stableConcurrency the average concurrency over the stable window
     * @param panicConcurrency the average concurrency over the panic window
     * @param reason why, in words
     */
    record Decision(int desired, boolean panic, double stableConcurrency, double panicConcurrency, String reason) {
    }
}
