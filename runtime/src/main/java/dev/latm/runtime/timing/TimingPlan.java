package dev.latm.runtime.timing;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how precisely to measure one candidate. Field names in messages are the wire names
 * ({@code min_runs}, ...), because that is what a caller has to fix.
 *
 * <p>Warm-up runs until both {@code warmupMinRuns} and {@code warmupMinTime} are met: a count alone
 * under-warms fast networks (ten 0.1 ms runs do not reach a steady JIT or cache state), a time alone
 * under-warms slow ones. The timed phase takes at least {@code minRuns} runs, then stops as soon as the
 * 95% confidence interval of the median is within {@code precision} of the median, or at
 * {@code maxRuns}, or when it has used {@code maxTime}. {@code maxTime} is a hard budget: it also
 * bounds the warm-up, and it wins over {@code minRuns}, so a measurement's duration is always
 * bounded (build time excepted); the result then says the target was not reached.
 *
 * @param warmupMinRuns untimed runs at least, >= 0 (the first run after build is timed apart and not
 *                      counted)
 * @param warmupMinTime warm-up time at least, >= 0 and <= {@code maxTime}
 * @param minRuns       timed runs at least before the precision is judged, >= 1
 * @param maxRuns       timed runs at most, >= {@code minRuns} and <= {@link #MAX_RUNS_LIMIT}; the
 *                      harness preallocates this many samples
 * @param maxTime       budget of the timed phase (and, separately, of the warm-up), > 0
 * @param precision     target relative half-width of the median's 95% CI, in (0, 1); 0.01 = 1%
 * @param keepSamples   whether the result carries every timed sample in run order
 */
public record TimingPlan(int warmupMinRuns, Duration warmupMinTime, int minRuns, int maxRuns, Duration maxTime,
                         double precision, boolean keepSamples) {

    /** Upper bound of {@code max_runs}: two {@code long[max_runs]} buffers are allocated up front. */
    public static final int MAX_RUNS_LIMIT = 1_000_000;

    /** 10 runs and 0.2 s of warm-up; 50 to 5000 timed runs within 30 s, until the median is known to 1%. */
    public static final TimingPlan DEFAULT = new TimingPlan(10, Duration.ofMillis(200), 50, 5000,
            Duration.ofSeconds(30), 0.01, false);

    public TimingPlan {
        Objects.requireNonNull(warmupMinTime, "warmup_min_time must be set");
        Objects.requireNonNull(maxTime, "max_time must be set");
        if (warmupMinRuns < 0) {
            throw invalid("warmup_min_runs must be >= 0 (got " + warmupMinRuns + ")");
        }
        if (warmupMinTime.isNegative()) {
            throw invalid("warmup_min_time must be >= 0 (got " + seconds(warmupMinTime) + ")");
        }
        if (minRuns < 1) {
            throw invalid("min_runs must be >= 1 (got " + minRuns + ")");
        }
        if (minRuns > maxRuns) {
            throw invalid("min_runs must be <= max_runs (got " + minRuns + " > " + maxRuns + ")");
        }
        if (maxRuns > MAX_RUNS_LIMIT) {
            throw invalid("max_runs must be <= " + MAX_RUNS_LIMIT + " (got " + maxRuns + ")");
        }
        if (maxTime.isNegative() || maxTime.isZero()) {
            throw invalid("max_time must be > 0 (got " + seconds(maxTime) + ")");
        }
        if (warmupMinTime.compareTo(maxTime) > 0) {
            // warm-up is bounded by max_time too, so a longer minimum could never be met
            throw invalid("warmup_min_time must be <= max_time (got " + seconds(warmupMinTime) + " > "
                    + seconds(maxTime) + ")");
        }
        if (!(precision > 0 && precision < 1)) {
            throw invalid("precision must be in (0, 1), the CI half-width relative to the median, e.g. 0.01"
                    + " for 1% (got " + precision + ")");
        }
    }

    public TimingPlan withWarmup(int newWarmupMinRuns, Duration newWarmupMinTime) {
        return new TimingPlan(newWarmupMinRuns, newWarmupMinTime, minRuns, maxRuns, maxTime, precision,
                keepSamples);
    }

    public TimingPlan withRuns(int newMinRuns, int newMaxRuns) {
        return new TimingPlan(warmupMinRuns, warmupMinTime, newMinRuns, newMaxRuns, maxTime, precision,
                keepSamples);
    }

    public TimingPlan withMaxTime(Duration newMaxTime) {
        return new TimingPlan(warmupMinRuns, warmupMinTime, minRuns, maxRuns, newMaxTime, precision,
                keepSamples);
    }

    public TimingPlan withPrecision(double newPrecision) {
        return new TimingPlan(warmupMinRuns, warmupMinTime, minRuns, maxRuns, maxTime, newPrecision,
                keepSamples);
    }

    public TimingPlan withKeepSamples(boolean newKeepSamples) {
        return new TimingPlan(warmupMinRuns, warmupMinTime, minRuns, maxRuns, maxTime, precision,
                newKeepSamples);
    }

    /** {@link #warmupMinTime()} in nanoseconds, saturated at {@code Long.MAX_VALUE}. */
    long warmupMinNanos() {
        return saturatedNanos(warmupMinTime);
    }

    /** {@link #maxTime()} in nanoseconds, saturated at {@code Long.MAX_VALUE}. */
    long maxTimeNanos() {
        return saturatedNanos(maxTime);
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE; // ~292 years: "no limit" for every practical purpose
        }
    }

    private static String seconds(Duration duration) {
        return (duration.getSeconds() + duration.getNano() / 1e9) + " s";
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }
}
