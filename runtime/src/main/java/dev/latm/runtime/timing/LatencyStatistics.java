package dev.latm.runtime.timing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Pure statistics over latency samples in nanoseconds: order statistics, nearest-rank percentiles and
 * the distribution-free confidence interval of the median. No assumption about the shape of the
 * distribution is made anywhere, because latency distributions are skewed and often multi-modal.
 */
public final class LatencyStatistics {

    /** The standard normal quantile of a two-sided 95% interval. */
    static final double Z_95 = 1.96;

    private static final double NANOS_PER_MILLI = 1e6;

    private LatencyStatistics() {
    }

    /**
     * Statistics of the first {@code n} samples of {@code nanos} (left unchanged).
     *
     * @param plan gives {@code min_runs} and {@code precision} for {@code targetReached}, and whether
     *             to keep the samples
     * @throws IllegalArgumentException when {@code n} is not in [1, nanos.length]
     */
    public static LatencyStats of(long[] nanos, int n, TimingPlan plan) {
        if (n < 1 || n > nanos.length) {
            throw new IllegalArgumentException("n must be in [1, " + nanos.length + "] (got " + n + ")");
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);

        double mean = mean(sorted, n);
        double stddev = sampleStddev(sorted, n, mean);
        double halfWidthRel = relativeHalfWidth(sorted, n);
        boolean targetReached = n >= plan.minRuns() && halfWidthRel <= plan.precision();
        return new LatencyStats(
                toMillis(median(sorted, n)), toMillis(mean), toMillis(stddev),
                toMillis(sorted[0]), toMillis(sorted[n - 1]),
                percentile(sorted, n, 90), percentile(sorted, n, 95), percentile(sorted, n, 99),
                toMillis(sorted[ciLowRank(n) - 1]), toMillis(sorted[ciHighRank(n) - 1]),
                halfWidthRel, mean == 0 ? 0 : stddev / mean,
                n, targetReached, plan.keepSamples() ? samplesInMillis(nanos, n) : List.of());
    }

    /**
     * Statistics of the first {@code n} per-pair ratios candidate / reference (left unchanged) and of
     * the reference's run times of the same pairs.
     *
     * @throws IllegalArgumentException when {@code n} is not in [1, ratios.length]
     */
    public static Relative relative(double[] ratios, long[] referenceNanos, int n, TimingPlan plan) {
        if (n < 1 || n > ratios.length) {
            throw new IllegalArgumentException("n must be in [1, " + ratios.length + "] (got " + n + ")");
        }
        double[] sorted = Arrays.copyOf(ratios, n);
        Arrays.sort(sorted);
        double halfWidthRel = relativeHalfWidth(sorted, n);
        List<Double> kept = new ArrayList<>(plan.keepSamples() ? n : 0);
        for (int i = 0; plan.keepSamples() && i < n; i++) {
            kept.add(ratios[i]);
        }
        return new Relative(median(sorted, n), sorted[ciLowRank(n) - 1], sorted[ciHighRank(n) - 1], halfWidthRel,
                n, n >= plan.minRuns() && halfWidthRel <= plan.precision(), of(referenceNanos, n, plan), kept);
    }

    /**
     * 1-based rank of the lower end of the median's 95% CI: {@code floor(n/2 - 1.96 sqrt(n) / 2)},
     * clamped to [1, n]. The number of samples below the median is Binomial(n, 1/2); this is its normal
     * approximation, so the interval holds for any continuous distribution.
     */
    public static int ciLowRank(int n) {
        return clampRank((int) Math.floor(n / 2.0 - Z_95 * Math.sqrt(n) / 2), n);
    }

    /** 1-based rank of the upper end: {@code ceil(n/2 + 1.96 sqrt(n) / 2)}, clamped to [1, n]. */
    public static int ciHighRank(int n) {
        return clampRank((int) Math.ceil(n / 2.0 + Z_95 * Math.sqrt(n) / 2), n);
    }

    /**
     * Whether the {@code percent}th percentile of {@code n} samples says anything the maximum does not:
     * true when {@code n >= 100 / (100 - percent)}, so that at least one sample lies above it (p90 needs
     * 10 samples, p95 20, p99 100). Integer arithmetic, so the boundaries are exact.
     */
    public static boolean percentileDefined(int percent, int n) {
        checkPercent(percent);
        return (long) n * (100 - percent) >= 100;
    }

    /** The nearest-rank rule: 1-based rank {@code ceil(percent / 100 * n)}, in exact integer arithmetic. */
    public static int nearestRank(int percent, int n) {
        checkPercent(percent);
        return (int) (((long) percent * n + 99) / 100);
    }

    /**
     * {@code (x(k) - x(j)) / 2 / median} of the first {@code n} entries of an ascending array: how
     * tight the median's 95% CI is relative to the median. A zero-width interval gives 0 and a wider
     * one around a zero median {@code +Infinity} (a clock too coarse for the candidate).
     */
    public static double relativeHalfWidth(long[] sortedNanos, int n) {
        return relativeHalfWidth(sortedNanos[ciLowRank(n) - 1], sortedNanos[ciHighRank(n) - 1], median(sortedNanos, n));
    }

    /** {@link #relativeHalfWidth(long[], int)} of an ascending array of doubles (ratios, say). */
    public static double relativeHalfWidth(double[] sorted, int n) {
        return relativeHalfWidth(sorted[ciLowRank(n) - 1], sorted[ciHighRank(n) - 1], median(sorted, n));
    }

    private static double relativeHalfWidth(double ciLow, double ciHigh, double median) {
        double halfWidth = (ciHigh - ciLow) / 2.0;
        if (halfWidth == 0) {
            return 0;
        }
        return median == 0 ? Double.POSITIVE_INFINITY : halfWidth / median;
    }

    /** Median of the first {@code n} entries of an ascending array. */
    static double median(long[] sorted, int n) {
        int middle = n / 2;
        return n % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (double) sorted[middle]) / 2;
    }

    /** Median of the first {@code n} entries of an ascending array. */
    static double median(double[] sorted, int n) {
        int middle = n / 2;
        return n % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double mean(long[] samples, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += samples[i];
        }
        return sum / n;
    }

    /** Two-pass, so that large offsets (every sample ~1e7 ns) do not cancel the variance away. */
    private static double sampleStddev(long[] samples, int n, double mean) {
        if (n == 1) {
            return 0;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double deviation = samples[i] - mean;
            squares += deviation * deviation;
        }
        return Math.sqrt(squares / (n - 1));
    }

    private static OptionalDouble percentile(long[] sorted, int n, int percent) {
        return percentileDefined(percent, n)
                ? OptionalDouble.of(toMillis(sorted[nearestRank(percent, n) - 1]))
                : OptionalDouble.empty();
    }

    private static List<Double> samplesInMillis(long[] nanos, int n) {
        List<Double> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(toMillis(nanos[i]));
        }
        return samples;
    }

    private static int clampRank(int rank, int n) {
        return Math.max(1, Math.min(n, rank));
    }

    private static void checkPercent(int percent) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("percent must be in [1, 99] (got " + percent + ")");
        }
    }

    private static double toMillis(double nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
