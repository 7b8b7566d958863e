package dev.wasmfaas.load.run;

import java.util.concurrent.atomic.AtomicLong;

import dev.wasmfaas.load.options.Limit;

/** Whether a virtual thread may send one more request: a count shared by all of them, or a deadline. */
@FunctionalInterface
interface Budget {

    boolean take();

    static Budget of(Limit limit) {
        return switch (limit) {
            case Limit.Count count -> requests(count.requests());
            case Limit.Timed timed -> {
                long start = System.nanoTime();
                long length = timed.duration().toNanos();
                // A difference, not a deadline: nanoTime may wrap.
                yield () -> System.nanoTime() - start < length;
            }
        };
    }

    static Budget requests(long count) {
        AtomicLong left = new AtomicLong(count);
        return () -> left.getAndDecrement() > 0;
    }
}
