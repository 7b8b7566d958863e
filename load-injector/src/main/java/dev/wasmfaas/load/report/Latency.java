package dev.wasmfaas.load.report;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, read from a histogram of microseconds. */
public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

    /** The number of significant decimal digits every latency histogram of the injector keeps. */
    public static final int SIGNIFICANT_DIGITS = 3;

    /** A histogram of microseconds that grows as needed, at {@link #SIGNIFICANT_DIGITS}. */
    public static Histogram newHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** All zeros for an empty histogram. */
    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0, 0);
        }
        return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), micros.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
