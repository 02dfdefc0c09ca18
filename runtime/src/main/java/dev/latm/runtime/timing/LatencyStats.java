package dev.latm.runtime.timing;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Latency statistics of the timed runs of one measurement, in milliseconds. LAT(m) is
 * {@link #medianMs()}: the median resists the outliers a shared machine produces (a context switch, a
 * GC pause) that drag the mean.
 *
 * @param medianMs       median; the mean of the two middle samples when {@code runs} is even
 * @param meanMs         arithmetic mean
 * @param stddevMs       sample standard deviation (n - 1); 0 when {@code runs} is 1
 * @param minMs          fastest run
 * @param maxMs          slowest run
 * @param p90Ms          nearest-rank 90th percentile; absent below 10 runs
 * @param p95Ms          nearest-rank 95th percentile; absent below 20 runs
 * @param p99Ms          nearest-rank 99th percentile; absent below 100 runs
 * @param ciLowMs        lower end of the distribution-free 95% confidence interval of the median
 * @param ciHighMs       upper end of that interval
 * @param ciHalfWidthRel the interval's half-width relative to the median, the precision achieved:
 *                       {@code (ciHigh - ciLow) / 2 / median}; 0 for a zero-width interval,
 *                       {@code +Infinity} for a wider one around a zero median
 * @param cv             coefficient of variation, {@code stddev / mean}; 0 when the mean is 0
 * @param runs           timed runs the statistics are over, >= 1
 * @param targetReached  whether {@code runs >= min_runs} and {@code ciHalfWidthRel <= precision}
 * @param samplesMs      every timed sample in run order when the plan asked to keep them, else empty
 */
public record LatencyStats(double medianMs, double meanMs, double stddevMs, double minMs, double maxMs,
                           OptionalDouble p90Ms, OptionalDouble p95Ms, OptionalDouble p99Ms,
                           double ciLowMs, double ciHighMs, double ciHalfWidthRel, double cv,
                           int runs, boolean targetReached, List<Double> samplesMs) {

    public LatencyStats {
        Objects.requireNonNull(p90Ms, "p90Ms");
        Objects.requireNonNull(p95Ms, "p95Ms");
        Objects.requireNonNull(p99Ms, "p99Ms");
        samplesMs = KeptSamples.check(samplesMs, "samplesMs", "sample", runs, "run");
    }
}
